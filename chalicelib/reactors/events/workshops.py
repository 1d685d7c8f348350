"""Events of workshops: a person checked in (attendance, the activity event that earns points and
that badges and development-plan evidence can follow), a person promoted from the waitlist, and an
occurrence cancelled by its organiser."""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.reactors.events.base import DomainEvent, ItemChange


@dataclass(frozen=True)
class WorkshopAttended(DomainEvent):
    """A person with a place checked in at an occurrence with its code (once per person and occurrence)."""

    user_id: str
    workshop_id: str
    community_id: str
    attended_at: str

    @property
    def source_id(self) -> str:
        return f"workshop-attended#{self.workshop_id}#{self.user_id}"


@dataclass(frozen=True)
class WaitlistPromoted(DomainEvent):
    """A person on an occurrence's waitlist was given a place."""

    user_id: str
    workshop_id: str
    community_id: str


@dataclass(frozen=True)
class WorkshopCancelled(DomainEvent):
    """An organiser cancelled an occurrence: everyone who answered is told."""

    workshop_id: str
    community_id: str


def rsvp_events(change: ItemChange) -> list[DomainEvent]:
    new, old = change.new or {}, change.old or {}
    if change.event_name == "REMOVE" or not new:
        return []
    org_id, user_id = new["org_id"], new["user_id"]
    workshop_id, community_id = new["workshop_id"], new["community_id"]
    events: list[DomainEvent] = []
    if new.get("status") == "going" and old.get("status") == "waitlisted":
        events.append(WaitlistPromoted(org_id, user_id, workshop_id, community_id))
    if new.get("attended_at") and not old.get("attended_at"):
        events.append(WorkshopAttended(org_id, user_id, workshop_id, community_id, str(new["attended_at"])))
    return events


def workshop_events(change: ItemChange) -> list[DomainEvent]:
    new, old = change.new or {}, change.old or {}
    if new.get("status") == "cancelled" and old.get("status") == "scheduled":
        return [WorkshopCancelled(new["org_id"], new["workshop_id"], new["community_id"])]
    return []
