"""What learning does, exactly once each: points for a lesson's answered cards and for completing
a lesson (the ledger keys each award by its event, so a replayed record changes nothing; the
points also keep the learner's streak and count towards badges)."""

from __future__ import annotations

from chalicelib.gamification import ledger, rules
from chalicelib.reactors.events import LearningCompleted, LessonCardAnswered

COMPLETION_ACTIONS = {
    "lesson": rules.LESSON_COMPLETED,
    "video": rules.VIDEO_COMPLETED,
}  # kind -> the action its completion earns


def award_lesson_card(event: LessonCardAnswered) -> None:
    ledger.award(
        event.org_id,
        event.user_id,
        rules.LESSON_CARD_ANSWERED,
        event.source_id,
        event.answered_at,
        event.content_id,
        event.community_id,
    )


def award_completion(event: LearningCompleted) -> None:
    action = COMPLETION_ACTIONS.get(event.kind)
    if action is None:
        return
    ledger.award(
        event.org_id,
        event.user_id,
        action,
        event.source_id,
        event.completed_at,
        event.content_id,
        event.community_id,
    )
