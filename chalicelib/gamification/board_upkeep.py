"""Keeping the leaderboards as scores change: the stream consumer mirrors each changed score on the
boards it counts for, one entry per member, board and period.

A member's totals count on the organisation's boards, a community score on that community's, a
campaign score on the campaign's; each for the periods whose points changed (the week and quarter
the totals keep, and all time). Each entry carries the version of the score it mirrors and is
only written over an older one, so a redelivered or late record changes nothing
(chalicelib/store/leaderboards.py). A new week or quarter simply has no entries yet: its board
starts empty, derived from when the points were earned (the organisation's time zone, see
chalicelib/gamification/periods.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from chalicelib.gamification import periods
from chalicelib.gamification.boards import ORG_SCOPE, campaign_scope, community_scope, period_of
from chalicelib.ids import iso, utc_now
from chalicelib.store import leaderboards as store
from chalicelib.store.keys import SCORE_TYPES as SCORE_TYPES

PRACTICE_PREFIX = "practice-"  # practice plays have no board

Image = Mapping[str, Any]


@dataclass(frozen=True)
class EntryChange:
    """What one entrant's entry on one board must now say."""

    user_id: str
    scope: str
    period: str
    score: int
    reached_at: str
    version: int
    on_board: bool


def _int(image: Image | None, name: str) -> int:
    value = (image or {}).get(name)
    return int(value) if value is not None else 0


def _period_points(image: Image | None, kind: str) -> periods.PeriodPoints:
    image = image or {}
    prefix = "week" if kind == periods.WEEK else "quarter"
    return periods.PeriodPoints(
        image.get(f"{prefix}_key"),
        _int(image, f"{prefix}_points"),
        image.get(f"prev_{prefix}_key"),
        _int(image, f"prev_{prefix}_points"),
    )


def _scope_of(item_type: str, image: Image) -> str | None:
    if item_type == "points_total":
        return ORG_SCOPE
    if item_type == "community_score":
        return community_scope(str(image["community_id"]))
    context = str(image.get("context_id") or "")
    if item_type == "player_score" and context and not context.startswith(PRACTICE_PREFIX):
        return campaign_scope(context)
    return None


def changes_of(item_type: str, old: Image | None, new: Image | None) -> list[EntryChange]:
    """The entries a change of a score item calls for (none if nothing a board shows moved)."""
    if item_type not in SCORE_TYPES or not new:
        return []
    scope = _scope_of(item_type, new)
    if scope is None:
        return []
    user_id, version = str(new["user_id"]), _int(new, "version")
    reached_at = str(new.get("last_scored_at") or "")

    def change(period: str, score: int, on_board: bool) -> EntryChange:
        return EntryChange(user_id, scope, period, score, reached_at, version, on_board)

    if item_type == "player_score":
        score, answered = _int(new, "points"), _int(new, "answered")
        if (score, answered > 0) == (_int(old, "points"), _int(old, "answered") > 0):
            return []
        return [change(periods.ALL_TIME, score, score > 0 or answered > 0)]

    found = []
    for kind in (periods.WEEK, periods.QUARTER):
        before, after = _period_points(old, kind), _period_points(new, kind)
        for key in dict.fromkeys(k for k in (after.key, after.previous_key) if k):
            score = after.points_in(key)
            if score != before.points_in(key):
                found.append(change(period_of(kind, key), score, score > 0))
    points = _int(new, "points")
    if points != _int(old, "points"):
        found.append(change(periods.ALL_TIME, points, points > 0))
    return found


def place_on_boards(org_id: str, changes: list[EntryChange]) -> int:
    """Write each entry (a PutItem each: 1 WCU), unless a later version is there. Returns how many
    were written."""
    now = iso(utc_now())
    written = 0
    for change in changes:
        entry = store.new_entry(
            org_id,
            change.scope,
            change.period,
            change.user_id,
            change.score,
            change.reached_at,
            change.version,
            change.on_board,
            now,
        )
        written += int(store.put_entry(entry))
    return written
