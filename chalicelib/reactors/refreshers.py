"""A question a learner met (in a quiz, a lesson or at a video's cue) becomes, or reviews, one of their
refresher cards: every place calls the same use case (chalicelib/refreshers/deck.py, met_question)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol

from chalicelib.ids import utc_now
from chalicelib.reactors.events import QuestionAnswered, QuestionAnsweredInLesson
from chalicelib.refreshers import rules
from chalicelib.refreshers.deck import QuestionMet, met_question
from chalicelib.store.models import RefresherCardItem


class AnsweredQuestion(Protocol):
    """What every "a learner answered question Q" event carries (the quiz, lesson and video ones)."""

    @property
    def org_id(self) -> str: ...
    @property
    def user_id(self) -> str: ...
    @property
    def question_id(self) -> str: ...
    @property
    def correct(self) -> bool: ...
    @property
    def answered_at(self) -> str: ...
    @property
    def source_id(self) -> str: ...


def _meet(
    event: AnsweredQuestion, met_in: str, card: RefresherCardItem | None = None, card_read: bool = False
) -> None:
    met_question(
        QuestionMet(
            org_id=event.org_id,
            user_id=event.user_id,
            question_id=event.question_id,
            correct=event.correct,
            met_at=_moment(event.answered_at),
            met_in=met_in,
            source_id=event.source_id,
        ),
        card,
        card_read,
    )


def _moment(text: str) -> datetime:
    """When it was answered; an event without a readable time counts from now (it was just written)."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return utc_now()
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def meet_quiz_question(
    event: QuestionAnswered, card: RefresherCardItem | None = None, card_read: bool = False
) -> None:
    """`card_read`: the quiz reactor read the card first (chalicelib/reactors/quizzes.py)."""
    _meet(event, rules.QUIZ, card, card_read)


def meet_lesson_question(event: QuestionAnsweredInLesson) -> None:
    _meet(event, rules.LESSON)


def meet_video_question(event: AnsweredQuestion) -> None:
    """For QuestionAnsweredAtVideoCue (the video branch's event): listed in consumer.REACTORS with it."""
    _meet(event, rules.VIDEO)
