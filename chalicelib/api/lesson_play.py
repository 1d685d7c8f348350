"""A learner's lesson: open it where they left off (any device), move between cards, answer a
card, complete it. Each change is one write of their progress; points follow from the stream.
Who may open a lesson: everyone of the organisation (organisation lessons) or the readers of its
community's wall; anyone else is told it does not exist."""

from __future__ import annotations

from pydantic import BaseModel, Field

from chalicelib.api.framework import Api, ApiRequest
from chalicelib.api.lesson_models import (
    Language,
    LessonAnswerResult,
    LessonLanguageQuery,
    LessonView,
    PollOutcome,
    PollVote,
    answer_view,
    opened_view,
    progress_view,
)
from chalicelib.api.relations import Relation
from chalicelib.api.schemas import request_model_config
from chalicelib.learning import cards as card_rules
from chalicelib.learning import lesson_play
from chalicelib.learning.items import cards_of, variants_of
from chalicelib.learning.rules import variant_for

api = Api(__name__, tag="lessons")


class LessonMoveIn(BaseModel):
    model_config = request_model_config({"position": 2, "expected_version": 3, "language": "nl"})

    position: int = Field(ge=0, le=card_rules.CARDS_MAX, description="The card the learner is on (0-based)")
    expected_version: int | None = Field(
        None, ge=0, description="progress.version as you read it: 409 if older"
    )
    language: Language | None = None


class LessonAnswerIn(BaseModel):
    model_config = request_model_config({"option_ids": ["b"], "language": "nl"})

    option_ids: list[str] = Field(default_factory=list, max_length=8, description="question")
    number: float | None = Field(None, allow_inf_nan=False, ge=-1e12, le=1e12, description="numeric question")
    option_id: str | None = Field(None, max_length=8, description="poll")
    text: str | None = Field(None, max_length=card_rules.REFLECTION_MAX, description="reflection")
    share: bool = Field(False, description="reflection: also post it on the community's wall")
    knew: bool | None = Field(None, description="flashcard: whether you knew the back")
    position: int | None = Field(
        None,
        ge=0,
        le=card_rules.CARDS_MAX,
        description="The card the learner is on (0-based), saved with the answer (default: the card answered,"
        " or further)",
    )
    language: Language | None = None


class LessonCompleteIn(BaseModel):
    model_config = request_model_config({"language": "nl"})

    language: Language | None = None


@api.route(
    "/v1/lessons/{lesson_id}",
    "GET",
    operation_id="openLesson",
    relation=Relation.ORG_MEMBER,
    summary="A published lesson in your language, with your progress (resume on any device)",
    query=LessonLanguageQuery,
    response=LessonView,
)
def open_lesson(request: ApiRequest) -> LessonView:
    query: LessonLanguageQuery = request.query
    opened = lesson_play.open_lesson(request.principal, request.path_params["lesson_id"])
    return opened_view(opened, query.language)


@api.route(
    "/v1/lessons/{lesson_id}/progress",
    "PUT",
    operation_id="moveInLesson",
    relation=Relation.ORG_MEMBER,
    summary="Remember the card you are on (one write): sent when the learner leaves the lesson",
    request=LessonMoveIn,
    response=LessonView,
)
def move_in_lesson(request: ApiRequest) -> LessonView:
    body: LessonMoveIn = request.body
    opened = lesson_play.move_to(
        request.principal, request.path_params["lesson_id"], body.position, body.expected_version
    )
    return opened_view(opened, body.language)


@api.route(
    "/v1/lessons/{lesson_id}/cards/{card_id}/answer",
    "POST",
    operation_id="answerLessonCard",
    relation=Relation.ORG_MEMBER,
    summary="Answer a card (question, poll, reflection, flashcard) once; a question's feedback comes back",
    request=LessonAnswerIn,
    response=LessonAnswerResult,
    idempotent=True,
)
def answer_lesson_card(request: ApiRequest) -> LessonAnswerResult:
    body: LessonAnswerIn = request.body
    given = lesson_play.CardAnswer(
        option_ids=body.option_ids,
        number=body.number,
        option_id=body.option_id,
        text=body.text,
        share=body.share,
        knew=body.knew,
    )
    card_id = request.path_params["card_id"]
    opened, answer = lesson_play.answer_card(
        request.principal, request.path_params["lesson_id"], card_id, given, body.position
    )
    cards = cards_of(opened.release)
    language = variant_for(variants_of(opened.release), body.language, opened.release.language)[0]
    card = card_rules.card_by_id(cards, card_id)
    poll = None
    if card is not None and card["type"] == card_rules.POLL:
        # The poll's counts (their store) load for a poll card's answer, not for opening or moving.
        from chalicelib.learning.poll_results import poll_results

        results = poll_results(request.principal, str(opened.release.content_id), card, answer)
        poll = PollOutcome(
            votes=[PollVote(option_id=option, votes=count) for option, count in results.votes.items()],
            total=results.total,
        )
    return LessonAnswerResult(
        answer=answer_view(card_id, answer, card, language),
        progress=progress_view(opened.progress, opened.read_version, cards, language),
        poll=poll,
    )


@api.route(
    "/v1/lessons/{lesson_id}/complete",
    "POST",
    operation_id="completeLesson",
    relation=Relation.ORG_MEMBER,
    summary="Complete the lesson (its questions and polls answered); points follow, once",
    request=LessonCompleteIn,
    response=LessonView,
)
def complete_lesson(request: ApiRequest) -> LessonView:
    body: LessonCompleteIn = request.body
    opened = lesson_play.complete(request.principal, request.path_params["lesson_id"])
    return opened_view(opened, body.language)
