"""What learners' activity and reactions add to content feedback: counts per card and completions
for the authors' insights, and "outdated" tasks (each effect once per event)."""

from __future__ import annotations

from datetime import UTC, datetime

from chalicelib.feedback.tasks import report_outdated
from chalicelib.ids import utc_now
from chalicelib.reactors.events import (
    ContentReportedOutdated,
    LearningCompleted,
    LessonCardAnswered,
    QuestionAnsweredInLesson,
)
from chalicelib.store import feedback as store


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return utc_now()
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def open_outdated_task(event: ContentReportedOutdated) -> None:
    report_outdated(
        event.org_id, event.content_id, event.user_id, event.note, _moment(event.reported_at), event.source_id
    )


def count_card_answer(event: LessonCardAnswered) -> None:
    store.count_card_once(
        event.org_id,
        event.content_id,
        event.card_id,
        event.source_id,
        _moment(event.answered_at),
        answered=1,
        correct=0,
        option_id=event.option_id,
    )


def count_right_answer(event: QuestionAnsweredInLesson) -> None:
    if event.correct:
        store.count_card_once(
            event.org_id,
            event.content_id,
            event.card_id,
            event.source_id,
            _moment(event.answered_at),
            answered=0,
            correct=1,
        )


def count_completion(event: LearningCompleted) -> None:
    store.count_completion_once(event.org_id, event.content_id, event.source_id, _moment(event.completed_at))
