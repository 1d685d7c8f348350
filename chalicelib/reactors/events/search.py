"""Events of the knowledge base: something that may be in the library changed.

Only the fields the index reads make an event, so a post's reactions and comment counters (its
commonest changes) cost the index nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.reactors.events.base import DomainEvent, ItemChange

# What a post's library document is made of, and what decides whether it has one.
POST_SEARCH_FIELDS = ("status", "body", "skill_tags", "spotlight_at", "edited_at", "post_kind")


@dataclass(frozen=True)
class SearchableChanged(DomainEvent):
    """A source of library documents may have changed: the index reads it again."""

    kind: str  # post | lesson | video
    item_id: str
    community_id: str | None

    @property
    def source_id(self) -> str:
        return f"searchable#{self.kind}#{self.item_id}"


def post_search_events(change: ItemChange) -> list[DomainEvent]:
    # A new post is neither pinned nor spotlighted yet: only later changes can bring it in or out.
    # A new question is found at once (by people about to ask the same).
    if change.event_name == "INSERT" and (change.new or {}).get("post_kind") != "question":
        return []
    post, old = change.new or {}, change.old or {}
    item = change.new or change.old or {}
    if change.event_name == "MODIFY" and all(post.get(f) == old.get(f) for f in POST_SEARCH_FIELDS):
        return []
    return [SearchableChanged(item["org_id"], "post", item["post_id"], item.get("community_id"))]


def pinned_post_events(change: ItemChange) -> list[DomainEvent]:
    """Posts pinned or unpinned: the community's list of pinned posts changed."""
    community, old = change.new or {}, change.old or {}
    item = change.new or change.old or {}
    moved = set(community.get("pinned_post_ids") or []) ^ set(old.get("pinned_post_ids") or [])
    return [
        SearchableChanged(item["org_id"], "post", post_id, item["community_id"]) for post_id in sorted(moved)
    ]


def learning_release_events(change: ItemChange) -> list[DomainEvent]:
    """A lesson or video published, re-published, archived or restored: its release changed."""
    item = change.new or change.old or {}
    return [
        SearchableChanged(item["org_id"], str(item["kind"]), item["content_id"], item.get("community_id"))
    ]
