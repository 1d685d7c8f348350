"""What makes a question or a quiz valid. Plain Python, no I/O.

A question is stored in one normalised shape (`QuestionContent`): options carry ids (`a`..`h`;
`true`/`false` for a true/false question) and the correct answer names them; a numeric question has a
number and a tolerance instead. The author writes in their language; variants in the other languages
(nl, fr, en) must have the same number of options.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from chalicelib.errors import ValidationFailed

LANGUAGES = ("nl", "fr", "en")
KINDS = ("single", "multiple", "true_false", "numeric")
SINGLE, MULTIPLE, TRUE_FALSE, NUMERIC = KINDS
DRAFT, PUBLISHED = "draft", "published"
STATUSES = (DRAFT, PUBLISHED)
OPTION_IDS = tuple("abcdefgh")
MIN_OPTIONS, MAX_OPTIONS = 2, len(OPTION_IDS)
TRUE_FALSE_IDS = ("true", "false")
TRUE_FALSE_TEXTS = {
    "true": {"nl": "Waar", "fr": "Vrai", "en": "True"},
    "false": {"nl": "Niet waar", "fr": "Faux", "en": "False"},
}
PROMPT_MAX, OPTION_MAX, EXPLANATION_MAX = 1000, 300, 2000
TAG_MAX, TAGS_MAX = 40, 10
NUMBER_LIMIT = 1e12  # a numeric answer, its tolerance: at most this large (DynamoDB numbers are bounded)
NUMBER_DECIMALS = 6

TITLE_MAX, DESCRIPTION_MAX = 200, 2000
QUESTIONS_MIN, QUESTIONS_MAX = 1, 50
SECONDS_MIN, SECONDS_MAX = 5, 300
POINTS_MIN, POINTS_MAX = 1, 100
SPEED_BONUS_MAX = 100


def _fail(field_name: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, [{"field": field_name, "message": message, "code": "invalid"}])


@dataclass(frozen=True)
class Option:
    id: str
    text: str  # empty for true/false: the system's words are shown


@dataclass(frozen=True)
class Variant:
    prompt: str
    options: tuple[str, ...]  # texts, in the order of the author's options
    explanation: str


@dataclass(frozen=True)
class QuestionContent:
    kind: str
    language: str
    prompt: str
    options: tuple[Option, ...] = ()
    correct_option_ids: tuple[str, ...] = ()
    correct_number: float | None = None
    tolerance: float = 0.0
    explanation: str = ""
    skill_tags: tuple[str, ...] = ()
    image_media_id: str | None = None
    variants: dict[str, Variant] = field(default_factory=dict)


def number(value: Any, field_name: str) -> float:
    """A finite number within NUMBER_LIMIT, rounded to NUMBER_DECIMALS (what DynamoDB can store)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(field_name, "Send a number.")
    result = float(value)
    if not math.isfinite(result) or abs(result) > NUMBER_LIMIT:
        raise _fail(field_name, f"Send a finite number of at most {NUMBER_LIMIT:.0e}.")
    return round(result, NUMBER_DECIMALS) + 0.0


def _text(value: Any, field_name: str, maximum: int, required: bool = True) -> str:
    text = " ".join(str(value or "").split())
    if required and not text:
        raise _fail(field_name, "This text may not be empty.")
    if len(text) > maximum:
        raise _fail(field_name, f"At most {maximum} characters.")
    return text


