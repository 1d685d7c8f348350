"""The badges an award of points earns, written in the same transaction as the points.

The totals hold the ids of the member's badges, so what is new needs no extra read; each award
item is written only if it does not exist, so a badge is held at most once however often an event
is delivered (a manual award racing the consumer makes the consumer read again). The badges of an
event's ranks (a campaign's close) are written here too, each once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from chalicelib.gamification import badges
from chalicelib.gamification.setup import OrganisationSetup
from chalicelib.ids import utc_now
from chalicelib.store import badges as badge_store
from chalicelib.store import keys
from chalicelib.store.batch import get_items
from chalicelib.store.models import BadgeAwardItem, KringItem, PointsTotalItem, UserItem

BATCH_KEYS = 100  # BatchGetItem's limit per request


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


def _members(org_id: str, user_ids: Sequence[str]) -> set[str]:
    """Which of `user_ids` have a profile in the organisation that is not deactivated."""
    wanted = [(keys.org_pk(org_id), keys.user_sk(user_id)) for user_id in dict.fromkeys(user_ids)]
    found: set[str] = set()
    for start in range(0, len(wanted), BATCH_KEYS):
        for item in get_items(wanted[start : start + BATCH_KEYS]).values():
            if isinstance(item, UserItem) and item.status != "deactivated":
                found.add(item.user_id)
    return found


def award_event_badges(
    org_id: str,
    event_kind: str,
    event_id: str,
    community_id: str | None,
    ranks: Sequence[tuple[str, int]],
) -> list[BadgeAwardItem]:
    """The `event_rank` badges of the event's participants (user id, rank; 1 is the best), each once.

    Safe to call again (a retried job): badges held already are skipped. Returns the awards written now.
    """
    catalogue = badges.effective_catalogue(badge_store.get_catalogue(org_id))
    if not any(isinstance(badge.rule, badges.EventRankRule) for badge in catalogue):
        return []
    members = _members(org_id, [user_id for user_id, _ in ranks])
    now = utc_now()
    written: list[BadgeAwardItem] = []
    for user_id, rank in ranks:
        if user_id not in members:
            continue
        for badge in badges.event_badges(catalogue, event_kind, rank):
            award = badge_store.new_award(
                org_id,
                user_id,
                badge.id,
                source_id=f"{event_kind}#{event_id}",
                community_id=community_id,
                awarded_at=now,
            )
            if badge_store.award_once(award):
                written.append(award)
    return written
