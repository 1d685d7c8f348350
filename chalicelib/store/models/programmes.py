"""Buddy and mentor programmes: the programme, its sign-ups, the matcher's proposal, the published
pairs and each pair's private space."""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)

from chalicelib.store.models.base import KringItem


class ProgrammeItem(KringItem, discriminator="programme"):
    """A programme (`ORG#<org>#PROGRAMMES` / `PROGRAMME#<id>`), written by its organisers and the
    matching job."""

    programme_id = UnicodeAttribute()
    name = UnicodeAttribute()
    kind = UnicodeAttribute()  # buddies | mentoring
    description = UnicodeAttribute(default="")
    not_same_team = BooleanAttribute(default=False)
    # scheduled -> open -> closed -> matching -> review -> published
    status = UnicodeAttribute()
    opens_at = UTCDateTimeAttribute(null=True)
    closes_at = UTCDateTimeAttribute(null=True)
    check_in_days = ListAttribute[int](of=NumberAttribute, default=list)  # type: ignore[arg-type]
    matching_run = NumberAttribute(default=0)
    proposal_points = NumberAttribute(default=0)
    proposal_bound = NumberAttribute(default=0)
    proposal_exact = BooleanAttribute(default=True)
    signup_count = NumberAttribute(default=0)
    created_by = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()


class ProgrammeSignupItem(KringItem, discriminator="programme_signup"):
    """A person's sign-up (`ORG#<org>#PROGRAMME#<id>` / `SIGNUP#<user>`), written by themselves."""

    programme_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    display_name = UnicodeAttribute(default="")
    role = UnicodeAttribute()  # buddy | mentor | mentee
    capacity = NumberAttribute(default=0)
    offers = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    wants = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    languages = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    time_zone = UnicodeAttribute()
    availability = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    goal = UnicodeAttribute(default="")
    team_id = UnicodeAttribute(null=True)  # the team when they signed up
    status = UnicodeAttribute(default="waiting")  # waiting | paired
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()


class ProposedPairItem(KringItem, discriminator="proposed_pair"):
    """A pair of the proposal under review (`ORG#<org>#PROGRAMME#<id>` / `PROPOSED#<first>#<second>`),
    written by the matching job and the organiser's adjustments; deleted when published."""

    programme_id = UnicodeAttribute()
    first_id = UnicodeAttribute()  # the mentor, for mentoring
    second_id = UnicodeAttribute()
    points = NumberAttribute()
    reasons = UnicodeAttribute()  # JSON: [{"code", "points", "detail"}]
    by_hand = BooleanAttribute(default=False)


class PairItem(KringItem, discriminator="pair"):
    """A published pair (`ORG#<org>#PAIR#<id>` / `PAIR`); GSI1 `ORG#<org>#PROGRAMME#<id>#PAIRS` /
    `PAIR#<id>` lists a programme's pairs."""

    pair_id = UnicodeAttribute()
    programme_id = UnicodeAttribute()
    programme_name = UnicodeAttribute()
    member_ids = ListAttribute[str](of=UnicodeAttribute)  # type: ignore[arg-type]
    member_names = ListAttribute[str](of=UnicodeAttribute)  # type: ignore[arg-type]
    mentor_id = UnicodeAttribute(null=True)
    status = UnicodeAttribute(default="active")  # active | ended
    points = NumberAttribute(default=0)
    reasons = UnicodeAttribute(default="[]")
    feedback_from = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    check_ins_sent = NumberAttribute(default=0)
    started_at = UTCDateTimeAttribute()
    ended_at = UTCDateTimeAttribute(null=True)


class MyPairItem(KringItem, discriminator="my_pair"):
    """One person's view of a pair they are or were in (`ORG#<org>#USER#<user>#PAIRS` / `PAIR#<id>`):
    their list of pairs, and the earlier pairs the matcher must not repeat."""

    user_id = UnicodeAttribute()
    pair_id = UnicodeAttribute()
    programme_id = UnicodeAttribute()
    programme_name = UnicodeAttribute()
    partner_id = UnicodeAttribute()
    partner_name = UnicodeAttribute()
    status = UnicodeAttribute(default="active")


class PairMessageItem(KringItem, discriminator="pair_message"):
    """A message of a pair's private space (`ORG#<org>#PAIRSPACE#<pair>#<member>#<member>` /
    `MSG#<ulid>`): the members' messages, the check-in prompts and the closing feedback."""

    pair_id = UnicodeAttribute()
    message_id = UnicodeAttribute()
    author_id = UnicodeAttribute(null=True)  # none for a check-in prompt
    author_name = UnicodeAttribute(default="")
    kind = UnicodeAttribute()  # message | check_in | feedback
    body = UnicodeAttribute(default="")
    session = NumberAttribute(null=True)  # check_in: which session's guide
    created_at = UTCDateTimeAttribute()
