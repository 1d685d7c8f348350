"""Domain events, and how item changes on the table's stream become them.

Adding an event type means adding a dataclass and a mapping from the item type it comes
from; the pipeline itself does not change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DomainEvent:
    org_id: str

    @property
    def source_id(self) -> str:
        """What the event is about; effects are keyed by it so replays change nothing."""
        raise NotImplementedError


@dataclass(frozen=True)
class PostPublished(DomainEvent):
    post_id: str
    community_id: str
    author_id: str

    @property
    def source_id(self) -> str:
        return f"post-published#{self.post_id}"


@dataclass(frozen=True)
class ItemChange:
    event_name: str  # INSERT, MODIFY or REMOVE
    item_type: str
    new: dict[str, Any] | None
    old: dict[str, Any] | None


def _image(record: dict[str, Any], name: str) -> dict[str, Any] | None:
    # Imported here: boto3 is heavy, and importing the app must stay light for cold starts.
    from boto3.dynamodb.types import TypeDeserializer

    image = record.get("dynamodb", {}).get(name)
    if not image:
        return None
    deserializer = TypeDeserializer()
    return {key: deserializer.deserialize(value) for key, value in image.items()}


def item_change(record: dict[str, Any]) -> ItemChange | None:
    new, old = _image(record, "NewImage"), _image(record, "OldImage")
    item_type = (new or old or {}).get("type")
    if not isinstance(item_type, str):
        return None
    return ItemChange(record.get("eventName", ""), item_type, new, old)


def _post_events(change: ItemChange) -> list[DomainEvent]:
    if change.event_name == "INSERT" and change.new:
        post = change.new
        return [PostPublished(post["org_id"], post["post_id"], post["community_id"], post["author_id"])]
    return []


EVENT_MAPPERS: dict[str, Callable[[ItemChange], list[DomainEvent]]] = {
    "post": _post_events,
}


def domain_events(record: dict[str, Any]) -> list[DomainEvent]:
    change = item_change(record)
    if change is None:
        return []
    mapper = EVENT_MAPPERS.get(change.item_type)
    return mapper(change) if mapper else []
