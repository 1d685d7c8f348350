"""Keeping the leaderboards as scores change: the stream consumer mirrors each changed score on the
boards it counts for, one entry per member and scope.

A member's totals count on the organisation's boards, a community score on that community's, a
campaign score on the campaign's. The member's entry for the scope holds all time and the weeks
and quarters the score item keeps (the current and the previous of each), so a change is one
write whatever periods it moved (chalicelib/store/leaderboards.py). Each entry carries the
version of the score it mirrors and is only written over an older one, so a redelivered or late
record changes nothing. A period the score item no longer keeps (it moved on two weeks, or two
quarters) is final: the entry's points for it are copied to the period's own key first, then the
entry drops it. A new week or quarter simply has no points yet: its board starts empty, derived
from when the points were earned (the organisation's time zone, see
chalicelib/gamification/periods.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pynamodb.expressions.condition import Condition

from chalicelib.gamification import periods
from chalicelib.gamification.boards import ORG_SCOPE, campaign_scope, community_scope, period_of
from chalicelib.ids import iso, utc_now
from chalicelib.store import leaderboards as store
from chalicelib.store.keys import SCORE_TYPES as SCORE_TYPES
from chalicelib.store.leaderboards import MemberEntry, Slot
from chalicelib.store.models import BoardEntryItem

PRACTICE_PREFIX = "practice-"  # practice plays have no board
ATTEMPTS = 5

Image = Mapping[str, Any]


@dataclass(frozen=True)
class EntryChange:
    """What one entrant's entry for one scope must now say."""

    user_id: str
    scope: str
    score: int  # all time
    on_board: bool  # all time
    reached_at: str  # when the score item last moved
    version: int
    periods: tuple[tuple[str, int], ...]  # (period, points) of the weeks and quarters it keeps


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


def _kept_periods(image: Image | None) -> dict[str, int]:
    """The weeks and quarters a score item keeps, with its points in each."""
    found: dict[str, int] = {}
    for kind in (periods.WEEK, periods.QUARTER):
        points = _period_points(image, kind)
        for key in (points.key, points.previous_key):
            if key:
                found[period_of(kind, key)] = points.points_in(key)
    return found


def changes_of(item_type: str, old: Image | None, new: Image | None) -> list[EntryChange]:
    """The entry a change of a score item calls for (none if nothing a board shows moved)."""
    if item_type not in SCORE_TYPES or not new:
        return []
    scope = _scope_of(item_type, new)
    if scope is None:
        return []
    user_id, version = str(new["user_id"]), _int(new, "version")
    reached_at = str(new.get("last_scored_at") or "")
    points = _int(new, "points")

    if item_type == "player_score":
        answered = _int(new, "answered")
        if (points, answered > 0) == (_int(old, "points"), _int(old, "answered") > 0):
            return []
        return [EntryChange(user_id, scope, points, points > 0 or answered > 0, reached_at, version, ())]

    kept = _kept_periods(new)
    before = _kept_periods(old)
    moved = points != _int(old, "points") or any(
        score != before.get(period, 0) for period, score in kept.items()
    )
    if not moved:
        return []
    return [EntryChange(user_id, scope, points, points > 0, reached_at, version, tuple(sorted(kept.items())))]


def merged(entry: MemberEntry | None, change: EntryChange) -> tuple[MemberEntry, dict[str, Slot]] | None:
    """The member's entry as `change` makes it, and the periods it drops (final: they are copied to
    their own boards). None if the entry mirrors the same or a later version already.

    A period whose points did not move keeps when they were reached; one that moved was reached
    when the score item last moved."""
    if entry is not None and entry.version >= change.version:
        return None
    held = entry.periods if entry is not None else {}

    def slot(points: int, before: Slot | None) -> Slot:
        if before is not None and before.points == points:
            return before
        return Slot(points, change.reached_at)

    kept = {period: slot(points, held.get(period)) for period, points in change.periods}
    dropped = {period: held_slot for period, held_slot in held.items() if period not in kept}
    reached_at = change.reached_at
    if entry is not None and entry.score == change.score:
        reached_at = entry.reached_at
    return MemberEntry(change.score, reached_at, change.on_board, change.version, kept), dropped


