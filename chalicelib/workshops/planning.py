"""Planning workshops: an organiser (a community's moderator or mentor, a community manager or an
admin; the route's relation decides) creates a workshop, once or as a series of occurrences stored
one by one, changes or cancels an occurrence, and sees who comes and the check-in code.

Each occurrence has its reminders as one-time EventBridge schedules (a day and an hour before);
a changed start moves them, a cancellation deletes them, and the reminder job checks the
occurrence still starts then, so a schedule left behind does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from chalicelib import scheduler
from chalicelib.errors import Conflict, ServiceUnavailable, ValidationFailed
from chalicelib.ids import iso, new_id, utc_now
from chalicelib.observability import count_business_event
from chalicelib.principal import Principal
from chalicelib.store import keys, organisations
from chalicelib.store import workshops as store
from chalicelib.store.batch import get_items
from chalicelib.store.models import UserItem, WorkshopItem, WorkshopRsvpItem
from chalicelib.workshops import rules
from chalicelib.workshops.occurrences import require_workshop
from chalicelib.workshops.rsvps import promote_waiting

REMINDER_JOB = "workshop_reminder"  # chalicelib.jobs.registry.WORKSHOP_REMINDER_JOB
DEFAULT_TIMEZONE = "Europe/Brussels"
_TOO_LONG = "A workshop lasts 5 minutes to 12 hours."


@dataclass(frozen=True)
class Plan:
    """What an organiser fills in; times are wall-clock times in the organisation's time zone."""

    title: str
    description: str
    place: str | None
    online_url: str | None
    starts_local: datetime  # naive
    duration: timedelta
    capacity: int
    rsvp_closes_before: timedelta  # how long before each start RSVPs close (0: at the start)
    every_weeks: int = 1
    occurrences: int = 1


def organisation_timezone(org_id: str) -> str:
    organisation = organisations.get_organisation(org_id)
    return organisation.timezone if organisation is not None and organisation.timezone else DEFAULT_TIMEZONE


def create_series(principal: Principal, community_id: str, plan: Plan) -> list[WorkshopItem]:
    """Create the workshop's occurrences (one, or a bounded series) and schedule their reminders."""
    _check_plan(plan)
    _check_horizon(plan.starts_local + timedelta(weeks=plan.every_weeks * (plan.occurrences - 1)))
    timezone = organisation_timezone(principal.org_id)
    starts = rules.occurrence_starts(plan.starts_local, timezone, plan.every_weeks, plan.occurrences)
    now = utc_now()
    if starts[0] <= now:
        raise ValidationFailed("A workshop starts in the future.", [_error("starts_at", "in the past")])
    series_id = new_id()
    items = [
        _occurrence(principal, community_id, plan, series_id, n + 1, start, timezone, now)
        for n, start in enumerate(starts)
    ]
    store.create_series(items)
    for item in items:
        schedule_reminders(item)
    count_business_event("WorkshopPlanned")
    return items


def _occurrence(
    principal: Principal,
    community_id: str,
    plan: Plan,
    series_id: str,
    number: int,
    starts_at: datetime,
    timezone: str,
    now: datetime,
) -> WorkshopItem:
    workshop_id = f"{series_id}-{number}"
    return WorkshopItem(
        keys.workshop_pk(principal.org_id, workshop_id),
        keys.WORKSHOP_SK,
        org_id=principal.org_id,
        workshop_id=workshop_id,
        series_id=series_id,
        occurrence=number,
        occurrences=plan.occurrences,
        community_id=community_id,
        organiser_id=principal.user_id,
        title=plan.title,
        description=plan.description,
        place=plan.place or None,
        online_url=plan.online_url or None,
        starts_at=starts_at,
        ends_at=starts_at + plan.duration,
        rsvp_until=starts_at - plan.rsvp_closes_before,
        timezone=timezone,
        capacity=plan.capacity,
        check_in_code=rules.new_check_in_code(),
        created_at=now,
        updated_at=now,
        gsi1pk=keys.community_workshops_pk(principal.org_id, community_id),
        gsi1sk=keys.community_workshop_sk(iso(starts_at), workshop_id),
    )


def _check_plan(plan: Plan) -> None:
    if not plan.place and not plan.online_url:
        raise ValidationFailed("Say where: a place or an online link.", [_error("place", "missing")])
    if not timedelta(minutes=5) <= plan.duration <= rules.MAX_DURATION:
        raise ValidationFailed(_TOO_LONG, [_error("duration_minutes", "range")])
    if plan.rsvp_closes_before < timedelta(0):
        raise ValidationFailed("RSVPs close at the start at the latest.", [_error("rsvp_closes", "range")])


def _check_horizon(last_local: datetime) -> None:
    if last_local > utc_now().replace(tzinfo=None) + rules.HORIZON:
        raise ValidationFailed("Plan workshops at most two years ahead.", [_error("starts_at", "too far")])


def _error(field: str, code: str) -> dict[str, str]:
    return {"field": field, "message": code, "code": code}


@dataclass(frozen=True)
class Change:
    """What an organiser changes of one occurrence (None: unchanged)."""

    title: str | None = None
    description: str | None = None
    place: str | None = None
    online_url: str | None = None
    starts_local: datetime | None = None
    duration: timedelta | None = None
    capacity: int | None = None


