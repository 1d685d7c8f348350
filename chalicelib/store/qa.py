"""Questions and answers: answers, votes and acceptance with the question's counters, in one
transaction each, so counts always agree with the records (also under retries and double clicks)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pynamodb.exceptions import UpdateError
from pynamodb.expressions.condition import Condition

from chalicelib.store import keys
from chalicelib.store.batch import get_items
from chalicelib.store.conditions import is_condition_failure
from chalicelib.store.models import (
    ContentRequestItem,
    ExpertSkillItem,
    KringItem,
    PostItem,
    QaAnswerItem,
    QaSettingsItem,
    QaVoterItem,
    RoutedQuestionItem,
)
from chalicelib.store.pages import Page
from chalicelib.store.writes import Steps, StepsRefused

UNANSWERED, ANSWERED, SOLVED = "unanswered", "answered", "solved"


def _question_is(post: PostItem) -> Condition:
    """The question is still as it was read: published, and accepted the same answer (or none)."""
    same = (
        PostItem.accepted_answer_id.does_not_exist()
        if not post.accepted_answer_id
        else PostItem.accepted_answer_id == post.accepted_answer_id
    )
    condition: Condition = (PostItem.status == "published") & (PostItem.post_kind == "question") & same
    return condition


def _listed(post: PostItem, state: str) -> list[Any]:
    return [PostItem.gsi1pk.set(keys.community_questions_pk(post.org_id, post.community_id, state))]


# Answers --------------------------------------------------------------------------------------


@dataclass
class QuestionPage:
    answers: list[QaAnswerItem]
    my_votes: set[str] = field(default_factory=set)


def question_page(org_id: str, post_id: str, user_id: str) -> QuestionPage:
    """The answers and the caller's votes: one Query of the question's partition, other voters'
    items left out by the filter (they are small: one per member who voted on this question)."""
    page = QuestionPage([])
    condition = (QaAnswerItem.item_type == QaAnswerItem) | (QaVoterItem.user_id == user_id)  # type: ignore[comparison-overlap]
    for item in KringItem.query(keys.qa_pk(org_id, post_id), filter_condition=condition):
        if isinstance(item, QaAnswerItem):
            page.answers.append(item)
        elif isinstance(item, QaVoterItem):
            page.my_votes = {str(a) for a in item.answer_ids or ()}
    return page


def get_answer(org_id: str, post_id: str, answer_id: str) -> QaAnswerItem | None:
    try:
        return QaAnswerItem.get(
            keys.qa_pk(org_id, post_id), keys.qa_answer_sk(answer_id), consistent_read=True
        )
    except QaAnswerItem.DoesNotExist:
        return None


def question_and_answer(
    org_id: str, community_id: str, post_id: str, answer_id: str
) -> tuple[PostItem | None, QaAnswerItem | None]:
    """The question and one of its answers, in one BatchGetItem."""
    post_key = (keys.community_pk(org_id, community_id), keys.post_sk(post_id))
    answer_key = (keys.qa_pk(org_id, post_id), keys.qa_answer_sk(answer_id))
    found = get_items([post_key, answer_key])
    post, answer = found.get(post_key), found.get(answer_key)
    return (
        post if isinstance(post, PostItem) else None,
        answer if isinstance(answer, QaAnswerItem) else None,
    )


def claim_promotion(answer: QaAnswerItem, content_id: str) -> str:
    """The lesson id the answer is promoted into: `content_id` if this call is the first to claim
    it, the earlier claim's id otherwise (one conditional write; a consistent read after losing)."""
    try:
        answer.update(
            actions=[QaAnswerItem.promoted_content_id.set(content_id)],
            condition=QaAnswerItem.pk.exists() & QaAnswerItem.promoted_content_id.does_not_exist(),
        )
    except UpdateError as exc:
        if not is_condition_failure(exc):
            raise
        fresh = get_answer(answer.org_id, answer.post_id, answer.answer_id)
        if fresh is None or not fresh.promoted_content_id:
            raise
        return str(fresh.promoted_content_id)
    return content_id


class QuestionChanged(Exception):
    """The question changed (or went) since it was read."""


def save_answer(question: PostItem, answer: QaAnswerItem) -> None:
    """The answer, and the question counting it (listed as answered if it was unanswered)."""
    steps = Steps()
    steps.put("answer", answer, QaAnswerItem.pk.does_not_exist())
    actions: list[Any] = [PostItem.answer_count.add(1)]
    if not question.accepted_answer_id:
        actions += _listed(question, ANSWERED)
    steps.update("question", question, actions, _question_is(question))
    try:
        steps.write()
    except StepsRefused as refused:
        if "question" in refused:
            raise QuestionChanged from refused
        raise