def place(org_id: str, change: EntryChange) -> int:
    """Write the member's entry for the change's scope (a read and a PutItem: 1 WCU), after
    copying the periods it drops to their own boards. Returns how many items were written."""
    now = iso(utc_now())
    consistent = False  # a stale read only costs a refused write and a second, consistent read
    for _ in range(ATTEMPTS):
        entry = store.get_member_entry(org_id, change.scope, change.user_id, consistent)
        found = merged(entry, change)
        if found is None:
            return 0
        new, dropped = found
        written = 0
        for period, final in sorted(dropped.items()):
            assert entry is not None  # only a held period can be dropped
            copy = store.new_entry(
                org_id,
                change.scope,
                period,
                change.user_id,
                final.points,
                final.reached_at,
                entry.version,
                final.points > 0,
                now,
            )
            written += int(store.put_entry(copy))
        if store.put_member_entry(org_id, change.scope, change.user_id, new, entry, now):
            return written + 1
        consistent = True
    raise BoardBusy(f"the entry of {change.user_id} on {change.scope} kept changing")


def score_of(entry: MemberEntry | None) -> dict[str, Any]:
    """The score a member's entry mirrors, as a score item's image: all-time points, the current and
    the previous week and quarter it holds, when the points last moved and the version. A member's
    community points live only in their community board entry (see `entry_writes`)."""
    image: dict[str, Any] = {"points": 0, "version": 0, "last_scored_at": None}
    if entry is None:
        return image
    image.update(points=entry.score, version=entry.version, last_scored_at=entry.reached_at or None)
    for kind in (periods.WEEK, periods.QUARTER):
        held = sorted(
            (
                (period.split(":", 1)[1], slot.points)
                for period, slot in entry.periods.items()
                if period.startswith(f"{kind}:")
            ),
            reverse=True,
        )  # the current period first, then the previous one
        for prefix, (key, points) in zip((kind, f"prev_{kind}"), held, strict=False):
            image[f"{prefix}_key"], image[f"{prefix}_points"] = key, points
    return image


def entry_writes(
    org_id: str, scope: str, user_id: str, entry: MemberEntry | None, score: Image
) -> list[tuple[BoardEntryItem, Condition | None]] | None:
    """What writing `score` (a score item's image) into the member's entry for `scope` takes, in a
    transaction: the entry, over the one read, and the periods it drops, copied to their own keys.
    None if the entry mirrors the same or a later version already (read again)."""
    points = _int(score, "points")
    change = EntryChange(
        user_id,
        scope,
        points,
        points > 0,
        str(score.get("last_scored_at") or ""),
        _int(score, "version"),
        tuple(sorted(_kept_periods(score).items())),
    )
    found = merged(entry, change)
    if found is None:
        return None
    new, dropped = found
    now = iso(utc_now())
    item, condition = store.member_entry_write(org_id, scope, user_id, new, entry, now)
    writes: list[tuple[BoardEntryItem, Condition | None]] = [(item, condition)]
    for period, final in sorted(dropped.items()):
        assert entry is not None  # only a held period can be dropped
        copy = store.new_entry(
            org_id,
            scope,
            period,
            user_id,
            final.points,
            final.reached_at,
            entry.version,
            final.points > 0,
            now,
        )
        writes.append((copy, None))  # in the transaction that serialises the member's changes
    return writes


class BoardBusy(RuntimeError):
    """A member's entry kept changing under us; the stream record is retried."""


def place_on_boards(org_id: str, changes: list[EntryChange]) -> int:
    """Place each change. Returns how many items were written."""
    return sum(place(org_id, change) for change in changes)
