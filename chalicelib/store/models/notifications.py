"""A member's inbox."""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
)

from chalicelib.store.models.base import KringItem


class NotificationItem(KringItem, discriminator="notification"):
    """One entry of a member's inbox; written only by the stream consumer, texts rendered when read."""

    notification_id = UnicodeAttribute()
    recipient_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    language = UnicodeAttribute()
    unread = BooleanAttribute(default=True)
    actor_id = UnicodeAttribute(null=True)
    actor_name = UnicodeAttribute(null=True)
    actor_count = NumberAttribute(default=1)
    actor_ids = UnicodeSetAttribute(null=True)  # reaction digests: who reacted, each counted once
    community_id = UnicodeAttribute(null=True)
    community_name = UnicodeAttribute(null=True)
    post_id = UnicodeAttribute(null=True)
    comment_id = UnicodeAttribute(null=True)
    target_kind = UnicodeAttribute(null=True)  # post | comment
    level = NumberAttribute(null=True)  # level_up: the level reached
    badge_id = UnicodeAttribute(null=True)  # badge_awarded
    badge_name = UnicodeAttribute(null=True)  # badge_awarded: its name in the recipient's language
    campaign_id = UnicodeAttribute(null=True)  # campaign_opened / campaign_reminder
    campaign_title = UnicodeAttribute(null=True)  # its title in the recipient's language
    moderation_action = UnicodeAttribute(null=True)  # content_moderated: hide | remove
    reason = UnicodeAttribute(null=True)  # content_moderated: the moderator's reason, as written
    content_id = UnicodeAttribute(null=True)  # learning_review_due: the lesson or video
    content_title = UnicodeAttribute(null=True)  # learning_review_due: its title when it was due
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()


class InboxCounterItem(KringItem, discriminator="inbox_counter"):
    """How many of a member's notifications are unread; changed in the same transaction as they are."""

    unread_count = NumberAttribute(default=0)
