"""Signing up for a programme, and turning sign-ups into the matcher's participants."""

from __future__ import annotations

import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from chalicelib import observability
from chalicelib.errors import Conflict, ValidationFailed
from chalicelib.ids import utc_now
from chalicelib.matching.participants import Participant, Slot
from chalicelib.principal import Principal
from chalicelib.programmes.organise import require_programme
from chalicelib.store import keys, users
from chalicelib.store import programmes as store
from chalicelib.store.models import ProgrammeSignupItem

ROLES = {"buddies": ("buddy",), "mentoring": ("mentor", "mentee")}
_SLOT = re.compile(r"^([0-6]):(\d{1,2})-(\d{1,2})$")  # weekday:start-end, e.g. "0:9-12"


@dataclass(frozen=True)
class SignUp:
    role: str
    offers: tuple[str, ...]
    wants: tuple[str, ...]
    languages: tuple[str, ...]
    time_zone: str
    availability: tuple[str, ...]
    goal: str = ""
    capacity: int = 0


def parse_slot(text: str) -> Slot:
    match = _SLOT.match(text)
    if match is None:
        raise ValidationFailed(f"Availability {text!r}: write weekday:start-end, e.g. 0:9-12.")
    weekday, start, end = (int(g) for g in match.groups())
    if not 0 <= start < end <= 24:
        raise ValidationFailed(f"Availability {text!r}: hours run from 0 to 24, start before end.")
    return Slot(weekday, start, end)


def sign_up(principal: Principal, programme_id: str, form: SignUp) -> ProgrammeSignupItem:
    programme = require_programme(principal.org_id, programme_id)
    if programme.status != "open":
        raise Conflict("Sign-up is not open for this programme.")
    if form.role not in ROLES[programme.kind]:
        raise ValidationFailed(f"In this programme you sign up as: {', '.join(ROLES[programme.kind])}.")
    if not form.languages:
        raise ValidationFailed("Name at least one language you can meet in.")
    try:
        ZoneInfo(form.time_zone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationFailed("Unknown time zone.") from error
    for slot in form.availability:
        parse_slot(slot)
    if form.role == "mentor" and not 1 <= form.capacity <= 10:
        raise ValidationFailed("A mentor takes 1 to 10 mentees.")
    profile = users.require_member(principal.org_id, principal.user_id)
    previous = store.get_signup(principal.org_id, programme_id, principal.user_id)
    now = utc_now()
    item = ProgrammeSignupItem(
        keys.programme_pk(principal.org_id, programme_id),
        keys.signup_sk(principal.user_id),
        org_id=principal.org_id,
        programme_id=programme_id,
        user_id=principal.user_id,
        display_name=profile.display_name,
        role=form.role,
        capacity=form.capacity if form.role == "mentor" else 0,
        offers=_clean(form.offers),
        wants=_clean(form.wants),
        languages=_clean(form.languages),
        time_zone=form.time_zone,
        availability=list(dict.fromkeys(form.availability)),
        goal=form.goal.strip(),
        team_id=profile.team_id,
        status=previous.status if previous else "waiting",
        created_at=previous.created_at if previous else now,
        updated_at=now,
    )
    if previous is not None:
        store.save_signup(item)
    elif store.save_new_signup(item, programme):
        observability.count_business_event("ProgrammeSignUp")
    else:
        store.save_signup(item)  # signed up meanwhile (sent twice at once): counted once already
    return item


def _clean(values: tuple[str, ...]) -> list[str]:
    return sorted({v.strip().lower() for v in values if v.strip()})


def participant(item: ProgrammeSignupItem) -> Participant:
    return Participant(
        id=item.user_id,
        team=item.team_id,
        offers=frozenset(item.offers),
        wants=frozenset(item.wants),
        languages=frozenset(item.languages),
        time_zone=item.time_zone,
        availability=tuple(parse_slot(s) for s in item.availability),
        capacity=int(item.capacity or 0),
    )
