"""The shapes of the lesson routes: what an author writes and reads back (the working copy), and
what a learner sees (a release in their language, with their progress)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.api.schemas import request_model_config
from chalicelib.ids import iso
from chalicelib.learning import cards as card_rules
from chalicelib.learning import rules
from chalicelib.learning.items import cards_of, variants_of
from chalicelib.learning.progress import Opened, answers_of
from chalicelib.store.models import LearningHeadItem, LearningProgressItem, LearningReleaseItem

Language = Literal["nl", "fr", "en"]
CardType = Literal["content", "question", "reflection", "poll", "flashcard"]
State = Literal["draft", "in_review", "published", "archived"]
ID = Field(min_length=1, max_length=64)


class LessonLanguageQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    language: Language | None = Field(None, description="The texts' language (else the author's)")


# What an author writes ------------------------------------------------------------------------


class ContentTexts(BaseModel):
    title: str = Field(min_length=1, max_length=rules.TITLE_MAX)
    summary: str = Field("", max_length=rules.SUMMARY_MAX)
    body: str = Field("", max_length=rules.BODY_MAX)


class LessonCardTexts(BaseModel):
    """A card's texts in one language: `text` (content), `prompt` (reflection, poll), `options`
    (poll), `front` and `back` (flashcard)."""

    text: str | None = Field(None, max_length=card_rules.TEXT_MAX)
    prompt: str | None = Field(None, max_length=card_rules.PROMPT_MAX)
    options: list[str] | None = Field(None, max_length=card_rules.POLL_OPTIONS_MAX)
    front: str | None = Field(None, max_length=card_rules.SIDE_MAX)
    back: str | None = Field(None, max_length=card_rules.SIDE_MAX)


class LessonCardIn(BaseModel):
    id: str | None = Field(
        None, max_length=24, description="Keep a card's id across changes; new cards get one."
    )
    type: CardType
    texts: dict[Language, LessonCardTexts] = Field(default_factory=dict)
    media_id: str | None = Field(None, max_length=64, description="content: a ready image or video")
    question_id: str | None = Field(None, max_length=64, description="question: a question of the bank")
    shareable: bool = Field(False, description="reflection: the learner may share it to the wall")


_LESSON_EXAMPLE: dict[str, Any] = {
    "community_id": None,
    "language": "nl",
    "variants": {
        "nl": {"title": "Een vergadering plannen", "summary": "In vijf kaarten", "body": ""},
        "en": {"title": "Plan a meeting", "summary": "In five cards", "body": ""},
    },
    "cards": [
        {
            "type": "content",
            "texts": {"nl": {"text": "Begin met het doel."}, "en": {"text": "Start with the goal."}},
        },
        {"type": "flashcard", "texts": {"nl": {"front": "Agenda?", "back": "Vooraf delen."}}},
    ],
    "skill_tags": ["meetings"],
    "estimated_minutes": 5,
    "review_on": None,
    "co_author_ids": [],
}


class LessonIn(BaseModel):
    model_config = request_model_config(_LESSON_EXAMPLE)

    community_id: str | None = Field(None, max_length=64, description="None: the organisation's library")
    language: Language
    variants: dict[Language, ContentTexts]
    cards: list[LessonCardIn] = Field(min_length=card_rules.CARDS_MIN, max_length=card_rules.CARDS_MAX)
    skill_tags: list[str] = Field(default_factory=list, max_length=10)
    estimated_minutes: int = Field(5, ge=1, le=rules.MINUTES_MAX)
    review_on: date | None = None
    co_author_ids: list[str] = Field(default_factory=list, max_length=10)


class LessonChangeIn(BaseModel):
    model_config = request_model_config(
        {**{k: v for k, v in _LESSON_EXAMPLE.items() if k != "community_id"}, "expected_version": 1}
    )

    language: Language
    variants: dict[Language, ContentTexts]
    cards: list[LessonCardIn] = Field(min_length=card_rules.CARDS_MIN, max_length=card_rules.CARDS_MAX)
    skill_tags: list[str] = Field(default_factory=list, max_length=10)
    estimated_minutes: int = Field(5, ge=1, le=rules.MINUTES_MAX)
    review_on: date | None = None
    co_author_ids: list[str] | None = Field(None, max_length=10, description="None: the authors stay")
    expected_version: int | None = Field(
        None, ge=0, description="The draft's version you changed: 409 if older"
    )


class LearningPublishIn(BaseModel):
    model_config = request_model_config({"major": False})

    major: bool = Field(False, description="A major change: learners who have not finished start over")


# The working copy, as authors read it ---------------------------------------------------------


class LessonAuthorCard(BaseModel):
    id: str
    type: CardType
    texts: dict[str, LessonCardTexts]
    media_id: str | None = None
    question_id: str | None = None
    shareable: bool = False


class LessonDraft(BaseModel):
    id: str
    kind: str
    community_id: str | None
    state: State
    version: int
    release_version: int  # 0: never published
    release_major: int
    language: str
    variants: dict[str, ContentTexts]
    cards: list[LessonAuthorCard]
    skill_tags: list[str]
    estimated_minutes: int
    review_on: str | None
    created_by: str
    author_ids: list[str]
    reviewer_id: str | None
    review_note: str | None
    created_at: str
    updated_at: str
    published_at: str | None

    @classmethod
    def of(cls, item: LearningHeadItem) -> LessonDraft:
        return cls(
            id=item.content_id,
            kind=item.kind,
            community_id=item.community_id,
            state=item.state,  # type: ignore[arg-type]
            version=int(item.version or 0),
            release_version=int(item.release_version or 0),
            release_major=int(item.release_major or 0),
            language=item.language,
            variants={lang: ContentTexts(**vars(v)) for lang, v in variants_of(item).items()},
            cards=[
                LessonAuthorCard(
                    id=c["id"],
                    type=c["type"],
                    texts={lang: LessonCardTexts(**t) for lang, t in (c.get("texts") or {}).items()},
                    media_id=c.get("media_id"),
                    question_id=c.get("question_id"),
                    shareable=bool(c.get("shareable")),
                )
                for c in cards_of(item)
            ],
            skill_tags=list(item.skill_tags or []),
            estimated_minutes=int(item.estimated_minutes),
            review_on=item.review_on,
            created_by=item.created_by,
            author_ids=list(item.author_ids or []),
            reviewer_id=item.reviewer_id,
            review_note=item.review_note,
            created_at=iso(item.created_at),
            updated_at=iso(item.updated_at),
            published_at=iso(item.published_at) if item.published_at else None,
        )


# What a learner sees --------------------------------------------------------------------------


class LessonOption(BaseModel):
    id: str
    text: str


class LessonCardMedia(BaseModel):
    kind: str  # image | video
    url: str  # short-lived


class LessonCard(BaseModel):
    id: str
    type: CardType
    text: str | None = None  # content
    media: LessonCardMedia | None = None  # content
    prompt: str | None = None  # question, reflection, poll
    options: list[LessonOption] | None = None  # question (true/false: the words in your language), poll
    question_kind: str | None = None  # question: single | multiple | true_false | numeric
    image_url: str | None = None  # question
    shareable: bool | None = None  # reflection
    front: str | None = None  # flashcard
    back: str | None = None  # flashcard


class LessonCardAnswer(BaseModel):
    card_id: str
    type: CardType
    at: str | None = None
    correct: bool | None = None  # question
    option_ids: list[str] | None = None  # question
    number: float | None = None  # question
    correct_option_ids: list[str] | None = None  # question: the feedback
    correct_number: float | None = None
    explanation: str | None = None
    option_id: str | None = None  # poll
    text: str | None = None  # reflection (only the learner reads it)
    shared_post_id: str | None = None  # reflection shared to the wall
    knew: bool | None = None  # flashcard


class PollVote(BaseModel):
    option_id: str
    votes: int


class PollOutcome(BaseModel):
    """How the learners who answered a poll voted, the caller's own vote included."""

    votes: list[PollVote]  # in the card's option order
    total: int


