"""RSVPs: a place while one is free, the waitlist otherwise, and automatic promotion.

Every change of who comes is one transaction with the occurrence's counters (store/workshops.py),
so the answers stay exact under concurrent RSVPs and cancellations:

- a newcomer takes a place only while one is free and nobody waits; otherwise they join the
  waitlist with the next ticket (the counters read must still hold, or the loop reads again);
- whoever frees a place (a cancellation, a raised capacity) or joins the waitlist then promotes
  the head of the waitlist while a place is free. Each of them reads (strongly consistent) after
  their own write, so of two racing writers the later one sees both writes: no place stays free
  while someone waits, and a promotion that loses a race is simply tried again;
- a retried RSVP or cancellation finds the answer already given and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.communities.membership import load_access
from chalicelib.errors import Conflict, ServiceUnavailable
from chalicelib.ids import iso, utc_now
from chalicelib.observability import count_business_event
from chalicelib.principal import Principal
from chalicelib.store import workshops as store
from chalicelib.store.conditions import is_transient_failure
from chalicelib.store.models import WorkshopItem, WorkshopRsvpItem
from chalicelib.workshops import rules
from chalicelib.workshops.occurrences import require_workshop

ATTEMPTS = 12  # each attempt re-reads the occurrence; contention on one event is short-lived


@dataclass(frozen=True)
class MyAnswer:
    workshop: WorkshopItem
    rsvp: WorkshopRsvpItem | None
    position: int | None  # on the waitlist: 1 is next

    @property
    def status(self) -> str:
        return self.rsvp.status if self.rsvp is not None else "none"


def my_answer(org_id: str, workshop: WorkshopItem, user_id: str) -> MyAnswer:
    rsvp = store.get_rsvp(org_id, workshop.workshop_id, user_id)
    position = None
    if rsvp is not None and rsvp.status == "waitlisted" and rsvp.ticket is not None:
        position = store.waitlist_position(org_id, workshop.workshop_id, int(rsvp.ticket))
    return MyAnswer(workshop, rsvp, position)


def view(principal: Principal, community_id: str, workshop_id: str) -> MyAnswer:
    workshop = require_workshop(principal.org_id, community_id, workshop_id)
    return my_answer(principal.org_id, workshop, principal.user_id)


def rsvp(principal: Principal, community_id: str, workshop_id: str) -> MyAnswer:
    """Come to the occurrence: a place if one is free and nobody waits, the waitlist otherwise.
    Answering again while going or waitlisted changes nothing."""
    load_access(principal, community_id).require_open_for_changes()
    org_id = principal.org_id
    for _ in range(ATTEMPTS):
        workshop = require_workshop(org_id, community_id, workshop_id)
        mine = my_answer(org_id, workshop, principal.user_id)
        if mine.status in ("going", "waitlisted"):
            return mine
        if workshop.status != "scheduled":
            raise Conflict("This workshop is cancelled.")
        now = utc_now()
        if not rules.may_rsvp(now, workshop.rsvp_until, workshop.starts_at):
            raise Conflict("RSVPs for this workshop are closed.")
        free = int(workshop.going) < int(workshop.capacity) and int(workshop.waiting) == 0
        answer = store.new_rsvp(workshop, principal.user_id, "going" if free else "waitlisted", now)
        if mine.rsvp is not None:  # answering again after cancelling does not reset the check-in tries
            answer.wrong_codes = int(mine.rsvp.wrong_codes or 0)
        try:
            if free:
                store.take_place(workshop, answer)
                count_business_event("WorkshopPlaceTaken")
            else:
                store.join_waitlist(workshop, answer)
                count_business_event("WorkshopWaitlisted")
                promote_waiting(org_id, workshop_id)
        except store.Refused:
            continue  # answered meanwhile (a retry: the next read returns it), or the counters moved
        except Exception as error:
            if not is_transient_failure(error):
                raise
            continue
        return my_answer(org_id, workshop, principal.user_id)
    raise ServiceUnavailable("Many people answer at once; try again.")


def cancel(principal: Principal, community_id: str, workshop_id: str) -> MyAnswer:
    """Give up my place (the head of the waitlist gets it) or my place on the waitlist. Only the
    caller's own RSVP: there is no way to name someone else's."""
    org_id = principal.org_id
    for _ in range(ATTEMPTS):
        workshop = require_workshop(org_id, community_id, workshop_id)
        mine = store.get_rsvp(org_id, workshop_id, principal.user_id)
        if mine is None or mine.status == "cancelled":
            return MyAnswer(workshop, mine, None)
        if utc_now() >= workshop.starts_at and workshop.status == "scheduled":
            raise Conflict("This workshop has started.")
        try:
            _hand_back(workshop, mine)
        except store.Refused:
            continue
        except Exception as error:
            if not is_transient_failure(error):
                raise
            continue
        count_business_event("WorkshopRsvpCancelled")
        promote_waiting(org_id, workshop_id)
        return my_answer(org_id, require_workshop(org_id, community_id, workshop_id), principal.user_id)
    raise ServiceUnavailable("Many people answer at once; try again.")


def release_places(org_id: str, community_id: str, user_id: str) -> int:
    """Someone who may no longer read the community (they left an invite-only one, were removed,
    or deactivated) gives up their places and waitlist tickets for its coming occurrences; the
    waitlist moves up, through the same conditional counters as a cancellation. Run again (a
    replayed event) it finds nothing to give up. Returns how many answers were released."""
    released = 0
    after = None
    while True:
        page = store.list_community_workshops(org_id, community_id, iso(utc_now()), 100, after)
        mine = store.my_rsvps(org_id, user_id, [w.workshop_id for w in page.items])
        for workshop_id, answer in mine.items():
            if answer.status in ("going", "waitlisted") and _give_up(org_id, workshop_id, user_id):
                released += 1
        after = page.last_key
        if not after:
            return released


def _hand_back(workshop: WorkshopItem, mine: WorkshopRsvpItem) -> None:
    """Give back a place (its counter goes down) or a waitlist ticket, in one conditional write."""
    if mine.status == "going":
        store.give_up_place(workshop, mine, utc_now())
    else:
        store.leave_waitlist(workshop, mine, utc_now())


def _give_up(org_id: str, workshop_id: str, user_id: str) -> bool:
    """Cancel `user_id`'s answer to a coming occurrence and promote the waitlist; False when there
    was nothing to cancel (already cancelled, or the occurrence started or went)."""
    for _ in range(ATTEMPTS):
        workshop = store.get_workshop(org_id, workshop_id)
        mine = store.get_rsvp(org_id, workshop_id, user_id)
        if workshop is None or mine is None or mine.status not in ("going", "waitlisted"):
            return False
        if utc_now() >= workshop.starts_at:
            return False  # who came to a past occurrence stays on record
        try:
            _hand_back(workshop, mine)
        except store.Refused:
            continue
        count_business_event("WorkshopRsvpCancelled")  # given back on leaving
        promote_waiting(org_id, workshop_id)
        return True
    raise ServiceUnavailable("Many people answer at once; try again.")  # the stream retries the record


def promote_waiting(org_id: str, workshop_id: str) -> int:
    """Give free places to the waitlist, in order, until none is free or nobody waits (before the
    start only). Returns how many were promoted by this call."""
    promoted = 0
    for _ in range(ATTEMPTS * 4):
        workshop = store.get_workshop(org_id, workshop_id)
        if workshop is None or workshop.status != "scheduled" or utc_now() >= workshop.starts_at:
            return promoted
        if int(workshop.going) >= int(workshop.capacity) or int(workshop.waiting) <= 0:
            return promoted
        head = store.first_waiting(org_id, workshop_id)
        if head is None:
            return promoted
        try:
            store.promote(workshop, head, utc_now())
        except store.Refused:
            continue  # someone else promoted or cancelled first: read again
        except Exception as error:
            if not is_transient_failure(error):
                raise
            continue
        promoted += 1
        count_business_event("WorkshopWaitlistPromoted")
    return promoted
