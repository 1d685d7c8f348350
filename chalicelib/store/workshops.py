"""Workshops, RSVPs and waitlists (docs/data-model.md, "Workshops and meetups").

An occurrence, its RSVPs and its waitlist share one partition. The occurrence counts its
confirmed places (`going`) and its waitlist (`waiting`); each write that changes who comes is one
transaction with the occurrence's counters, conditioned on them, so concurrent RSVPs can neither
overbook it nor let a newcomer take a place someone on the waitlist is owed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib.store import keys
from chalicelib.store.batch import get_items
from chalicelib.store.conditions import is_condition_failure
from chalicelib.store.models import WorkshopItem, WorkshopRsvpItem, WorkshopWaitItem
from chalicelib.store.pages import Page
from chalicelib.store.writes import Steps, StepsRefused, save_versioned


class Refused(RuntimeError):
    """A condition of the write no longer held (someone changed the occurrence): read again."""

    def __init__(self, steps: frozenset[str]) -> None:
        super().__init__(", ".join(sorted(steps)))
        self.steps = steps


def _write(steps: Steps) -> None:
    try:
        steps.write()
    except StepsRefused as refused:
        raise Refused(refused.steps) from refused


# Occurrences ---------------------------------------------------------------------------------


def create_series(occurrences: list[WorkshopItem]) -> bool:
    """Put every occurrence of a new series in one transaction; False if it exists (a retry)."""
    steps = Steps()
    for item in occurrences:
        steps.put("occurrence", item, WorkshopItem.pk.does_not_exist())
    try:
        steps.write()
    except StepsRefused:
        return False
    return True


def get_workshop(org_id: str, workshop_id: str) -> WorkshopItem | None:
    try:
        return WorkshopItem.get(keys.workshop_pk(org_id, workshop_id), keys.WORKSHOP_SK, consistent_read=True)
    except WorkshopItem.DoesNotExist:
        return None


def get_workshops(org_id: str, workshop_ids: list[str]) -> list[WorkshopItem]:
    """The occurrences that exist among the ids, in the order asked (one BatchGetItem)."""
    wanted = [(keys.workshop_pk(org_id, w), keys.WORKSHOP_SK) for w in workshop_ids]
    found = get_items(wanted)
    return [item for key in wanted if isinstance(item := found.get(key), WorkshopItem)]


def save_workshop(item: WorkshopItem, read_version: int) -> bool:
    """Replace an occurrence an organiser changed, if nobody wrote it since (False otherwise). The
    RSVPs move the counters without raising the version, so the put also needs them as read: a
    place taken meanwhile is never written over (nor a capacity set below it)."""
    counted = (
        (WorkshopItem.going == int(item.going))
        & (WorkshopItem.waiting == int(item.waiting))
        & (WorkshopItem.next_ticket == int(item.next_ticket))
    )
    return save_versioned(item, read_version, counted)


def list_community_workshops(
    org_id: str, community_id: str, from_moment: str, limit: int, after: dict[str, Any] | None
) -> Page[WorkshopItem]:
    """A community's occurrences starting at or after `from_moment`, soonest first (GSI1)."""
    result = WorkshopItem.gsi1.query(
        keys.community_workshops_pk(org_id, community_id),
        WorkshopItem.gsi1sk >= from_moment,
        limit=limit,
        last_evaluated_key=after,
    )
    items = [item for item in result if isinstance(item, WorkshopItem)]
    return Page(items, result.last_evaluated_key)


# RSVPs ---------------------------------------------------------------------------------------


def get_rsvp(org_id: str, workshop_id: str, user_id: str) -> WorkshopRsvpItem | None:
    try:
        return WorkshopRsvpItem.get(
            keys.workshop_pk(org_id, workshop_id), keys.rsvp_sk(user_id), consistent_read=True
        )
    except WorkshopRsvpItem.DoesNotExist:
        return None


