"""Intervision sessions: scheduling (the organiser), the live session (the group's members), and
what is said in it.

The relation (INTERVISION_MEMBER) has read the group and the session and checked that the caller
is a current member before any of this runs; these use cases check the session's state and the
caller's role in it. The facilitator moves the session from phase to phase; each phase lets the
members do what its kind says (chalicelib/intervision/methods.py). Leaving the `choose` phase
takes the case with most votes and makes its author the case owner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from pynamodb.expressions.update import Action

from chalicelib import scheduler
from chalicelib.calendar_files import CalendarEvent, calendar_file
from chalicelib.errors import Conflict, Forbidden, NotFound, ValidationFailed
from chalicelib.ids import new_id, utc_now
from chalicelib.intervision import rules
from chalicelib.intervision.methods import Method, Phase, method_of
from chalicelib.observability import count_business_event
from chalicelib.principal import Principal
from chalicelib.store import intervision as store
from chalicelib.store import organisations
from chalicelib.store.models import (
    IntervisionActionItem,
    IntervisionCaseItem,
    IntervisionGroupItem,
    IntervisionNoteItem,
    IntervisionSessionItem,
    IntervisionVoteItem,
)

REMINDER_JOB = "intervision_reminder"  # chalicelib/jobs/registry.py runs it
DEFAULT_TIMEZONE = "Europe/Brussels"


def reminder_schedule_name(session_id: str) -> str:
    return f"ivs-{session_id}"[:64]


# Scheduling (the organiser) ------------------------------------------------------------------------


def schedule_sessions(
    principal: Principal, group: IntervisionGroupItem, first: datetime, every_weeks: int, count: int
) -> list[IntervisionSessionItem]:
    """`count` sessions `every_weeks` apart at the same local time, each with rotating roles, a
    reminder a day before (a one-time schedule) and its own calendar event."""
    now = utc_now()
    if first <= now:
        raise ValidationFailed("The first session starts in the future.")
    if not 1 <= count <= rules.MAX_SESSIONS_AT_ONCE:
        raise ValidationFailed(f"Plan 1 to {rules.MAX_SESSIONS_AT_ONCE} sessions at once.")
    method = method_of(group.method)
    organisation = organisations.get_organisation(principal.org_id)
    timezone = (
        organisation.timezone if organisation is not None and organisation.timezone else DEFAULT_TIMEZONE
    )
    members = list(group.member_ids or [])
    number = int(group.session_count or 0)
    sessions: list[IntervisionSessionItem] = []
    for n, starts_at in enumerate(rules.occurrences(first, every_weeks, count, timezone), start=number + 1):
        facilitator, timekeeper = rules.rotating_roles(members, n)
        session_id = new_id()
        pk, sk = store.session_key(principal.org_id, group.group_id, session_id)
        sessions.append(
            IntervisionSessionItem(
                pk,
                sk,
                org_id=principal.org_id,
                session_id=session_id,
                group_id=group.group_id,
                number=n,
                method=method.key,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=method.minutes),
                status="planned",
                phase=-1,
                facilitator_id=facilitator,
                timekeeper_id=timekeeper,
                version=0,
            )
        )
    try:
        store.add_sessions(group, sessions)
    except store.Stale as stale:
        raise Conflict("Sessions were planned for this group meanwhile: read it again.") from stale
    for session in sessions:
        remind_at = session.starts_at - rules.REMINDER_BEFORE
        if remind_at > now:
            scheduler.schedule_job_once(
                reminder_schedule_name(session.session_id),
                remind_at,
                REMINDER_JOB,
                principal.org_id,
                {"group_id": group.group_id, "session_id": session.session_id},
            )
    count_business_event("IntervisionSessionsPlanned")
    return sessions


# The live session (the group's members) ------------------------------------------------------------


def require_session(session: IntervisionSessionItem | None) -> IntervisionSessionItem:
    if session is None:
        raise NotFound("No such session in this group.")
    return session


@dataclass(frozen=True)
class SessionView:
    session: IntervisionSessionItem
    method: Method
    cases: list[IntervisionCaseItem]
    votes: list[IntervisionVoteItem]
    notes: list[IntervisionNoteItem]
    actions: list[IntervisionActionItem]  # taken away in this session
    earlier_actions: list[IntervisionActionItem]  # of earlier sessions: they come back now


def session_view(session: IntervisionSessionItem, member_since: datetime) -> SessionView:
    """The session as a member who joined the group at `member_since` sees it: the actions of
    earlier sessions come back only if they were taken away while the member was in the group."""
    content = store.session_content(session)
    earlier = [
        a
        for a in store.group_actions(session.org_id, session.group_id)
        if a.session_id != session.session_id and a.created_at >= member_since
    ]
    return SessionView(
        session,
        method_of(session.method),
        sorted((i for i in content if isinstance(i, IntervisionCaseItem)), key=lambda c: c.case_id),
        [i for i in content if isinstance(i, IntervisionVoteItem)],
        sorted((i for i in content if isinstance(i, IntervisionNoteItem)), key=lambda n: n.note_id),
        sorted((i for i in content if isinstance(i, IntervisionActionItem)), key=lambda a: a.action_id),
        earlier,
    )


def current_phase(session: IntervisionSessionItem) -> Phase | None:
    index = int(session.phase)
    phases = method_of(session.method).phases
    if session.status != "live" or not 0 <= index < len(phases):
        return None
    return phases[index]


def set_roles(
    principal: Principal,
    group: IntervisionGroupItem,
    session: IntervisionSessionItem,
    facilitator: str,
    timekeeper: str,
) -> IntervisionSessionItem:
    """Members agree who facilitates and who keeps time, before the session starts."""
    if session.status != "planned":
        raise Conflict("The roles are set before the session starts.")
    members = set(group.member_ids or [])
    if facilitator not in members or timekeeper not in members:
        raise ValidationFailed("The facilitator and the timekeeper are members of the group.")
    try:
        store.update_session(
            session,
            [
                IntervisionSessionItem.facilitator_id.set(facilitator),
                IntervisionSessionItem.timekeeper_id.set(timekeeper),
            ],
        )
    except store.Stale as stale:
        raise Conflict("The session changed since you read it: read it again.") from stale
    return require_session(store.get_session(session.org_id, session.group_id, session.session_id, True))


def move_phase(
    principal: Principal, session: IntervisionSessionItem, from_phase: int
) -> IntervisionSessionItem:
    """The facilitator moves the session on from `from_phase` (-1: starts it). Sent twice, the
    second changes nothing. Leaving `choose` picks the case; leaving the last phase closes it."""
    if principal.user_id != session.facilitator_id:
        raise Forbidden("Only the session's facilitator moves it from phase to phase.")
    phases = method_of(session.method).phases
    now_phase = int(session.phase)
    if now_phase == from_phase + 1 and session.status != "planned":
        return session  # a replay of the move that got there
    if now_phase != from_phase or session.status == "closed":
        raise Conflict("The session is not in that phase any more: read it again.")
    actions: list[Action] = []
    if from_phase >= 0 and phases[from_phase].kind == "choose":
        content = store.session_content(session)
        cases = [i for i in content if isinstance(i, IntervisionCaseItem)]
        votes = {v.user_id: v.case_id for v in content if isinstance(v, IntervisionVoteItem)}
        chosen = rules.chosen_case(votes, sorted(c.case_id for c in cases))
        if chosen is None:
            raise Conflict("No case was brought in: go back to bringing in cases.")
        owner = next(c.author_id for c in cases if c.case_id == chosen)
        actions += [
            IntervisionSessionItem.chosen_case_id.set(chosen),
            IntervisionSessionItem.case_owner_id.set(owner),
        ]
    if from_phase + 1 >= len(phases):
        actions += [
            IntervisionSessionItem.status.set("closed"),
            IntervisionSessionItem.phase.set(len(phases)),
        ]
    else:
        if from_phase == -1:
            actions.append(IntervisionSessionItem.started_at.set(utc_now()))
        actions += [
            IntervisionSessionItem.status.set("live"),
            IntervisionSessionItem.phase.set(from_phase + 1),
            IntervisionSessionItem.phase_started_at.set(utc_now()),
        ]
    try:
        store.move_session(session, from_phase, actions)
    except store.Stale:
        fresh = require_session(store.get_session(session.org_id, session.group_id, session.session_id, True))
        if int(fresh.phase) == from_phase + 1:
            return fresh  # the same move, sent twice at once
        raise Conflict("The session changed since you read it: read it again.") from None
    if from_phase == -1:
        count_business_event("IntervisionSessionStarted")
    return require_session(store.get_session(session.org_id, session.group_id, session.session_id, True))


def attend(principal: Principal, session: IntervisionSessionItem) -> None:
    if session.status == "closed":
        raise Conflict("The session is over.")
    if principal.user_id not in (session.attendee_ids or set()):
        store.add_attendee(session, principal.user_id)


def _write(session: IntervisionSessionItem, item: store.ContentItem) -> None:
    try:
        store.write_content(session, item, int(session.phase))
    except store.Stale as stale:
        raise Conflict("The session moved on to another phase: read it again.") from stale


def _require_phase(session: IntervisionSessionItem, kinds: tuple[str, ...]) -> Phase:
    phase = current_phase(session)
    if phase is None or phase.kind not in kinds:
        raise Conflict("The session is not in a phase for this.")
    return phase


def bring_case(
    principal: Principal, session: IntervisionSessionItem, title: str, summary: str
) -> IntervisionCaseItem:
    _require_phase(session, ("cases",))
    case = store.new_case(session, new_id(), principal.user_id, title.strip(), summary.strip(), utc_now())
    _write(session, case)
    return case


def vote(principal: Principal, session: IntervisionSessionItem, case_id: str) -> IntervisionVoteItem:
    _require_phase(session, ("choose",))
    content = store.session_content(session)
    if not any(isinstance(c, IntervisionCaseItem) and c.case_id == case_id for c in content):
        raise ValidationFailed("No such case in this session.")
    item = store.new_vote(session, principal.user_id, case_id)
    _write(session, item)
    return item


def write_note(principal: Principal, session: IntervisionSessionItem, text: str) -> IntervisionNoteItem:
    phase = _require_phase(session, ("notes",))
    note = store.new_note(session, new_id(), phase.key, principal.user_id, text.strip(), utc_now())
    _write(session, note)
    count_business_event("IntervisionNoteWritten")
    return note


def add_action(principal: Principal, session: IntervisionSessionItem, text: str) -> IntervisionActionItem:
    phase = current_phase(session)
    if phase is None or not phase.actions:
        raise Conflict("Actions are written in the evaluation phase.")
    if principal.user_id != session.case_owner_id:
        raise Forbidden("The case owner writes the actions they take away.")
    action = store.new_action(session, new_id(), principal.user_id, text.strip(), utc_now())
    _write(session, action)
    return action


def mark_action(
    principal: Principal, group: IntervisionGroupItem, action_id: str, done: bool
) -> IntervisionActionItem:
    owned = [a for a in store.group_actions(group.org_id, group.group_id) if a.action_id == action_id]
    if not owned:
        raise NotFound("No such action in this group.")
    action = owned[0]
    if action.owner_id != principal.user_id:
        raise Forbidden("Only the case owner marks their action.")
    return store.mark_action(action, done, utc_now())


def group_actions(group: IntervisionGroupItem, member_since: datetime) -> list[IntervisionActionItem]:
    """The actions case owners took away since the member joined (older ones belong to sessions
    the member was not in)."""
    return [a for a in store.group_actions(group.org_id, group.group_id) if a.created_at >= member_since]


def calendar(group: IntervisionGroupItem, session: IntervisionSessionItem, language: str) -> str:
    method = method_of(session.method)
    lang = language if language in ("nl", "fr", "en") else "en"
    event = CalendarEvent(
        uid=f"intervision-{session.session_id}@kring",
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        summary=f"Intervision: {group.name}",
        description=method.name[lang],
        sequence=0,
        cancelled=False,
    )
    return calendar_file([event], name=group.name)
