"""Intervision for the group's current members: my groups, a group with its sessions, the live
session (its phase and remaining time, refreshed every few seconds while it is live), what is said
in it, the case owner's actions, and calendar files. Every route here is INTERVISION_MEMBER: the
organiser and the organisation's admins are refused unless they are members of the group."""

from __future__ import annotations

from datetime import datetime

from chalicelib.api.framework import Api, ApiRequest, Created, NotModified, Tagged
from chalicelib.api.intervision_models import (
    Action,
    ActionChange,
    ActionForm,
    ActionList,
    CalendarFile,
    CaseForm,
    LanguageQuery,
    LiveState,
    MemberGroup,
    MyGroup,
    MyGroups,
    NoteForm,
    PhaseMove,
    RolesForm,
    SessionDetail,
    VoteForm,
    session_detail,
)
from chalicelib.api.relations import Relation
from chalicelib.calendar_files import MEDIA_TYPE
from chalicelib.ids import utc_now
from chalicelib.intervision import groups, sessions
from chalicelib.store.models import IntervisionGroupItem, IntervisionSessionItem

api = Api(__name__, tag="intervision")

SESSION_PATH = "/v1/intervision/groups/{group_id}/sessions/{session_id}"


def _group(request: ApiRequest) -> IntervisionGroupItem:
    group = request.resolved.intervision_group
    assert group is not None  # the relation read it
    return group


def _session(request: ApiRequest) -> IntervisionSessionItem:
    return sessions.require_session(request.resolved.intervision_session)


def _since(request: ApiRequest) -> datetime:
    """When the caller joined the group: what was said before that is not theirs to read."""
    member = request.resolved.intervision_member
    assert member is not None  # the relation read it
    return member.since


@api.route(
    "/v1/me/intervision/groups",
    "GET",
    operation_id="listMyIntervisionGroups",
    summary="The intervision groups I am a member of",
    relation=Relation.SELF,
    response=MyGroups,
)
def my_groups(request: ApiRequest) -> MyGroups:
    return MyGroups(items=[MyGroup.of(m) for m in groups.my_groups(request.principal)])


@api.route(
    "/v1/intervision/groups/{group_id}",
    "GET",
    operation_id="getMyIntervisionGroup",
    summary="My group: its members and sessions with their roles",
    relation=Relation.INTERVISION_MEMBER,
    response=MemberGroup,
)
def get_group(request: ApiRequest) -> MemberGroup:
    view = groups.group_view(request.principal.org_id, request.path_params["group_id"])
    return MemberGroup.of(groups.sessions_since(view, _since(request)))


@api.route(
    "/v1/intervision/groups/{group_id}/actions",
    "GET",
    operation_id="listIntervisionActions",
    summary="The actions case owners of my group took away, oldest first",
    relation=Relation.INTERVISION_MEMBER,
    response=ActionList,
)
def list_actions(request: ApiRequest) -> ActionList:
    return ActionList(items=[Action.of(a) for a in sessions.group_actions(_group(request), _since(request))])


@api.route(
    "/v1/intervision/groups/{group_id}/actions/{action_id}",
    "PUT",
    operation_id="markIntervisionAction",
    summary="Mark one of my actions done (or not yet)",
    relation=Relation.INTERVISION_MEMBER,
    request=ActionChange,
    response=Action,
)
def mark_action(request: ApiRequest) -> Action:
    body: ActionChange = request.body
    action = sessions.mark_action(
        request.principal, _group(request), request.path_params["action_id"], body.done
    )
    return Action.of(action)


@api.route(
    SESSION_PATH,
    "GET",
    operation_id="getIntervisionSession",
    summary="A session of my group: phases and instructions, cases, votes, notes, advice and actions",
    relation=Relation.INTERVISION_MEMBER,
    query=LanguageQuery,
    response=SessionDetail,
)
def get_session(request: ApiRequest) -> SessionDetail:
    view = sessions.session_view(_session(request), _since(request))
    return session_detail(view, request.principal.user_id, request.query.language, utc_now())


@api.route(
    SESSION_PATH + "/live",
    "GET",
    operation_id="getIntervisionSessionLive",
    summary="The session's phase, its remaining time and version (phones refresh this while live); "
    "304 when If-None-Match names its current tag",
    relation=Relation.INTERVISION_MEMBER,
    response=LiveState,
    conditional=True,
)
def get_live(request: ApiRequest) -> Tagged | NotModified:
    live = LiveState.of(_session(request), utc_now())
    return Tagged(live, live.tag()).answering(request.headers.get("if-none-match"))


