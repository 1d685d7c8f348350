"""Moderation: open cases, the log of what moderators did, the word list."""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
)

from chalicelib.store.models.base import KringItem

# PynamoDB types a list of strings as list[UnicodeAttribute]; `ListAttribute[str]` is right at run time,
# hence the ignores on `of=`.


class ModerationCaseItem(KringItem, discriminator="moderation_case"):
    """Open business for a community's moderators about one post or comment: its reports, or its
    hold by the word list. Deleted when a moderator settles it (the log keeps what happened)."""

    community_id = UnicodeAttribute()
    target_kind = UnicodeAttribute()  # post | comment
    post_id = UnicodeAttribute()
    comment_id = UnicodeAttribute(null=True)  # public id ("<comment>-<reply>" for replies)
    author_id = UnicodeAttribute()
    author_name = UnicodeAttribute(default="")
    body = UnicodeAttribute(default="")  # as it was when the case opened
    held = BooleanAttribute(default=False)
    held_words = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    report_count = NumberAttribute(default=0)
    spam_count = NumberAttribute(default=0)
    harassment_count = NumberAttribute(default=0)
    misinformation_count = NumberAttribute(default=0)
    off_topic_count = NumberAttribute(default=0)
    other_count = NumberAttribute(default=0)
    reporter_ids = UnicodeSetAttribute(null=True)
    # the first reports' {"reason", "note", "at"} as JSON (capped), without who reported
    report_notes = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    opened_at = UTCDateTimeAttribute()
    last_reported_at = UTCDateTimeAttribute(null=True)


class ModerationLogItem(KringItem, discriminator="moderation_log"):
    """What a moderator did, to what, why and when."""

    community_id = UnicodeAttribute()
    entry_id = UnicodeAttribute()
    action = UnicodeAttribute()
    target_kind = UnicodeAttribute()  # post | comment | member
    target_id = UnicodeAttribute()
    post_id = UnicodeAttribute(null=True)
    previous_status = UnicodeAttribute(null=True)
    report_count = NumberAttribute(default=0)
    moderator_id = UnicodeAttribute()
    moderator_name = UnicodeAttribute(default="")
    reason = UnicodeAttribute()
    at = UTCDateTimeAttribute()
    author_id = UnicodeAttribute(null=True)  # post or comment: its author, who is told what and why


class WordListItem(KringItem, discriminator="word_list"):
    """The organisation's words that hold a post or comment for review instead of publishing it."""

    words = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    updated_by = UnicodeAttribute()
    updated_at = UTCDateTimeAttribute()