def change_occurrence(
    principal: Principal, community_id: str, workshop_id: str, change: Change
) -> WorkshopItem:
    """Change one occurrence; a raised capacity promotes people from the waitlist, a lowered one may
    not drop below the confirmed places (nobody loses a place they were given)."""
    for _ in range(5):
        workshop = require_workshop(principal.org_id, community_id, workshop_id)
        if workshop.status != "scheduled":
            raise Conflict("This workshop is cancelled.")
        read_version = int(workshop.version)
        moved = _apply(workshop, change)
        if store.save_workshop(workshop, read_version):
            if moved:
                schedule_reminders(workshop)
            if change.capacity is not None and promote_waiting(principal.org_id, workshop_id):
                return require_workshop(principal.org_id, community_id, workshop_id)
            return workshop
    raise ServiceUnavailable("The workshop keeps changing; try again.")


def _apply(workshop: WorkshopItem, change: Change) -> bool:
    duration = change.duration or (workshop.ends_at - workshop.starts_at)
    rsvp_closes_before = workshop.starts_at - workshop.rsvp_until
    moved = False
    if change.starts_local is not None:
        _check_horizon(change.starts_local)
        starts_at = rules.local_to_utc(change.starts_local, workshop.timezone)
        if starts_at <= utc_now():
            raise ValidationFailed("A workshop starts in the future.", [_error("starts_at", "in the past")])
        moved = starts_at != workshop.starts_at
        workshop.starts_at = starts_at
        workshop.gsi1sk = keys.community_workshop_sk(iso(starts_at), workshop.workshop_id)
    if not timedelta(minutes=5) <= duration <= rules.MAX_DURATION:
        raise ValidationFailed(_TOO_LONG, [_error("duration_minutes", "range")])
    workshop.ends_at = workshop.starts_at + duration
    workshop.rsvp_until = workshop.starts_at - rsvp_closes_before
    if change.capacity is not None:
        if change.capacity < int(workshop.going):
            raise Conflict(f"{int(workshop.going)} people have a place: the capacity cannot be lower.")
        workshop.capacity = change.capacity
    for name in ("title", "description", "place", "online_url"):
        value = getattr(change, name)
        if value is not None:
            setattr(workshop, name, value or None if name in ("place", "online_url") else value)
    if not workshop.place and not workshop.online_url:
        raise ValidationFailed("Say where: a place or an online link.", [_error("place", "missing")])
    workshop.sequence = int(workshop.sequence) + 1
    workshop.updated_at = utc_now()
    return moved


def cancel_occurrence(principal: Principal, community_id: str, workshop_id: str) -> WorkshopItem:
    """Cancel one occurrence: its reminders go; the stream tells everyone who RSVPed
    (reactors/workshops.py). Cancelling twice changes nothing."""
    for _ in range(5):
        workshop = require_workshop(principal.org_id, community_id, workshop_id)
        if workshop.status == "cancelled":
            return workshop
        read_version = int(workshop.version)
        workshop.status = "cancelled"
        workshop.sequence = int(workshop.sequence) + 1
        workshop.updated_at = utc_now()
        if store.save_workshop(workshop, read_version):
            for name, _ in rules.REMINDERS:
                scheduler.delete_job_schedule(reminder_schedule_name(workshop, name))
            count_business_event("WorkshopCancelled")
            return workshop
    raise ServiceUnavailable("The workshop keeps changing; try again.")


def reminder_schedule_name(workshop: WorkshopItem, reminder: str) -> str:
    """One schedule per occurrence and reminder (EventBridge names: 64 characters at most)."""
    return f"ws-{workshop.org_id[:14]}-{workshop.workshop_id[:40]}-{reminder}"[:64]


def schedule_reminders(workshop: WorkshopItem) -> None:
    """Create (or move) the occurrence's reminders still ahead."""
    for name, when in rules.reminder_moments(workshop.starts_at, utc_now()):
        scheduler.put_job_schedule(
            reminder_schedule_name(workshop, name),
            when,
            workshop.timezone,
            REMINDER_JOB,
            workshop.org_id,
            {"workshop_id": workshop.workshop_id, "reminder": name, "starts_at": iso(workshop.starts_at)},
        )


@dataclass(frozen=True)
class Attendee:
    rsvp: WorkshopRsvpItem
    name: str


def attendees(
    principal: Principal, community_id: str, workshop_id: str
) -> tuple[WorkshopItem, list[Attendee]]:
    """Everyone who answered, confirmed first then the waitlist in order, with their names."""
    workshop = require_workshop(principal.org_id, community_id, workshop_id)
    rsvps = [r for r in store.list_rsvps(principal.org_id, workshop_id) if r.status != "cancelled"]
    rsvps.sort(key=lambda r: (r.status != "going", int(r.ticket or 0), r.answered_at))
    names = _display_names(principal.org_id, [r.user_id for r in rsvps])
    return workshop, [Attendee(r, names.get(r.user_id, "")) for r in rsvps]


def _display_names(org_id: str, user_ids: list[str]) -> dict[str, str]:
    """People's names, a BatchGetItem per 100."""
    names: dict[str, str] = {}
    for start in range(0, len(user_ids), 100):
        wanted = [(keys.org_pk(org_id), keys.user_sk(u)) for u in user_ids[start : start + 100]]
        for item in get_items(wanted).values():
            if isinstance(item, UserItem):
                names[item.user_id] = item.display_name
    return names
