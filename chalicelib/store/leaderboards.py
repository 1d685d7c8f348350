"""Leaderboards: the sharded score index the job reads, and the board partitions it writes.

Scores (members' totals and community scores) sit in GSI1 under `ORG#<org>#SCORES#<shard>`, sorted
by when they were last written, so the consumer's writes spread over `SCORE_SHARDS` keys and the
job can ask each shard "anything new since my last run?" with a one-item Query.

A board is one partition, `ORG#<org>#BOARD#<scope>#<period>`: `META`, then `RANK#<n>` for each
place others see, and `ENTRANT#<id>` for where each entrant stands (also a hidden one). Top N is one
Query; "around me" is one BatchGetItem (my standing) and one Query (the places around it).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pynamodb.exceptions import UpdateError

from chalicelib.ids import iso, utc_now
from chalicelib.store import keys
from chalicelib.store.batch import Key, get_items
from chalicelib.store.conditions import is_condition_failure
from chalicelib.store.models import (
    BoardEntrantItem,
    BoardMetaItem,
    BoardRankItem,
    BoardsStateItem,
    CommunityScoreItem,
    KringItem,
    PlayerScoreItem,
    PointsTotalItem,
)

BATCH_WRITE = 25  # items per BatchWriteItem


# The score index (read by the job) ------------------------------------------------------------


def scores_written_since(org_id: str, since: str) -> bool:
    """Whether any score of the organisation was written after `since` (one small Query per shard)."""
    for shard in range(keys.SCORE_SHARDS):
        found = KringItem.gsi1.query(keys.scores_pk(org_id, shard), KringItem.gsi1sk > since, limit=1)
        if any(True for _ in found):
            return True
    return False


@dataclass
class Scores:
    totals: list[PointsTotalItem]
    communities: list[CommunityScoreItem]
    players: list[PlayerScoreItem] = field(default_factory=list)  # campaign scores


def all_scores(org_id: str) -> Scores:
    """Every member's totals, community and campaign scores (all pages of every shard)."""
    scores = Scores([], [])
    for shard in range(keys.SCORE_SHARDS):
        for item in KringItem.gsi1.query(keys.scores_pk(org_id, shard)):
            if isinstance(item, PointsTotalItem):
                scores.totals.append(item)
            elif isinstance(item, CommunityScoreItem):
                scores.communities.append(item)
            elif isinstance(item, PlayerScoreItem):
                scores.players.append(item)
    return scores


# The job's bookmark ---------------------------------------------------------------------------


def get_state(org_id: str) -> BoardsStateItem:
    try:
        return BoardsStateItem.get(keys.org_pk(org_id), keys.BOARDS_STATE_SK, consistent_read=True)
    except BoardsStateItem.DoesNotExist:
        return BoardsStateItem(keys.org_pk(org_id), keys.BOARDS_STATE_SK, org_id=org_id)


def claim_run(org_id: str, now: datetime, until: datetime) -> bool:
    """Take the organisation's lease for a run (none may be running, or its lease has run out)."""
    state = BoardsStateItem(keys.org_pk(org_id), keys.BOARDS_STATE_SK)
    try:
        state.update(
            actions=[
                BoardsStateItem.running_until.set(iso(until)),
                BoardsStateItem.item_type.set(BoardsStateItem),  # type: ignore[arg-type]
                BoardsStateItem.org_id.set(org_id),
            ],
            condition=BoardsStateItem.running_until.does_not_exist()
            | (BoardsStateItem.running_until < iso(now)),
        )
    except UpdateError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


def finish_run(org_id: str, checkpoint: str, built_periods: str, refreshed_at: str) -> None:
    """Record how far the boards are built, and give the lease back."""
    state = BoardsStateItem(keys.org_pk(org_id), keys.BOARDS_STATE_SK)
    state.update(
        actions=[
            BoardsStateItem.checkpoint.set(checkpoint),
            BoardsStateItem.periods.set(built_periods),
            BoardsStateItem.refreshed_at.set(refreshed_at),
            BoardsStateItem.running_until.remove(),
        ]
    )


def built_periods(state: BoardsStateItem) -> dict[str, str]:
    return {str(k): str(v) for k, v in json.loads(state.periods or "{}").items()}


def mark_stale(org_id: str) -> None:
    """Something boards show besides scores changed (a name, an opt-out, a team): rebuild them."""
    state = BoardsStateItem(keys.org_pk(org_id), keys.BOARDS_STATE_SK)
    state.update(
        actions=[
            BoardsStateItem.stale_at.set(iso(utc_now())),
            BoardsStateItem.item_type.set(BoardsStateItem),  # type: ignore[arg-type]
            BoardsStateItem.org_id.set(org_id),
        ]
    )


