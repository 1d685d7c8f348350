"""Domain events, and how item changes on the table's stream become them.

One module per domain holds its events (dataclasses) and the mappers that make them from the
changes of its item types; `registry` says which mappers an item type has. Adding an event type
means adding a dataclass and a mapper, and listing the mapper there: the pipeline does not change.
Import events from here.
"""

from chalicelib.reactors.events.base import DomainEvent, ItemChange, Mapper, item_change
from chalicelib.reactors.events.communities import JoinApproved, MemberSpotlighted
from chalicelib.reactors.events.feedback import ContentReportedOutdated
from chalicelib.reactors.events.gamification import BadgeAwarded, ScoreChanged
from chalicelib.reactors.events.learning import (
    LearningCompleted,
    LessonCardAnswered,
    QuestionAnsweredInLesson,
)
from chalicelib.reactors.events.moderation import ContentModerated
from chalicelib.reactors.events.notifications import NotificationRemoved
from chalicelib.reactors.events.quizzes import QuestionAnswered
from chalicelib.reactors.events.registry import EVENT_MAPPERS, domain_events
from chalicelib.reactors.events.videos import QuestionAnsweredAtVideoCue
from chalicelib.reactors.events.wall import (
    CommentAdded,
    ContentWithdrawn,
    Mentioned,
    PostPublished,
    PostRankChanged,
    PostSpotlighted,
    ReactionGiven,
)

__all__ = [
    "EVENT_MAPPERS",
    "BadgeAwarded",
    "CommentAdded",
    "ContentModerated",
    "ContentReportedOutdated",
    "ContentWithdrawn",
    "DomainEvent",
    "ItemChange",
    "JoinApproved",
    "LearningCompleted",
    "LessonCardAnswered",
    "Mapper",
    "MemberSpotlighted",
    "Mentioned",
    "NotificationRemoved",
    "PostPublished",
    "PostRankChanged",
    "PostSpotlighted",
    "QuestionAnswered",
    "QuestionAnsweredAtVideoCue",
    "QuestionAnsweredInLesson",
    "ReactionGiven",
    "ScoreChanged",
    "domain_events",
    "item_change",
]
