"""The table's stream consumer: dispatches domain events to reactors, reporting partial failures.

Lambda (and the local poller) retries only from the first failed record, so processing stops
there; every reactor is idempotent, so records before it may safely be seen again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib.observability import logger
from chalicelib.reactors import badges, gamification, member_stats, notifications, popularity, quizzes
from chalicelib.reactors.events import (
    BadgeAwarded,
    CommentAdded,
    ContentWithdrawn,
    DomainEvent,
    JoinApproved,
    MemberSpotlighted,
    Mentioned,
    NotificationRemoved,
    PostPublished,
    PostRankChanged,
    PostSpotlighted,
    QuestionAnswered,
    ReactionGiven,
    domain_events,
)

Reactor = Callable[[Any], None]

REACTORS: dict[type[DomainEvent], list[Reactor]] = {
    PostPublished: [
        member_stats.count_published_post,
        notifications.follow_own_post,
        gamification.award_post,
    ],
    PostRankChanged: [popularity.rank_post],
    Mentioned: [notifications.notify_mentioned],
    CommentAdded: [notifications.notify_comment, gamification.award_comment],
    ReactionGiven: [notifications.notify_reaction, gamification.award_reaction],
    PostSpotlighted: [notifications.notify_post_spotlighted, gamification.award_post_spotlight],
    MemberSpotlighted: [notifications.notify_member_spotlighted, gamification.award_member_spotlight],
    ContentWithdrawn: [gamification.withdraw_content_points],
    JoinApproved: [notifications.notify_join_approved],
    NotificationRemoved: [notifications.uncount_removed_notification],
    BadgeAwarded: [badges.notify_badge_awarded, badges.announce_badge_awarded],
    QuestionAnswered: [
        quizzes.score_campaign_answer,
        quizzes.count_question_stats,
        quizzes.award_quiz_points,
    ],
}


def dispatch(event: DomainEvent) -> None:
    for reactor in REACTORS.get(type(event), []):
        reactor(event)


def consume_table_changes(records: list[dict[str, Any]]) -> dict[str, list[dict[str, str]]]:
    for record in records:
        sequence_number = record.get("dynamodb", {}).get("SequenceNumber", "")
        try:
            for event in domain_events(record):
                dispatch(event)
        except Exception:
            logger.exception(
                "Stream record failed; it will be retried", extra={"sequence_number": sequence_number}
            )
            return {"batchItemFailures": [{"itemIdentifier": sequence_number}]}
    return {"batchItemFailures": []}
