"""Leaderboards: the entries on each board, and who is hidden from others' boards.

A board is `BOARD_SHARDS` partitions, `ORG#<org>#BOARD#<scope>#<period>#<shard>` (the entrant's
shard), one entry per entrant (`MEMBER#<id>`). The stream consumer keeps one entry per member and
scope, under period `all`: all-time points and the points of the weeks and quarters the score item
keeps (the current and the previous of each), rewritten as the score changes, only over an older
version of the score it mirrors (a redelivered or late record changes nothing). When a period
drops out of it (the score moved on two periods), its points, final by then, are copied to an
entry under that period's own key. A board is read whole (one Query per shard, all pages) and
ranked in memory: ranks are worked out at read time, nothing stores them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pynamodb.attributes import UnicodeSetAttribute
from pynamodb.exceptions import PutError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action

from chalicelib.store import keys
from chalicelib.store.batch import Key
from chalicelib.store.conditions import is_condition_failure
from chalicelib.store.models import BoardEntryItem, BoardHiddenItem, KringItem, UserItem
from chalicelib.store.writes import Steps, StepsRefused

ALL_TIME = "all"  # the period whose partitions hold each member's entry for the whole scope


@dataclass(frozen=True)
class Slot:
    """A member's points in one period, and when they reached them (ties: first there wins)."""

    points: int
    reached_at: str


@dataclass(frozen=True)
class MemberEntry:
    """What a member's entry for a whole scope says (the entry under period `all`)."""

    score: int  # all time
    reached_at: str
    on_board: bool
    version: int  # of the score item it mirrors
    periods: dict[str, Slot]  # week and quarter periods the score item keeps


@dataclass(frozen=True)
class BoardScore:
    """One entrant's points on one board and period, as read."""

    user_id: str
    score: int
    reached_at: str
    updated_at: str
    key: Key  # the item it was read from


def _periods_of(entry: BoardEntryItem) -> dict[str, Slot]:
    return {
        period: Slot(int(points), str(reached))
        for period, (points, reached) in json.loads(entry.periods or "{}").items()
    }


def member_entry(item: BoardEntryItem) -> MemberEntry:
    return MemberEntry(
        int(item.score), item.reached_at or "", bool(item.on_board), int(item.version), _periods_of(item)
    )


def get_member_entry(org_id: str, scope: str, user_id: str, consistent: bool) -> MemberEntry | None:
    pk = keys.board_pk(org_id, scope, ALL_TIME, keys.board_shard(user_id))
    try:
        item = BoardEntryItem.get(pk, keys.board_entry_sk(user_id), consistent_read=consistent)
    except BoardEntryItem.DoesNotExist:
        return None
    return member_entry(item)


def member_entry_key(org_id: str, scope: str, user_id: str) -> Key:
    return keys.board_pk(org_id, scope, ALL_TIME, keys.board_shard(user_id)), keys.board_entry_sk(user_id)


def put_member_entry(
    org_id: str, scope: str, user_id: str, entry: MemberEntry, over: MemberEntry | None, updated_at: str
) -> bool:
    """Write a member's entry for a whole scope over the one read (`over`; None: there was none).
    False if it changed since it was read (the caller reads again)."""
    item, condition = member_entry_write(org_id, scope, user_id, entry, over, updated_at)
    try:
        item.save(condition=condition)
    except PutError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


def member_entry_write(
    org_id: str, scope: str, user_id: str, entry: MemberEntry, over: MemberEntry | None, updated_at: str
) -> tuple[BoardEntryItem, Condition]:
    """The item of a member's entry for a whole scope, and the condition of writing it over the one
    read (`over`; None: there was none), for a put of its own or in a transaction."""
    item = new_entry(
        org_id,
        scope,
        ALL_TIME,
        user_id,
        entry.score,
        entry.reached_at,
        entry.version,
        entry.on_board,
        updated_at,
    )
    if entry.periods:
        item.periods = json.dumps(
            {period: [slot.points, slot.reached_at] for period, slot in sorted(entry.periods.items())},
            separators=(",", ":"),
        )
    fresh = BoardEntryItem.pk.does_not_exist()
    return item, fresh if over is None else BoardEntryItem.version == over.version


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


def _entries(org_id: str, scope: str, period: str) -> list[BoardEntryItem]:
    found: list[BoardEntryItem] = []
    for shard in range(keys.BOARD_SHARDS):
        for item in KringItem.query(keys.board_pk(org_id, scope, period, shard)):
            if isinstance(item, BoardEntryItem):
                found.append(item)
    return found


