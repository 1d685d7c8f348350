"""Events of the wall: posts published, ranked, withdrawn or spotlighted; comments, reactions, mentions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.reactors.events.base import DomainEvent, ItemChange


@dataclass(frozen=True)
class PostPublished(DomainEvent):
    post_id: str
    community_id: str
    author_id: str
    published_at: str = ""  # the post's created_at (empty: unknown)
    shared_post_id: str | None = None  # a share: the original post
    shared_community_id: str | None = None
    shared_author_id: str | None = None

    @property
    def source_id(self) -> str:
        return f"post-published#{self.post_id}"


def post_events(change: ItemChange) -> list[DomainEvent]:
    post = change.new
    if not post or post.get("status", "published") != "published":
        return []
    # A post held for review is published when a moderator restores it.
    released = change.event_name == "MODIFY" and (change.old or {}).get("status") == "held"
    if change.event_name == "INSERT" or released:
        return [
            PostPublished(
                post["org_id"],
                post["post_id"],
                post["community_id"],
                post["author_id"],
                str(post.get("created_at") or ""),
                post.get("shared_post_id"),
                post.get("shared_community_id"),
                post.get("shared_author_id"),
            )
        ]
    return []


@dataclass(frozen=True)
class PostRankChanged(DomainEvent):
    """A post's place in its organisation's "popular this week" index must change."""

    community_id: str
    post_id: str
    popular_pk: str | None
    popular_sk: str | None

    @property
    def source_id(self) -> str:
        return f"post-rank#{self.post_id}#{self.popular_sk}"


def post_rank_events(change: ItemChange) -> list[DomainEvent]:
    from chalicelib.wall.popularity import popular_index_keys

    post = change.new
    if change.event_name not in ("INSERT", "MODIFY") or not post:
        return []
    wanted = popular_index_keys(post)
    if wanted == popular_index_keys(change.old):
        return []  # still in the same band (or still out of the index): nothing to move
    return [PostRankChanged(post["org_id"], post["community_id"], post["post_id"], wanted[0], wanted[1])]


@dataclass(frozen=True)
class Mentioned(DomainEvent):
    """People were @mentioned in a new post or comment (`comment_id` None: the post itself)."""

    community_id: str
    post_id: str
    comment_id: str | None  # the comment's public id (a reply's is "<comment>-<reply>")
    content_id: str  # the post's or comment's own ULID
    author_id: str
    author_name: str
    mentioned_ids: tuple[str, ...]

    @property
    def source_id(self) -> str:
        return f"mentioned#{self.content_id}"


@dataclass(frozen=True)
class CommentAdded(DomainEvent):
    community_id: str
    post_id: str
    comment_id: str  # ULID; a reply's public id is "<parent>-<comment_id>"
    parent_comment_id: str | None
    author_id: str
    author_name: str
    created_at: str = ""

    @property
    def source_id(self) -> str:
        return f"comment-added#{self.comment_id}"

    @property
    def public_id(self) -> str:
        return f"{self.parent_comment_id}-{self.comment_id}" if self.parent_comment_id else self.comment_id


@dataclass(frozen=True)
class ReactionGiven(DomainEvent):
    community_id: str
    post_id: str
    target_id: str
    target_kind: str  # post | comment
    user_id: str
    target_author_id: str
    reacted_at: str

    @property
    def source_id(self) -> str:
        return f"reaction#{self.target_id}#{self.user_id}"


@dataclass(frozen=True)
class PostSpotlighted(DomainEvent):
    community_id: str
    post_id: str
    author_id: str
    spotlight_by: str | None
    spotlight_at: str

    @property
    def source_id(self) -> str:
        return f"post-spotlighted#{self.post_id}#{self.spotlight_at}"


@dataclass(frozen=True)
class ContentWithdrawn(DomainEvent):
    """A published post or comment left "published" (hidden, deleted, removed): points behind it go."""

    content_kind: str  # post | comment
    content_id: str  # the post's or comment's own ULID
    author_id: str
    changed_at: str
    community_id: str | None = None

    @property
    def source_id(self) -> str:
        return f"content-withdrawn#{self.content_id}"


def withdrawn_events(change: ItemChange) -> list[DomainEvent]:
    old, new = change.old, change.new
    if not old or old.get("status", "published") != "published":
        return []
    if new is not None and new.get("status", "published") == "published":
        return []
    kind = change.item_type
    content_id = old["post_id"] if kind == "post" else old["comment_id"]
    changed_at = str((new or {}).get("edited_at") or "")
    return [
        ContentWithdrawn(
            old["org_id"], kind, content_id, old["author_id"], changed_at, old.get("community_id")
        )
    ]


def _mentioned(item: dict[str, Any], comment_id: str | None, content_id: str) -> list[DomainEvent]:
    mentioned = tuple(str(m) for m in item.get("mentions") or [])
    if not mentioned:
        return []
    return [
        Mentioned(
            item["org_id"],
            item["community_id"],
            item["post_id"],
            comment_id,
            content_id,
            item["author_id"],
            str(item.get("author_name") or ""),
            mentioned,
        )
    ]


def post_notification_events(change: ItemChange) -> list[DomainEvent]:
    post, old = change.new, change.old or {}
    if not post or post.get("status", "published") != "published":
        return []
    if change.event_name == "INSERT" or old.get("status") == "held":  # new, or released by a moderator
        return _mentioned(post, None, post["post_id"])
    spotlight_at = post.get("spotlight_at")
    if change.event_name == "MODIFY" and spotlight_at and spotlight_at != old.get("spotlight_at"):
        return [
            PostSpotlighted(
                post["org_id"],
                post["community_id"],
                post["post_id"],
                post["author_id"],
                post.get("spotlight_by"),
                str(spotlight_at),
            )
        ]
    return []


def comment_events(change: ItemChange) -> list[DomainEvent]:
    comment, old = change.new, change.old or {}
    if not comment or comment.get("status", "published") != "published":
        return []
    if change.event_name != "INSERT" and old.get("status") != "held":  # new, or released by a moderator
        return []
    added = CommentAdded(
        comment["org_id"],
        comment["community_id"],
        comment["post_id"],
        comment["comment_id"],
        comment.get("parent_comment_id"),
        comment["author_id"],
        str(comment.get("author_name") or ""),
        str(comment.get("created_at") or ""),
    )
    # Mentions first: a mentioned follower gets the mention, not also "commented on a post you follow".
    return [*_mentioned(comment, added.public_id, added.comment_id), added]


def reaction_events(change: ItemChange) -> list[DomainEvent]:
    reaction = change.new
    if change.event_name != "INSERT" or not reaction:
        return []
    return [
        ReactionGiven(
            reaction["org_id"],
            reaction["community_id"],
            reaction["post_id"],
            reaction["target_id"],
            reaction["target_kind"],
            reaction["user_id"],
            reaction["target_author_id"],
            str(reaction["reacted_at"]),
        )
    ]
