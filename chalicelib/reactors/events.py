"""Domain events, and how item changes on the table's stream become them.

Adding an event type means adding a dataclass and a mapping from the item type it comes
from; the pipeline itself does not change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chalicelib.gamification.badges import SYSTEM_AUTHOR_ID
from chalicelib.gamification.board_upkeep import SCORE_TYPES, EntryChange, changes_of
from chalicelib.store.attribute_values import plain_item


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
    published_at: str = ""  # the post's created_at (empty: unknown)
    shared_post_id: str | None = None  # a share: the original post
    shared_community_id: str | None = None
    shared_author_id: str | None = None

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


def _post_events(change: ItemChange) -> list[DomainEvent]:
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


def _post_rank_events(change: ItemChange) -> list[DomainEvent]:
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
class MemberSpotlighted(DomainEvent):
    community_id: str
    community_name: str
    user_id: str
    spotlight_by: str | None
    spotlight_at: str

    @property
    def source_id(self) -> str:
        return f"member-spotlighted#{self.community_id}#{self.spotlight_at}"


@dataclass(frozen=True)
class JoinApproved(DomainEvent):
    community_id: str
    user_id: str
    since: str

    @property
    def source_id(self) -> str:
        return f"join-approved#{self.community_id}#{self.user_id}#{self.since}"


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


@dataclass(frozen=True)
class NotificationRemoved(DomainEvent):
    """A notification left an inbox (its TTL expired): if it was unread, it no longer counts."""

    recipient_id: str
    notification_id: str
    unread: bool

    @property
    def source_id(self) -> str:
        return f"notification-removed#{self.recipient_id}#{self.notification_id}"


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


def _withdrawn_events(change: ItemChange) -> list[DomainEvent]:
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


def _post_notification_events(change: ItemChange) -> list[DomainEvent]:
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


def _comment_events(change: ItemChange) -> list[DomainEvent]:
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


def _reaction_events(change: ItemChange) -> list[DomainEvent]:
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


def _community_events(change: ItemChange) -> list[DomainEvent]:
    community, old = change.new, change.old or {}
    if change.event_name != "MODIFY" or not community:
        return []
    at, user_id = community.get("spotlight_user_at"), community.get("spotlight_user_id")
    if not at or not user_id or at == old.get("spotlight_user_at"):
        return []
    return [
        MemberSpotlighted(
            community["org_id"],
            community["community_id"],
            str(community.get("name") or ""),
            user_id,
            community.get("spotlight_user_by"),
            str(at),
        )
    ]


def _membership_events(change: ItemChange) -> list[DomainEvent]:
    member, old = change.new, change.old or {}
    if change.event_name != "MODIFY" or not member:
        return []
    # requested -> active is a moderator's approval (or invitation). invited -> active is the member
    # accepting an invitation themselves: their own action, so nobody is notified.
    if old.get("status") != "requested" or member.get("status") != "active":
        return []
    return [JoinApproved(member["org_id"], member["community_id"], member["user_id"], str(member["since"]))]


TOLD_TO_AUTHORS = ("hide", "remove")  # restoring and dismissing reports change nothing for the author


def _moderation_events(change: ItemChange) -> list[DomainEvent]:
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


def _notification_events(change: ItemChange) -> list[DomainEvent]:
    note = change.old
    if change.event_name != "REMOVE" or not note:
        return []
    unread = bool(note.get("unread"))
    return [NotificationRemoved(note["org_id"], note["recipient_id"], note["notification_id"], unread)]


@dataclass(frozen=True)
class BadgeAwarded(DomainEvent):
    """A member holds a badge now (earned, awarded by a moderator, or for a rank in an event)."""

    user_id: str
    badge_id: str
    community_id: str | None  # where it is announced (None: nowhere)
    awarded_at: str
    awarded_by: str | None  # a manual award's moderator
    reason: str | None

    @property
    def source_id(self) -> str:
        return f"badge-awarded#{self.user_id}#{self.badge_id}"


def _badge_award_events(change: ItemChange) -> list[DomainEvent]:
    award = change.new
    if change.event_name != "INSERT" or not award:
        return []
    return [
        BadgeAwarded(
            award["org_id"],
            award["user_id"],
            award["badge_id"],
            award.get("community_id"),
            str(award.get("awarded_at") or ""),
            award.get("awarded_by"),
            award.get("reason"),
        )
    ]


@dataclass(frozen=True)
class QuestionAnswered(DomainEvent):
    """A player answered a quiz question (once: the ANSWER item is put only if it does not exist)."""

    context_id: str  # a campaign id, or practice-<quiz id>
    campaign_id: str | None
    quiz_id: str
    question_id: str
    user_id: str
    community_id: str | None
    option_ids: tuple[str, ...]
    correct: bool
    points: int
    elapsed_ms: int
    answered_at: str

    @property
    def source_id(self) -> str:
        return f"question-answered#{self.context_id}#{self.user_id}#{self.question_id}"


def _answer_events(change: ItemChange) -> list[DomainEvent]:
    answer = change.new
    if change.event_name != "INSERT" or not answer:
        return []
    return [
        QuestionAnswered(
            answer["org_id"],
            answer["context_id"],
            answer.get("campaign_id"),
            answer["quiz_id"],
            answer["question_id"],
            answer["user_id"],
            answer.get("community_id"),
            tuple(str(o) for o in answer.get("option_ids") or []),
            bool(answer.get("correct")),
            int(answer.get("points") or 0),
            int(answer.get("elapsed_ms") or 0),
            str(answer.get("answered_at") or ""),
        )
    ]


@dataclass(frozen=True)
class ScoreChanged(DomainEvent):
    """A member's totals, community score or campaign score changed what a board shows."""

    user_id: str
    changes: tuple[EntryChange, ...]

    @property
    def source_id(self) -> str:
        return f"score-changed#{self.user_id}"


def _score_events(change: ItemChange) -> list[DomainEvent]:
    found = changes_of(change.item_type, change.old, change.new)
    if not found or not change.new:
        return []
    return [ScoreChanged(str(change.new["org_id"]), found[0].user_id, tuple(found))]


Mapper = Callable[[ItemChange], list[DomainEvent]]


def _by_people(mapper: Mapper) -> Mapper:
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


# Item type -> the mappers that turn its changes into domain events. Add a mapper, not a pipeline.
EVENT_MAPPERS: dict[str, list[Mapper]] = {
    "post": [
        _by_people(mapper)
        for mapper in (_post_events, _post_rank_events, _post_notification_events, _withdrawn_events)
    ],
    "comment": [_by_people(_comment_events), _by_people(_withdrawn_events)],
    "reaction": [_by_people(_reaction_events)],
    "badge_award": [_badge_award_events],
    "community": [_community_events],
    "community_member": [_membership_events],
    "moderation_log": [_moderation_events],
    "notification": [_notification_events],
    "quiz_answer": [_answer_events],
    **{item_type: [_score_events] for item_type in SCORE_TYPES},
}


def domain_events(record: dict[str, Any]) -> list[DomainEvent]:
    change = item_change(record)
    if change is None:
        return []
    return [event for mapper in EVENT_MAPPERS.get(change.item_type, []) for event in mapper(change)]
