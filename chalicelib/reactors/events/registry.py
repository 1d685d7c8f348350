"""Which mappers turn the changes of which item type into domain events, and the one function the
consumer calls on each stream record."""

from __future__ import annotations

import importlib
import json
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


# Item types whose mappers read only some stream events (the others make no event): a notification
# matters only when it leaves an inbox (`notification_events`), not when it is written or read; a
# profile only when it changes (`profile_events`: a deactivation), not when someone is added.
ONLY_ON: dict[str, tuple[str, ...]] = {"notification": ("REMOVE",), "user": ("MODIFY",)}

# The stream's records that can make an event: those of an item type with mappers, as the new image
# says or, for a removal, the old one (`item_change` reads the type the same way), of an event name
# its mappers read. The event source mapping drops the others before invoking the consumer (a record
# dropped by a filter costs nothing); the local poller and the bench's mapping apply the same rule
# (`reaches_consumer`).
_IMAGES = ("NewImage", "OldImage")


def stream_filter_patterns() -> list[str]:
    """The event source mapping's FilterCriteria patterns (a record passes if any matches)."""
    groups: dict[tuple[str, ...] | None, list[str]] = {}
    for item_type in sorted(EVENT_MAPPERS):
        groups.setdefault(ONLY_ON.get(item_type), []).append(item_type)
    patterns = []
    for event_names, types in groups.items():
        for image in _images_of(event_names):
            pattern: dict[str, Any] = {"dynamodb": {image: {"type": {"S": types}}}}
            if event_names is not None:
                pattern["eventName"] = list(event_names)
            patterns.append(json.dumps(pattern))
    return patterns


def _images_of(event_names: tuple[str, ...] | None) -> tuple[str, ...]:
    """The images that carry the type for these events: a removal has only its old image, an
    insert or a change a new one (one pattern fewer each; Lambda takes 5 a mapping)."""
    if event_names is None:
        return _IMAGES
    return tuple(
        image
        for image, carried_by in (("NewImage", {"INSERT", "MODIFY"}), ("OldImage", {"REMOVE"}))
        if carried_by & set(event_names)
    )


def reaches_consumer(record: dict[str, Any]) -> bool:
    """Whether `stream_filter_patterns` lets the record through to the consumer."""
    images = record.get("dynamodb", {})
    for image in _IMAGES:
        item_type = (images.get(image) or {}).get("type")
        name = item_type.get("S") if isinstance(item_type, dict) else None
        if name in EVENT_MAPPERS and record.get("eventName") in ONLY_ON.get(name, (record.get("eventName"),)):
            return True
    return False


def domain_events(record: dict[str, Any]) -> list[DomainEvent]:
    change = item_change(record)
    if change is None:
        return []
    return [event for mapper in EVENT_MAPPERS.get(change.item_type, []) for event in mapper(change)]
