"""Intervision groups for their organisers (org admins and community managers): people to pick
from, proposals, forming and changing groups, planning sessions, and attendance. Nothing said in a
session is here: that is for the group's members (chalicelib/api/intervision_sessions.py)."""

from __future__ import annotations

from chalicelib.api.framework import Api, ApiRequest, Created
from chalicelib.api.intervision_models import Group as GroupModel
from chalicelib.api.intervision_models import (
    GroupChange,
    GroupForm,
    GroupList,
    GroupOverview,
    GroupProposal,
    ManagerChange,
    OrganiserPeople,
    OrganiserPerson,
    ProposalForm,
    SessionPlan,
)
from chalicelib.api.relations import Relation
from chalicelib.intervision import groups, sessions
from chalicelib.principal import Role

api = Api(__name__, tag="intervision")

ORGANISERS = frozenset({Role.ORG_ADMIN, Role.COMMUNITY_MANAGER})


@api.route(
    "/v1/intervision/people",
    "GET",
    operation_id="listIntervisionPeople",
    summary="The organisation's people to form intervision groups from, with team and manager",
    relation=Relation.ORG_MEMBER,
    roles=ORGANISERS,
    response=OrganiserPeople,
)
def list_people(request: ApiRequest) -> OrganiserPeople:
    return OrganiserPeople(items=[OrganiserPerson.of(p) for p in groups.people(request.principal)])


@api.route(
    "/v1/intervision/proposals",
    "POST",
    operation_id="proposeIntervisionGroups",
    summary="Propose groups of the people picked: mixed teams, no reporting line inside a group",
    relation=Relation.ORG_MEMBER,
    roles=ORGANISERS,
    request=ProposalForm,
    response=GroupProposal,
)
def propose(request: ApiRequest) -> GroupProposal:
    body: ProposalForm = request.body
    found = groups.propose_groups(request.principal, body.member_ids, body.group_size)
    return GroupProposal(
        groups=found.groups, same_team_pairs=found.same_team_pairs, reporting_lines=found.reporting_lines
    )


@api.route(
    "/v1/intervision/groups",
    "GET",
    operation_id="listIntervisionGroups",
    summary="Every intervision group of the organisation (the organiser's list)",
    relation=Relation.ORG_MEMBER,
    roles=ORGANISERS,
    response=GroupList,
)
def list_groups(request: ApiRequest) -> GroupList:
    return GroupList(items=[GroupModel.of(g) for g in groups.list_groups(request.principal)])


@api.route(
    "/v1/intervision/groups",
    "POST",
    operation_id="createIntervisionGroup",
    summary="Form an intervision group of four to eight people",
    relation=Relation.ORG_MEMBER,
    roles=ORGANISERS,
    request=GroupForm,
    response=GroupModel,
    status=201,
    idempotent=True,
)
def create_group(request: ApiRequest) -> Created:
    body: GroupForm = request.body
    group = groups.create_group(request.principal, body.name, body.method, body.member_ids)
    return Created(GroupModel.of(group), f"/v1/intervision/groups/{group.group_id}")


@api.route(
    "/v1/intervision/groups/{group_id}/overview",
    "GET",
    operation_id="getIntervisionGroupOverview",
    summary="A group's members, and when its sessions were and who attended (nothing said in them)",
    relation=Relation.ORG_MEMBER,
    roles=ORGANISERS,
    response=GroupOverview,
)
def overview(request: ApiRequest) -> GroupOverview:
    return GroupOverview.of(groups.group_view(request.principal.org_id, request.path_params["group_id"]))


@api.route(
    "/v1/intervision/groups/{group_id}",
    "PUT",
    operation_id="changeIntervisionGroup",
    summary="Rename a group, change its method or its members (someone taken out loses access at once)",
    relation=Relation.ORG_MEMBER,
    roles=ORGANISERS,
    request=GroupChange,
    response=GroupModel,
)
def change_group(request: ApiRequest) -> GroupModel:
    body: GroupChange = request.body
    group = groups.change_group(
        request.principal,
        request.path_params["group_id"],
        body.name,
        body.method,
        body.member_ids,
        body.version,
    )
    return GroupModel.of(group)


@api.route(
    "/v1/intervision/groups/{group_id}/sessions",
    "POST",
    operation_id="planIntervisionSessions",
    summary="Plan a group's next sessions, every few weeks at the same local time, with reminders",
    relation=Relation.ORG_MEMBER,
    roles=ORGANISERS,
    request=SessionPlan,
    response=GroupOverview,
    status=201,
    idempotent=True,
)
def plan_sessions(request: ApiRequest) -> Created:
    body: SessionPlan = request.body
    group_id = request.path_params["group_id"]
    group = groups.require_group(request.principal.org_id, group_id)
    sessions.schedule_sessions(request.principal, group, body.first_starts_at, body.every_weeks, body.count)
    view = groups.group_view(request.principal.org_id, group_id)
    return Created(GroupOverview.of(view), f"/v1/intervision/groups/{group_id}/overview")


@api.route(
    "/v1/admin/users/{user_id}/manager",
    "PUT",
    operation_id="setManager",
    summary="Record who a person reports to (intervision groups keep reporting lines out)",
    relation=Relation.ORG_ADMIN,
    roles=frozenset({Role.ORG_ADMIN}),
    request=ManagerChange,
    response=OrganiserPerson,
)
def set_manager(request: ApiRequest) -> OrganiserPerson:
    body: ManagerChange = request.body
    return OrganiserPerson.of(
        groups.set_manager(request.principal, request.path_params["user_id"], body.manager_id)
    )
