"""Events of content feedback: a learner said a lesson or video is outdated."""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.reactors.events.base import DomainEvent, ItemChange

OUTDATED = "outdated"


@dataclass(frozen=True)
class ContentReportedOutdated(DomainEvent):
    """A learner's reaction to a content item became "outdated" (a first reaction, or a change)."""

    content_id: str
    user_id: str
    note: str | None
    reported_at: str

    @property
    def source_id(self) -> str:
        return f"content-outdated#{self.content_id}#{self.user_id}#{self.reported_at}"


def reaction_events(change: ItemChange) -> list[DomainEvent]:
    new, old = change.new, change.old or {}
    if change.event_name == "REMOVE" or not new or new.get("reaction") != OUTDATED:
        return []
    if old.get("reaction") == OUTDATED:
        return []  # still outdated (a changed note): reported already
    return [
        ContentReportedOutdated(
            new["org_id"],
            new["content_id"],
            new["user_id"],
            new.get("note"),
            str(new.get("updated_at") or ""),
        )
    ]
