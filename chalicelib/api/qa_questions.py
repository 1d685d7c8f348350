"""Questions of a community: ask, list by state, the question page, similar questions, timing."""

from __future__ import annotations

from chalicelib.api.framework import ApiRequest, Created
from chalicelib.api.qa_models import (
    QUESTION,
    QUESTIONS,
    Answer,
    AskedQuestion,
    AskedQuestionList,
    AskedQuestionPage,
    NewQuestion,
    QaSettings,
    QuestionListQuery,
    SimilarQuery,
    SimilarQuestion,
    SimilarQuestions,
    api,
)
from chalicelib.api.relations import Relation
from chalicelib.qa import questions


@api.route(
    QUESTIONS,
    "POST",
    operation_id="askQuestion",
    relation=Relation.COMMUNITY_MEMBER,
    summary="Ask the community a question (a post of the wall); its experts hear of it",
    request=NewQuestion,
    response=AskedQuestion,
    status=201,
    idempotent=True,
)
def ask_question(request: ApiRequest) -> Created:
    body: NewQuestion = request.body
    post = questions.ask(
        request.principal, request.path_params["community_id"], body.body, list(body.skill_tags)
    )
    return Created(AskedQuestion.of(post), f"/v1/communities/{post.community_id}/questions/{post.post_id}")


@api.route(
    QUESTIONS,
    "GET",
    operation_id="listCommunityQuestions",
    relation=Relation.COMMUNITY_READER,
    summary="The community's questions in one state (unanswered, answered, solved), newest first",
    query=QuestionListQuery,
    response=AskedQuestionList,
)
def list_questions(request: ApiRequest) -> AskedQuestionList:
    query: QuestionListQuery = request.query
    page = questions.list_questions(
        request.principal,
        request.path_params["community_id"],
        query.state,
        query.limit,
        request.cursor_in(query.cursor),
    )
    return AskedQuestionList(
        items=[AskedQuestion.of(p) for p in page.items], next_cursor=request.cursor_out(page.last_key)
    )


@api.route(
    QUESTION,
    "GET",
    operation_id="getQuestionPage",
    relation=Relation.COMMUNITY_READER,
    summary="A question with its answers (the accepted one first) and my votes",
    response=AskedQuestionPage,
)
def get_question(request: ApiRequest) -> AskedQuestionPage:
    view = questions.question_page(
        request.principal, request.path_params["community_id"], request.resolved.post
    )
    accepted = view.question.accepted_answer_id
    return AskedQuestionPage(
        question=AskedQuestion.of(view.question),
        answers=[Answer.of(a, a.answer_id in view.my_votes, accepted) for a in view.answers],
    )


@api.route(
    "/v1/communities/{community_id}/similar-questions",
    "GET",
    operation_id="suggestSimilarQuestions",
    relation=Relation.COMMUNITY_READER,
    summary="Questions of the community like the one being typed (to find an answer before asking)",
    query=SimilarQuery,
    response=SimilarQuestions,
)
def suggest_similar(request: ApiRequest) -> SimilarQuestions:
    hits = questions.similar_questions(
        request.principal,
        request.path_params["community_id"],
        request.query.q,
        request.config.search_refresh_seconds,
        request.config.profile_cache_seconds,
    )
    return SimilarQuestions(
        items=[
            SimilarQuestion(id=h.entry.source_id, title=h.entry.title, snippet=h.entry.snippet) for h in hits
        ]
    )


@api.route(
    "/v1/communities/{community_id}/question-settings",
    "GET",
    operation_id="getQuestionSettings",
    relation=Relation.COMMUNITY_READER,
    summary="When the community's unanswered questions are escalated and become content requests",
    response=QaSettings,
)
def get_settings(request: ApiRequest) -> QaSettings:
    return QaSettings.of(questions.timing_of(request.principal.org_id, request.path_params["community_id"]))


@api.route(
    "/v1/communities/{community_id}/question-settings",
    "PUT",
    operation_id="setQuestionSettings",
    relation=Relation.COMMUNITY_MODERATOR,
    summary="Set when unanswered questions are escalated and become content requests (moderators)",
    request=QaSettings,
    response=QaSettings,
)
def set_settings(request: ApiRequest) -> QaSettings:
    body: QaSettings = request.body
    item = questions.set_timing(
        request.principal,
        request.path_params["community_id"],
        body.escalate_after_hours,
        body.request_after_days,
    )
    return QaSettings.of(item)
