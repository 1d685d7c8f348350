"""Moderation: the queue of open cases, the log, the word list and posting counters.

A community's moderation partition (`ORG#<org>#COMMUNITY#<c>#MODERATION`) holds its open
cases (`OPEN#<target>`, the queue is one Query) and its log (`LOG#<ulid>`). A moderator's
action changes the post or comment only if it is still in the state the moderator saw, and
moves its counters, settles its case and logs the action in one transaction, so two
moderators acting at once count once.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from pynamodb.exceptions import PutError, TransactWriteError, UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from chalicelib.errors import Conflict, RateLimited
from chalicelib.store import keys, memberships
from chalicelib.store.models import (
    CommentItem,
    CommunityItem,
    CommunityMemberItem,
    ContentItem,
    ModerationCaseItem,
    ModerationLogItem,
    PostingRateItem,
    PostItem,
    WordListItem,
    transaction_connection,
)
from chalicelib.store.pages import Page, query_page
from chalicelib.store.writes import Steps, StepsRefused

REASONS = ("spam", "harassment", "misinformation", "off_topic", "other")


def post_target_key(post_id: str) -> str:
    return f"{post_id}#POST"


def comment_target_key(post_id: str, own_comment_id: str, public_comment_id: str) -> str:
    """Keyed by the comment's own ULID first, so the queue is in the order things were written."""
    return f"{own_comment_id}#COMMENT#{post_id}#{public_comment_id}"


def case_key(org_id: str, community_id: str, target_key: str) -> tuple[str, str]:
    return keys.moderation_pk(org_id, community_id), keys.moderation_case_sk(target_key)


# --- posting counters -------------------------------------------------------------------------


@dataclass(frozen=True)
class RateWindow:
    name: str  # MINUTE | DAY
    start: str
    limit: int
    ends_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class WritesAlongside:
    """What goes in the same transaction as a new post or comment: the author's posting counters
    (each must stay under its limit) and, for content held by the word list, its queue entry."""

    org_id: str
    user_id: str
    now: datetime
    windows: Sequence[RateWindow] = ()
    held_case: ModerationCaseItem | None = None
    # An edit: the content's case may be open already (reports), and it keeps them.
    case_may_exist: bool = False

    def add_to(self, steps: Steps) -> None:
        for window in self.windows:
            counter = PostingRateItem(
                keys.posting_rate_pk(self.org_id, self.user_id),
                keys.posting_rate_sk(window.name, window.start),
            )
            steps.update(
                _rate_step(window),
                counter,
                [
                    PostingRateItem.written.add(1),
                    PostingRateItem.item_type.set(PostingRateItem),  # type: ignore[arg-type]
                    PostingRateItem.org_id.set(self.org_id),
                    PostingRateItem.user_id.set(self.user_id),
                    PostingRateItem.expires_at.set(window.expires_at),
                ],
                PostingRateItem.pk.does_not_exist() | (PostingRateItem.written < window.limit),
            )
        if self.held_case is not None and self.case_may_exist:
            steps.update("held case", self.held_case, _hold_actions(self.held_case))
        elif self.held_case is not None:
            steps.put("held case", self.held_case, ModerationCaseItem.pk.does_not_exist())

    def raise_if_refused(self, refused: StepsRefused) -> None:
        """RateLimited if a posting counter was at its limit."""
        for window in self.windows:
            if _rate_step(window) in refused:
                wait = max(1, math.ceil((window.ends_at - self.now).total_seconds()))
                per = "minute" if window.name == "MINUTE" else "day"
                raise RateLimited(
                    f"At most {window.limit} posts and comments per {per}; try again in {wait} seconds.",
                    wait,
                )


def _rate_step(window: RateWindow) -> str:
    return f"posting rate {window.name}"


def _hold_actions(case: ModerationCaseItem) -> list[Action]:
    """Open the case of edited content held by the word list, or mark its open case held (its
    reports stay; it opened when it was first reported)."""
    return [
        ModerationCaseItem.item_type.set(ModerationCaseItem),  # type: ignore[arg-type]
        ModerationCaseItem.org_id.set(case.org_id),
        ModerationCaseItem.community_id.set(case.community_id),
        ModerationCaseItem.target_kind.set(case.target_kind),
        ModerationCaseItem.post_id.set(case.post_id),
        ModerationCaseItem.comment_id.set(case.comment_id),
        ModerationCaseItem.author_id.set(case.author_id),
        ModerationCaseItem.author_name.set(case.author_name),
        ModerationCaseItem.body.set(case.body),
        ModerationCaseItem.held.set(True),
        ModerationCaseItem.held_words.set(case.held_words),
        ModerationCaseItem.opened_at.set(ModerationCaseItem.opened_at | case.opened_at),
    ]


def rate_windows(now: datetime, per_minute: int, per_day: int) -> list[RateWindow]:
    windows = []
    if per_minute > 0:
        minute = now.replace(second=0, microsecond=0)
        ends = minute + timedelta(minutes=1)
        windows.append(
            RateWindow(
                "MINUTE", minute.strftime("%Y-%m-%dT%H:%M"), per_minute, ends, ends + timedelta(hours=1)
            )
        )
    if per_day > 0:
        day = now.replace(hour=0, minute=0, second=0, microsecond=0)
        ends = day + timedelta(days=1)
        windows.append(RateWindow("DAY", day.strftime("%Y-%m-%d"), per_day, ends, ends + timedelta(days=1)))
    return windows