def my_rsvps(org_id: str, user_id: str, workshop_ids: list[str]) -> dict[str, WorkshopRsvpItem]:
    """The caller's RSVPs to these occurrences, by occurrence (one BatchGetItem)."""
    found = get_items([(keys.workshop_pk(org_id, w), keys.rsvp_sk(user_id)) for w in workshop_ids])
    return {item.workshop_id: item for item in found.values() if isinstance(item, WorkshopRsvpItem)}


def list_rsvps(org_id: str, workshop_id: str) -> list[WorkshopRsvpItem]:
    """Everyone who answered, in one Query of the occurrence's partition (capacity is bounded)."""
    return list(
        WorkshopRsvpItem.query(
            keys.workshop_pk(org_id, workshop_id),
            WorkshopRsvpItem.sk.startswith(keys.RSVP_SK_PREFIX),
            consistent_read=True,
        )
    )


def new_rsvp(workshop: WorkshopItem, user_id: str, status: str, at: datetime) -> WorkshopRsvpItem:
    return WorkshopRsvpItem(
        workshop.pk,
        keys.rsvp_sk(user_id),
        org_id=workshop.org_id,
        workshop_id=workshop.workshop_id,
        community_id=workshop.community_id,
        user_id=user_id,
        status=status,
        answered_at=at,
    )


def _rsvp_is_new() -> Any:
    return WorkshopRsvpItem.pk.does_not_exist() | (WorkshopRsvpItem.status == "cancelled")


def take_place(workshop: WorkshopItem, rsvp: WorkshopRsvpItem) -> None:
    """Confirm a place: only while one is free and nobody waits for it. Refused names `rsvp` (they
    answered already) or `workshop` (full, someone waits, or cancelled)."""
    steps = Steps()
    steps.put("rsvp", rsvp, _rsvp_is_new())
    steps.update(
        "workshop",
        workshop,
        [WorkshopItem.going.add(1)],
        (WorkshopItem.status == "scheduled")
        & (WorkshopItem.going < WorkshopItem.capacity)
        & (WorkshopItem.waiting == 0),
    )
    _write(steps)


def join_waitlist(workshop: WorkshopItem, rsvp: WorkshopRsvpItem) -> int:
    """Put the RSVP on the waitlist with the next ticket (read with the occurrence): only while the
    occurrence is full or others wait. Returns the ticket; Refused as `take_place`."""
    ticket = int(workshop.next_ticket)
    rsvp.ticket = ticket
    wait = WorkshopWaitItem(
        workshop.pk,
        keys.wait_sk(ticket),
        org_id=workshop.org_id,
        workshop_id=workshop.workshop_id,
        user_id=rsvp.user_id,
        ticket=ticket,
    )
    steps = Steps()
    steps.put("rsvp", rsvp, _rsvp_is_new())
    steps.put("wait", wait, WorkshopWaitItem.pk.does_not_exist())
    steps.update(
        "workshop",
        workshop,
        [WorkshopItem.waiting.add(1), WorkshopItem.next_ticket.add(1)],
        (WorkshopItem.status == "scheduled")
        & (WorkshopItem.next_ticket == ticket)
        & ((WorkshopItem.going >= WorkshopItem.capacity) | (WorkshopItem.waiting > 0)),
    )
    _write(steps)
    return ticket


def give_up_place(workshop: WorkshopItem, rsvp: WorkshopRsvpItem, at: datetime) -> None:
    """A confirmed person cancels: their place is free (the caller promotes the waitlist next)."""
    steps = Steps()
    steps.update(
        "rsvp",
        rsvp,
        [WorkshopRsvpItem.status.set("cancelled"), WorkshopRsvpItem.answered_at.set(at)],
        WorkshopRsvpItem.status == "going",
    )
    steps.update("workshop", workshop, [WorkshopItem.going.add(-1)], WorkshopItem.going > 0)
    _write(steps)


