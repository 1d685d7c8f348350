"""Request and response bodies of the programme and pair routes."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field

from chalicelib.api.schemas import request_model_config
from chalicelib.ids import iso
from chalicelib.store.models import (
    MyPairItem,
    PairItem,
    PairMessageItem,
    ProgrammeItem,
    ProgrammeSignupItem,
    ProposedPairItem,
)


class ProgrammeDraft(BaseModel):
    model_config = request_model_config(
        {
            "name": "Buddies for new colleagues",
            "kind": "buddies",
            "description": "Meet a colleague from another team every fortnight.",
            "not_same_team": True,
            "check_in_days": [7, 21, 42],
        }
    )

    name: str = Field(min_length=1, max_length=120)
    kind: str = Field(pattern="^(buddies|mentoring)$")
    description: str = Field("", max_length=2000)
    not_same_team: bool = False
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    check_in_days: list[int] = Field(default_factory=lambda: [7, 21, 42], max_length=6)


class WindowChange(BaseModel):
    model_config = request_model_config({"open": False})

    open: bool


# What one item of a sign-up's lists may be: a skill is a word or two, a language a code such as
# "nl" or "pt-BR", an availability slot "weekday:start-end" ("0:9-12"). The caps keep a sign-up
# (read whole by every matching run) small, and answer a 422 naming the item instead of storing it.
SKILL_ITEM = Annotated[str, Field(min_length=1, max_length=40)]
LANGUAGE_ITEM = Annotated[str, Field(min_length=2, max_length=16)]
SLOT_ITEM = Annotated[str, Field(min_length=5, max_length=7)]


class SignUpForm(BaseModel):
    model_config = request_model_config(
        {
            "role": "buddy",
            "offers": ["excel"],
            "wants": ["presenting"],
            "languages": ["nl", "en"],
            "time_zone": "Europe/Brussels",
            "availability": ["0:9-12", "3:13-15"],
            "goal": "Present with more confidence.",
        }
    )

    role: str = Field(pattern="^(buddy|mentor|mentee)$")
    offers: list[SKILL_ITEM] = Field(default_factory=list, max_length=10)
    wants: list[SKILL_ITEM] = Field(default_factory=list, max_length=10)
    languages: list[LANGUAGE_ITEM] = Field(min_length=1, max_length=5)
    time_zone: str = Field("Europe/Brussels", max_length=64)
    availability: list[SLOT_ITEM] = Field(default_factory=list, max_length=21)
    goal: str = Field("", max_length=500)
    capacity: int = Field(0, ge=0, le=10)


class Adjustment(BaseModel):
    model_config = request_model_config({"action": "swap", "first": "01J0USERA", "second": "01J0USERB"})

    action: str = Field(pattern="^(pair|unpair|swap)$")
    first: str = Field(min_length=1, max_length=64)
    second: str = Field(min_length=1, max_length=64)


class MessageDraft(BaseModel):
    model_config = request_model_config({"body": "Coffee on Thursday at ten?"})

    body: str = Field(min_length=1, max_length=2000)


class FeedbackDraft(BaseModel):
    model_config = request_model_config({"feedback": "Thank you: your questions made me think."})

    feedback: str = Field(min_length=1, max_length=2000)


class Signup(BaseModel):
    user_id: str
    display_name: str
    role: str
    capacity: int
    offers: list[str]
    wants: list[str]
    languages: list[str]
    time_zone: str
    availability: list[str]
    goal: str
    status: str

    @classmethod
    def of(cls, item: ProgrammeSignupItem) -> Signup:
        return cls(
            user_id=item.user_id,
            display_name=item.display_name,
            role=item.role,
            capacity=int(item.capacity or 0),
            offers=list(item.offers),
            wants=list(item.wants),
            languages=list(item.languages),
            time_zone=item.time_zone,
            availability=list(item.availability),
            goal=item.goal,
            status=item.status,
        )


class Programme(BaseModel):
    id: str
    name: str
    kind: str
    description: str
    not_same_team: bool
    status: str
    opens_at: str | None
    closes_at: str | None
    check_in_days: list[int]
    signup_count: int
    proposal_points: int
    proposal_bound: int
    proposal_exact: bool
    my_signup: Signup | None = None

    @classmethod
    def of(cls, item: ProgrammeItem, mine: ProgrammeSignupItem | None = None) -> Programme:
        return cls(
            id=item.programme_id,
            name=item.name,
            kind=item.kind,
            description=item.description,
            not_same_team=bool(item.not_same_team),
            status=item.status,
            opens_at=iso(item.opens_at) if item.opens_at else None,
            closes_at=iso(item.closes_at) if item.closes_at else None,
            check_in_days=[int(d) for d in item.check_in_days or []],
            signup_count=int(item.signup_count or 0),
            proposal_points=int(item.proposal_points or 0),
            proposal_bound=int(item.proposal_bound or 0),
            proposal_exact=bool(item.proposal_exact),
            my_signup=Signup.of(mine) if mine else None,
        )


class ProgrammePage(BaseModel):
    items: list[Programme]
    next_cursor: str | None


class SignupList(BaseModel):
    items: list[Signup]


class ScoreReason(BaseModel):
    code: str
    points: int
    detail: str


class ProposedPair(BaseModel):
    first_id: str
    first_name: str
    second_id: str
    second_name: str
    points: int
    reasons: list[ScoreReason]
    by_hand: bool

    @classmethod
    def of(cls, item: ProposedPairItem, names: dict[str, str]) -> ProposedPair:
        return cls(
            first_id=item.first_id,
            first_name=names.get(item.first_id, ""),
            second_id=item.second_id,
            second_name=names.get(item.second_id, ""),
            points=int(item.points),
            reasons=[ScoreReason(**r) for r in json.loads(item.reasons)],
            by_hand=bool(item.by_hand),
        )


class Proposal(BaseModel):
    status: str
    points: int
    bound: int
    exact: bool
    pairs: list[ProposedPair]
    unmatched: list[Signup]


class MyPair(BaseModel):
    pair_id: str
    programme_id: str
    programme_name: str
    partner_id: str
    partner_name: str
    status: str

    @classmethod
    def of(cls, item: MyPairItem) -> MyPair:
        return cls(
            pair_id=item.pair_id,
            programme_id=item.programme_id,
            programme_name=item.programme_name,
            partner_id=item.partner_id,
            partner_name=item.partner_name,
            status=item.status,
        )


class MyPairList(BaseModel):
    items: list[MyPair]


class Pair(BaseModel):
    id: str
    programme_id: str
    programme_name: str
    member_ids: list[str]
    member_names: list[str]
    mentor_id: str | None
    status: str
    points: int
    reasons: list[ScoreReason]
    feedback_from: list[str]
    check_ins_sent: int
    started_at: str

    @classmethod
    def of(cls, item: PairItem) -> Pair:
        return cls(
            id=item.pair_id,
            programme_id=item.programme_id,
            programme_name=item.programme_name,
            member_ids=list(item.member_ids),
            member_names=list(item.member_names),
            mentor_id=item.mentor_id,
            status=item.status,
            points=int(item.points or 0),
            reasons=[ScoreReason(**r) for r in json.loads(item.reasons or "[]")],
            feedback_from=list(item.feedback_from or []),
            check_ins_sent=int(item.check_ins_sent or 0),
            started_at=iso(item.started_at),
        )


class PairMessage(BaseModel):
    id: str
    author_id: str | None
    author_name: str
    kind: str
    body: str
    session: int | None
    created_at: str

    @classmethod
    def of(cls, item: PairMessageItem) -> PairMessage:
        return cls(
            id=item.message_id,
            author_id=item.author_id,
            author_name=item.author_name,
            kind=item.kind,
            body=item.body,
            session=int(item.session) if item.session is not None else None,
            created_at=iso(item.created_at),
        )


class PairMessagePage(BaseModel):
    items: list[PairMessage]
    next_cursor: str | None
