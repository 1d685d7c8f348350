"""Answers to a question: answer, accept (and take back), upvote (and take back)."""

from __future__ import annotations

from chalicelib.api.framework import ApiRequest, Created
from chalicelib.api.qa_models import (
    ANSWER,
    QUESTION,
    Answer,
    AskedQuestion,
    NewAnswer,
    Promoted,
    Promotion,
    api,
)
from chalicelib.api.relations import Relation
from chalicelib.principal import Role
from chalicelib.qa import answers


@api.route(
    QUESTION + "/answers",
    "POST",
    operation_id="answerQuestion",
    relation=Relation.COMMUNITY_MEMBER,
    summary="Answer a question (members who may post)",
    request=NewAnswer,
    response=Answer,
    status=201,
    idempotent=True,
)
def answer_question(request: ApiRequest) -> Created:
    body: NewAnswer = request.body
    community_id = request.path_params["community_id"]
    item = answers.answer(request.principal, community_id, request.resolved.post, body.body)
    return Created(
        Answer.of(item, False, None),
        f"/v1/communities/{community_id}/questions/{item.post_id}#{item.answer_id}",
    )


def _ids(request: ApiRequest) -> tuple[str, str, str]:
    params = request.path_params
    return params["community_id"], params["post_id"], params["answer_id"]


@api.route(
    ANSWER + "/accepted",
    "PUT",
    operation_id="acceptAnswer",
    relation=Relation.POST_AUTHOR_OR_MODERATOR,
    summary="Accept an answer: shown first, the question solved (the asker or a moderator)",
    response=AskedQuestion,
)
def accept_answer(request: ApiRequest) -> AskedQuestion:
    return AskedQuestion.of(answers.accept(request.principal, *_ids(request)))


@api.route(
    ANSWER + "/accepted",
    "DELETE",
    operation_id="unacceptAnswer",
    relation=Relation.POST_AUTHOR_OR_MODERATOR,
    summary="Take back the acceptance: the question is open again (the asker or a moderator)",
    response=AskedQuestion,
)
def unaccept_answer(request: ApiRequest) -> AskedQuestion:
    return AskedQuestion.of(answers.unaccept(request.principal, *_ids(request)))


@api.route(
    ANSWER + "/vote",
    "PUT",
    operation_id="upvoteAnswer",
    relation=Relation.COMMUNITY_MEMBER,
    summary="Upvote an answer (once per member; not one's own)",
    response=Answer,
)
def upvote(request: ApiRequest) -> Answer:
    item = answers.vote(request.principal, *_ids(request), up=True)
    return Answer.of(item, True, None if not item.accepted else item.answer_id)


@api.route(
    ANSWER + "/vote",
    "DELETE",
    operation_id="withdrawAnswerVote",
    relation=Relation.COMMUNITY_MEMBER,
    summary="Take back my upvote of an answer",
    response=Answer,
)
def withdraw_vote(request: ApiRequest) -> Answer:
    item = answers.vote(request.principal, *_ids(request), up=False)
    return Answer.of(item, False, None if not item.accepted else item.answer_id)


@api.route(
    ANSWER + "/promote",
    "POST",
    operation_id="promoteAnswer",
    relation=Relation.COMMUNITY_READER,
    roles=frozenset({Role.MENTOR, Role.COMMUNITY_MANAGER, Role.ORG_ADMIN}),
    summary="Put the accepted answer in the knowledge base: a published lesson with a review date (experts)",
    request=Promotion,
    response=Promoted,
    status=201,
)
def promote_answer(request: ApiRequest) -> Created:
    # Only this route turns an answer into a lesson: the lesson code loads on its first call.
    from chalicelib.qa import promote

    body: Promotion = request.body
    head = promote.promote(request.principal, *_ids(request), body.language, body.review_on)
    return Created(
        Promoted(content_id=head.content_id, kind="lesson", review_on=head.review_on),
        f"/v1/lessons/{head.content_id}",
    )
