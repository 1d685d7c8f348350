"""Which mappers turn the changes of which item type into domain events, and the one function the
consumer calls on each stream record."""

from __future__ import annotations

import importlib
from typing import Any

from chalicelib.reactors.events.base import DomainEvent, ItemChange, Mapper, by_people, item_change
from chalicelib.store.keys import SCORE_TYPES


class NamedMapper:
    """The mapper `chalicelib.reactors.events.<module>.<function>`, imported (with its module's event
    classes) when a record of its item type first needs it; `people_only`: see `by_people`."""

    __slots__ = ("function", "module", "people_only")

    def __init__(self, module: str, function: str, *, people_only: bool = False) -> None:
        self.module = module
        self.function = function
        self.people_only = people_only

    def resolve(self) -> Mapper:
        resolved: Mapper = getattr(
            importlib.import_module(f"chalicelib.reactors.events.{self.module}"), self.function
        )
        return resolved

    def __call__(self, change: ItemChange) -> list[DomainEvent]:
        mapper = self.resolve()
        return by_people(mapper)(change) if self.people_only else mapper(change)

    def __repr__(self) -> str:
        return f"NamedMapper({self.module!r}, {self.function!r})"


# Item type -> the mappers that turn its changes into domain events. Add a mapper, not a pipeline.
EVENT_MAPPERS: dict[str, list[NamedMapper]] = {
    "post": [
        NamedMapper("wall", mapper, people_only=True)
        for mapper in ("post_events", "post_rank_events", "post_notification_events", "withdrawn_events")
    ]
    + [NamedMapper("search", "post_search_events"), NamedMapper("qa", "question_events", people_only=True)],
    "qa_answer": [NamedMapper("qa", "answer_events")],
    "comment": [
        NamedMapper("wall", "comment_events", people_only=True),
        NamedMapper("wall", "withdrawn_events", people_only=True),
    ],
    "reaction": [NamedMapper("wall", "reaction_events", people_only=True)],
    "badge_award": [NamedMapper("gamification", "badge_award_events")],
    "community": [
        NamedMapper("communities", "community_events"),
        NamedMapper("search", "pinned_post_events"),
    ],
    "community_member": [NamedMapper("communities", "membership_events")],
    "user": [NamedMapper("communities", "profile_events")],
    "moderation_log": [NamedMapper("moderation", "moderation_events")],
    "notification": [NamedMapper("notifications", "notification_events")],
    "quiz_answer": [NamedMapper("quizzes", "answer_events")],
    "content_reaction": [NamedMapper("feedback", "reaction_events")],
    "learning_progress": [
        NamedMapper("learning", "progress_events"),
        NamedMapper("videos", "video_cue_events"),
    ],
    "learning_release": [NamedMapper("search", "learning_release_events")],
    "workshop": [NamedMapper("workshops", "workshop_events")],
    "workshop_rsvp": [NamedMapper("workshops", "rsvp_events")],
    **{item_type: [NamedMapper("gamification", "score_events")] for item_type in SCORE_TYPES},
}


def domain_events(record: dict[str, Any]) -> list[DomainEvent]:
    change = item_change(record)
    if change is None:
        return []
    return [event for mapper in EVENT_MAPPERS.get(change.item_type, []) for event in mapper(change)]