def skill_tags(tags: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    cleaned = tuple(dict.fromkeys(_text(tag, "skill_tags", TAG_MAX).lower() for tag in tags))
    if len(cleaned) > TAGS_MAX:
        raise _fail("skill_tags", f"At most {TAGS_MAX} skill tags.")
    return cleaned


def language(value: str, field_name: str = "language") -> str:
    if value not in LANGUAGES:
        raise _fail(field_name, f"A language is one of {', '.join(LANGUAGES)}.")
    return value


def question_content(
    *,
    kind: str,
    language_code: str,
    prompt: str,
    options: list[dict[str, Any]] | None = None,
    true_false_answer: bool | None = None,
    correct_number: float | None = None,
    tolerance: float | None = None,
    explanation: str = "",
    tags: list[str] | tuple[str, ...] = (),
    image_media_id: str | None = None,
    variants: dict[str, dict[str, Any]] | None = None,
) -> QuestionContent:
    """A question as an author wrote it (options as `{"text", "correct"}`), checked and normalised."""
    if kind not in KINDS:
        raise _fail("kind", f"A question's kind is one of {', '.join(KINDS)}.")
    lang = language(language_code)
    content_options: tuple[Option, ...] = ()
    correct_ids: tuple[str, ...] = ()
    number_answer: float | None = None
    tolerance_value = 0.0
    if kind in (SINGLE, MULTIPLE):
        given = options or []
        if not MIN_OPTIONS <= len(given) <= MAX_OPTIONS:
            raise _fail("options", f"A choice question has {MIN_OPTIONS} to {MAX_OPTIONS} options.")
        texts = [_text(o.get("text"), f"options.{i}.text", OPTION_MAX) for i, o in enumerate(given)]
        if len({t.casefold() for t in texts}) != len(texts):
            raise _fail("options", "Two options say the same.")
        content_options = tuple(Option(OPTION_IDS[i], t) for i, t in enumerate(texts))
        correct_ids = tuple(OPTION_IDS[i] for i, o in enumerate(given) if o.get("correct") is True)
        if kind == SINGLE and len(correct_ids) != 1:
            raise _fail("options", "A single-choice question has exactly one correct option.")
        if kind == MULTIPLE and not correct_ids:
            raise _fail("options", "A multiple-choice question has at least one correct option.")
    elif options:
        raise _fail("options", "Only single- and multiple-choice questions have options.")
    if kind == TRUE_FALSE:
        if true_false_answer is None:
            raise _fail("true_false_answer", "A true/false question needs its answer (true or false).")
        content_options = tuple(Option(i, "") for i in TRUE_FALSE_IDS)
        correct_ids = ("true",) if true_false_answer else ("false",)
    elif true_false_answer is not None:
        raise _fail("true_false_answer", "Only a true/false question has a true_false_answer.")
    if kind == NUMERIC:
        if correct_number is None:
            raise _fail("correct_number", "A numeric question needs its correct number.")
        number_answer = number(correct_number, "correct_number")
        tolerance_value = number(tolerance or 0.0, "tolerance")
        if tolerance_value < 0:
            raise _fail("tolerance", "The tolerance is zero or more.")
    elif correct_number is not None or tolerance is not None:
        raise _fail("correct_number", "Only a numeric question has a correct number and a tolerance.")
    content_variants: dict[str, Variant] = {}
    for other, variant in (variants or {}).items():
        language(other, f"variants.{other}")
        if other == lang:
            raise _fail(f"variants.{other}", "The author's own language is the question itself.")
        variant_options = tuple(
            _text(t, f"variants.{other}.options", OPTION_MAX) for t in variant.get("options") or []
        )
        wanted = len(content_options) if kind in (SINGLE, MULTIPLE) else 0
        if len(variant_options) != wanted:
            raise _fail(f"variants.{other}.options", f"A variant has the question's {wanted} option(s).")
        content_variants[other] = Variant(
            _text(variant.get("prompt"), f"variants.{other}.prompt", PROMPT_MAX),
            variant_options,
            _text(variant.get("explanation"), f"variants.{other}.explanation", EXPLANATION_MAX, False),
        )
    return QuestionContent(
        kind=kind,
        language=lang,
        prompt=_text(prompt, "prompt", PROMPT_MAX),
        options=content_options,
        correct_option_ids=correct_ids,
        correct_number=number_answer,
        tolerance=tolerance_value,
        explanation=_text(explanation, "explanation", EXPLANATION_MAX, False),
        skill_tags=skill_tags(tags),
        image_media_id=image_media_id,
        variants=content_variants,
    )


def author_form(content: QuestionContent) -> dict[str, Any]:
    """A stored question back in the form an author writes it (to apply a partial change)."""
    form: dict[str, Any] = {
        "kind": content.kind,
        "language_code": content.language,
        "prompt": content.prompt,
        "explanation": content.explanation,
        "tags": list(content.skill_tags),
        "image_media_id": content.image_media_id,
        "variants": {
            lang: {"prompt": v.prompt, "options": list(v.options), "explanation": v.explanation}
            for lang, v in content.variants.items()
        },
    }
    if content.kind in (SINGLE, MULTIPLE):
        form["options"] = [
            {"text": o.text, "correct": o.id in content.correct_option_ids} for o in content.options
        ]
    if content.kind == TRUE_FALSE:
        form["true_false_answer"] = content.correct_option_ids == ("true",)
    if content.kind == NUMERIC:
        form["correct_number"], form["tolerance"] = content.correct_number, content.tolerance
    return form


@dataclass(frozen=True)
class Shown:
    """A question as a player reads it in one language: never its answer or explanation."""

    language: str
    prompt: str
    options: tuple[Option, ...]


def shown_in(content: QuestionContent, wanted: str) -> Shown:
    """The question in the player's language if it has that variant, else in the author's."""
    variant = content.variants.get(wanted)
    lang = wanted if variant is not None else content.language
    if content.kind == TRUE_FALSE:
        options = tuple(Option(o.id, TRUE_FALSE_TEXTS[o.id][lang]) for o in content.options)
    elif variant is not None:
        options = tuple(Option(o.id, variant.options[i]) for i, o in enumerate(content.options))
    else:
        options = content.options
    return Shown(lang, variant.prompt if variant is not None else content.prompt, options)


def explanation_in(content: QuestionContent, wanted: str) -> str:
    variant = content.variants.get(wanted)
    return variant.explanation if variant is not None and variant.explanation else content.explanation


# Quizzes ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuizSettings:
    title: str
    description: str
    language: str
    question_ids: tuple[str, ...]
    seconds_per_question: int
    points_per_question: int
    speed_bonus: bool
    speed_bonus_max: int
    accessible: bool
    practice: bool


def quiz_settings(
    *,
    title: str,
    description: str,
    language_code: str,
    question_ids: list[str] | tuple[str, ...],
    seconds_per_question: int,
    points_per_question: int,
    speed_bonus: bool,
    speed_bonus_max: int,
    accessible: bool,
    practice: bool,
) -> QuizSettings:
    ids = tuple(question_ids)
    if not QUESTIONS_MIN <= len(ids) <= QUESTIONS_MAX:
        raise _fail("question_ids", f"A quiz has {QUESTIONS_MIN} to {QUESTIONS_MAX} questions.")
    if len(set(ids)) != len(ids):
        raise _fail("question_ids", "A question is in a quiz once.")
    if not SECONDS_MIN <= seconds_per_question <= SECONDS_MAX:
        raise _fail("seconds_per_question", f"{SECONDS_MIN} to {SECONDS_MAX} seconds per question.")
    if not POINTS_MIN <= points_per_question <= POINTS_MAX:
        raise _fail("points_per_question", f"{POINTS_MIN} to {POINTS_MAX} points per question.")
    if not 0 <= speed_bonus_max <= SPEED_BONUS_MAX:
        raise _fail("speed_bonus_max", f"A speed bonus of 0 to {SPEED_BONUS_MAX} points.")
    return QuizSettings(
        title=_text(title, "title", TITLE_MAX),
        description=_text(description, "description", DESCRIPTION_MAX, False),
        language=language(language_code),
        question_ids=ids,
        seconds_per_question=seconds_per_question,
        points_per_question=points_per_question,
        speed_bonus=speed_bonus,
        speed_bonus_max=speed_bonus_max if speed_bonus else 0,
        accessible=accessible,
        practice=practice,
    )