# Writing boards (the job) ---------------------------------------------------------------------


def read_board(org_id: str, scope: str, period: str) -> dict[str, KringItem]:
    """Everything of one board as stored, by sort key."""
    pk = keys.board_pk(org_id, scope, period)
    return {item.sk: item for item in KringItem.query(pk, consistent_read=True)}


def write_board(
    puts: Iterable[KringItem], deletes: Iterable[KringItem], before_writes: Callable[[int], None]
) -> int:
    """BatchWriteItem the changes, calling `before_writes(n)` before each request (pacing)."""
    pending: list[tuple[str, KringItem]] = [("put", item) for item in puts]
    pending += [("delete", item) for item in deletes]
    for start in range(0, len(pending), BATCH_WRITE):
        chunk = pending[start : start + BATCH_WRITE]
        before_writes(len(chunk))
        with KringItem.batch_write() as batch:
            for action, item in chunk:
                if action == "put":
                    batch.save(item)
                else:
                    batch.delete(item)
    return len(pending)


# Reading boards (requests) --------------------------------------------------------------------


@dataclass
class BoardPage:
    meta: BoardMetaItem | None
    places: list[BoardRankItem]


def top(org_id: str, scope: str, period: str, limit: int) -> BoardPage:
    """The board's first `limit` places and its META: one Query (`META` sorts just before `RANK#`)."""
    pk = keys.board_pk(org_id, scope, period)
    found = list(KringItem.query(pk, KringItem.sk >= keys.BOARD_META_SK, limit=limit + 1))
    meta = next((item for item in found if isinstance(item, BoardMetaItem)), None)
    places = [item for item in found if isinstance(item, BoardRankItem)][:limit]
    return BoardPage(meta, places)


@dataclass
class MyStanding:
    meta: BoardMetaItem | None
    entrant: BoardEntrantItem | None
    extras: dict[Key, KringItem]  # the other items asked for in the same request


def standing_keys(org_id: str, scope: str, period: str, entrant_id: str) -> tuple[Key, Key]:
    """The keys of the board's META and of one entrant's standing."""
    pk = keys.board_pk(org_id, scope, period)
    return (pk, keys.BOARD_META_SK), (pk, keys.board_entrant_sk(entrant_id))


def standing(
    org_id: str,
    scope: str,
    period: str,
    entrant_id: str,
    extra: list[Key],
    found: Mapping[Key, KringItem] | None = None,
) -> MyStanding:
    """My standing and the board's META, with `extra` keys (an access check), in one BatchGetItem;
    or taken from `found`, when the caller read them with its own access check."""
    meta_key, entrant_key = standing_keys(org_id, scope, period, entrant_id)
    if found is None:
        found = get_items([meta_key, entrant_key, *extra])
    meta, entrant = found.get(meta_key), found.get(entrant_key)
    return MyStanding(
        meta if isinstance(meta, BoardMetaItem) else None,
        entrant if isinstance(entrant, BoardEntrantItem) else None,
        dict(found),
    )


def places_between(org_id: str, scope: str, period: str, first: int, last: int) -> list[BoardRankItem]:
    """Places `first`..`last` (inclusive): one Query."""
    pk = keys.board_pk(org_id, scope, period)
    found = KringItem.query(pk, KringItem.sk.between(keys.board_rank_sk(first), keys.board_rank_sk(last)))
    return [item for item in found if isinstance(item, BoardRankItem)]


def board_rank(org_id: str, scope: str, period: str, rank: int, **attributes: Any) -> BoardRankItem:
    pk = keys.board_pk(org_id, scope, period)
    return BoardRankItem(
        pk, keys.board_rank_sk(rank), org_id=org_id, board=f"{scope}#{period}", rank=rank, **attributes
    )


def board_entrant(
    org_id: str, scope: str, period: str, entrant_id: str, **attributes: Any
) -> BoardEntrantItem:
    pk = keys.board_pk(org_id, scope, period)
    return BoardEntrantItem(
        pk,
        keys.board_entrant_sk(entrant_id),
        org_id=org_id,
        board=f"{scope}#{period}",
        entrant_id=entrant_id,
        **attributes,
    )


def board_meta(org_id: str, scope: str, period: str, entrants: int, updated_at: str) -> BoardMetaItem:
    pk = keys.board_pk(org_id, scope, period)
    return BoardMetaItem(
        pk,
        keys.BOARD_META_SK,
        org_id=org_id,
        board=f"{scope}#{period}",
        entrants=entrants,
        updated_at=updated_at,
    )
