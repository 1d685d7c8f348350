"""What follows from workshops, exactly once each: points for attending (the ledger keys the award by
the attendance), and telling people they got a place or that an occurrence was cancelled (each
notification's id names the occurrence, so a replayed record tells nobody twice). And a member who
left or was removed gives their places back (a replay finds nothing left to give)."""

from __future__ import annotations

from chalicelib.communities.audience import readers
from chalicelib.gamification import ledger, rules
from chalicelib.reactors.events.communities import MemberDeactivated, MembershipEnded
from chalicelib.reactors.events.workshops import WaitlistPromoted, WorkshopAttended, WorkshopCancelled
from chalicelib.store import communities as communities_store
from chalicelib.store import workshops as store
from chalicelib.workshops import rsvps
from chalicelib.workshops.reminders import tell

PROMOTED = "workshop_promoted"
CANCELLED = "workshop_cancelled"


def award_attendance(event: WorkshopAttended) -> None:
    ledger.award(
        event.org_id,
        event.user_id,
        rules.WORKSHOP_ATTENDED,
        event.source_id,
        event.attended_at,
        None,
        event.community_id,
    )


def notify_promoted(event: WaitlistPromoted) -> None:
    workshop = store.get_workshop(event.org_id, event.workshop_id)
    if workshop is None or workshop.status != "scheduled":
        return
    tell(event.org_id, event.user_id, f"workshop-{event.workshop_id}-promoted", PROMOTED, workshop)


def release_places_of_leaver(event: MembershipEnded) -> None:
    """A member who left or was removed keeps no place at a workshop of a community they may no
    longer read. Decided when the event is handled: someone let back in meanwhile keeps theirs."""
    if event.user_id in readers(event.org_id, event.community_id, [event.user_id]):
        return  # an open community: they still read it, and keep their places
    rsvps.release_places(event.org_id, event.community_id, event.user_id)


def release_places_of_deactivated(event: MemberDeactivated) -> None:
    """A deactivated person keeps no place at any coming workshop of the organisation (one Query
    per page of communities, one per community's coming occurrences; deactivating is rare).
    Someone reactivated before this runs keeps theirs."""
    if event.user_id in readers(event.org_id, None, [event.user_id]):
        return
    after = None
    while True:
        page = communities_store.list_communities(event.org_id, 100, after)
        for community in page.items:
            rsvps.release_places(event.org_id, community.community_id, event.user_id)
        after = page.last_key
        if not after:
            return


def notify_cancelled(event: WorkshopCancelled) -> None:
    workshop = store.get_workshop(event.org_id, event.workshop_id)
    if workshop is None:
        return
    for rsvp in store.list_rsvps(event.org_id, event.workshop_id):
        if rsvp.status in ("going", "waitlisted"):
            tell(event.org_id, rsvp.user_id, f"workshop-{event.workshop_id}-cancelled", CANCELLED, workshop)
