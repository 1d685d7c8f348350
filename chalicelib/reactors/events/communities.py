"""Events of communities: a member spotlighted, a request to join approved, a membership ended."""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.reactors.events.base import DomainEvent, ItemChange


@dataclass(frozen=True)
class MemberSpotlighted(DomainEvent):
    community_id: str
    community_name: str
    user_id: str
    spotlight_by: str | None
    spotlight_at: str

    @property
    def source_id(self) -> str:
        return f"member-spotlighted#{self.community_id}#{self.spotlight_at}"


@dataclass(frozen=True)
class JoinApproved(DomainEvent):
    community_id: str
    user_id: str
    since: str

    @property
    def source_id(self) -> str:
        return f"join-approved#{self.community_id}#{self.user_id}#{self.since}"


@dataclass(frozen=True)
class MembershipEnded(DomainEvent):
    """Someone left a community or was removed from it (what follows depends on whether they may
    still read it: an open community stays readable)."""

    community_id: str
    user_id: str
    status: str  # left | removed

    @property
    def source_id(self) -> str:
        return f"membership-ended#{self.community_id}#{self.user_id}"


@dataclass(frozen=True)
class MemberDeactivated(DomainEvent):
    """An admin deactivated someone's profile: they are out of the organisation's communities."""

    user_id: str

    @property
    def source_id(self) -> str:
        return f"member-deactivated#{self.user_id}"


def profile_events(change: ItemChange) -> list[DomainEvent]:
    profile, old = change.new, change.old or {}
    if change.event_name != "MODIFY" or not profile:
        return []
    if profile.get("status") == "deactivated" and old.get("status") != "deactivated":
        return [MemberDeactivated(profile["org_id"], profile["user_id"])]
    return []


def community_events(change: ItemChange) -> list[DomainEvent]:
    community, old = change.new, change.old or {}
    if change.event_name != "MODIFY" or not community:
        return []
    at, user_id = community.get("spotlight_user_at"), community.get("spotlight_user_id")
    if not at or not user_id or at == old.get("spotlight_user_at"):
        return []
    return [
        MemberSpotlighted(
            community["org_id"],
            community["community_id"],
            str(community.get("name") or ""),
            user_id,
            community.get("spotlight_user_by"),
            str(at),
        )
    ]


def membership_events(change: ItemChange) -> list[DomainEvent]:
    member, old = change.new, change.old or {}
    if change.event_name != "MODIFY" or not member:
        return []
    if member.get("status") in ("left", "removed") and old.get("status") == "active":
        return [
            MembershipEnded(member["org_id"], member["community_id"], member["user_id"], member["status"])
        ]
    # requested -> active is a moderator's approval (or invitation). invited -> active is the member
    # accepting an invitation themselves: their own action, so nobody is notified.
    if old.get("status") != "requested" or member.get("status") != "active":
        return []
    return [JoinApproved(member["org_id"], member["community_id"], member["user_id"], str(member["since"]))]
