"""Events of learning content: a card of a lesson answered, a question answered in a lesson (the
hook spaced refreshers follow), and content completed. They come from a learner's progress item,
which the server writes whole: an answer or a completion appears in its new image and not in its
old one."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from chalicelib.reactors.events.base import DomainEvent, ItemChange
from chalicelib.store import keys


@dataclass(frozen=True)
class LessonCardAnswered(DomainEvent):
    """A learner answered a card of a lesson (a question, a poll, a reflection or a flashcard)."""

    user_id: str
    content_id: str
    card_id: str
    card_type: str
    community_id: str | None
    answered_at: str
    option_id: str | None = None  # a poll's chosen option

    @property
    def source_id(self) -> str:
        return keys.lesson_card_answered_event(self.content_id, self.user_id, self.card_id)


@dataclass(frozen=True)
class QuestionAnsweredInLesson(DomainEvent):
    """A learner answered a question of the bank on a lesson's card, judged by the server. Each
    answering is one (a major change of the lesson lets them answer it again: `major`)."""

    user_id: str
    question_id: str
    correct: bool
    content_id: str
    card_id: str
    community_id: str | None
    answered_at: str
    major: int

    @property
    def source_id(self) -> str:
        return f"lesson-question#{self.content_id}#{self.user_id}#{self.card_id}#{self.major}"


@dataclass(frozen=True)
class LearningCompleted(DomainEvent):
    """A learner completed a lesson or a video (as the server decided), once per content item."""

    user_id: str
    content_id: str
    kind: str  # lesson | video
    community_id: str | None
    completed_at: str

    @property
    def source_id(self) -> str:
        return f"learning-completed#{self.content_id}#{self.user_id}"


def _answers(image: dict[str, Any] | None) -> dict[str, Any]:
    if not image:
        return {}
    try:
        answers = json.loads(image.get("answers") or "{}")
    except ValueError:
        return {}
    return answers if isinstance(answers, dict) else {}


def _same_run(change: ItemChange) -> bool:
    """Whether the old image is the same run through the content (not one a major change replaced)."""
    return bool(change.old) and int((change.old or {}).get("major") or 0) == int(
        (change.new or {}).get("major") or 0
    )


def progress_events(change: ItemChange) -> list[DomainEvent]:
    new = change.new
    if change.event_name == "REMOVE" or not new:
        return []
    org_id, user_id, content_id = new["org_id"], new["user_id"], new["content_id"]
    community_id = new.get("community_id")
    before = _answers(change.old) if _same_run(change) else {}
    events: list[DomainEvent] = []
    for card_id, answer in sorted(_answers(new).items()):
        if card_id in before or not isinstance(answer, dict):
            continue
        at = str(answer.get("at") or new.get("updated_at") or "")
        card_type = str(answer.get("type") or "")
        option_id = str(answer["option_id"]) if card_type == "poll" and answer.get("option_id") else None
        events.append(
            LessonCardAnswered(org_id, user_id, content_id, card_id, card_type, community_id, at, option_id)
        )
        if card_type == "question" and answer.get("question_id"):
            events.append(
                QuestionAnsweredInLesson(
                    org_id,
                    user_id,
                    str(answer["question_id"]),
                    bool(answer.get("correct")),
                    content_id,
                    card_id,
                    community_id,
                    at,
                    int(new.get("major") or 0),
                )
            )
    if new.get("completed_at") and not (change.old or {}).get("completed_at"):
        kind = str(new.get("kind") or "")
        events.append(
            LearningCompleted(org_id, user_id, content_id, kind, community_id, str(new["completed_at"]))
        )
    return events
