"""Leaderboards: the entries on each board, and who is hidden from others' boards.

A board is `BOARD_SHARDS` partitions, `ORG#<org>#BOARD#<scope>#<period>#<shard>` (the entrant's
shard), one entry per entrant (`MEMBER#<id>`), written over by the stream consumer as their score
changes: a Put only over an older version of the score it mirrors, so a redelivered or late record
changes nothing. A board is read whole (one Query per shard, all pages) and ranked in memory:
ranks are worked out at read time, nothing stores them, so nothing needs the entries in order.
"""

from __future__ import annotations

from dataclasses import dataclass

from pynamodb.attributes import UnicodeSetAttribute
from pynamodb.exceptions import PutError
from pynamodb.expressions.update import Action

from chalicelib.store import keys
from chalicelib.store.batch import Key
from chalicelib.store.conditions import is_condition_failure
from chalicelib.store.models import BoardEntryItem, BoardHiddenItem, KringItem


def new_entry(
    org_id: str,
    scope: str,
    period: str,
    user_id: str,
    score: int,
    reached_at: str,
    version: int,
    on_board: bool,
    updated_at: str,
) -> BoardEntryItem:
    return BoardEntryItem(
        keys.board_pk(org_id, scope, period, keys.board_shard(user_id)),
        keys.board_entry_sk(user_id),
        org_id=org_id,
        user_id=user_id,
        score=score,
        reached_at=reached_at,
        version=version,
        on_board=on_board,
        updated_at=updated_at,
    )


def put_entry(entry: BoardEntryItem) -> bool:
    """Write the entry unless one of the same or a later version is there. True if written."""
    try:
        entry.save(
            condition=BoardEntryItem.pk.does_not_exist() | (BoardEntryItem.version < int(entry.version))
        )
    except PutError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


def read_board(org_id: str, scope: str, period: str) -> list[BoardEntryItem]:
    """Every entrant on one board (one Query per shard, all pages)."""
    found: list[BoardEntryItem] = []
    for shard in range(keys.BOARD_SHARDS):
        for item in KringItem.query(keys.board_pk(org_id, scope, period, shard)):
            if isinstance(item, BoardEntryItem) and item.on_board:
                found.append(item)
    return found


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
