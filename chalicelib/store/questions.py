"""The question bank: `ORG#<org>#QUESTIONS` / `QUESTION#<id>`, and in GSI1 by status
(`ORG#<org>#QUESTIONS#<status>` / `QUESTION#<id>`) for "my organisation's drafts / published ones".

Every change is a Put conditioned on the `version` that was read, so two authors editing the same
question cannot silently overwrite each other.
"""

from __future__ import annotations

from typing import Any

from chalicelib.store import keys
from chalicelib.store.models import QuestionItem
from chalicelib.store.pages import Page, query_page
from chalicelib.store.writes import save_versioned


def place(item: QuestionItem) -> None:
    """Keys of the question, including its place in the by-status index."""
    item.pk = keys.questions_pk(item.org_id)
    item.sk = keys.question_sk(item.question_id)
    item.gsi1pk = keys.questions_by_status_pk(item.org_id, item.status)
    item.gsi1sk = keys.question_sk(item.question_id)


def save_new(item: QuestionItem) -> None:
    place(item)
    item.save(condition=QuestionItem.pk.does_not_exist())


def save_changed(item: QuestionItem, read_version: int) -> bool:
    """Write a changed question if nobody changed it since `read_version`; False if they did."""
    place(item)
    return save_versioned(item, read_version)


def get_question(org_id: str, question_id: str, consistent: bool = False) -> QuestionItem | None:
    try:
        return QuestionItem.get(
            keys.questions_pk(org_id), keys.question_sk(question_id), consistent_read=consistent
        )
    except QuestionItem.DoesNotExist:
        return None


def get_questions(org_id: str, question_ids: list[str] | tuple[str, ...]) -> dict[str, QuestionItem]:
    """Several questions in one BatchGetItem (PynamoDB pages it by 100 keys)."""
    wanted = [(keys.questions_pk(org_id), keys.question_sk(q)) for q in dict.fromkeys(question_ids)]
    if not wanted:
        return {}
    return {
        item.question_id: item
        for item in QuestionItem.batch_get(wanted)
        if isinstance(item, QuestionItem) and item.org_id == org_id
    }


def list_questions(
    org_id: str, status: str | None, limit: int, after: dict[str, Any] | None
) -> Page[QuestionItem]:
    """Newest first: all of them (the bank's partition), or those of one status (GSI1)."""
    if status is None:
        pk, on_gsi1 = keys.questions_pk(org_id), False
    else:
        pk, on_gsi1 = keys.questions_by_status_pk(org_id, status), True
    return query_page(QuestionItem, pk, keys.QUESTION_SK_PREFIX, limit=limit, after=after, on_gsi1=on_gsi1)
