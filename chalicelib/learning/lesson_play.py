"""A learner going through a lesson: open it (where they left off, on any device), move between
cards, answer a card, complete it. Every change is one write of their progress item; what follows
from it (points, streaks, badges, refreshers) comes from the stream (reactors/events/learning.py).

The server decides what counts: a question card's answer is checked against the release's
snapshot of the question, and the lesson is complete only when its question and poll cards are
answered, whatever position a client claims.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chalicelib.errors import Conflict, NotFound
from chalicelib.ids import iso, utc_now
from chalicelib.learning import cards as card_rules
from chalicelib.learning import progress
from chalicelib.learning.items import cards_of
from chalicelib.learning.progress import Opened
from chalicelib.learning.rules import LESSON as KIND
from chalicelib.observability import count_business_event
from chalicelib.principal import Principal
from chalicelib.store.models import LearningProgressItem

ARCHIVED = "This lesson is archived: it can no longer be answered."
NO_SUCH_CARD = "No card with this id in this lesson."


@dataclass(frozen=True)
class CardAnswer:
    """What a learner sends for a card; the card's type says which fields count."""

    option_ids: list[str] = field(default_factory=list)  # question
    number: float | None = None  # numeric question
    option_id: str | None = None  # poll
    text: str | None = None  # reflection
    share: bool = False  # reflection: also post it on the community's wall
    knew: bool | None = None  # flashcard


def _clamp(position: int, cards: list[dict[str, Any]]) -> int:
    return max(0, min(int(position), len(cards) - 1))


def open_lesson(principal: Principal, lesson_id: str, for_change: bool = False) -> Opened:
    """The lesson and the caller's progress, the answers to cards a minor change removed left out."""
    opened = progress.open_content(principal, lesson_id, KIND, for_change)
    cards = cards_of(opened.release)
    kept = card_rules.answers_still_valid(cards, progress.answers_of(opened.progress))
    opened.progress.answers = progress.json_of(kept)
    opened.progress.position = _clamp(int(opened.progress.position or 0), cards)
    return opened


def _open_for_change(principal: Principal, lesson_id: str) -> tuple[Opened, list[dict[str, Any]]]:
    opened = open_lesson(principal, lesson_id, for_change=True)
    if opened.release.archived:
        raise Conflict(ARCHIVED)
    return opened, cards_of(opened.release)


def move_to(principal: Principal, lesson_id: str, position: int, expected_version: int | None) -> Opened:
    """Remember the card the learner is on (one write), so another device resumes there."""
    opened, cards = _open_for_change(principal, lesson_id)
    if expected_version is not None and expected_version != (opened.read_version or 0):
        raise Conflict(progress.SAVED_ELSEWHERE)
    opened.progress.position = _clamp(position, cards)
    return progress.save(opened)


def _same(recorded: dict[str, Any], fresh: dict[str, Any]) -> bool:
    ignored = {"at", "correct", "shared_post_id"}
    return {k: v for k, v in recorded.items() if k not in ignored} == {
        k: v for k, v in fresh.items() if k not in ignored
    }


def _answer_of(card: dict[str, Any], given: CardAnswer) -> dict[str, Any]:
    kind = card["type"]
    if kind == card_rules.QUESTION:
        question = card_rules.question_of(card["question"])
        checked = card_rules.check_question_answer(question, given.option_ids, given.number)
        return {
            "type": kind,
            "question_id": card["question_id"],
            "option_ids": list(checked.option_ids),
            "number": checked.number,
            "correct": checked.correct,
        }
    if kind == card_rules.POLL:
        return {"type": kind, "option_id": card_rules.check_poll_answer(card, given.option_id)}
    if kind == card_rules.REFLECTION:
        return {"type": kind, "text": card_rules.check_reflection(given.text), "shared": bool(given.share)}
    if kind == card_rules.FLASHCARD:
        return {"type": kind, "knew": bool(given.knew)}
    raise Conflict("A content card is read, not answered.")


def _share_reflection(principal: Principal, opened: Opened, card: dict[str, Any], text: str) -> str:
    from chalicelib.wall.posts import PostDraft, publish_post  # only when a reflection is shared

    community_id = opened.release.community_id
    if not card.get("shareable") or community_id is None:
        raise Conflict("This reflection is private: it cannot be shared to a wall.")
    post = publish_post(principal, community_id, PostDraft(text, list(opened.release.skill_tags or []), []))
    return str(post.post_id)


def answer_card(
    principal: Principal, lesson_id: str, card_id: str, given: CardAnswer, position: int | None = None
) -> tuple[Opened, dict[str, Any]]:
    """Record the learner's answer to a card, once. Sending the same answer again changes nothing
    (a retry); a different one is refused: the first answer is the one that counts.

    The answer's write also keeps where the learner is (`position`, or else the card answered if
    they were not further), so the player saves no position of its own while cards are passed."""
    opened, cards = _open_for_change(principal, lesson_id)
    card = card_rules.card_by_id(cards, card_id)
    if card is None:
        raise NotFound(NO_SUCH_CARD)
    fresh = _answer_of(card, given)
    answers = progress.answers_of(opened.progress)
    recorded = answers.get(card_id)
    if recorded is not None:
        if not _same(recorded, fresh):
            raise Conflict("You answered this card already; your first answer is the one that counts.")
        return opened, recorded
    if fresh["type"] == card_rules.REFLECTION and fresh["shared"]:
        fresh["shared_post_id"] = _share_reflection(principal, opened, card, fresh["text"])
    fresh["at"] = iso(utc_now())
    answers[card_id] = fresh
    index = next(i for i, c in enumerate(cards) if c["id"] == card_id)
    current = int(opened.progress.position or 0)
    opened.progress.position = max(current, index) if position is None else _clamp(position, cards)
    saved = progress.save(opened, answers=answers)
    count_business_event("LessonCardAnswered")
    return saved, fresh


def complete(principal: Principal, lesson_id: str) -> Opened:
    """Complete the lesson, once: its question and poll cards must be answered."""
    opened, cards = _open_for_change(principal, lesson_id)
    if opened.progress.completed_at is not None:
        return opened
    missing = card_rules.missing_for_completion(cards, progress.answers_of(opened.progress))
    if missing:
        raise Conflict(
            "Answer every question and poll of the lesson first.", extra={"unanswered_card_ids": missing}
        )
    item: LearningProgressItem = opened.progress
    item.completed_at = utc_now()
    item.position = len(cards) - 1
    saved = progress.save(opened)
    count_business_event("LessonCompleted")
    return saved