class LessonProgress(BaseModel):
    started: bool
    version: int  # send it back as expected_version when moving
    position: int  # the card the learner is on (0-based)
    completed_at: str | None
    answers: list[LessonCardAnswer]


class LessonView(BaseModel):
    id: str
    community_id: str | None
    language: str  # of the texts shown
    languages: list[str]
    title: str
    summary: str
    body: str
    skill_tags: list[str]
    estimated_minutes: int
    release_version: int
    major: int
    published_at: str | None
    author_ids: list[str]
    archived: bool
    cards: list[LessonCard]
    progress: LessonProgress


class LessonAnswerResult(BaseModel):
    answer: LessonCardAnswer
    progress: LessonProgress
    poll: PollOutcome | None = None  # a poll card: how everyone voted so far


def _in(texts: dict[str, Any], wanted: str, fallback: str) -> dict[str, Any]:
    picked: dict[str, Any] = texts.get(wanted) or texts.get(fallback) or next(iter(texts.values()), {})
    return picked


def _media_url(key: str) -> str:
    # The media code (signing URLs) loads for a card that shows an image or a video, not to write,
    # list or open a lesson without one.
    from chalicelib.media import objects

    return objects.signed_download(key).url


def card_view(card: dict[str, Any], language: str, fallback: str) -> LessonCard:
    kind = card["type"]
    texts = _in(card.get("texts") or {}, language, fallback)
    view = LessonCard(id=card["id"], type=kind)
    if kind == card_rules.CONTENT:
        view.text = texts.get("text", "")
        if card.get("media_key"):
            view.media = LessonCardMedia(
                kind=card.get("media_kind") or "image", url=_media_url(card["media_key"])
            )
    elif kind == card_rules.QUESTION and card.get("question"):
        from chalicelib.quizzes import rules as question_rules  # a question card shown

        question = card_rules.question_of(card["question"])
        shown = question_rules.shown_in(question, language)
        view.prompt, view.question_kind = shown.prompt, question.kind
        view.options = [LessonOption(id=o.id, text=o.text) for o in shown.options]
        key = card["question"].get("image_key")
        view.image_url = _media_url(key) if key else None
    elif kind in (card_rules.REFLECTION, card_rules.POLL):
        view.prompt = texts.get("prompt", "")
        if kind == card_rules.POLL:
            view.options = [
                LessonOption(id=i, text=t)
                for i, t in zip(card.get("option_ids") or [], texts.get("options") or [], strict=False)
            ]
        else:
            view.shareable = bool(card.get("shareable"))
    elif kind == card_rules.FLASHCARD:
        view.front, view.back = texts.get("front", ""), texts.get("back", "")
    return view


