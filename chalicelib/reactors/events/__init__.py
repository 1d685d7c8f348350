"""Domain events, and how item changes on the table's stream become them.

One module per domain holds its events (dataclasses) and the mappers that make them from the
changes of its item types; `registry` says which mappers an item type has. Adding an event type
means adding a dataclass and a mapper, and listing the mapper there: the pipeline does not change.
Import events from here: each name is loaded from its domain's module when first asked for
(`__getattr__` below), so a cold stream consumer creates the event classes of the item types its
records carry, not all of them (each dataclass costs a cold start most of a millisecond).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chalicelib.reactors.events.base import DomainEvent, ItemChange, Mapper, item_change
    from chalicelib.reactors.events.communities import (
        JoinApproved,
        MemberDeactivated,
        MembershipEnded,
        MemberSpotlighted,
    )
    from chalicelib.reactors.events.feedback import ContentReportedOutdated
    from chalicelib.reactors.events.gamification import BadgeAwarded, ScoreChanged
    from chalicelib.reactors.events.learning import (
        LearningCompleted,
        LessonCardAnswered,
        QuestionAnsweredInLesson,
    )
    from chalicelib.reactors.events.moderation import ContentModerated
    from chalicelib.reactors.events.notifications import NotificationRemoved
    from chalicelib.reactors.events.qa import AnswerAccepted, AnswerPosted, QuestionAsked
    from chalicelib.reactors.events.quizzes import QuestionAnswered
    from chalicelib.reactors.events.registry import EVENT_MAPPERS, domain_events
    from chalicelib.reactors.events.search import SearchableChanged
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
    from chalicelib.reactors.events.workshops import WaitlistPromoted, WorkshopAttended, WorkshopCancelled

# Each name of this package, and the module of the package that defines it.
_DEFINED_IN: dict[str, str] = {
    "DomainEvent": "base",
    "ItemChange": "base",
    "Mapper": "base",
    "item_change": "base",
    "JoinApproved": "communities",
    "MemberDeactivated": "communities",
    "MembershipEnded": "communities",
    "MemberSpotlighted": "communities",
    "ContentReportedOutdated": "feedback",
    "LearningCompleted": "learning",
    "LessonCardAnswered": "learning",
    "QuestionAnsweredInLesson": "learning",
    "BadgeAwarded": "gamification",
    "ScoreChanged": "gamification",
    "ContentModerated": "moderation",
    "NotificationRemoved": "notifications",
    "QuestionAnswered": "quizzes",
    "QuestionAnsweredAtVideoCue": "videos",
    "EVENT_MAPPERS": "registry",
    "domain_events": "registry",
    "CommentAdded": "wall",
    "ContentWithdrawn": "wall",
    "Mentioned": "wall",
    "PostPublished": "wall",
    "PostRankChanged": "wall",
    "PostSpotlighted": "wall",
    "ReactionGiven": "wall",
    "SearchableChanged": "search",
    "AnswerAccepted": "qa",
    "AnswerPosted": "qa",
    "QuestionAsked": "qa",
    "WaitlistPromoted": "workshops",
    "WorkshopAttended": "workshops",
    "WorkshopCancelled": "workshops",
}

__all__ = [
    "EVENT_MAPPERS",
    "AnswerAccepted",
    "AnswerPosted",
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
    "MemberDeactivated",
    "MemberSpotlighted",
    "MembershipEnded",
    "Mentioned",
    "NotificationRemoved",
    "PostPublished",
    "PostRankChanged",
    "PostSpotlighted",
    "QuestionAnswered",
    "QuestionAnsweredAtVideoCue",
    "QuestionAnsweredInLesson",
    "QuestionAsked",
    "ReactionGiven",
    "ScoreChanged",
    "SearchableChanged",
    "WaitlistPromoted",
    "WorkshopAttended",
    "WorkshopCancelled",
    "domain_events",
    "item_change",
]


def __getattr__(name: str) -> Any:
    module = _DEFINED_IN.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # asked once
    return value
