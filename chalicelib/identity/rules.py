"""Plain rules about people: languages, time zones, roles, organisation ids."""

from __future__ import annotations

import re
import unicodedata
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from chalicelib.errors import ValidationFailed
from chalicelib.principal import Role

LANGUAGES = ("nl", "fr", "en")
MEMBER_STATUSES = ("invited", "active", "deactivated")
_ORG_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")


def is_valid_timezone(name: str) -> bool:
    if name not in available_timezones():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def org_id_from_name(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40].strip("-")
    if not _ORG_ID.match(slug):
        raise ValidationFailed(f"Cannot derive an organisation id from '{name}'; give one explicitly.")
    return slug


def check_org_id(org_id: str) -> str:
    if not _ORG_ID.match(org_id):
        raise ValidationFailed("An organisation id is 1-40 lowercase letters, digits or hyphens.")
    return org_id


def normalise_roles(roles: list[str]) -> list[str]:
    """Everyone learns: the learner role is always kept. Unknown roles are refused."""
    known = {role.value for role in Role}
    unknown = sorted(set(roles) - known)
    if unknown:
        raise ValidationFailed(f"Unknown roles: {', '.join(unknown)}.")
    return sorted(set(roles) | {Role.LEARNER.value})