def accept(question: PostItem, answer: QaAnswerItem, by: str, at: datetime) -> None:
    """`answer` becomes the accepted one (the one accepted before, if any, is not any more)."""
    steps = Steps()
    steps.update(
        "question",
        question,
        [PostItem.accepted_answer_id.set(answer.answer_id), *_listed(question, SOLVED)],
        _question_is(question),
    )
    steps.update(
        "answer",
        answer,
        [QaAnswerItem.accepted.set(True), QaAnswerItem.accepted_at.set(at), QaAnswerItem.accepted_by.set(by)],
        QaAnswerItem.status == "published",
    )
    if question.accepted_answer_id and question.accepted_answer_id != answer.answer_id:
        before = QaAnswerItem(
            keys.qa_pk(question.org_id, question.post_id), keys.qa_answer_sk(question.accepted_answer_id)
        )
        steps.update("before", before, [QaAnswerItem.accepted.set(False)], QaAnswerItem.pk.exists())
    try:
        steps.write()
    except StepsRefused as refused:
        raise QuestionChanged from refused


def unaccept(question: PostItem, answer_id: str) -> None:
    """The question is open again; its answer stays (as not accepted)."""
    answer = QaAnswerItem(keys.qa_pk(question.org_id, question.post_id), keys.qa_answer_sk(answer_id))
    steps = Steps()
    steps.update(
        "question",
        question,
        [PostItem.accepted_answer_id.remove(), *_listed(question, ANSWERED)],
        _question_is(question),
    )
    steps.update("answer", answer, [QaAnswerItem.accepted.set(False)], QaAnswerItem.pk.exists())
    try:
        steps.write()
    except StepsRefused as refused:
        raise QuestionChanged from refused


# Votes ----------------------------------------------------------------------------------------


def _voter(org_id: str, post_id: str, user_id: str) -> QaVoterItem:
    return QaVoterItem(keys.qa_pk(org_id, post_id), keys.qa_voter_sk(user_id))


def vote(answer: QaAnswerItem, user_id: str, up: bool) -> bool:
    """Add (or take back) `user_id`'s upvote of the answer and count it, together. False when
    nothing changed: voted before (or had not voted), so a retry counts nothing twice."""
    voter = _voter(answer.org_id, answer.post_id, user_id)
    steps = Steps()
    if up:
        steps.update(
            "vote",
            voter,
            [
                QaVoterItem.answer_ids.add({answer.answer_id}),
                QaVoterItem.item_type.set(QaVoterItem),  # type: ignore[arg-type]
                QaVoterItem.org_id.set(answer.org_id),
                QaVoterItem.post_id.set(answer.post_id),
                QaVoterItem.user_id.set(user_id),
            ],
            QaVoterItem.pk.does_not_exist() | ~QaVoterItem.answer_ids.contains(answer.answer_id),
        )
    else:
        steps.update(
            "vote",
            voter,
            [QaVoterItem.answer_ids.delete({answer.answer_id})],
            QaVoterItem.answer_ids.contains(answer.answer_id),
        )
    steps.update(
        "answer", answer, [QaAnswerItem.vote_count.add(1 if up else -1)], QaAnswerItem.status == "published"
    )
    try:
        steps.write()
    except StepsRefused as refused:
        if "vote" in refused:
            return False
        raise QuestionChanged from refused
    return True


# Lists ----------------------------------------------------------------------------------------


def questions_in_state(
    org_id: str, community_id: str, state: str, limit: int, after: dict[str, Any] | None
) -> Page[PostItem]:
    """A community's questions in one state, newest first (one Query of GSI1)."""
    results = KringItem.gsi1.query(
        keys.community_questions_pk(org_id, community_id, state),
        scan_index_forward=False,
        limit=limit,
        last_evaluated_key=after,
    )
    items = [item for item in results if isinstance(item, PostItem)]
    return Page(items, results.last_evaluated_key)


def get_posts(org_id: str, pairs: list[tuple[str, str]]) -> dict[str, PostItem]:
    """Posts by (community, post id), one BatchGetItem for up to 100."""
    wanted = [(keys.community_pk(org_id, cid), keys.post_sk(pid)) for cid, pid in pairs]
    return {item.post_id: item for item in get_items(wanted).values() if isinstance(item, PostItem)}


