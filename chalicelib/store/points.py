"""Members' points: totals, the ledger, and the organisation's point rules.

A member's points live in `ORG#<org>#POINTS#<user>`: `TOTAL` (points, level, streak, the points
earned per action on the last two days for the daily caps, `version`) and `ENTRY#<entry key>` (one
ledger entry per source event, also in GSI1 under the same partition, newest first). Every change
is one transaction, because the entry and the totals must agree: Put the entry (not exists: a
replay changes nothing) + Put the totals (`version` as read: concurrent changes retry) [+ the
member's entry on the community's board, badge awards, a level-up notification and the inbox
counter].
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pynamodb.expressions.condition import Condition

from chalicelib.store import keys, leaderboards
from chalicelib.store import notifications as inbox
from chalicelib.store.leaderboards import MemberEntry
from chalicelib.store.models import (
    BoardEntryItem,
    CommunityScoreItem,
    InboxCounterItem,
    KringItem,
    NotificationItem,
    PointRulesItem,
    PointsEntryItem,
    PointsTotalItem,
    UserItem,
)
from chalicelib.store.pages import Page, query_page
from chalicelib.store.writes import Steps, StepsRefused, versioned


@dataclass
class PointsState:
    """What an award or withdrawal needs to know, read in one BatchGetItem."""

    profile: UserItem | None
    totals: PointsTotalItem | None
    entry: PointsEntryItem | None  # the entry being written, if it exists already
    award: PointsEntryItem | None  # for a withdrawal: the award it takes back
    # The member's entry on the event's community board: their points in the community (all time and
    # the weeks and quarters kept), written in the award's transaction.
    community: MemberEntry | None
    # The community score item awards wrote before they wrote the board entry themselves: the base of
    # the next award while it is newer than the entry (its stream record not placed yet).
    legacy_community: CommunityScoreItem | None


def read_state(
    org_id: str,
    user_id: str,
    entry_key: str | None,
    award_key: str | None,
    community: tuple[str, str] | None = None,
) -> PointsState:
    """`community`: (id, board scope) of the event's community, whose board entry is read (and the
    community score item of before, see `PointsState`). `entry_key`: also read that entry, to know
    whether it exists already. An award leaves it out (None): its transaction puts the entry only if
    it does not exist, which is the exactly-once guard anyway, so reading it first cost a consistent
    read (1 RCU) per award for a replay's sake."""
    pk = keys.points_pk(org_id, user_id)
    profile_key = (keys.org_pk(org_id), keys.user_sk(user_id))
    totals_key = (pk, keys.POINTS_TOTAL_SK)
    entry_item_key = (pk, keys.points_entry_sk(entry_key)) if entry_key is not None else None
    award_item_key = (pk, keys.points_entry_sk(award_key)) if award_key is not None else None
    community_key = leaderboards.member_entry_key(org_id, community[1], user_id) if community else None
    legacy_key = (pk, keys.community_score_sk(community[0])) if community else None
    wanted = [profile_key, totals_key]
    wanted += [key for key in (entry_item_key, award_item_key, community_key, legacy_key) if key is not None]
    found = {(i.pk, i.sk): i for i in KringItem.batch_get(list(dict.fromkeys(wanted)), consistent_read=True)}

    def typed[T](key: tuple[str, str] | None, cls: type[T]) -> T | None:
        item = found.get(key) if key is not None else None
        return item if isinstance(item, cls) else None

    return PointsState(
        profile=typed(profile_key, UserItem),
        totals=typed(totals_key, PointsTotalItem),
        entry=typed(entry_item_key, PointsEntryItem),
        award=typed(award_item_key, PointsEntryItem),
        community=_member_entry(typed(community_key, BoardEntryItem)),
        legacy_community=typed(legacy_key, CommunityScoreItem),
    )


def _member_entry(item: BoardEntryItem | None) -> MemberEntry | None:
    return leaderboards.member_entry(item) if item is not None else None


def new_totals(org_id: str, user_id: str) -> PointsTotalItem:
    return PointsTotalItem(
        keys.points_pk(org_id, user_id), keys.POINTS_TOTAL_SK, org_id=org_id, user_id=user_id
    )


def new_entry(
    org_id: str, user_id: str, entry_key: str, occurred_iso: str, **attributes: Any
) -> PointsEntryItem:
    pk = keys.points_pk(org_id, user_id)
    return PointsEntryItem(
        pk,
        keys.points_entry_sk(entry_key),
        org_id=org_id,
        gsi1pk=pk,
        gsi1sk=keys.points_ledger_sk(occurred_iso),
        **attributes,
    )


def record(
    entry: PointsEntryItem,
    totals: PointsTotalItem,
    read_version: int | None,
    note: NotificationItem | None,
    board: Sequence[tuple[KringItem, Condition | None]] = (),
    once: list[KringItem] | None = None,
) -> bool:
    """Write an entry with its totals (and level-up note) once.

    `board`: the member's community board entry (over the one read) and the period entries it drops;
    `once` only if they do not exist yet (badge awards: at most once each). False if the entry exists
    (a replay); raises `VersionConflict` if the totals or the board entry changed since they were
    read (the caller reads again).
    """
    steps = Steps()
    steps.put("entry", entry, PointsEntryItem.pk.does_not_exist())
    steps.put("totals", totals, versioned(totals, read_version))
    for item, condition in board:
        steps.put("board", item, condition)
    for item in once or []:
        steps.put("once", item, KringItem.pk.does_not_exist())
    if note is not None:
        steps.put("note", note, NotificationItem.pk.does_not_exist())
        steps.update(
            "unread count",
            InboxCounterItem(keys.inbox_pk(note.org_id, note.recipient_id), keys.INBOX_COUNTER_SK),
            [
                InboxCounterItem.unread_count.add(1),
                InboxCounterItem.item_type.set(InboxCounterItem),  # type: ignore[arg-type]
                InboxCounterItem.org_id.set(note.org_id),
            ],
        )
    try:
        steps.write()
    except StepsRefused as refused:
        if "entry" in refused:
            return False
        # The totals changed, or a badge award / level-up note exists that the totals we read did
        # not know of (a manual award raced us): read again.
        raise VersionConflict from refused
    return True


class VersionConflict(RuntimeError):
    """The totals changed between read and write."""


def level_up_note(org_id: str, recipient: UserItem, level: int) -> NotificationItem:
    return inbox.new_note(
        org_id, recipient.user_id, f"level-{level}", kind="level_up", language=recipient.language, level=level
    )


def get_totals(org_id: str, user_id: str) -> PointsTotalItem | None:
    try:
        return PointsTotalItem.get(keys.points_pk(org_id, user_id), keys.POINTS_TOTAL_SK)
    except PointsTotalItem.DoesNotExist:
        return None


def list_ledger(org_id: str, user_id: str, limit: int, after: dict[str, Any] | None) -> Page[PointsEntryItem]:
    """Newest first."""
    pk = keys.points_pk(org_id, user_id)
    return query_page(
        PointsEntryItem,
        pk,
        keys.POINTS_LEDGER_PREFIX,
        limit=limit,
        after=after,
        on_gsi1=True,
    )


def get_rules(org_id: str) -> PointRulesItem | None:
    try:
        return PointRulesItem.get(keys.org_pk(org_id), keys.POINT_RULES_SK)
    except PointRulesItem.DoesNotExist:
        return None


def save_rules(item: PointRulesItem) -> None:
    item.save()
