"""Which mappers turn the changes of which item type into domain events, and the one function the
consumer calls on each stream record."""

from __future__ import annotations

from typing import Any

from chalicelib.gamification.board_upkeep import SCORE_TYPES
from chalicelib.reactors.events.base import DomainEvent, Mapper, by_people, item_change
from chalicelib.reactors.events.communities import community_events, membership_events
from chalicelib.reactors.events.feedback import reaction_events as content_reaction_events
from chalicelib.reactors.events.gamification import badge_award_events, score_events
from chalicelib.reactors.events.learning import progress_events
from chalicelib.reactors.events.moderation import moderation_events
from chalicelib.reactors.events.notifications import notification_events
from chalicelib.reactors.events.quizzes import answer_events
from chalicelib.reactors.events.videos import video_cue_events
from chalicelib.reactors.events.wall import (
    comment_events,
    post_events,
    post_notification_events,
    post_rank_events,
    reaction_events,
    withdrawn_events,
)

# Item type -> the mappers that turn its changes into domain events. Add a mapper, not a pipeline.
EVENT_MAPPERS: dict[str, list[Mapper]] = {
    "post": [
        by_people(mapper)
        for mapper in (post_events, post_rank_events, post_notification_events, withdrawn_events)
    ],
    "comment": [by_people(comment_events), by_people(withdrawn_events)],
    "reaction": [by_people(reaction_events)],
    "badge_award": [badge_award_events],
    "community": [community_events],
    "community_member": [membership_events],
    "moderation_log": [moderation_events],
    "notification": [notification_events],
    "quiz_answer": [answer_events],
    "content_reaction": [content_reaction_events],
    "learning_progress": [progress_events, video_cue_events],
    **{item_type: [score_events] for item_type in SCORE_TYPES},
}


def domain_events(record: dict[str, Any]) -> list[DomainEvent]:
    change = item_change(record)
    if change is None:
        return []
    return [event for mapper in EVENT_MAPPERS.get(change.item_type, []) for event in mapper(change)]