# Experts --------------------------------------------------------------------------------------


def my_skills(org_id: str, user_id: str) -> list[ExpertSkillItem]:
    return [
        item
        for item in KringItem.query(keys.expertise_pk(org_id, user_id))
        if isinstance(item, ExpertSkillItem)
    ]


def new_skill(org_id: str, user_id: str, skill: str, display_name: str, at: datetime) -> ExpertSkillItem:
    return ExpertSkillItem(
        keys.expertise_pk(org_id, user_id),
        keys.expert_skill_sk(skill),
        org_id=org_id,
        user_id=user_id,
        skill=skill,
        display_name=display_name,
        declared_at=at,
        gsi1pk=keys.experts_pk(org_id, skill),
        gsi1sk=user_id,
    )


def replace_skills(adding: list[ExpertSkillItem], removing: list[ExpertSkillItem]) -> None:
    steps = Steps()
    for item in adding:
        steps.put("add", item)
    for item in removing:
        steps.delete("remove", item)
    if len(steps):
        steps.write()


def experts_of(org_id: str, skill: str) -> list[str]:
    """The user ids of the organisation's experts of a skill (one Query of GSI1)."""
    return [
        item.user_id
        for item in KringItem.gsi1.query(keys.experts_pk(org_id, skill))
        if isinstance(item, ExpertSkillItem)
    ]


def route_to(item: RoutedQuestionItem) -> bool:
    """Note the question in the expert's "questions for me", once."""
    try:
        item.save(condition=RoutedQuestionItem.pk.does_not_exist())
    except Exception as error:  # a condition failure: routed before
        if is_condition_failure(error):
            return False
        raise
    return True


def new_routed(
    org_id: str, user_id: str, post: PostItem, reason: str, skill: str | None, at: datetime
) -> RoutedQuestionItem:
    return RoutedQuestionItem(
        keys.routed_pk(org_id, user_id),
        post.post_id,
        org_id=org_id,
        user_id=user_id,
        post_id=post.post_id,
        community_id=post.community_id,
        reason=reason,
        skill=skill,
        routed_at=at,
    )


def routed_to(
    org_id: str, user_id: str, limit: int, after: dict[str, Any] | None
) -> Page[RoutedQuestionItem]:
    results = RoutedQuestionItem.query(
        keys.routed_pk(org_id, user_id), scan_index_forward=False, limit=limit, last_evaluated_key=after
    )
    return Page(list(results), results.last_evaluated_key)


# Content requests -----------------------------------------------------------------------------


def open_request(item: ContentRequestItem) -> bool:
    """A content request for the question, once: False if it was made before."""
    try:
        item.save(condition=ContentRequestItem.pk.does_not_exist())
    except Exception as error:
        if is_condition_failure(error):
            return False
        raise
    return True


def get_request(org_id: str, request_id: str) -> ContentRequestItem | None:
    try:
        return ContentRequestItem.get(
            keys.content_requests_pk(org_id), keys.content_request_sk(request_id), consistent_read=True
        )
    except ContentRequestItem.DoesNotExist:
        return None


def requests(org_id: str, limit: int, after: dict[str, Any] | None) -> Page[ContentRequestItem]:
    """The organisation's content requests not closed, newest first (one Query; closed ones filtered)."""
    results = ContentRequestItem.query(
        keys.content_requests_pk(org_id),
        scan_index_forward=False,
        limit=limit,
        last_evaluated_key=after,
        filter_condition=ContentRequestItem.state != "closed",
    )
    return Page(list(results), results.last_evaluated_key)


def change_request(item: ContentRequestItem, actions: list[Any], expected_state: str) -> bool:
    try:
        item.update(actions=actions, condition=ContentRequestItem.state == expected_state)
    except Exception as error:
        if is_condition_failure(error):
            return False
        raise
    return True


# Settings -------------------------------------------------------------------------------------


def get_settings(org_id: str, community_id: str) -> QaSettingsItem | None:
    try:
        return QaSettingsItem.get(keys.community_pk(org_id, community_id), keys.QA_SETTINGS_SK)
    except QaSettingsItem.DoesNotExist:
        return None


def save_settings(item: QaSettingsItem) -> None:
    item.save()


def settings_item(org_id: str, community_id: str, **attributes: Any) -> QaSettingsItem:
    return QaSettingsItem(
        keys.community_pk(org_id, community_id), keys.QA_SETTINGS_SK, org_id=org_id, **attributes
    )