def leave_waitlist(workshop: WorkshopItem, rsvp: WorkshopRsvpItem, at: datetime) -> None:
    ticket = int(rsvp.ticket or 0)
    steps = Steps()
    steps.update(
        "rsvp",
        rsvp,
        [
            WorkshopRsvpItem.status.set("cancelled"),
            WorkshopRsvpItem.answered_at.set(at),
            WorkshopRsvpItem.ticket.remove(),
        ],
        (WorkshopRsvpItem.status == "waitlisted") & (WorkshopRsvpItem.ticket == ticket),
    )
    steps.delete("rsvp", _wait_item(workshop, ticket), WorkshopWaitItem.pk.exists())
    steps.update("workshop", workshop, [WorkshopItem.waiting.add(-1)], WorkshopItem.waiting > 0)
    _write(steps)


def first_waiting(org_id: str, workshop_id: str) -> WorkshopWaitItem | None:
    """The head of the waitlist (one Query, Limit 1, strongly consistent)."""
    for item in WorkshopWaitItem.query(
        keys.workshop_pk(org_id, workshop_id),
        WorkshopWaitItem.sk.startswith(keys.WAIT_SK_PREFIX),
        consistent_read=True,
        limit=1,
    ):
        return item
    return None


def waitlist_position(org_id: str, workshop_id: str, ticket: int) -> int:
    """1 for the head of the waitlist (one Query, Select COUNT, of the tickets up to this one)."""
    return int(
        WorkshopWaitItem.count(
            keys.workshop_pk(org_id, workshop_id),
            WorkshopWaitItem.sk.between(keys.wait_sk(0), keys.wait_sk(ticket)),
            consistent_read=True,
        )
    )


def promote(workshop: WorkshopItem, head: WorkshopWaitItem, at: datetime) -> None:
    """Give the freed place to the head of the waitlist: the wait item goes, the RSVP is confirmed
    and the counters move, only while a place is free. Refused when another promotion or
    cancellation came first."""
    rsvp = WorkshopRsvpItem(workshop.pk, keys.rsvp_sk(head.user_id))
    steps = Steps()
    steps.delete("wait", head, WorkshopWaitItem.pk.exists())
    steps.update(
        "rsvp",
        rsvp,
        [
            WorkshopRsvpItem.status.set("going"),
            WorkshopRsvpItem.promoted_at.set(at),
            WorkshopRsvpItem.ticket.remove(),
        ],
        (WorkshopRsvpItem.status == "waitlisted") & (WorkshopRsvpItem.ticket == int(head.ticket)),
    )
    steps.update(
        "workshop",
        workshop,
        [WorkshopItem.going.add(1), WorkshopItem.waiting.add(-1)],
        (WorkshopItem.status == "scheduled")
        & (WorkshopItem.going < WorkshopItem.capacity)
        & (WorkshopItem.waiting > 0),
    )
    _write(steps)


def _wait_item(workshop: WorkshopItem, ticket: int) -> WorkshopWaitItem:
    return WorkshopWaitItem(workshop.pk, keys.wait_sk(ticket))


# Check-in --------------------------------------------------------------------------------------


def record_attendance(rsvp: WorkshopRsvpItem, at: datetime, max_wrong: int) -> bool:
    """Mark the confirmed RSVP attended, once: False when it was before (a retry)."""
    try:
        rsvp.update(
            actions=[WorkshopRsvpItem.attended_at.set(at)],
            condition=(WorkshopRsvpItem.status == "going")
            & WorkshopRsvpItem.attended_at.does_not_exist()
            & (WorkshopRsvpItem.wrong_codes < max_wrong),
        )
    except Exception as error:
        if is_condition_failure(error):
            return False
        raise
    return True


def count_wrong_code(rsvp: WorkshopRsvpItem, max_wrong: int) -> bool:
    """Count a wrong code against the RSVP: False when it had used up its tries already."""
    try:
        rsvp.update(
            actions=[WorkshopRsvpItem.wrong_codes.add(1)],
            condition=WorkshopRsvpItem.wrong_codes < max_wrong,
        )
    except Exception as error:
        if is_condition_failure(error):
            return False
        raise
    return True
