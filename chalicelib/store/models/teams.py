"""Teams (departments, branches) and their memberships."""

from __future__ import annotations

from pynamodb.attributes import (
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)

from chalicelib.store.models.base import KringItem


class TeamItem(KringItem, discriminator="team"):
    """A department or branch of an organisation; `member_count` moves with its memberships."""

    team_id = UnicodeAttribute()
    name = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    member_count = NumberAttribute(default=0)
    created_at = UTCDateTimeAttribute()
    created_by = UnicodeAttribute()
    updated_at = UTCDateTimeAttribute(null=True)


class TeamMemberItem(KringItem, discriminator="team_member"):
    """A person's place in a team (the profile's `team_id` says the same, written together)."""

    team_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    display_name = UnicodeAttribute(default="")
    since = UTCDateTimeAttribute()
    added_by = UnicodeAttribute()
