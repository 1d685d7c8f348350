"""Communities and their memberships."""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)

from chalicelib.store.models.base import KringItem

# PynamoDB types a list of strings as list[UnicodeAttribute]; `ListAttribute[str]` is right at run time,
# hence the ignores on `of=`.


class CommunityItem(KringItem, discriminator="community"):
    community_id = UnicodeAttribute()
    name = UnicodeAttribute()
    description = UnicodeAttribute()
    goal = UnicodeAttribute()
    skill_tags = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    visibility = UnicodeAttribute()
    post_count = NumberAttribute(default=0)
    member_count = NumberAttribute(default=0)
    pinned_post_ids = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    spotlight_user_id = UnicodeAttribute(null=True)
    spotlight_user_reason = UnicodeAttribute(null=True)
    spotlight_user_at = UTCDateTimeAttribute(null=True)
    spotlight_user_by = UnicodeAttribute(null=True)
    cover_media_id = UnicodeAttribute(null=True)
    created_by = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    archived_at = UTCDateTimeAttribute(null=True)


class CommunityMemberItem(KringItem, discriminator="community_member"):
    """A person's place in a community: role, and whether they are in, invited or asking to join."""

    community_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    display_name = UnicodeAttribute()
    role = UnicodeAttribute()
    status = UnicodeAttribute()
    muted = BooleanAttribute(default=False)
    since = UTCDateTimeAttribute()
