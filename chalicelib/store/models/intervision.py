"""Intervision groups: the group, its members and sessions (metadata, `ORG#<org>#IVG#<group>`), and
what is said in a session (`ORG#<org>#IVG#<group>#SES#<session>`), which only the group reads."""

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


class IntervisionGroupItem(KringItem, discriminator="intervision_group"):
    """A group (`ORG#<org>#IVG#<group>` / `GROUP`); gsi1 `ORG#<org>#IVGROUPS` / `<group>`.
    `member_ids` are the current members: the relation reads them on every request."""

    group_id = UnicodeAttribute()
    name = UnicodeAttribute()
    method = UnicodeAttribute()  # the default method template of its sessions
    member_ids = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    session_count = NumberAttribute(default=0)
    created_at = UTCDateTimeAttribute()
    created_by = UnicodeAttribute()
    version = NumberAttribute(default=0)


class IntervisionMemberItem(KringItem, discriminator="intervision_member"):
    """A current member (`ORG#<org>#IVG#<group>` / `MEMBER#<user>`); gsi1
    `ORG#<org>#USER#<user>#IVGROUPS` / `<group>` ("my groups"). Deleted when they leave."""

    group_id = UnicodeAttribute()
    group_name = UnicodeAttribute()
    user_id = UnicodeAttribute()
    display_name = UnicodeAttribute(default="")
    since = UTCDateTimeAttribute()


class IntervisionSessionItem(KringItem, discriminator="intervision_session"):
    """A session's metadata and live state (`ORG#<org>#IVG#<group>` / `SESSION#<session>`): when,
    its roles, the phase it is in, and who attended. `version` rises with every change members
    should see (a phase, a contribution): phones refetch the session when it moved."""

    session_id = UnicodeAttribute()
    group_id = UnicodeAttribute()
    number = NumberAttribute()  # 1, 2, ... in the group
    method = UnicodeAttribute()
    starts_at = UTCDateTimeAttribute()
    ends_at = UTCDateTimeAttribute()
    status = UnicodeAttribute()  # planned | live | closed
    phase = NumberAttribute(default=-1)  # index into the method's phases; -1 before it starts
    phase_started_at = UTCDateTimeAttribute(null=True)
    started_at = UTCDateTimeAttribute(null=True)  # when the facilitator started it (it may start early)
    facilitator_id = UnicodeAttribute(null=True)
    timekeeper_id = UnicodeAttribute(null=True)
    case_owner_id = UnicodeAttribute(null=True)
    chosen_case_id = UnicodeAttribute(null=True)
    attendee_ids = UnicodeSetAttribute(null=True)
    version = NumberAttribute(default=0)


class IntervisionCaseItem(KringItem, discriminator="intervision_case"):
    """A case brought in (`...#SES#<session>` / `CASE#<case>`)."""

    case_id = UnicodeAttribute()
    author_id = UnicodeAttribute()
    title = UnicodeAttribute()
    summary = UnicodeAttribute(default="")
    created_at = UTCDateTimeAttribute()


class IntervisionVoteItem(KringItem, discriminator="intervision_vote"):
    """A member's choice of case (`...#SES#<session>` / `VOTE#<user>`): one each, changed by a new vote."""

    user_id = UnicodeAttribute()
    case_id = UnicodeAttribute()


class IntervisionNoteItem(KringItem, discriminator="intervision_note"):
    """What a member wrote in a phase (`...#SES#<session>` / `NOTE#<phase>#<note>`): a question,
    analysis, advice to the case owner, an evaluation."""

    note_id = UnicodeAttribute()
    phase_key = UnicodeAttribute()
    author_id = UnicodeAttribute()
    text = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()


class IntervisionActionItem(KringItem, discriminator="intervision_action"):
    """An action the case owner takes away (`...#SES#<session>` / `ACTION#<action>`); gsi1
    `ORG#<org>#IVG#<group>#ACTIONS` / `<created>#<action>`, so it comes back at the next session."""

    action_id = UnicodeAttribute()
    session_id = UnicodeAttribute()
    group_id = UnicodeAttribute()
    owner_id = UnicodeAttribute()
    text = UnicodeAttribute()
    done = BooleanAttribute(default=False)
    created_at = UTCDateTimeAttribute()
    done_at = UTCDateTimeAttribute(null=True)
