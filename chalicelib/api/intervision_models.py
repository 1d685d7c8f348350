"""Request and response models of the intervision routes (chalicelib/api/intervision*.py)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.api.schemas import request_model_config
from chalicelib.ids import iso
from chalicelib.intervision import methods, rules, sessions
from chalicelib.intervision.groups import GroupView
from chalicelib.store.models import (
    IntervisionActionItem,
    IntervisionGroupItem,
    IntervisionMemberItem,
    IntervisionSessionItem,
    UserItem,
)

MethodKey = Literal["incident", "balint"]
PERSON_ID = Annotated[str, Field(min_length=1, max_length=64)]  # a user id; longer is never one
ID_LIST = Field(min_length=rules.MIN_MEMBERS, max_length=rules.MAX_MEMBERS)


class Person(BaseModel):
    id: str
    display_name: str


class OrganiserPerson(Person):
    team_id: str | None
    manager_id: str | None

    @classmethod
    def of(cls, item: UserItem) -> OrganiserPerson:
        return cls(
            id=item.user_id,
            display_name=item.display_name,
            team_id=item.team_id or None,
            manager_id=item.manager_id or None,
        )


class OrganiserPeople(BaseModel):
    items: list[OrganiserPerson]


class Group(BaseModel):
    id: str
    name: str
    method: MethodKey
    member_ids: list[str]
    session_count: int
    version: int

    @classmethod
    def of(cls, item: IntervisionGroupItem) -> Group:
        return cls(
            id=item.group_id,
            name=item.name,
            method=item.method,  # type: ignore[arg-type]
            member_ids=list(item.member_ids or []),
            session_count=int(item.session_count or 0),
            version=int(item.version or 0),
        )


class GroupList(BaseModel):
    items: list[Group]


class GroupForm(BaseModel):
    model_config = request_model_config(
        {"name": "Team leads", "method": "incident", "member_ids": ["u1", "u2", "u3", "u4"]}
    )

    name: str = Field(min_length=1, max_length=80)
    method: MethodKey = "incident"
    member_ids: list[PERSON_ID] = ID_LIST


class GroupChange(GroupForm):
    model_config = request_model_config(
        {"name": "Team leads", "method": "incident", "member_ids": ["u1", "u2", "u3", "u4"], "version": 1}
    )

    version: int = Field(ge=0, description="The version read: a stale one is a 409.")


class SessionPlan(BaseModel):
    model_config = request_model_config(
        {"first_starts_at": "2027-01-11T18:00:00Z", "every_weeks": 4, "count": 3}
    )

    first_starts_at: datetime = Field(description="ISO 8601 with offset; later ones keep its local time")
    every_weeks: int = Field(4, ge=1, le=12)
    count: int = Field(1, ge=1, le=rules.MAX_SESSIONS_AT_ONCE)


class Attendance(BaseModel):
    """What the organiser and admins see of a session: that it happened, and who attended."""

    id: str
    number: int
    starts_at: str
    ends_at: str
    status: Literal["planned", "live", "closed"]
    attendees: list[Person]

    @classmethod
    def of(cls, item: IntervisionSessionItem, names: dict[str, str]) -> Attendance:
        return cls(
            id=item.session_id,
            number=int(item.number),
            starts_at=iso(item.starts_at),
            ends_at=iso(item.ends_at),
            status=item.status,  # type: ignore[arg-type]
            attendees=[
                Person(id=u, display_name=names.get(u, "")) for u in sorted(item.attendee_ids or set())
            ],
        )


class GroupOverview(BaseModel):
    """The organiser's view of a group: members and attendance, nothing said in a session."""

    group: Group
    members: list[Person]
    sessions: list[Attendance]

    @classmethod
    def of(cls, view: GroupView) -> GroupOverview:
        names = {m.user_id: m.display_name for m in view.members}
        return cls(
            group=Group.of(view.group),
            members=[Person(id=m.user_id, display_name=m.display_name) for m in view.members],
            sessions=[Attendance.of(s, names) for s in view.sessions],
        )


