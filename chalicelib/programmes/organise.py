"""Creating a programme and its sign-up window (opened and closed by schedule or by hand)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from chalicelib import observability, scheduler
from chalicelib.errors import Conflict, NotFound, ValidationFailed
from chalicelib.ids import new_id, utc_now
from chalicelib.principal import Principal
from chalicelib.store import keys
from chalicelib.store import programmes as store
from chalicelib.store.models import ProgrammeItem

KINDS = ("buddies", "mentoring")
WINDOW_JOB = "programme_window"  # chalicelib.jobs.registry
DEFAULT_CHECK_IN_DAYS = (7, 21, 42)
MAX_CHECK_IN_DAY = 366


@dataclass(frozen=True)
class NewProgramme:
    name: str
    kind: str
    description: str = ""
    not_same_team: bool = False
    opens_at: datetime | None = None  # None: open now
    closes_at: datetime | None = None  # None: closed by hand
    check_in_days: tuple[int, ...] = field(default=DEFAULT_CHECK_IN_DAYS)


def create_programme(principal: Principal, new: NewProgramme) -> ProgrammeItem:
    if new.kind not in KINDS:
        raise ValidationFailed(f"A programme is one of: {', '.join(KINDS)}.")
    now = utc_now()
    if new.opens_at and new.closes_at and new.closes_at <= new.opens_at:
        raise ValidationFailed("The sign-up window closes after it opens.")
    if new.closes_at and new.closes_at <= now:
        raise ValidationFailed("The sign-up window closes in the future.")
    if not all(1 <= days <= MAX_CHECK_IN_DAY for days in new.check_in_days):
        # The publish job schedules each check-in: a day it cannot schedule would fail it on every run.
        raise ValidationFailed(f"Check-ins come 1 to {MAX_CHECK_IN_DAY} days after the pairs are published.")
    programme_id = new_id()
    opens_later = new.opens_at is not None and new.opens_at > now
    item = ProgrammeItem(
        keys.programmes_pk(principal.org_id),
        keys.programme_sk(programme_id),
        org_id=principal.org_id,
        programme_id=programme_id,
        name=new.name.strip(),
        kind=new.kind,
        description=new.description.strip(),
        not_same_team=new.not_same_team,
        status="scheduled" if opens_later else "open",
        opens_at=new.opens_at if opens_later else now,
        closes_at=new.closes_at,
        check_in_days=sorted(set(new.check_in_days)),
        created_by=principal.user_id,
        created_at=now,
        updated_at=now,
    )
    store.save_new_programme(item)
    for moment, action in ((item.opens_at if opens_later else None, "open"), (new.closes_at, "close")):
        if moment is not None:
            scheduler.schedule_job_once(
                f"programme-{action}-{programme_id}",
                moment,
                WINDOW_JOB,
                principal.org_id,
                {"programme_id": programme_id, "action": action},
            )
    observability.count_business_event("ProgrammeCreated")
    return item


def require_programme(org_id: str, programme_id: str, consistent: bool = False) -> ProgrammeItem:
    item = store.get_programme(org_id, programme_id, consistent)
    if item is None:
        raise NotFound("No such programme.")
    return item


def set_window(principal: Principal, programme_id: str, open_: bool) -> ProgrammeItem:
    """The organiser opens or closes the sign-up window by hand."""
    item = require_programme(principal.org_id, programme_id, consistent=True)
    return _move_window(item, open_, by_hand=True)


def run_window(org_id: str, programme_id: str, action: str) -> str:
    """The scheduled opening or closing; a replay, or a window moved by hand since, changes nothing."""
    item = store.get_programme(org_id, programme_id, consistent=True)
    if item is None:
        return "gone"
    wanted = "open" if action == "open" else "closed"
    if (action == "open" and item.status != "scheduled") or (action == "close" and item.status != "open"):
        return "unchanged"
    _move_window(item, action == "open", by_hand=False)
    return wanted


def _move_window(item: ProgrammeItem, open_: bool, by_hand: bool) -> ProgrammeItem:
    allowed_from = ("scheduled", "closed", "published") if open_ else ("open",)
    if item.status not in allowed_from:
        if by_hand:
            raise Conflict(
                f"The sign-up window cannot be {'opened' if open_ else 'closed'} now ({item.status})."
            )
        return item
    moved = store.update_programme(
        item,
        [
            ProgrammeItem.status.set("open" if open_ else "closed"),
            ProgrammeItem.updated_at.set(utc_now()),
        ],
        ProgrammeItem.status == item.status,
    )
    if not moved and by_hand:
        raise Conflict("The programme changed meanwhile: read it again.")
    return item
