"""Events of gamification: a badge awarded, a score that a leaderboard shows changed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from chalicelib.reactors.events.base import DomainEvent, ItemChange

if TYPE_CHECKING:
    from chalicelib.gamification.board_upkeep import EntryChange


@dataclass(frozen=True)
class BadgeAwarded(DomainEvent):
    """A member holds a badge now (earned, awarded by a moderator, or for a rank in an event)."""

    user_id: str
    badge_id: str
    community_id: str | None  # where it is announced (None: nowhere)
    awarded_at: str
    awarded_by: str | None  # a manual award's moderator
    reason: str | None

    @property
    def source_id(self) -> str:
        return f"badge-awarded#{self.user_id}#{self.badge_id}"


def badge_award_events(change: ItemChange) -> list[DomainEvent]:
    award = change.new
    if change.event_name != "INSERT" or not award:
        return []
    return [
        BadgeAwarded(
            award["org_id"],
            award["user_id"],
            award["badge_id"],
            award.get("community_id"),
            str(award.get("awarded_at") or ""),
            award.get("awarded_by"),
            award.get("reason"),
        )
    ]


@dataclass(frozen=True)
class ScoreChanged(DomainEvent):
    """A member's totals, community score or campaign score changed what a board shows."""

    user_id: str
    changes: tuple[EntryChange, ...]

    @property
    def source_id(self) -> str:
        return f"score-changed#{self.user_id}"


def score_events(change: ItemChange) -> list[DomainEvent]:
    # Imported on the first score change: the board upkeep (periods, time zones, board scopes) is the
    # consumer's only when a batch carries one.
    from chalicelib.gamification.board_upkeep import changes_of

    found = changes_of(change.item_type, change.old, change.new)
    if not found or not change.new:
        return []
    return [ScoreChanged(str(change.new["org_id"]), found[0].user_id, tuple(found))]
