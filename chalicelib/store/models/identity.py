"""The organisation and its members' profiles."""

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


class OrganisationItem(KringItem, discriminator="organisation"):
    name = UnicodeAttribute()
    timezone = UnicodeAttribute()
    default_language = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    active_members = NumberAttribute(default=0)
    invited_members = NumberAttribute(default=0)
    deactivated_members = NumberAttribute(default=0)
    stats_updated_at = UTCDateTimeAttribute(null=True)


class UserItem(KringItem, discriminator="user"):
    user_id = UnicodeAttribute()
    email = UnicodeAttribute()
    display_name = UnicodeAttribute()
    language = UnicodeAttribute()
    timezone = UnicodeAttribute()
    roles = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    status = UnicodeAttribute()
    post_count = NumberAttribute(default=0)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    team_id = UnicodeAttribute(null=True)  # at most one team; changed only with its membership
    manager_id = UnicodeAttribute(null=True)  # who this person reports to, set by an admin (intervision)
    leaderboard_opt_out = BooleanAttribute(default=False)  # hidden from others' leaderboards
    announce_badges = BooleanAttribute(default=True)  # false: badges are not announced on the wall
    quiz_accessible = BooleanAttribute(default=False)  # quizzes: no speed points, extra time
