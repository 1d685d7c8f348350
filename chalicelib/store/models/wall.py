"""The wall: posts, comments, reactions, followers and the popular index."""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)

from chalicelib.store.models.base import KringItem

# PynamoDB types a list of strings as list[UnicodeAttribute]; `ListAttribute[str]` is right at run time,
# hence the ignores on `of=`.


REACTION_TYPES = ("like", "insightful", "celebrate", "support")


class ContentItem(KringItem):
    """What posts and comments share: an author, a body, a state and reaction counters."""

    community_id = UnicodeAttribute()
    author_id = UnicodeAttribute()
    author_name = UnicodeAttribute(default="")
    body = UnicodeAttribute()
    mentions = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    created_at = UTCDateTimeAttribute()
    edited_at = UTCDateTimeAttribute(null=True)
    # published, held (for review: word list), hidden (by a moderator), deleted (by author or moderator)
    status = UnicodeAttribute(default="published")
    like_count = NumberAttribute(default=0)
    insightful_count = NumberAttribute(default=0)
    celebrate_count = NumberAttribute(default=0)
    support_count = NumberAttribute(default=0)


class AttachmentAttribute(MapAttribute[str, str]):
    """What a post shows of an attached media item, copied when it is published (no reads per post)."""

    id = UnicodeAttribute()
    kind = UnicodeAttribute()
    content_type = UnicodeAttribute()
    # Where its object is, so a feed signs its display URL without reading the media item; posts
    # published before it was kept have none (their readers ask GET /v1/media/{id}).
    object_key = UnicodeAttribute(null=True)


class PostItem(ContentItem, discriminator="post"):
    post_id = UnicodeAttribute()
    community_visibility = UnicodeAttribute(default="organisation")
    skill_tags = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    media_ids = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    attachments = ListAttribute[AttachmentAttribute](of=AttachmentAttribute, default=list)
    comment_count = NumberAttribute(default=0)
    share_count = NumberAttribute(default=0)
    shared_post_id = UnicodeAttribute(null=True)
    shared_community_id = UnicodeAttribute(null=True)
    shared_author_id = UnicodeAttribute(null=True)  # the original's author (their share points)
    pinned_at = UTCDateTimeAttribute(null=True)
    spotlight_reason = UnicodeAttribute(null=True)
    spotlight_at = UTCDateTimeAttribute(null=True)
    spotlight_by = UnicodeAttribute(null=True)
    # A post the system wrote (author "kring"), e.g. a badge announcement: it earns nobody anything.
    system_kind = UnicodeAttribute(null=True)  # badge_awarded
    system_texts = UnicodeAttribute(null=True)  # JSON: language -> the announcement's text
    system_user_id = UnicodeAttribute(null=True)  # who it is about
    system_badge_id = UnicodeAttribute(null=True)
    system_campaign_id = UnicodeAttribute(null=True)  # campaign_opened | campaign_recap
    # A question (post_kind "question", chalicelib/qa): its answers live in their own partition;
    # GSI1 lists the community's questions by state (unanswered | answered | solved).
    post_kind = UnicodeAttribute(null=True)  # None: a post; "question"
    answer_count = NumberAttribute(default=0)
    accepted_answer_id = UnicodeAttribute(null=True)


class CommentItem(ContentItem, discriminator="comment"):
    comment_id = UnicodeAttribute()
    post_id = UnicodeAttribute()
    parent_comment_id = UnicodeAttribute(null=True)
    reply_count = NumberAttribute(default=0)


class ReactionItem(KringItem, discriminator="reaction"):
    """One person's reaction to one post or comment (the key makes it one per person)."""

    target_id = UnicodeAttribute()
    target_kind = UnicodeAttribute()
    post_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    reaction = UnicodeAttribute()
    target_author_id = UnicodeAttribute()
    reacted_at = UTCDateTimeAttribute()


class PopularEntryItem(KringItem, discriminator="popular_entry"):
    """A post's place in its week's "popular" index (GSI1), kept by the stream consumer."""

    post_id = UnicodeAttribute()
    community_id = UnicodeAttribute()


class FollowerItem(KringItem, discriminator="follower"):
    """Someone who follows a post (its author, a commenter, or by choice); `following` false: unfollowed."""

    post_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    following = BooleanAttribute(default=True)
    reason = UnicodeAttribute()  # author | commenter | chosen
    since_id = UnicodeAttribute()  # a ULID: only comments after it are notified