class ProposalForm(BaseModel):
    model_config = request_model_config({"member_ids": ["u1", "u2", "u3", "u4"], "group_size": 6})

    member_ids: list[PERSON_ID] = Field(min_length=rules.MIN_MEMBERS, max_length=200)
    group_size: int = Field(6, ge=rules.MIN_MEMBERS, le=rules.MAX_MEMBERS)


class GroupProposal(BaseModel):
    groups: list[list[str]]
    same_team_pairs: int = Field(description="Colleagues of one team placed together (fewer is better)")
    reporting_lines: int = Field(description="Manager and report placed together (0 unless unavoidable)")


class ManagerChange(BaseModel):
    model_config = request_model_config({"manager_id": "u1"})

    manager_id: str | None = Field(
        None, max_length=64, description="Who this person reports to; null: nobody"
    )


# Members' views -------------------------------------------------------------------------------


class MyGroup(BaseModel):
    id: str
    name: str

    @classmethod
    def of(cls, item: IntervisionMemberItem) -> MyGroup:
        return cls(id=item.group_id, name=item.group_name)


class MyGroups(BaseModel):
    items: list[MyGroup]


class SessionSummary(BaseModel):
    id: str
    number: int
    starts_at: str
    ends_at: str
    status: Literal["planned", "live", "closed"]
    facilitator_id: str | None
    timekeeper_id: str | None
    case_owner_id: str | None

    @classmethod
    def of(cls, item: IntervisionSessionItem) -> SessionSummary:
        return cls(
            id=item.session_id,
            number=int(item.number),
            starts_at=iso(item.starts_at),
            ends_at=iso(item.ends_at),
            status=item.status,  # type: ignore[arg-type]
            facilitator_id=item.facilitator_id,
            timekeeper_id=item.timekeeper_id,
            case_owner_id=item.case_owner_id,
        )


class Action(BaseModel):
    id: str
    session_id: str
    owner_id: str
    text: str
    done: bool
    created_at: str

    @classmethod
    def of(cls, item: IntervisionActionItem) -> Action:
        return cls(
            id=item.action_id,
            session_id=item.session_id,
            owner_id=item.owner_id,
            text=item.text,
            done=bool(item.done),
            created_at=iso(item.created_at),
        )


class MemberGroup(BaseModel):
    group: Group
    members: list[Person]
    sessions: list[SessionSummary]

    @classmethod
    def of(cls, view: GroupView) -> MemberGroup:
        return cls(
            group=Group.of(view.group),
            members=[Person(id=m.user_id, display_name=m.display_name) for m in view.members],
            sessions=[SessionSummary.of(s) for s in view.sessions],
        )


class ActionList(BaseModel):
    items: list[Action]


class RoleInstruction(BaseModel):
    role: Literal["member", "case_owner", "facilitator", "timekeeper"]
    text: str


class PhaseInfo(BaseModel):
    key: str
    kind: Literal["cases", "choose", "notes", "talk"]
    minutes: int
    title: str
    instructions: list[RoleInstruction]
    actions: bool

    @classmethod
    def of(cls, phase: methods.Phase, language: str) -> PhaseInfo:
        return cls(
            key=phase.key,
            kind=phase.kind,  # type: ignore[arg-type]
            minutes=phase.minutes,
            title=phase.title[language],
            instructions=[
                RoleInstruction(role=role, text=texts[language])  # type: ignore[arg-type]
                for role, texts in phase.instructions.items()
            ],
            actions=phase.actions,
        )


class LiveState(BaseModel):
    """The small state phones refresh while a session is live (one request every few seconds)."""

    status: Literal["planned", "live", "closed"]
    phase: int
    phase_key: str | None
    phase_ends_at: str | None
    remaining_seconds: int | None
    version: int
    now: str

    @classmethod
    def of(cls, item: IntervisionSessionItem, now: datetime) -> LiveState:
        phase = sessions.current_phase(item)
        clock = None
        if phase is not None and item.phase_started_at is not None:
            clock = rules.phase_clock(
                methods.method_of(item.method), int(item.phase), item.phase_started_at, now
            )
        return cls(
            status=item.status,  # type: ignore[arg-type]
            phase=int(item.phase),
            phase_key=phase.key if phase else None,
            phase_ends_at=iso(clock.ends_at) if clock else None,
            remaining_seconds=clock.remaining_seconds if clock else None,
            version=int(item.version or 0),
            now=iso(now),
        )

    def tag(self) -> str:
        """What a phone already has when this tag is the same: everything but the server's clock
        (`now`, `remaining_seconds`), which the phone keeps running from phase_ends_at."""
        shown = f"{self.status}|{self.phase}|{self.phase_ends_at}|{self.version}"
        return f'"{hashlib.sha256(shown.encode()).hexdigest()[:20]}"'


