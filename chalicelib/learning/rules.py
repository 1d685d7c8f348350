"""Pure rules of learning content: kinds, languages, the lifecycle and versions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from chalicelib.errors import Conflict, ValidationFailed

LESSON = "lesson"
VIDEO = "video"
KINDS = (LESSON, VIDEO)
LANGUAGES = ("nl", "fr", "en")

DRAFT = "draft"
IN_REVIEW = "in_review"
PUBLISHED = "published"
ARCHIVED = "archived"
STATES = (DRAFT, IN_REVIEW, PUBLISHED, ARCHIVED)

TITLE_MAX = 120
SUMMARY_MAX = 500
BODY_MAX = 20_000
MINUTES_MAX = 240


@dataclass(frozen=True)
class Variant:
    """The texts of content in one language."""

    title: str
    summary: str = ""
    body: str = ""


def _problem(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, [{"field": field, "message": message, "code": "invalid"}])


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise _problem("kind", f"kind is one of {', '.join(KINDS)}.")
    return kind


def check_language(language: str, field: str = "language") -> str:
    if language not in LANGUAGES:
        raise _problem(field, f"{field} is one of {', '.join(LANGUAGES)}.")
    return language


def variants_of(raw: dict[str, Any], language: str) -> dict[str, Variant]:
    """The language variants, checked: nl/fr/en only, each with a title, the author's language
    among them."""
    variants: dict[str, Variant] = {}
    for lang, texts in raw.items():
        check_language(lang, f"variants.{lang}")
        if not isinstance(texts, dict):
            raise _problem(f"variants.{lang}", "A variant has a title, a summary and a body.")
        title = str(texts.get("title") or "").strip()
        summary = str(texts.get("summary") or "").strip()
        body = str(texts.get("body") or "").strip()
        if not title or len(title) > TITLE_MAX:
            raise _problem(f"variants.{lang}.title", f"A title has 1 to {TITLE_MAX} characters.")
        if len(summary) > SUMMARY_MAX:
            raise _problem(f"variants.{lang}.summary", f"A summary has at most {SUMMARY_MAX} characters.")
        if len(body) > BODY_MAX:
            raise _problem(f"variants.{lang}.body", f"A body has at most {BODY_MAX} characters.")
        variants[lang] = Variant(title, summary, body)
    if language not in variants:
        raise _problem("variants", "The variants include the author's language.")
    return variants


def variant_for(variants: dict[str, Variant], wanted: str | None, fallback: str) -> tuple[str, Variant]:
    """The variant in the wanted language, else the author's: (its language, its texts)."""
    if wanted in variants:
        assert wanted is not None
        return wanted, variants[wanted]
    return fallback, variants[fallback]


def check_minutes(minutes: int) -> int:
    if not 1 <= minutes <= MINUTES_MAX:
        raise _problem("estimated_minutes", f"estimated_minutes is 1 to {MINUTES_MAX}.")
    return minutes


def check_review_on(review_on: date | None, today: date) -> date | None:
    """A review date is in the future (or none)."""
    if review_on is not None and review_on <= today:
        raise _problem("review_on", "The review date is after today.")
    return review_on


# The lifecycle ---------------------------------------------------------------------------------
#
# The state is the working copy's: draft (being written; also after a published item is changed,
# while its release stays live), in_review (waiting for a second expert), published (the working
# copy is what learners see), archived (out of the library; learners can no longer open it).

_MOVES: dict[str, frozenset[str]] = {
    "edit": frozenset({DRAFT, IN_REVIEW, PUBLISHED}),
    "submit": frozenset({DRAFT}),
    "decide": frozenset({IN_REVIEW}),
    "publish": frozenset({DRAFT, IN_REVIEW}),
    "archive": frozenset({DRAFT, IN_REVIEW, PUBLISHED}),
    "restore": frozenset({ARCHIVED}),
}

_WHY = {
    "edit": "Archived content is not changed; restore it first.",
    "submit": "Only a draft is sent for review.",
    "decide": "This content is not waiting for a review.",
    "publish": "Only a draft or content in review is published (a published one is unchanged).",
    "archive": "This content is archived already.",
    "restore": "Only archived content is restored.",
}


def require_move(move: str, state: str) -> None:
    """409 when the move does not apply to the state (e.g. publishing archived content)."""
    if state not in _MOVES[move]:
        raise Conflict(_WHY[move])


def state_after_edit(state: str) -> str:
    """Changing the working copy makes it a draft again; a pending review is withdrawn (the
    reviewer would approve something else than what they read)."""
    require_move("edit", state)
    return DRAFT


@dataclass(frozen=True)
class NextRelease:
    version: int
    major: int


def next_release(current_version: int, current_major: int, major: bool) -> NextRelease:
    """The first publication is version 1, major 1; later ones keep the major unless marked major."""
    if current_version == 0:
        return NextRelease(1, 1)
    return NextRelease(current_version + 1, current_major + 1 if major else current_major)


def progress_starts_over(progress_major: int, release_major: int) -> bool:
    """A learner's progress follows minor changes; a major change starts them over."""
    return progress_major < release_major
