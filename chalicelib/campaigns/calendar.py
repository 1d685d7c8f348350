"""A stored campaign as the rules see it, when it is next due (the sweeper's index), and whom it is for."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from chalicelib.campaigns import rules
from chalicelib.store.models import CampaignItem

if TYPE_CHECKING:
    from chalicelib.store.models import CommunityMemberItem, UserItem


def state_of(item: CampaignItem) -> rules.State:
    return rules.State(
        status=item.status,
        opens_at=item.opens_at,
        closes_at=item.closes_at,
        reminders=tuple(str(r) for r in item.reminders or []),
        reminded=tuple(str(r) for r in item.reminded or []),
        pending=item.pending,
        pending_since=item.pending_since,
    )


def due_at(item: CampaignItem) -> datetime | None:
    """When the campaign's next step is due (None: nothing any more): its place in CAMPAIGNS_DUE."""
    step = rules.next_step(state_of(item))
    return step.at if step is not None else None


def in_audience(item: CampaignItem, profile: UserItem | None, membership: CommunityMemberItem | None) -> bool:
    if item.audience == "community":
        return membership is not None and membership.status == "active"
    if item.audience == "teams":
        return profile is not None and bool(profile.team_id) and profile.team_id in (item.team_ids or [])
    return True