def _score(item: BoardEntryItem, points: int, reached_at: str) -> BoardScore:
    return BoardScore(item.user_id, points, reached_at, item.updated_at, (item.pk, item.sk))


def read_board(org_id: str, scope: str, period: str) -> list[BoardScore]:
    """Every entrant on one board. All time: the members' entries (one Query per shard, all pages).
    A week or quarter: the members' entries that hold it, and the entries copied to the period's
    own key when it dropped out of them; of the two, the one of the later version of the score."""
    if period == ALL_TIME:
        return [
            _score(item, int(item.score), item.reached_at or "")
            for item in _entries(org_id, scope, period)
            if item.on_board
        ]
    best: dict[str, tuple[int, BoardScore | None]] = {}
    for item in _entries(org_id, scope, period):
        shown = _score(item, int(item.score), item.reached_at or "") if item.on_board else None
        best[item.user_id] = (int(item.version), shown)
    for item in _entries(org_id, scope, ALL_TIME):
        slot = _periods_of(item).get(period)
        if slot is None:
            continue
        known = best.get(item.user_id)
        if known is None or int(item.version) >= known[0]:
            shown = _score(item, slot.points, slot.reached_at) if slot.points > 0 else None
            best[item.user_id] = (int(item.version), shown)
    return [shown for _, shown in best.values() if shown is not None]


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


def hidden_change(
    org_id: str, user_id: str, changes: dict[str, Any], was_deactivated: bool = False
) -> tuple[BoardHiddenItem, list[Action]] | None:
    """What a profile change means for who is hidden, as an update of `BOARD_HIDDEN` to write in the
    same transaction as the profile (None: it changes neither the opt-out nor whether the member is
    deactivated; a first visit's invited -> active leaves the item alone, so a wave of new members
    does not contend for it). The member is added to or removed from each set as the new value
    says: repeating it is safe."""
    actions: list[Action] = []
    if "leaderboard_opt_out" in changes:
        actions.append(_membership(BoardHiddenItem.opted_out, user_id, bool(changes["leaderboard_opt_out"])))
    if "status" in changes and (was_deactivated or changes["status"] == "deactivated"):
        actions.append(_membership(BoardHiddenItem.deactivated, user_id, changes["status"] == "deactivated"))
    if not actions:
        return None
    actions += [
        BoardHiddenItem.item_type.set(BoardHiddenItem),  # type: ignore[arg-type]
        BoardHiddenItem.org_id.set(org_id),
    ]
    return BoardHiddenItem(*hidden_key(org_id)), actions


def set_hidden(profile: UserItem) -> bool:
    """Record whether a member is hidden as their profile (as read) says: in one transaction with a
    check that the profile still says so, so that a change made meanwhile (whose own transaction set
    the item) is not undone. For the operator's one-off fill (`kring fill-boards`); safe to repeat.
    False if the profile changed or is gone (its own change has set the item)."""
    status, opted_out = profile.status, bool(profile.leaderboard_opt_out)
    changes = {"leaderboard_opt_out": opted_out, "status": status}
    found = hidden_change(profile.org_id, profile.user_id, changes, was_deactivated=True)
    assert found is not None
    item, actions = found
    still_opted = UserItem.leaderboard_opt_out == True  # noqa: E712 (a condition expression)
    if not opted_out:
        still_opted = UserItem.leaderboard_opt_out.does_not_exist() | (UserItem.leaderboard_opt_out == False)  # noqa: E712
    steps = Steps()
    steps.update("hidden", item, actions)
    steps.check(
        "profile",
        UserItem,
        keys.org_pk(profile.org_id),
        keys.user_sk(profile.user_id),
        (UserItem.status == status) & still_opted,
    )
    try:
        steps.write()
    except StepsRefused:
        return False
    return True


def _membership(attribute: UnicodeSetAttribute, user_id: str, present: bool) -> Action:
    return attribute.add({user_id}) if present else attribute.delete({user_id})


# For the operator's one-off fill (`kring fill-boards`, local/upgrades.py) -------------------------

# Items the every-minute board job wrote and read, and the day counters the caps used before they
# moved onto the totals: nothing reads them any more.
RETIRED_TYPES = ("board_rank", "board_entrant", "board_meta", "boards_state", "points_day")


def remove_item(pk: str, sk: str) -> None:
    KringItem._get_connection().delete_item(pk, sk)
