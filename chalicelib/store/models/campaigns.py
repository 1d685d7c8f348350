"""Campaigns and their players' scores."""

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


class CampaignItem(KringItem, discriminator="campaign"):
    """A scheduled campaign: a quiz event, a themed challenge or a nudge (`ORG#<org>#CAMPAIGNS`)."""

    campaign_id = UnicodeAttribute()
    kind = UnicodeAttribute()  # quiz | challenge | nudge
    preset = UnicodeAttribute(null=True)  # easter | christmas | new_year | quarterly (repeatable yearly)
    titles = UnicodeAttribute()  # JSON nl/fr/en
    descriptions = UnicodeAttribute(default="{}")  # JSON nl/fr/en
    quiz_id = UnicodeAttribute(null=True)  # kind quiz
    audience = UnicodeAttribute()  # organisation | community | teams
    community_id = UnicodeAttribute(null=True)  # audience community; also where it is announced
    team_ids = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    timezone = UnicodeAttribute()  # the organisation's, when it was scheduled
    opens_at = UTCDateTimeAttribute()  # stored in UTC, chosen in local time
    closes_at = UTCDateTimeAttribute()
    reminders = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]  # ISO UTC
    status = UnicodeAttribute()  # scheduled -> open -> closed (or cancelled)
    opened_at = UTCDateTimeAttribute(null=True)
    closed_at = UTCDateTimeAttribute(null=True)
    reminded = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    repeat_yearly = BooleanAttribute(default=False)
    accessible = BooleanAttribute(default=False)  # no speed points, extra time for everyone
    created_by = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    version = NumberAttribute(default=0)
    # Set by chalicelib/campaigns: the step whose effects are not all applied yet (open, remind#<iso>,
    # close), since when, and how far its notifications got (JSON cursor of the audience walk).
    pending = UnicodeAttribute(null=True)
    pending_since = UTCDateTimeAttribute(null=True)
    fanout_cursor = UnicodeAttribute(null=True)
    quarter = NumberAttribute(null=True)  # preset quarterly: which quarter
    next_campaign_id = UnicodeAttribute(null=True)  # repeat_yearly: next year's, made at close
    updated_at = UTCDateTimeAttribute(null=True)
    updated_by = UnicodeAttribute(null=True)


class PlayerScoreItem(KringItem, discriminator="player_score"):
    """A member's score in one campaign (`ORG#<org>#PLAY#<campaign>#<user>` / `SCORE`); the stream
    consumer mirrors it on the campaign's board."""

    context_id = UnicodeAttribute()  # the campaign id
    user_id = UnicodeAttribute()
    points = NumberAttribute(default=0)
    answered = NumberAttribute(default=0)
    correct = NumberAttribute(default=0)
    last_scored_at = UnicodeAttribute(null=True)  # ISO (ties: first there wins)
    version = NumberAttribute(default=0)
    # The questions whose answers count in it: the exactly-once guard of the consumer's versioned
    # Put (a campaign's quiz has at most 50 questions, and each is answered once per player).
    counted = UnicodeSetAttribute(null=True)
    # A score written before `counted` existed: answers given before this moment counted with an
    # effect marker instead (docs/decisions.md, "A quiz answer's consumer work").
    markers_before = UnicodeAttribute(null=True)
