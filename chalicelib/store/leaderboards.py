"""Leaderboards: the entries on each board, and who is hidden from others' boards.

A board is `BOARD_SHARDS` partitions, `ORG#<org>#BOARD#<scope>#<period>#<shard>` (the entrant's
shard), each sorted by score, then by when the score was reached, then by id. The stream consumer
moves an entrant's entry when their score changes: one BatchWriteItem deletes the old entry and puts
the new one. A board is read whole (one Query per shard, all pages) and ranked in memory: ranks are
worked out at read time, nothing stores them.

Every entry carries the version of the score it mirrors. Records of one item reach the consumer in
order, and a redelivery repeats them in order, so the moves converge; an older record replayed much
later (a dead letter) can put an old entry back beside the current one, and the reader then keeps
the later version of each entrant. For the same reason a member whose score drops to zero leaves a
marker (`on_board` false) rather than nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pynamodb.attributes import UnicodeSetAttribute
from pynamodb.expressions.update import Action

from chalicelib.store import keys
from chalicelib.store.batch import Key
from chalicelib.store.models import BoardEntryItem, BoardHiddenItem, KringItem


@dataclass(frozen=True)
class Move:
    """An entrant's entry on one board, from where it was (if it was anywhere) to where it is now."""

    org_id: str
    scope: str
    period: str
    user_id: str
    old: tuple[int, str] | None  # (score, reached_at) of the entry to take away
    score: int
    reached_at: str
    version: int
    on_board: bool
    updated_at: str


def _entry(move: Move, score: int, reached_at: str, **attributes: Any) -> BoardEntryItem:
    return BoardEntryItem(
        keys.board_pk(move.org_id, move.scope, move.period, keys.board_shard(move.user_id)),
        keys.board_entry_sk(score, reached_at, move.user_id),
        org_id=move.org_id,
        user_id=move.user_id,
        score=score,
        reached_at=reached_at,
        **attributes,
    )


def move_entries(moves: Iterable[Move]) -> int:
    """Apply the moves in one BatchWriteItem (up to 12 moves): the old entries deleted, the new put.
    Returns the items written."""
    writes = 0
    with KringItem.batch_write() as batch:
        for move in moves:
            if move.old is not None and move.old != (move.score, move.reached_at):
                batch.delete(_entry(move, *move.old))
                writes += 1
            batch.save(
                _entry(
                    move,
                    move.score,
                    move.reached_at,
                    version=move.version,
                    on_board=move.on_board,
                    updated_at=move.updated_at,
                )
            )
            writes += 1
    return writes


def read_board(org_id: str, scope: str, period: str) -> list[BoardEntryItem]:
    """Every entrant on one board, each once (the latest version of their entry), markers left out.
    One Query per shard, all pages."""
    latest: dict[str, BoardEntryItem] = {}
    for shard in range(keys.BOARD_SHARDS):
        for item in KringItem.query(keys.board_pk(org_id, scope, period, shard)):
            if isinstance(item, BoardEntryItem):
                known = latest.get(item.user_id)
                if known is None or int(item.version) > int(known.version):
                    latest[item.user_id] = item
    return [entry for entry in latest.values() if entry.on_board]


# Who is hidden --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hidden:
    opted_out: frozenset[str] = frozenset()
    deactivated: frozenset[str] = frozenset()

    @classmethod
    def of(cls, item: object) -> Hidden:
        if not isinstance(item, BoardHiddenItem):
            return cls()
        return cls(frozenset(item.opted_out or ()), frozenset(item.deactivated or ()))


def hidden_key(org_id: str) -> Key:
    return keys.org_pk(org_id), keys.BOARD_HIDDEN_SK


def set_hidden(org_id: str, user_id: str, opted_out: bool, deactivated: bool) -> None:
    """Record whether a member is left out of others' boards (opted out) or of every board
    (deactivated), as their profile now says. Adding to and removing from a set: repeating it is safe."""
    item = BoardHiddenItem(*hidden_key(org_id))
    actions: list[Action] = [
        BoardHiddenItem.item_type.set(BoardHiddenItem),  # type: ignore[arg-type]
        BoardHiddenItem.org_id.set(org_id),
        _membership(BoardHiddenItem.opted_out, user_id, opted_out),
        _membership(BoardHiddenItem.deactivated, user_id, deactivated),
    ]
    item.update(actions=actions)


def _membership(attribute: UnicodeSetAttribute, user_id: str, present: bool) -> Action:
    return attribute.add({user_id}) if present else attribute.delete({user_id})
