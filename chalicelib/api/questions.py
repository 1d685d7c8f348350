"""/v1/questions: the question bank (authors: mentors, community managers, org admins), with each
published question's answer statistics."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.api.framework import ApiRequest, Created
from chalicelib.api.quiz_common import AUTHORS, NUMBER, Kind, Language, OptionView, Status, api
from chalicelib.api.relations import Relation
from chalicelib.api.schemas import request_model_config
from chalicelib.errors import ValidationFailed
from chalicelib.ids import iso
from chalicelib.quizzes import bank, rules
from chalicelib.store.models import QuestionItem


class OptionDraft(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    text: str = Field(min_length=1, max_length=rules.OPTION_MAX)
    correct: bool = False


class VariantDraft(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    prompt: str = Field(min_length=1, max_length=rules.PROMPT_MAX)
    options: list[str] = Field(default_factory=list, max_length=rules.MAX_OPTIONS)
    explanation: str = Field("", max_length=rules.EXPLANATION_MAX)


_QUESTION_EXAMPLE: dict[str, Any] = {
    "kind": "single",
    "language": "nl",
    "prompt": "Welke sneltoets plakt tekst zonder opmaak?",
    "options": [
        {"text": "Ctrl+V", "correct": False},
        {"text": "Ctrl+Shift+V", "correct": True},
        {"text": "Ctrl+Alt+P", "correct": False},
    ],
    "explanation": "Ctrl+Shift+V plakt de tekst zonder de opmaak van de bron.",
    "skill_tags": ["digital"],
    "variants": {
        "en": {
            "prompt": "Which shortcut pastes text without formatting?",
            "options": ["Ctrl+V", "Ctrl+Shift+V", "Ctrl+Alt+P"],
            "explanation": "Ctrl+Shift+V pastes the text without the source's formatting.",
        }
    },
}


class QuestionDraft(BaseModel):
    model_config = request_model_config(_QUESTION_EXAMPLE)

    kind: Kind
    language: Language
    prompt: str = Field(min_length=1, max_length=rules.PROMPT_MAX)
    options: list[OptionDraft] | None = Field(None, max_length=rules.MAX_OPTIONS)
    true_false_answer: bool | None = None
    correct_number: float | None = NUMBER
    tolerance: float | None = Field(None, allow_inf_nan=False, ge=0, le=rules.NUMBER_LIMIT)
    explanation: str = Field("", max_length=rules.EXPLANATION_MAX)
    skill_tags: list[str] = Field(default_factory=list, max_length=rules.TAGS_MAX)
    image_media_id: str | None = Field(None, pattern=r"^[A-Za-z0-9_-]{1,64}$")
    variants: dict[Language, VariantDraft] = Field(default_factory=dict)


class QuestionChange(BaseModel):
    model_config = request_model_config({"prompt": "Welke sneltoets plakt zonder opmaak?"})

    kind: Kind | None = None
    language: Language | None = None
    prompt: str | None = Field(None, min_length=1, max_length=rules.PROMPT_MAX)
    options: list[OptionDraft] | None = Field(None, max_length=rules.MAX_OPTIONS)
    true_false_answer: bool | None = None
    correct_number: float | None = NUMBER
    tolerance: float | None = Field(None, allow_inf_nan=False, ge=0, le=rules.NUMBER_LIMIT)
    explanation: str | None = Field(None, max_length=rules.EXPLANATION_MAX)
    skill_tags: list[str] | None = Field(None, max_length=rules.TAGS_MAX)
    image_media_id: str | None = Field(None, pattern=r"^[A-Za-z0-9_-]{1,64}$")
    variants: dict[Language, VariantDraft] | None = None


def _form(body: BaseModel) -> dict[str, Any]:
    """A request body as the keyword arguments of rules.question_content (only the fields sent)."""
    sent = body.model_dump(exclude_unset=True)
    renames = {"language": "language_code", "skill_tags": "tags"}
    # A null for a field a question always has means "unchanged"; a null image (or answer) removes it.
    always = {"kind", "language", "prompt", "explanation", "skill_tags", "variants", "options"}
    return {
        renames.get(name, name): value
        for name, value in sent.items()
        if value is not None or name not in always
    }


class Question(BaseModel):
    """A question as its authors see it: with its answer and explanation."""

    id: str
    kind: str
    language: str
    prompt: str
    options: list[OptionView]
    correct_option_ids: list[str]
    correct_number: float | None
    tolerance: float | None
    explanation: str
    skill_tags: list[str]
    image_media_id: str | None
    image_url: str | None  # short-lived
    variants: dict[str, VariantDraft]
    status: str
    version: int
    created_by: str
    created_at: str
    updated_at: str | None
    published_at: str | None

    @classmethod
    def of(cls, item: QuestionItem) -> Question:
        content = bank.content_of(item)
        shown = rules.shown_in(content, content.language)
        numeric = content.kind == rules.NUMERIC
        return cls(
            id=item.question_id,
            kind=content.kind,
            language=content.language,
            prompt=content.prompt,
            options=[OptionView(id=o.id, text=o.text) for o in shown.options],
            correct_option_ids=list(content.correct_option_ids),
            correct_number=content.correct_number if numeric else None,
            tolerance=content.tolerance if numeric else None,
            explanation=content.explanation,
            skill_tags=list(content.skill_tags),
            image_media_id=content.image_media_id,
            image_url=bank.image_url(item),
            variants={
                lang: VariantDraft(prompt=v.prompt, options=list(v.options), explanation=v.explanation)
                for lang, v in content.variants.items()
            },
            status=item.status,
            version=int(item.version or 0),
            created_by=item.created_by,
            created_at=iso(item.created_at),
            updated_at=iso(item.updated_at) if item.updated_at else None,
            published_at=iso(item.published_at) if item.published_at else None,
        )


class QuestionPage(BaseModel):
    items: list[Question]
    next_cursor: str | None


class QuestionQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Status | None = Field(None, description="Only drafts, or only published questions.")
    limit: int = Field(20, ge=1, le=100, description="How many items to return (1-100).")
    cursor: str | None = Field(None, max_length=2048, description="The next_cursor of the previous page.")


@api.route(
    "/v1/questions",
    "POST",
    operation_id="createQuestion",
    relation=Relation.ORG_MEMBER,
    summary="Write a question for the bank (a draft)",
    request=QuestionDraft,
    response=Question,
    status=201,
    roles=AUTHORS,
    idempotent=True,
)
def create_question(request: ApiRequest) -> Created:
    item = bank.create_question(request.principal, _form(request.body))
    return Created(Question.of(item), f"/v1/questions/{item.question_id}")


@api.route(
    "/v1/questions",
    "GET",
    operation_id="listQuestions",
    relation=Relation.ORG_MEMBER,
    summary="The organisation's question bank, newest first (optionally only drafts or published)",
    query=QuestionQuery,
    response=QuestionPage,
    roles=AUTHORS,
)
def list_questions(request: ApiRequest) -> QuestionPage:
    query: QuestionQuery = request.query
    page = bank.list_questions(request.principal, query.status, query.limit, request.cursor_in(query.cursor))
    return QuestionPage(
        items=[Question.of(q) for q in page.items], next_cursor=request.cursor_out(page.last_key)
    )


@api.route(
    "/v1/questions/{question_id}",
    "GET",
    operation_id="getQuestion",
    relation=Relation.ORG_MEMBER,
    summary="One question, with its answer and explanation",
    response=Question,
    roles=AUTHORS,
)
def get_question(request: ApiRequest) -> Question:
    return Question.of(bank.get_question(request.principal, request.path_params["question_id"]))


@api.route(
    "/v1/questions/{question_id}",
    "PATCH",
    operation_id="changeQuestion",
    relation=Relation.ORG_MEMBER,
    summary="Change a question (its author or an org admin); the whole question is checked again",
    request=QuestionChange,
    response=Question,
    roles=AUTHORS,
)
def change_question(request: ApiRequest) -> Question:
    changes = _form(request.body)
    if not changes:
        raise ValidationFailed("Send at least one field to change.")
    return Question.of(bank.change_question(request.principal, request.path_params["question_id"], changes))


@api.route(
    "/v1/questions/{question_id}/publish",
    "POST",
    operation_id="publishQuestion",
    relation=Relation.ORG_MEMBER,
    summary="Publish a question, so quizzes can use it",
    response=Question,
    roles=AUTHORS,
)
def publish_question(request: ApiRequest) -> Question:
    return Question.of(bank.publish_question(request.principal, request.path_params["question_id"]))


class QuestionStats(BaseModel):
    question_id: str
    answers: int
    correct: int
    share_correct: float | None
    most_chosen_wrong_option_id: str | None
    most_chosen_wrong_option_count: int
    median_seconds: float | None
    option_counts: dict[str, int]


@api.route(
    "/v1/questions/{question_id}/stats",
    "GET",
    operation_id="getQuestionStats",
    relation=Relation.ORG_MEMBER,
    summary="How a question was answered: share correct, the most chosen wrong option, median time",
    response=QuestionStats,
    roles=AUTHORS,
)
def get_question_stats(request: ApiRequest) -> QuestionStats:
    from chalicelib.quizzes import insight  # the answer counts' store: only this route

    stats = insight.question_stats_for(request.principal, request.path_params["question_id"])
    return QuestionStats(
        question_id=stats.question_id,
        answers=stats.answers,
        correct=stats.correct,
        share_correct=stats.share_correct,
        most_chosen_wrong_option_id=stats.most_chosen_wrong_option_id,
        most_chosen_wrong_option_count=stats.most_chosen_wrong_option_count,
        median_seconds=stats.median_seconds,
        option_counts=stats.option_counts,
    )