def answer_view(
    card_id: str, answer: dict[str, Any], card: dict[str, Any] | None, language: str
) -> LessonCardAnswer:
    view = LessonCardAnswer(
        card_id=card_id,
        **{k: v for k, v in answer.items() if k in LessonCardAnswer.model_fields and k != "shared"},
    )
    if answer.get("type") == card_rules.QUESTION and card is not None and card.get("question"):
        from chalicelib.quizzes import rules as question_rules  # a question card answered

        question = card_rules.question_of(card["question"])
        view.correct_option_ids = list(question.correct_option_ids)
        view.correct_number = question.correct_number
        view.explanation = question_rules.explanation_in(question, language)
    return view


def progress_view(
    item: LearningProgressItem, stored_version: int | None, cards: list[dict[str, Any]], language: str
) -> LessonProgress:
    by_id = {card["id"]: card for card in cards}
    return LessonProgress(
        started=stored_version is not None,
        version=stored_version or 0,
        position=int(item.position or 0),
        completed_at=iso(item.completed_at) if item.completed_at else None,
        answers=[
            answer_view(cid, a, by_id.get(cid), language) for cid, a in sorted(answers_of(item).items())
        ],
    )


def lesson_view(
    release: LearningReleaseItem | LearningHeadItem,
    progress: LessonProgress,
    wanted: str | None,
    cards: list[dict[str, Any]],
) -> LessonView:
    variants = variants_of(release)
    language, texts = rules.variant_for(variants, wanted, release.language)
    is_release = isinstance(release, LearningReleaseItem)
    published = release.published_at
    return LessonView(
        id=release.content_id,
        community_id=release.community_id,
        language=language,
        languages=sorted(variants),
        title=texts.title,
        summary=texts.summary,
        body=texts.body,
        skill_tags=list(release.skill_tags or []),
        estimated_minutes=int(release.estimated_minutes),
        release_version=int(release.release_version) if is_release else 0,
        major=int(release.major) if isinstance(release, LearningReleaseItem) else 0,
        published_at=iso(published) if published else None,
        author_ids=list(release.author_ids or []),
        archived=bool(release.archived) if isinstance(release, LearningReleaseItem) else False,
        cards=[card_view(card, language, release.language) for card in cards],
        progress=progress,
    )


def opened_view(opened: Opened, wanted: str | None) -> LessonView:
    cards = cards_of(opened.release)
    language = rules.variant_for(variants_of(opened.release), wanted, opened.release.language)[0]
    return lesson_view(
        opened.release, progress_view(opened.progress, opened.read_version, cards, language), wanted, cards
    )