# --- word list -----------------------------------------------------------------------------------


def word_list_key(org_id: str) -> tuple[str, str]:
    return keys.org_pk(org_id), keys.WORD_LIST_SK


def get_word_list(org_id: str) -> WordListItem | None:
    try:
        return WordListItem.get(*word_list_key(org_id))
    except WordListItem.DoesNotExist:
        return None


def save_word_list(item: WordListItem) -> None:
    item.save()


# --- cases (the queue) ---------------------------------------------------------------------------


def get_case(org_id: str, community_id: str, target_key: str) -> ModerationCaseItem | None:
    try:
        return ModerationCaseItem.get(*case_key(org_id, community_id, target_key), consistent_read=True)
    except ModerationCaseItem.DoesNotExist:
        return None


def open_case(case: ModerationCaseItem) -> bool:
    """A case's first report. False if someone opened it meanwhile."""
    try:
        case.save(condition=ModerationCaseItem.pk.does_not_exist())
    except PutError as exc:
        if _condition_failed(exc):
            return False
        raise
    return True


def add_report(case: ModerationCaseItem, actions: list[Action]) -> bool:
    """One more report on an open case, if nobody changed it since it was read. False otherwise."""
    try:
        case.update(
            actions=actions,
            condition=ModerationCaseItem.pk.exists()
            & (ModerationCaseItem.report_count == case.report_count)
            & (ModerationCaseItem.held == case.held),
        )
    except UpdateError as exc:
        if _condition_failed(exc):
            return False
        raise
    return True


def _condition_failed(error: Exception) -> bool:
    cause = getattr(error, "cause_response_code", None)
    return cause == "ConditionalCheckFailedException"


def list_cases(
    org_id: str, community_id: str, limit: int, after: dict[str, Any] | None
) -> Page[ModerationCaseItem]:
    """The queue, newest content first."""
    return query_page(
        ModerationCaseItem,
        keys.moderation_pk(org_id, community_id),
        keys.MODERATION_CASE_SK_PREFIX,
        limit=limit,
        after=after,
    )


def list_log(
    org_id: str, community_id: str, limit: int, after: dict[str, Any] | None
) -> Page[ModerationLogItem]:
    return query_page(
        ModerationLogItem,
        keys.moderation_pk(org_id, community_id),
        keys.MODERATION_LOG_SK_PREFIX,
        limit=limit,
        after=after,
    )


# --- actions ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CounterChange:
    """An update of a counter on another item, in the same transaction as a transition."""

    item: CommunityItem | PostItem | CommentItem
    actions: list[Action]
    condition: Condition | None = None


@dataclass
class Transition:
    """A post or comment from the status the moderator saw to a new one, with what goes with it."""

    target: ContentItem
    from_status: str
    actions: list[Action]
    counters: list[CounterChange] = field(default_factory=list)
    settle_case: tuple[str, str] | None = None


def apply_transition(transition: Transition, entry: ModerationLogItem) -> None:
    target = transition.target
    try:
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.update(
                target, actions=transition.actions, condition=type(target).status == transition.from_status
            )
            for change in transition.counters:
                transaction.update(change.item, actions=change.actions, condition=change.condition)
            if transition.settle_case is not None:
                transaction.delete(ModerationCaseItem(*transition.settle_case))
            transaction.save(entry, condition=ModerationLogItem.pk.does_not_exist())
    except TransactWriteError as exc:
        raise Conflict("Someone changed this meanwhile; reload and try again.") from exc


def settle_case(case: ModerationCaseItem, entry: ModerationLogItem) -> None:
    """Dismiss a case's reports: the case goes, the log keeps it."""
    try:
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.delete(case, condition=ModerationCaseItem.report_count == case.report_count)
            transaction.save(entry, condition=ModerationLogItem.pk.does_not_exist())
    except TransactWriteError as exc:
        raise Conflict("New reports arrived meanwhile; reload and try again.") from exc


def change_membership(
    membership: CommunityMemberItem, actions: list[Action], entry: ModerationLogItem
) -> None:
    """Mute or unmute, if the membership is still as the moderator saw it."""
    try:
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.update(
                membership,
                actions=actions,
                condition=(CommunityMemberItem.status == membership.status)
                & (CommunityMemberItem.muted == bool(membership.muted)),
            )
            transaction.save(entry, condition=ModerationLogItem.pk.does_not_exist())
    except TransactWriteError as exc:
        raise Conflict("The membership changed meanwhile; reload and try again.") from exc


def remove_membership(membership: CommunityMemberItem, entry: ModerationLogItem) -> None:
    """Remove someone from a community: the membership stays, `removed` (so joining again needs a
    moderator's invitation), and the member count follows, as when they leave."""
    try:
        with TransactWrite(connection=transaction_connection()) as transaction:
            memberships.add_ending(transaction, membership, "removed")
            transaction.save(entry, condition=ModerationLogItem.pk.does_not_exist())
    except TransactWriteError as exc:
        raise Conflict("The membership changed meanwhile; reload and try again.") from exc
