"""The cards of a lesson, as pure rules: what an author may write, what a learner is shown, and
how an answer is checked. No I/O.

A card has an id (kept across versions, so a learner's answers follow minor changes), a type and
texts per language (the lesson's languages; the author's is required):

- content: a text, and optionally an image or a video of the organisation's media;
- question: a question of the bank, with its feedback; the release holds a snapshot of it
  (prompt, options, answer key, explanation), so opening and answering read nothing else;
- reflection: a prompt; the learner's text is private, or shared to the community's wall;
- poll: a prompt and 2 to 6 options; no right answer;
- flashcard: a front and a back; the learner says whether they knew it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from chalicelib.errors import ValidationFailed
from chalicelib.ids import new_id
from chalicelib.learning.rules import LANGUAGES

if TYPE_CHECKING:
    from chalicelib.quizzes.rules import QuestionContent

CONTENT, QUESTION, REFLECTION, POLL, FLASHCARD = "content", "question", "reflection", "poll", "flashcard"
CARD_TYPES = (CONTENT, QUESTION, REFLECTION, POLL, FLASHCARD)
ANSWERED_TYPES = (QUESTION, REFLECTION, POLL, FLASHCARD)  # cards a learner answers
REQUIRED_TYPES = (QUESTION, POLL)  # answered before the lesson is complete
CARDS_MIN, CARDS_MAX = 1, 30
TEXT_MAX, PROMPT_MAX, OPTION_MAX, SIDE_MAX, REFLECTION_MAX = 4000, 500, 200, 1000, 2000
POLL_OPTIONS_MIN, POLL_OPTIONS_MAX = 2, 6
POLL_OPTION_IDS = tuple("abcdef")
CARD_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,23}")
MEDIA_KINDS = ("image", "video")

# The texts each card type has, per language, and their limits.
_TEXT_FIELDS: dict[str, dict[str, int]] = {
    CONTENT: {"text": TEXT_MAX},
    QUESTION: {},
    REFLECTION: {"prompt": PROMPT_MAX},
    POLL: {"prompt": PROMPT_MAX},
    FLASHCARD: {"front": SIDE_MAX, "back": SIDE_MAX},
}


def _fail(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, [{"field": field, "message": message, "code": "invalid"}])


def _texts(card_type: str, raw: Any, at: str, language: str) -> dict[str, dict[str, Any]]:
    fields = _TEXT_FIELDS[card_type]
    if not fields:
        return {}
    if not isinstance(raw, dict) or language not in raw:
        raise _fail(f"{at}.texts", "A card has its texts in the lesson's language.")
    texts: dict[str, dict[str, Any]] = {}
    for lang, given in raw.items():
        if lang not in LANGUAGES or not isinstance(given, dict):
            raise _fail(f"{at}.texts.{lang}", f"Texts are per language: {', '.join(LANGUAGES)}.")
        out: dict[str, Any] = {}
        for name, maximum in fields.items():
            value = str(given.get(name) or "").strip()
            if not value or len(value) > maximum:
                raise _fail(f"{at}.texts.{lang}.{name}", f"{name} has 1 to {maximum} characters.")
            out[name] = value
        if card_type == POLL:
            out["options"] = _poll_options(given.get("options"), f"{at}.texts.{lang}.options")
        texts[lang] = out
    if card_type == POLL and len({len(t["options"]) for t in texts.values()}) != 1:
        raise _fail(f"{at}.texts", "Every language of a poll has the same number of options.")
    return texts


def _poll_options(raw: Any, at: str) -> list[str]:
    options = [str(o).strip() for o in raw] if isinstance(raw, list) else []
    if not POLL_OPTIONS_MIN <= len(options) <= POLL_OPTIONS_MAX or not all(
        0 < len(o) <= OPTION_MAX for o in options
    ):
        raise _fail(
            at,
            f"A poll has {POLL_OPTIONS_MIN} to {POLL_OPTIONS_MAX} options of 1 to {OPTION_MAX} characters.",
        )
    return options


def author_cards(raw: Any, language: str) -> list[dict[str, Any]]:
    """The cards as an author wrote them, checked and normalised (ids given to new cards). Media
    and questions are named by id here; the lesson's use case checks they exist."""
    if not isinstance(raw, list) or not CARDS_MIN <= len(raw) <= CARDS_MAX:
        raise _fail("cards", f"A lesson has {CARDS_MIN} to {CARDS_MAX} cards.")
    cards: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, given in enumerate(raw):
        at = f"cards.{index}"
        if not isinstance(given, dict) or given.get("type") not in CARD_TYPES:
            raise _fail(f"{at}.type", f"A card's type is one of {', '.join(CARD_TYPES)}.")
        card_id = str(given.get("id") or new_id()[-12:].lower())
        if not CARD_ID.fullmatch(card_id) or card_id in seen:
            raise _fail(f"{at}.id", "Card ids are short, lowercase and unique within the lesson.")
        seen.add(card_id)
        card: dict[str, Any] = {"id": card_id, "type": given["type"]}
        card["texts"] = _texts(card["type"], given.get("texts") or {}, at, language)
        if card["type"] == CONTENT and given.get("media_id"):
            card["media_id"] = str(given["media_id"])
        if card["type"] == QUESTION:
            if not given.get("question_id"):
                raise _fail(f"{at}.question_id", "A question card names a question of the bank.")
            card["question_id"] = str(given["question_id"])
        if card["type"] == REFLECTION:
            card["shareable"] = bool(given.get("shareable", False))
        if card["type"] == POLL:
            count = len(next(iter(card["texts"].values()))["options"])
            card["option_ids"] = list(POLL_OPTION_IDS[:count])
        cards.append(card)
    return cards