@api.route(
    SESSION_PATH + "/calendar",
    "GET",
    operation_id="getIntervisionSessionCalendar",
    summary="The session as a calendar file (.ics)",
    relation=Relation.INTERVISION_MEMBER,
    query=LanguageQuery,
    response=CalendarFile,
)
def get_calendar(request: ApiRequest) -> CalendarFile:
    session = _session(request)
    content = sessions.calendar(_group(request), session, request.query.language)
    return CalendarFile(filename=f"intervision-{session.number}.ics", media_type=MEDIA_TYPE, content=content)


@api.route(
    SESSION_PATH + "/roles",
    "PUT",
    operation_id="setIntervisionRoles",
    summary="Who facilitates and who keeps time (before the session starts)",
    relation=Relation.INTERVISION_MEMBER,
    request=RolesForm,
    response=LiveState,
)
def set_roles(request: ApiRequest) -> LiveState:
    body: RolesForm = request.body
    changed = sessions.set_roles(
        request.principal, _group(request), _session(request), body.facilitator_id, body.timekeeper_id
    )
    return LiveState.of(changed, utc_now())


@api.route(
    SESSION_PATH + "/phase",
    "POST",
    operation_id="moveIntervisionPhase",
    summary="The facilitator moves the session on to its next phase (from -1: starts it)",
    relation=Relation.INTERVISION_MEMBER,
    request=PhaseMove,
    response=LiveState,
)
def move_phase(request: ApiRequest) -> LiveState:
    body: PhaseMove = request.body
    return LiveState.of(sessions.move_phase(request.principal, _session(request), body.from_phase), utc_now())


@api.route(
    SESSION_PATH + "/attendance",
    "PUT",
    operation_id="attendIntervisionSession",
    summary="I am here: note my attendance (what organisers see of a session)",
    relation=Relation.INTERVISION_MEMBER,
    response=LiveState,
)
def attend(request: ApiRequest) -> LiveState:
    session = _session(request)
    sessions.attend(request.principal, session)
    return LiveState.of(session, utc_now())


@api.route(
    SESSION_PATH + "/cases",
    "POST",
    operation_id="bringIntervisionCase",
    summary="Bring in a case (in the phase for it)",
    relation=Relation.INTERVISION_MEMBER,
    request=CaseForm,
    response=LiveState,
    status=201,
    idempotent=True,
)
def bring_case(request: ApiRequest) -> Created:
    body: CaseForm = request.body
    session = _session(request)
    sessions.bring_case(request.principal, session, body.title, body.summary)
    path = SESSION_PATH.format(group_id=session.group_id, session_id=session.session_id)
    return Created(LiveState.of(session, utc_now()), path)


@api.route(
    SESSION_PATH + "/vote",
    "PUT",
    operation_id="voteIntervisionCase",
    summary="Choose the case to work on (one vote each; a new one replaces it)",
    relation=Relation.INTERVISION_MEMBER,
    request=VoteForm,
    response=LiveState,
)
def vote(request: ApiRequest) -> LiveState:
    body: VoteForm = request.body
    session = _session(request)
    sessions.vote(request.principal, session, body.case_id)
    return LiveState.of(session, utc_now())


@api.route(
    SESSION_PATH + "/notes",
    "POST",
    operation_id="writeIntervisionNote",
    summary="Write in the current phase: a question, analysis, advice to the case owner, evaluation",
    relation=Relation.INTERVISION_MEMBER,
    request=NoteForm,
    response=LiveState,
    status=201,
    idempotent=True,
)
def write_note(request: ApiRequest) -> Created:
    body: NoteForm = request.body
    session = _session(request)
    sessions.write_note(request.principal, session, body.text)
    path = SESSION_PATH.format(group_id=session.group_id, session_id=session.session_id)
    return Created(LiveState.of(session, utc_now()), path)


@api.route(
    SESSION_PATH + "/actions",
    "POST",
    operation_id="addIntervisionAction",
    summary="The case owner writes an action they take away; it comes back at the next session",
    relation=Relation.INTERVISION_MEMBER,
    request=ActionForm,
    response=Action,
    status=201,
    idempotent=True,
)
def add_action(request: ApiRequest) -> Created:
    body: ActionForm = request.body
    session = _session(request)
    action = sessions.add_action(request.principal, session, body.text)
    return Created(Action.of(action), f"/v1/intervision/groups/{session.group_id}/actions/{action.action_id}")
