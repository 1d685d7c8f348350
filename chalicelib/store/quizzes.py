"""Quizzes: `ORG#<org>#QUIZZES` / `QUIZ#<id>`, and in GSI1 by status (`ORG#<org>#QUIZZES#<status>` /
`QUIZ#<id>`) for "the published quizzes". Changes are Puts conditioned on the `version` read.

A campaign holds its quiz (`reserved_by`) while it is scheduled or open: taking it is an UpdateItem
conditioned on the quiz being published and free (in one transaction with the campaign's write,
chalicelib/store/campaigns.py), releasing it one conditioned on this campaign holding it. Both add
to the `version`, so an author's Put of the quiz as read before cannot undo them.
"""

from __future__ import annotations

from typing import Any

from pynamodb.exceptions import UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action

from chalicelib.store import keys
from chalicelib.store.conditions import is_condition_failure
from chalicelib.store.models import QuizItem
from chalicelib.store.pages import Page, query_page
from chalicelib.store.writes import save_versioned


def place(item: QuizItem) -> None:
    """Keys of the quiz, including its place in the by-status index."""
    item.pk = keys.quizzes_pk(item.org_id)
    item.sk = keys.quiz_sk(item.quiz_id)
    item.gsi1pk = keys.quizzes_by_status_pk(item.org_id, item.status)
    item.gsi1sk = keys.quiz_sk(item.quiz_id)


def save_new(item: QuizItem) -> None:
    place(item)
    item.save(condition=QuizItem.pk.does_not_exist())


def save_changed(item: QuizItem, read_version: int) -> bool:
    """Write a changed quiz if nobody changed it since `read_version`; False if they did."""
    place(item)
    return save_versioned(item, read_version)


PUBLISHED = "published"  # the only status a campaign may hold (chalicelib/quizzes/rules.py)


def hold(
    org_id: str, quiz_id: str, campaign_id: str, replacing: str | None
) -> tuple[QuizItem, list[Action], Condition]:
    """The update that makes `campaign_id` hold the quiz, for a transaction: only a published quiz that
    is free, held by this campaign already, or held by `replacing` (a campaign that holds it no more)."""
    item = QuizItem(keys.quizzes_pk(org_id), keys.quiz_sk(quiz_id))
    free = QuizItem.reserved_by.does_not_exist() | (QuizItem.reserved_by == campaign_id)
    if replacing is not None:
        free = free | (QuizItem.reserved_by == replacing)
    actions: list[Action] = [QuizItem.reserved_by.set(campaign_id), QuizItem.version.add(1)]
    condition: Condition = (QuizItem.status == PUBLISHED) & free
    return item, actions, condition


def release(org_id: str, quiz_id: str, campaign_id: str) -> bool:
    """Free the quiz if `campaign_id` holds it; False if it did not (released already, or another's)."""
    item = QuizItem(keys.quizzes_pk(org_id), keys.quiz_sk(quiz_id))
    try:
        item.update(
            actions=[QuizItem.reserved_by.remove(), QuizItem.version.add(1)],
            condition=QuizItem.reserved_by == campaign_id,
        )
    except UpdateError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


def get_quiz(org_id: str, quiz_id: str, consistent: bool = False) -> QuizItem | None:
    try:
        return QuizItem.get(keys.quizzes_pk(org_id), keys.quiz_sk(quiz_id), consistent_read=consistent)
    except QuizItem.DoesNotExist:
        return None


def get_quizzes(org_id: str, quiz_ids: list[str] | tuple[str, ...]) -> dict[str, QuizItem]:
    """Several quizzes in one BatchGetItem (PynamoDB pages it by 100 keys)."""
    wanted = [(keys.quizzes_pk(org_id), keys.quiz_sk(q)) for q in dict.fromkeys(quiz_ids)]
    if not wanted:
        return {}
    return {
        item.quiz_id: item
        for item in QuizItem.batch_get(wanted)
        if isinstance(item, QuizItem) and item.org_id == org_id
    }


def list_quizzes(org_id: str, status: str | None, limit: int, after: dict[str, Any] | None) -> Page[QuizItem]:
    """Newest first: all of them (the bank's partition), or those of one status (GSI1)."""
    if status is None:
        pk, on_gsi1 = keys.quizzes_pk(org_id), False
    else:
        pk, on_gsi1 = keys.quizzes_by_status_pk(org_id, status), True
    return query_page(QuizItem, pk, keys.QUIZ_SK_PREFIX, limit=limit, after=after, on_gsi1=on_gsi1)
