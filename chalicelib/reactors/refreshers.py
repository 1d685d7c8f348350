"""A question a learner met becomes (or reviews) one of their refresher cards."""

from __future__ import annotations

from datetime import datetime

from chalicelib.reactors.events import QuestionAnswered
from chalicelib.refreshers import rules
from chalicelib.refreshers.deck import QuestionMet, met_question


def meet_quiz_question(event: QuestionAnswered) -> None:
    met_question(
        QuestionMet(
            org_id=event.org_id,
            user_id=event.user_id,
            question_id=event.question_id,
            correct=event.correct,
            met_at=datetime.fromisoformat(event.answered_at.replace("Z", "+00:00")),
            met_in=rules.QUIZ,
            source_id=event.source_id,
        )
    )