class Case(BaseModel):
    id: str
    author_id: str
    title: str
    summary: str
    votes: int


class Note(BaseModel):
    id: str
    phase_key: str
    author_id: str
    text: str
    created_at: str


class SessionDetail(BaseModel):
    session: SessionSummary
    live: LiveState
    method: MethodKey
    method_name: str
    phases: list[PhaseInfo]
    attendee_ids: list[str]
    chosen_case_id: str | None
    cases: list[Case]
    my_vote: str | None
    notes: list[Note]
    actions: list[Action]
    earlier_actions: list[Action] = Field(description="Actions of earlier sessions: they come back now")


def session_detail(view: sessions.SessionView, user_id: str, language: str, now: datetime) -> SessionDetail:
    lang = language if language in ("nl", "fr", "en") else "en"
    votes = {v.user_id: v.case_id for v in view.votes}
    tally: dict[str, int] = {}
    for case_id in votes.values():
        tally[case_id] = tally.get(case_id, 0) + 1
    item = view.session
    return SessionDetail(
        session=SessionSummary.of(item),
        live=LiveState.of(item, now),
        method=view.method.key,  # type: ignore[arg-type]
        method_name=view.method.name[lang],
        phases=[PhaseInfo.of(p, lang) for p in view.method.phases],
        attendee_ids=sorted(item.attendee_ids or set()),
        chosen_case_id=item.chosen_case_id,
        cases=[
            Case(
                id=c.case_id,
                author_id=c.author_id,
                title=c.title,
                summary=c.summary,
                votes=tally.get(c.case_id, 0),
            )
            for c in view.cases
        ],
        my_vote=votes.get(user_id),
        notes=[
            Note(
                id=n.note_id,
                phase_key=n.phase_key,
                author_id=n.author_id,
                text=n.text,
                created_at=iso(n.created_at),
            )
            for n in view.notes
        ],
        actions=[Action.of(a) for a in view.actions],
        earlier_actions=[Action.of(a) for a in view.earlier_actions],
    )


class RolesForm(BaseModel):
    model_config = request_model_config({"facilitator_id": "u1", "timekeeper_id": "u2"})

    facilitator_id: str = Field(max_length=64)
    timekeeper_id: str = Field(max_length=64)


class PhaseMove(BaseModel):
    model_config = request_model_config({"from_phase": -1})

    from_phase: int = Field(ge=-1, le=20, description="The phase the facilitator sees now (-1: not started)")


class CaseForm(BaseModel):
    model_config = request_model_config({"title": "A client who keeps changing the brief", "summary": ""})

    title: str = Field(min_length=1, max_length=120)
    summary: str = Field("", max_length=2000)


class VoteForm(BaseModel):
    model_config = request_model_config({"case_id": "c1"})

    case_id: str = Field(max_length=64)


class NoteForm(BaseModel):
    model_config = request_model_config({"text": "What did you say when the brief changed the first time?"})

    text: str = Field(min_length=1, max_length=2000)


class ActionForm(BaseModel):
    model_config = request_model_config({"text": "Agree a change procedure with the client"})

    text: str = Field(min_length=1, max_length=500)


class ActionChange(BaseModel):
    model_config = request_model_config({"done": True})

    done: bool


class CalendarFile(BaseModel):
    filename: str
    media_type: str
    content: str = Field(description="The iCalendar (.ics) text of the session")


class LanguageQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    language: Literal["nl", "fr", "en"] = "en"