def question_cards(cards: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [card for card in cards if card["type"] == QUESTION]


def card_by_id(cards: list[dict[str, Any]], card_id: str) -> dict[str, Any] | None:
    return next((card for card in cards if card["id"] == card_id), None)


# Questions: the snapshot a release carries -----------------------------------------------------


def question_of(snapshot: dict[str, Any]) -> QuestionContent:
    # The quiz rules load when a question card is shown or answered, not to write or list lessons.
    from chalicelib.quizzes.rules import Option, QuestionContent
    from chalicelib.quizzes.rules import Variant as QuestionVariant

    return QuestionContent(
        kind=snapshot["kind"],
        language=snapshot["language"],
        prompt=snapshot["prompt"],
        options=tuple(Option(o["id"], o.get("text", "")) for o in snapshot.get("options") or []),
        correct_option_ids=tuple(snapshot.get("correct_option_ids") or ()),
        correct_number=snapshot.get("correct_number"),
        tolerance=float(snapshot.get("tolerance") or 0),
        explanation=snapshot.get("explanation") or "",
        variants={
            lang: QuestionVariant(
                v.get("prompt", ""), tuple(v.get("options") or ()), v.get("explanation", "")
            )
            for lang, v in (snapshot.get("variants") or {}).items()
        },
    )


@dataclass(frozen=True)
class Checked:
    """A question card's answer as the server judged it."""

    correct: bool
    option_ids: tuple[str, ...]
    number: float | None


def check_question_answer(content: QuestionContent, option_ids: list[str], number: float | None) -> Checked:
    from chalicelib.quizzes import scoring  # only answering a question card scores

    offered = {o.id for o in content.options}
    if any(o not in offered for o in option_ids):
        raise _fail("option_ids", "Choose among the question's options.")
    if content.kind == "numeric" and number is None:
        raise _fail("number", "This question is answered with a number.")
    if content.kind != "numeric" and not option_ids:
        raise _fail("option_ids", "Choose an option.")
    key = scoring.AnswerKey(
        content.kind, frozenset(content.correct_option_ids), content.correct_number, content.tolerance
    )
    given = scoring.Given(frozenset(option_ids), number)
    return Checked(scoring.is_correct(key, given), tuple(sorted(set(option_ids))), number)


def check_poll_answer(card: dict[str, Any], option_id: str | None) -> str:
    if option_id not in card.get("option_ids", []):
        raise _fail("option_id", "Choose one of the poll's options.")
    return str(option_id)


def check_reflection(text: str | None) -> str:
    value = (text or "").strip()
    if not value or len(value) > REFLECTION_MAX:
        raise _fail("text", f"A reflection has 1 to {REFLECTION_MAX} characters.")
    return value


# Completion -------------------------------------------------------------------------------------


def missing_for_completion(cards: list[dict[str, Any]], answers: dict[str, Any]) -> list[str]:
    """The ids of the cards that must be answered before the lesson is complete and are not."""
    return [card["id"] for card in cards if card["type"] in REQUIRED_TYPES and card["id"] not in answers]


def answers_still_valid(cards: list[dict[str, Any]], answers: dict[str, Any]) -> dict[str, Any]:
    """After a minor change, the answers to cards that are still there, of the same type."""
    types = {card["id"]: card["type"] for card in cards}
    return {
        card_id: answer for card_id, answer in answers.items() if types.get(card_id) == answer.get("type")
    }
