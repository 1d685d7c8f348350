"""Events of inboxes: a notification removed (its TTL expired)."""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.reactors.events.base import DomainEvent, ItemChange


@dataclass(frozen=True)
class NotificationRemoved(DomainEvent):
    """A notification left an inbox (its TTL expired): if it was unread, it no longer counts."""

    recipient_id: str
    notification_id: str
    unread: bool

    @property
    def source_id(self) -> str:
        return f"notification-removed#{self.recipient_id}#{self.notification_id}"


def notification_events(change: ItemChange) -> list[DomainEvent]:
    note = change.old
    if change.event_name != "REMOVE" or not note:
        return []
    unread = bool(note.get("unread"))
    return [NotificationRemoved(note["org_id"], note["recipient_id"], note["notification_id"], unread)]
