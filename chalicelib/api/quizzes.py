"""/v1/quizzes: authors write quizzes; everyone reads published ones, never their answers.

The quiz routes share one blueprint (chalicelib/api/quiz_common.py): the question bank is
questions.py, playing is quiz_play.py. Each is imported on its own routes' first request (the route
index names the module of each route), so a quiz request does not load the bank's or play's code.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.api.framework import ApiRequest, Created
from chalicelib.api.quiz_common import AUTHORS, Language, Status
from chalicelib.api.quiz_common import api as api
from chalicelib.api.relations import Relation
from chalicelib.api.schemas import request_model_config
from chalicelib.errors import ValidationFailed
from chalicelib.ids import iso
from chalicelib.quizzes import bank, rules
from chalicelib.store.models import QuizItem

# Quizzes --------------------------------------------------------------------------------------

_QUIZ_EXAMPLE: dict[str, Any] = {
    "title": "Kerstquiz: digitale vaardigheden",
    "description": "Tien vragen over sneltoetsen, wachtwoorden en samenwerken.",
    "language": "nl",
    "question_ids": ["01JF3Z8Q4X2N5Y6M7K8P9R0S1T"],
    "seconds_per_question": 30,
    "points_per_question": 10,
    "speed_bonus": True,
    "speed_bonus_max": 5,
    "accessible": False,
    "practice": True,
}


class QuizDraft(BaseModel):
    model_config = request_model_config(_QUIZ_EXAMPLE)

    title: str = Field(min_length=1, max_length=rules.TITLE_MAX)
    description: str = Field("", max_length=rules.DESCRIPTION_MAX)
    language: Language
    question_ids: list[str] = Field(min_length=rules.QUESTIONS_MIN, max_length=rules.QUESTIONS_MAX)
    seconds_per_question: int = Field(30, ge=rules.SECONDS_MIN, le=rules.SECONDS_MAX)
    points_per_question: int = Field(10, ge=rules.POINTS_MIN, le=rules.POINTS_MAX)
    speed_bonus: bool = False
    speed_bonus_max: int = Field(0, ge=0, le=rules.SPEED_BONUS_MAX)
    accessible: bool = False
    practice: bool = False


class QuizChange(BaseModel):
    model_config = request_model_config({"seconds_per_question": 45})

    title: str | None = Field(None, min_length=1, max_length=rules.TITLE_MAX)
    description: str | None = Field(None, max_length=rules.DESCRIPTION_MAX)
    language: Language | None = None
    question_ids: list[str] | None = Field(
        None, min_length=rules.QUESTIONS_MIN, max_length=rules.QUESTIONS_MAX
    )
    seconds_per_question: int | None = Field(None, ge=rules.SECONDS_MIN, le=rules.SECONDS_MAX)
    points_per_question: int | None = Field(None, ge=rules.POINTS_MIN, le=rules.POINTS_MAX)
    speed_bonus: bool | None = None
    speed_bonus_max: int | None = Field(None, ge=0, le=rules.SPEED_BONUS_MAX)
    accessible: bool | None = None
    practice: bool | None = None


def _quiz_form(body: BaseModel, partial: bool = False) -> dict[str, Any]:
    sent = body.model_dump(exclude_unset=True, exclude_none=True) if partial else body.model_dump()
    if "language" in sent:
        sent["language_code"] = sent.pop("language")
    return sent


class Quiz(BaseModel):
    """A quiz; `question_ids` only for authors (players get the questions one by one, timed)."""

    id: str
    title: str
    description: str
    language: str
    question_count: int
    question_ids: list[str] | None
    seconds_per_question: int
    points_per_question: int
    speed_bonus: bool
    speed_bonus_max: int
    accessible: bool
    practice: bool
    status: str
    created_at: str
    published_at: str | None

    @classmethod
    def of(cls, item: QuizItem, author: bool) -> Quiz:
        ids = list(item.question_ids or [])
        return cls(
            id=item.quiz_id,
            title=item.title,
            description=item.description or "",
            language=item.language,
            question_count=len(ids),
            question_ids=ids if author else None,
            seconds_per_question=int(item.seconds_per_question),
            points_per_question=int(item.points_per_question),
            speed_bonus=bool(item.speed_bonus),
            speed_bonus_max=int(item.speed_bonus_max or 0),
            accessible=bool(item.accessible),
            practice=bool(item.practice),
            status=item.status,
            created_at=iso(item.created_at),
            published_at=iso(item.published_at) if item.published_at else None,
        )


class QuizPage(BaseModel):
    items: list[Quiz]
    next_cursor: str | None


class QuizQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Status = Field("published", description="draft: only for authors.")
    limit: int = Field(20, ge=1, le=100, description="How many items to return (1-100).")
    cursor: str | None = Field(None, max_length=2048, description="The next_cursor of the previous page.")


@api.route(
    "/v1/quizzes",
    "POST",
    operation_id="createQuiz",
    relation=Relation.ORG_MEMBER,
    summary="Make a quiz of published or draft questions (a draft)",
    request=QuizDraft,
    response=Quiz,
    status=201,
    roles=AUTHORS,
    idempotent=True,
)
def create_quiz(request: ApiRequest) -> Created:
    item = bank.create_quiz(request.principal, _quiz_form(request.body))
    return Created(Quiz.of(item, author=True), f"/v1/quizzes/{item.quiz_id}")


@api.route(
    "/v1/quizzes",
    "GET",
    operation_id="listQuizzes",
    relation=Relation.ORG_MEMBER,
    summary="The organisation's published quizzes (authors: also drafts), newest first",
    query=QuizQuery,
    response=QuizPage,
)
def list_quizzes(request: ApiRequest) -> QuizPage:
    query: QuizQuery = request.query
    page = bank.list_quizzes(request.principal, query.status, query.limit, request.cursor_in(query.cursor))
    author = bank.is_author(request.principal)
    return QuizPage(
        items=[Quiz.of(q, author) for q in page.items], next_cursor=request.cursor_out(page.last_key)
    )


@api.route(
    "/v1/quizzes/{quiz_id}",
    "GET",
    operation_id="getQuiz",
    relation=Relation.ORG_MEMBER,
    summary="One quiz (never its answers)",
    response=Quiz,
)
def get_quiz(request: ApiRequest) -> Quiz:
    item = bank.get_quiz(request.principal, request.path_params["quiz_id"])
    return Quiz.of(item, bank.is_author(request.principal))


@api.route(
    "/v1/quizzes/{quiz_id}",
    "PATCH",
    operation_id="changeQuiz",
    relation=Relation.ORG_MEMBER,
    summary="Change a quiz (its author or an org admin)",
    request=QuizChange,
    response=Quiz,
    roles=AUTHORS,
)
def change_quiz(request: ApiRequest) -> Quiz:
    changes = _quiz_form(request.body, partial=True)
    if not changes:
        raise ValidationFailed("Send at least one field to change.")
    return Quiz.of(bank.change_quiz(request.principal, request.path_params["quiz_id"], changes), author=True)


@api.route(
    "/v1/quizzes/{quiz_id}/publish",
    "POST",
    operation_id="publishQuiz",
    relation=Relation.ORG_MEMBER,
    summary="Publish a quiz (all its questions must be published)",
    response=Quiz,
    roles=AUTHORS,
)
def publish_quiz(request: ApiRequest) -> Quiz:
    return Quiz.of(bank.publish_quiz(request.principal, request.path_params["quiz_id"]), author=True)
