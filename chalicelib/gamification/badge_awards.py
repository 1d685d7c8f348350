"""The badges an award of points earns, written in the same transaction as the points.

The totals hold the ids of the member's badges, so what is new needs no extra read; each award
item is written only if it does not exist, so a badge is held at most once however often an event
is delivered (a manual award racing the consumer makes the consumer read again).
"""

from __future__ import annotations

from datetime import datetime

from chalicelib.gamification import badges
from chalicelib.gamification.setup import OrganisationSetup
from chalicelib.store import badges as badge_store
from chalicelib.store.models import KringItem, PointsTotalItem


def earned_now(
    organisation: OrganisationSetup,
    totals: PointsTotalItem,
    counters: dict[str, int],
    source_id: str,
    community_id: str | None,
    when: datetime,
) -> list[KringItem]:
    """Award items for the badges the member's counters and streak earn now; adds them to `totals`."""
    catalogue = badges.effective_catalogue(organisation.catalogue_item)
    held = set(totals.badges or set())
    earned = badges.newly_earned(catalogue, counters, int(totals.streak_longest), held)
    if not earned:
        return []
    totals.badges = held | {badge.id for badge in earned}
    return [
        badge_store.new_award(
            str(totals.org_id),
            str(totals.user_id),
            badge.id,
            source_id=source_id,
            community_id=community_id,
            awarded_at=when,
        )
        for badge in earned
    ]
