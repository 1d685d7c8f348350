"""What every domain event shares, and the item change of a stream record that events come from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chalicelib.ids import SYSTEM_AUTHOR_ID
from chalicelib.store.attribute_values import plain_item


@dataclass(frozen=True)
class DomainEvent:
    org_id: str

    @property
    def source_id(self) -> str:
        """What the event is about; effects are keyed by it so replays change nothing."""
        raise NotImplementedError


@dataclass(frozen=True)
class ItemChange:
    event_name: str  # INSERT, MODIFY or REMOVE
    item_type: str
    new: dict[str, Any] | None
    old: dict[str, Any] | None


def _image(record: dict[str, Any], name: str) -> dict[str, Any] | None:
    image = record.get("dynamodb", {}).get(name)
    if not image:
        return None
    return plain_item(image)


def item_change(record: dict[str, Any]) -> ItemChange | None:
    new, old = _image(record, "NewImage"), _image(record, "OldImage")
    item_type = (new or old or {}).get("type")
    if not isinstance(item_type, str):
        return None
    return ItemChange(record.get("eventName", ""), item_type, new, old)


Mapper = Callable[[ItemChange], list[DomainEvent]]


def by_people(mapper: Mapper) -> Mapper:
    """The mapper, for content people wrote: a system post (and reacting to it) earns nobody
    points, counters or follows, and is not ranked among the week's popular posts."""

    def people_only(change: ItemChange) -> list[DomainEvent]:
        item = change.new or change.old or {}
        if item.get("system_kind") or SYSTEM_AUTHOR_ID in (
            item.get("author_id"),
            item.get("target_author_id"),
        ):
            return []
        return mapper(change)

    return people_only
