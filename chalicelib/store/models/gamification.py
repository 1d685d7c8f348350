"""Points, leaderboards and badges."""

from __future__ import annotations

from datetime import datetime

from pynamodb.attributes import (
    BooleanAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
)

from chalicelib.store import keys
from chalicelib.store.models.base import KringItem


class PointsTotalItem(KringItem, discriminator="points_total"):
    """A member's points, level and streak; every change is guarded by `version` (optimistic lock)."""

    user_id = UnicodeAttribute()
    points = NumberAttribute(default=0)
    level = NumberAttribute(default=1)
    notified_level = NumberAttribute(default=1)  # the highest level a level-up was notified for
    streak_current = NumberAttribute(default=0)
    streak_longest = NumberAttribute(default=0)
    streak_last_day = UnicodeAttribute(null=True)  # yyyy-mm-dd, organisation's time zone
    freeze_week = UnicodeAttribute(null=True)  # ISO week whose streak freeze was used last
    version = NumberAttribute(default=0)
    # Leaderboard periods (organisation's time zone): the current and the previous week and quarter.
    week_key = UnicodeAttribute(null=True)
    week_points = NumberAttribute(default=0)
    prev_week_key = UnicodeAttribute(null=True)
    prev_week_points = NumberAttribute(default=0)
    quarter_key = UnicodeAttribute(null=True)
    quarter_points = NumberAttribute(default=0)
    prev_quarter_key = UnicodeAttribute(null=True)
    prev_quarter_points = NumberAttribute(default=0)
    last_scored_at = UnicodeAttribute(null=True)  # ISO: when the points last changed (ties: first there wins)
    counters = UnicodeAttribute(default="{}")  # JSON: action -> times awarded (badge rules count these)
    # The daily caps: points earned per action (JSON) on the last two days the member scored on.
    earned_day = UnicodeAttribute(null=True)  # yyyy-mm-dd, organisation's time zone
    earned = UnicodeAttribute(default="{}")
    prev_earned_day = UnicodeAttribute(null=True)
    prev_earned = UnicodeAttribute(default="{}")
    badges = UnicodeSetAttribute(null=True)  # ids of the badges the member holds


class PointsEntryItem(KringItem, discriminator="points_entry"):
    """One change of a member's points, keyed by its source event (so a replay adds nothing).

    Kept for ever (the member's history, and what a withdrawal takes back), in the table and in
    GSI1: nothing is stored twice in it (its key says the member, the entry key and an award's
    source event, GSI1's sort key when). Entries written before also store `user_id` and
    `occurred_at`, and `requested_points` when the cap took nothing; they read the same."""

    user_id = UnicodeAttribute(null=True)  # entries written before only: the partition key says it
    action = UnicodeAttribute()
    points = NumberAttribute()
    requested_points = NumberAttribute(null=True)  # before the daily cap: only when the cap took some
    # The source event: only when the entry key does not say it (a withdrawal's own event); `source()`.
    source_id = UnicodeAttribute(null=True)
    content_id = UnicodeAttribute(null=True)  # the post or comment behind it
    community_id = UnicodeAttribute(null=True)  # where it was earned (community leaderboards)
    day = UnicodeAttribute()
    occurred_at = UTCDateTimeAttribute(null=True)  # entries written before only: see `moment()`

    @property
    def entry_key(self) -> str:
        """`<action>#<source event id>`, or `withdrawn#<that of the award>`: the sort key says it."""
        return self.sk.removeprefix(keys.POINTS_ENTRY_SK_PREFIX)

    def source(self) -> str:
        """The event behind the entry: an award's entry key is `<action>#<source event id>`."""
        return self.source_id or self.entry_key.removeprefix(f"{self.action}#")

    def moment(self) -> datetime:
        """When it happened: GSI1's sort key says it (`LEDGER#<moment>`, before also `#<entry key>`)."""
        if self.occurred_at is not None:
            return self.occurred_at
        text = (self.gsi1sk or "").removeprefix(keys.POINTS_LEDGER_PREFIX).split("#", 1)[0]
        return datetime.fromisoformat(text.replace("Z", "+00:00"))

    def requested(self) -> int:
        """The points the action was worth before the daily cap."""
        return int(self.points if self.requested_points is None else self.requested_points)


