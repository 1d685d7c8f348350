"""What the consumer needs to know of an organisation to score an event, cached per container.

Every award needs the organisation's time zone, point rules and badge catalogue. Reading them for
each event would make the organisation's own partition the hottest read key of a burst (thousands
of reads a second), so one BatchGetItem is kept for a minute in the Lambda container: a change of
the rules or the catalogue applies to events scored from a minute later on.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass

from chalicelib.store import keys
from chalicelib.store.batch import get_items
from chalicelib.store.models import KringItem, OrganisationItem, PointRulesItem

DEFAULT_TIMEZONE = "Europe/Brussels"


@dataclass(frozen=True)
class OrganisationSetup:
    organisation: OrganisationItem | None
    rules_item: PointRulesItem | None
    catalogue_item: KringItem | None  # the organisation's badge catalogue (`BADGE_CATALOGUE`), if any

    @property
    def timezone(self) -> str:
        return self.organisation.timezone if self.organisation is not None else DEFAULT_TIMEZONE


_cache: dict[str, tuple[float, OrganisationSetup]] = {}
_lock = threading.Lock()


def cache_seconds() -> float:
    return float(os.environ.get("KRING_SETUP_CACHE_SECONDS", "60"))


def read_organisation_setup(org_id: str) -> OrganisationSetup:
    """One BatchGetItem: the organisation, its point rules and its badge catalogue."""
    org_pk = keys.org_pk(org_id)
    organisation_key = (org_pk, keys.ORGANISATION_SK)
    rules_key = (org_pk, keys.POINT_RULES_SK)
    catalogue_key = (org_pk, keys.BADGE_CATALOGUE_SK)
    found = get_items([organisation_key, rules_key, catalogue_key])
    organisation, rules = found.get(organisation_key), found.get(rules_key)
    return OrganisationSetup(
        organisation if isinstance(organisation, OrganisationItem) else None,
        rules if isinstance(rules, PointRulesItem) else None,
        found.get(catalogue_key),
    )


def organisation_setup(org_id: str) -> OrganisationSetup:
    """The organisation's setup, read at most once a minute per container (see the module doc)."""
    now = time.monotonic()
    with _lock:
        cached = _cache.get(org_id)
    if cached is not None and now - cached[0] < cache_seconds():
        return cached[1]
    setup = read_organisation_setup(org_id)
    with _lock:
        _cache[org_id] = (now, setup)
    return setup


def forget(org_id: str | None = None) -> None:
    """Drop cached setups (an admin changed one in this container, or tests)."""
    with _lock:
        if org_id is None:
            _cache.clear()
        else:
            _cache.pop(org_id, None)
