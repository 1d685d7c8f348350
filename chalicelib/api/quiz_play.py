"""Playing a quiz: /v1/quizzes/{quiz_id}/play/... (practice) and /v1/campaigns/{campaign_id}/play/...
(an open quiz campaign): the next question, an answer, the results."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from chalicelib.api.framework import ApiRequest, Created
from chalicelib.api.quiz_common import NUMBER, OptionView, api
from chalicelib.api.relations import Relation
from chalicelib.api.schemas import request_model_config
from chalicelib.ids import iso
from chalicelib.quizzes import bank, play, rules
from chalicelib.store import keys
from chalicelib.store.models import AnswerItem, ServedItem

# Playing --------------------------------------------------------------------------------------


class ServedQuestion(BaseModel):
    question_id: str
    position: int  # 1-based
    kind: str
    language: str
    prompt: str
    options: list[OptionView]
    image_media_id: str | None
    image_url: str | None  # short-lived
    served_at: str
    answer_by: str  # served_at + the time allowed (the server measures)
    seconds_allowed: int
    speed_bonus_max: int
    accessible: bool


class NextQuestion(BaseModel):
    done: bool
    total_questions: int
    answered: int
    question: ServedQuestion | None


def _next(request: ApiRequest, context: play.PlayContext) -> NextQuestion:
    return _next_view(context, play.next_question(request.principal, context))


def _next_view(context: play.PlayContext, served: play.Served | None) -> NextQuestion:
    total = len(context.quiz.question_ids or [])
    if served is None:
        return NextQuestion(done=True, total_questions=total, answered=total, question=None)
    item = served.served
    return NextQuestion(
        done=False,
        total_questions=served.total,
        answered=served.answered,
        question=ServedQuestion(
            question_id=item.question_id,
            position=int(item.position) + 1,
            kind=item.kind,
            language=served.shown.language,
            prompt=served.shown.prompt,
            options=[OptionView(id=o.id, text=o.text) for o in served.shown.options],
            image_media_id=served.question.image_media_id,
            image_url=bank.image_url(served.question),
            served_at=iso(item.served_at),
            answer_by=iso(play.deadline(item)),
            seconds_allowed=int(item.seconds_allowed),
            speed_bonus_max=int(item.speed_bonus_max or 0),
            accessible=bool(item.accessible),
        ),
    )


class AnswerDraft(BaseModel):
    model_config = request_model_config({"question_id": "01JF3Z8Q4X2N5Y6M7K8P9R0S1T", "option_ids": ["b"]})

    question_id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")
    option_ids: list[str] | None = Field(None, max_length=rules.MAX_OPTIONS)
    number: float | None = NUMBER
    # Serve the next question in the answer's response (its clock starts now): for a client that
    # shows it at once, which then asks /play/next only to start or resume.
    serve_next: bool = False


class AnsweredQuestion(BaseModel):
    """What my answer earned, with the correct answer and the explanation (now that I answered)."""

    question_id: str
    option_ids: list[str]
    number: float | None
    correct: bool
    points: int
    speed_points: int
    late: bool
    elapsed_ms: int
    answered_at: str
    correct_option_ids: list[str]
    correct_number: float | None
    tolerance: float | None
    explanation: str
    replayed: bool


class AnswerResult(AnsweredQuestion):
    # Only when the answer asked for it (serve_next): the next question, served now (done when
    # every question is answered); null when it cannot be served now: ask /play/next, it says why.
    next: NextQuestion | None = None


def _answer_result(
    answer: AnswerItem, served: ServedItem | None, explanation: str, replayed: bool
) -> AnsweredQuestion:
    numeric = served is not None and served.kind == rules.NUMERIC
    return AnsweredQuestion(
        question_id=answer.question_id,
        option_ids=list(answer.option_ids or []),
        number=float(answer.number) if answer.number is not None else None,
        correct=bool(answer.correct),
        points=int(answer.points),
        speed_points=int(answer.speed_points or 0),
        late=bool(answer.late),
        elapsed_ms=int(answer.elapsed_ms),
        answered_at=iso(answer.answered_at),
        correct_option_ids=list(served.correct_option_ids or []) if served is not None else [],
        correct_number=float(served.correct_number)
        if numeric and served and served.correct_number is not None
        else None,
        tolerance=float(served.tolerance or 0) if numeric and served else None,
        explanation=explanation,
        replayed=replayed,
    )


def _answer(request: ApiRequest, context_id: str, campaign_id: str | None, results_path: str) -> Any:
    body: AnswerDraft = request.body
    done = play.answer(
        request.principal, context_id, campaign_id, body.question_id, body.option_ids, body.number
    )
    answered = _answer_result(done.answer, done.served, done.served.explanation, done.replayed)
    result = AnswerResult(**answered.model_dump())
    if body.serve_next:
        following = play.following(request.principal, context_id, campaign_id)
        if following is not None:
            result.next = _next_view(following.context, following.served)
    return result if done.replayed else Created(result, results_path)


class ResultItem(AnsweredQuestion):
    position: int
    prompt: str
    image_url: str | None  # short-lived


class PlayResults(BaseModel):
    total_questions: int
    answered: int
    correct: int
    points: int
    items: list[ResultItem]


def _results(request: ApiRequest, context: play.PlayContext) -> PlayResults:
    found = play.results(request.principal, context)
    items = []
    for r in found.items:
        base = _answer_result(r.answer, r.served, r.explanation, replayed=False)
        prompt, image = "", None
        if r.question is not None:
            prompt = rules.shown_in(bank.content_of(r.question), context.language).prompt
            image = bank.image_url(r.question)
        items.append(ResultItem(**base.model_dump(), position=r.position, prompt=prompt, image_url=image))
    return PlayResults(
        total_questions=found.total_questions,
        answered=found.answered,
        correct=found.correct,
        points=found.points,
        items=items,
    )


@api.route(
    "/v1/quizzes/{quiz_id}/play/next",
    "POST",
    operation_id="nextPracticeQuestion",
    relation=Relation.ORG_MEMBER,
    summary="The next question of a practice quiz (served now, timed by the server; never its answer)",
    response=NextQuestion,
)
def next_practice_question(request: ApiRequest) -> NextQuestion:
    return _next(request, play.practice(request.principal, request.path_params["quiz_id"]))


@api.route(
    "/v1/quizzes/{quiz_id}/play/answers",
    "POST",
    operation_id="answerPracticeQuestion",
    relation=Relation.ORG_MEMBER,
    summary="Answer a served question of a practice quiz (once; a retry gets the first result); "
    "with serve_next, the next question comes with it",
    request=AnswerDraft,
    response=AnswerResult,
    idempotent=True,
)
def answer_practice_question(request: ApiRequest) -> Any:
    quiz_id = request.path_params["quiz_id"]
    return _answer(request, keys.practice_context(quiz_id), None, f"/v1/quizzes/{quiz_id}/play/results")


@api.route(
    "/v1/quizzes/{quiz_id}/play/results",
    "GET",
    operation_id="getPracticeResults",
    relation=Relation.ORG_MEMBER,
    summary="My answers to a practice quiz, with the correct answers and explanations",
    response=PlayResults,
)
def get_practice_results(request: ApiRequest) -> PlayResults:
    return _results(request, play.practice(request.principal, request.path_params["quiz_id"]))


@api.route(
    "/v1/campaigns/{campaign_id}/play/next",
    "POST",
    operation_id="nextCampaignQuestion",
    relation=Relation.ORG_MEMBER,
    summary="The next question of an open quiz campaign I am in the audience of (409 when not open)",
    response=NextQuestion,
)
def next_campaign_question(request: ApiRequest) -> NextQuestion:
    return _next(request, play.campaign(request.principal, request.path_params["campaign_id"]))


@api.route(
    "/v1/campaigns/{campaign_id}/play/answers",
    "POST",
    operation_id="answerCampaignQuestion",
    relation=Relation.ORG_MEMBER,
    summary="Answer a served question of an open quiz campaign (once; 409 after the close); "
    "with serve_next, the next question comes with it",
    request=AnswerDraft,
    response=AnswerResult,
    idempotent=True,
)
def answer_campaign_question(request: ApiRequest) -> Any:
    campaign_id = request.path_params["campaign_id"]
    return _answer(request, campaign_id, campaign_id, f"/v1/campaigns/{campaign_id}/play/results")


@api.route(
    "/v1/campaigns/{campaign_id}/play/results",
    "GET",
    operation_id="getCampaignResults",
    relation=Relation.ORG_MEMBER,
    summary="My answers in a quiz campaign, with the correct answers and explanations",
    response=PlayResults,
)
def get_campaign_results(request: ApiRequest) -> PlayResults:
    return _results(
        request, play.campaign(request.principal, request.path_params["campaign_id"], playing=False)
    )