class CommunityScoreItem(KringItem, discriminator="community_score"):
    """A member's points earned in one community, per period; written with their totals."""

    user_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    points = NumberAttribute(default=0)
    version = NumberAttribute(default=0)  # the totals' version it was written with (board entries)
    week_key = UnicodeAttribute(null=True)
    week_points = NumberAttribute(default=0)
    prev_week_key = UnicodeAttribute(null=True)
    prev_week_points = NumberAttribute(default=0)
    quarter_key = UnicodeAttribute(null=True)
    quarter_points = NumberAttribute(default=0)
    prev_quarter_key = UnicodeAttribute(null=True)
    prev_quarter_points = NumberAttribute(default=0)
    last_scored_at = UnicodeAttribute(null=True)


class BoardEntryItem(KringItem, discriminator="board_entry"):
    """One member's score on one leaderboard (`ORG#<org>#BOARD#<scope>#<period>#<shard>` /
    `MEMBER#<user>`), written by the stream consumer from the score it mirrors, only over an older
    `version` of it (a redelivered or late record changes nothing).

    The entry under period `all` is the member's entry for the whole scope: all time (`score`) and,
    in `periods`, the weeks and quarters the score item keeps (current and previous). A period it no
    longer holds is copied, final, to an entry under that period's own key."""

    user_id = UnicodeAttribute()
    score = NumberAttribute(default=0)
    reached_at = UnicodeAttribute(default="")  # ISO: when the score was reached (ties: first there wins)
    version = NumberAttribute(default=0)  # of the score item it mirrors
    on_board = BooleanAttribute(default=True)  # False: the member's points in the period went back to 0
    updated_at = UnicodeAttribute()
    # JSON, on the `all` entry only: period (`week:<key>`, `quarter:<key>`) -> [points, reached_at].
    periods = UnicodeAttribute(null=True)


class BoardHiddenItem(KringItem, discriminator="board_hidden"):
    """Who is not on others' boards (`ORG#<org>` / `BOARD_HIDDEN`): opted out (they still see their own
    place) or deactivated (on no board at all). Read with every board."""

    opted_out = UnicodeSetAttribute(null=True)
    deactivated = UnicodeSetAttribute(null=True)


class PointRulesItem(KringItem, discriminator="point_rules"):
    """An organisation's own point values and daily caps (JSON: action -> {points, daily_cap})."""

    rules = UnicodeAttribute()
    updated_by = UnicodeAttribute()
    updated_at = UTCDateTimeAttribute()


class BadgeCatalogueItem(KringItem, discriminator="badge_catalogue"):
    """An organisation's own badges and its edits of the default ones, as one JSON document."""

    catalogue = UnicodeAttribute(default="{}")  # JSON: badge id -> definition (gamification/badges.py)
    version = NumberAttribute(default=0)  # optimistic lock: every replace expects the version it read
    updated_by = UnicodeAttribute(null=True)
    updated_at = UTCDateTimeAttribute(null=True)


class BadgeAwardItem(KringItem, discriminator="badge_award"):
    """A badge a member holds; the key makes it at most one per badge and member."""

    badge_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    awarded_at = UTCDateTimeAttribute()
    source_id = UnicodeAttribute()  # the event that earned it, or `manual#<moderator>` for a manual award
    community_id = UnicodeAttribute(null=True)  # where it is announced (none: not announced)
    reason = UnicodeAttribute(null=True)  # a manual award's reason, shown to the member
    awarded_by = UnicodeAttribute(null=True)  # the moderator of a manual award; none: earned
