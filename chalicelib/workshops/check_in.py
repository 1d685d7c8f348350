"""Check-in by the code shown at the event: the organiser's screen shows it, a person with a place
types it during the event's window, and their attendance is recorded once. The attendance lands on
their RSVP item; the stream turns it into a `WorkshopAttended` activity event
(reactors/events/workshops.py), which earns the points exactly once and is the hook for badges and
development-plan evidence.

Guessing is bounded: each person has a few tries per occurrence, counted on their RSVP with a
conditional write, after which even the right code is refused (429).
"""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.errors import Conflict, RateLimited, ValidationFailed
from chalicelib.ids import utc_now
from chalicelib.observability import count_business_event
from chalicelib.principal import Principal
from chalicelib.store import workshops as store
from chalicelib.store.models import WorkshopItem
from chalicelib.workshops import rules
from chalicelib.workshops.occurrences import require_workshop


@dataclass(frozen=True)
class CodeView:
    code: str
    window: rules.Window


def code_for_organiser(
    principal: Principal, community_id: str, workshop_id: str
) -> tuple[WorkshopItem, CodeView]:
    workshop = require_workshop(principal.org_id, community_id, workshop_id)
    window = rules.check_in_window(workshop.starts_at, workshop.ends_at)
    return workshop, CodeView(workshop.check_in_code, window)


def check_in(principal: Principal, community_id: str, workshop_id: str, typed: str) -> WorkshopItem:
    """Record my attendance with the code; checking in again changes nothing."""
    workshop = require_workshop(principal.org_id, community_id, workshop_id)
    if workshop.status != "scheduled":
        raise Conflict("This workshop is cancelled.")
    if not rules.check_in_window(workshop.starts_at, workshop.ends_at).holds(utc_now()):
        raise Conflict("Check-in is open only during the workshop.")
    mine = store.get_rsvp(principal.org_id, workshop_id, principal.user_id)
    if mine is None or mine.status != "going":
        raise Conflict("Only people with a place can check in.")
    if mine.attended_at is not None:
        return workshop
    if int(mine.wrong_codes or 0) >= rules.MAX_WRONG_CODES:
        raise _too_many()
    if not rules.codes_match(typed, workshop.check_in_code):
        if not store.count_wrong_code(mine, rules.MAX_WRONG_CODES):
            raise _too_many()
        raise ValidationFailed(
            "That is not the code shown at the workshop.",
            [{"field": "code", "message": "wrong code", "code": "wrong_code"}],
        )
    if store.record_attendance(mine, utc_now(), rules.MAX_WRONG_CODES):
        count_business_event("WorkshopAttended")
    return workshop


def _too_many() -> RateLimited:
    return RateLimited("Too many wrong codes: ask the organiser to check you in.", 3600)
