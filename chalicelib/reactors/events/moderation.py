"""Events of moderation: what a moderator did that the author is told."""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.reactors.events.base import DomainEvent, ItemChange


@dataclass(frozen=True)
class ContentModerated(DomainEvent):
    """A moderator hid or removed someone's post or comment, with a reason the author is told."""

    community_id: str
    entry_id: str  # the moderation log entry
    action: str  # hide | remove
    target_kind: str  # post | comment
    post_id: str
    comment_id: str | None
    author_id: str
    moderator_id: str
    reason: str

    @property
    def source_id(self) -> str:
        return f"content-moderated#{self.community_id}#{self.entry_id}"


TOLD_TO_AUTHORS = ("hide", "remove")  # restoring and dismissing reports change nothing for the author


def moderation_events(change: ItemChange) -> list[DomainEvent]:
    entry = change.new
    if change.event_name != "INSERT" or not entry or not entry.get("author_id"):
        return []
    if entry.get("action") not in TOLD_TO_AUTHORS or entry.get("target_kind") not in ("post", "comment"):
        return []
    comment = entry["target_kind"] == "comment"
    return [
        ContentModerated(
            entry["org_id"],
            entry["community_id"],
            entry["entry_id"],
            entry["action"],
            entry["target_kind"],
            str(entry.get("post_id") or entry["target_id"]),
            entry["target_id"] if comment else None,
            entry["author_id"],
            entry["moderator_id"],
            str(entry.get("reason") or ""),
        )
    ]
