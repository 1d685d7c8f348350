"""/v1/questions (authors: mentors, community managers, org admins), /v1/quizzes (authors write;
everyone reads published ones, never their answers), and playing: /v1/quizzes/{quiz_id}/play/...
(practice) and /v1/campaigns/{campaign_id}/play/... (an open quiz campaign)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.api.framework import Api, ApiRequest, Created
from chalicelib.api.relations import Relation
from chalicelib.api.schemas import request_model_config
from chalicelib.errors import ValidationFailed
from chalicelib.ids import iso
from chalicelib.quizzes import bank, insight, play, rules
from chalicelib.store import keys
from chalicelib.store.models import AnswerItem, QuestionItem, QuizItem, ServedItem

api = Api(__name__, tag="quizzes")
AUTHORS = bank.AUTHORS
Language = Literal["nl", "fr", "en"]
Kind = Literal["single", "multiple", "true_false", "numeric"]
Status = Literal["draft", "published"]
_NUMBER = Field(None, allow_inf_nan=False, ge=-rules.NUMBER_LIMIT, le=rules.NUMBER_LIMIT)


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
    correct_number: float | None = _NUMBER
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
    correct_number: float | None = _NUMBER
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


class OptionView(BaseModel):
    id: str
    text: str


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
    served = play.next_question(request.principal, context)
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
    number: float | None = _NUMBER


class AnswerResult(BaseModel):
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


def _answer_result(
    answer: AnswerItem, served: ServedItem | None, explanation: str, replayed: bool
) -> AnswerResult:
    numeric = served is not None and served.kind == rules.NUMERIC
    return AnswerResult(
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
    result = _answer_result(done.answer, done.served, done.served.explanation, done.replayed)
    return result if done.replayed else Created(result, results_path)


class ResultItem(AnswerResult):
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
    summary="Answer a served question of a practice quiz (once; a retry gets the first result)",
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
    summary="Answer a served question of an open quiz campaign (once; 409 after the close)",
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
