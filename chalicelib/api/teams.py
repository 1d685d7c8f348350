"""/v1/teams (everyone in the organisation reads) and /v1/admin/teams (org admins define them)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from chalicelib.api.framework import Api, ApiRequest, Created
from chalicelib.api.relations import Relation
from chalicelib.api.schemas import PageQuery, request_model_config
from chalicelib.errors import ValidationFailed
from chalicelib.ids import iso
from chalicelib.principal import Role
from chalicelib.store.models import TeamItem, TeamMemberItem
from chalicelib.teams import use_cases
from chalicelib.teams.rules import DESCRIPTION_MAX, NAME_MAX

api = Api(__name__, tag="teams")
ADMINS = frozenset({Role.ORG_ADMIN})


class TeamDraft(BaseModel):
    model_config = request_model_config(
        {"name": "Customer service Ghent", "description": "The Ghent branch's front office and call centre."}
    )

    name: str = Field(min_length=1, max_length=NAME_MAX)
    description: str = Field("", max_length=DESCRIPTION_MAX)


class TeamChange(BaseModel):
    model_config = request_model_config({"name": "Customer service Ghent and Bruges"})

    name: str | None = Field(None, min_length=1, max_length=NAME_MAX)
    description: str | None = Field(None, max_length=DESCRIPTION_MAX)


class Team(BaseModel):
    id: str
    name: str
    description: str
    member_count: int
    created_by: str
    created_at: str
    updated_at: str | None

    @classmethod
    def of(cls, item: TeamItem) -> Team:
        return cls(
            id=item.team_id,
            name=item.name,
            description=item.description or "",
            member_count=int(item.member_count or 0),
            created_by=item.created_by,
            created_at=iso(item.created_at),
            updated_at=iso(item.updated_at) if item.updated_at else None,
        )


class TeamPage(BaseModel):
    items: list[Team]
    next_cursor: str | None


class TeamMember(BaseModel):
    team_id: str
    user_id: str
    display_name: str
    since: str

    @classmethod
    def of(cls, item: TeamMemberItem) -> TeamMember:
        return cls(
            team_id=item.team_id, user_id=item.user_id, display_name=item.display_name, since=iso(item.since)
        )


class TeamMemberPage(BaseModel):
    items: list[TeamMember]
    next_cursor: str | None


def _team_page(request: ApiRequest) -> TeamPage:
    page = use_cases.list_teams(
        request.principal, request.query.limit, request.cursor_in(request.query.cursor)
    )
    return TeamPage(items=[Team.of(t) for t in page.items], next_cursor=request.cursor_out(page.last_key))


@api.route(
    "/v1/teams",
    "GET",
    operation_id="listTeams",
    relation=Relation.ORG_MEMBER,
    summary="Teams of my organisation",
    query=PageQuery,
    response=TeamPage,
)
def list_teams(request: ApiRequest) -> TeamPage:
    return _team_page(request)


@api.route(
    "/v1/teams/{team_id}",
    "GET",
    operation_id="getTeam",
    relation=Relation.ORG_MEMBER,
    summary="One team of my organisation, with its member count",
    response=Team,
)
def get_team(request: ApiRequest) -> Team:
    return Team.of(use_cases.get_team(request.principal, request.path_params["team_id"]))


@api.route(
    "/v1/teams/{team_id}/members",
    "GET",
    operation_id="listTeamMembers",
    relation=Relation.ORG_MEMBER,
    summary="Members of a team",
    query=PageQuery,
    response=TeamMemberPage,
)
def list_team_members(request: ApiRequest) -> TeamMemberPage:
    page = use_cases.list_team_members(
        request.principal,
        request.path_params["team_id"],
        request.query.limit,
        request.cursor_in(request.query.cursor),
    )
    return TeamMemberPage(
        items=[TeamMember.of(m) for m in page.items], next_cursor=request.cursor_out(page.last_key)
    )


@api.route(
    "/v1/admin/teams",
    "GET",
    operation_id="listTeamsAsAdmin",
    relation=Relation.ORG_ADMIN,
    summary="Teams of my organisation (for managing them)",
    query=PageQuery,
    response=TeamPage,
    roles=ADMINS,
)
def list_teams_as_admin(request: ApiRequest) -> TeamPage:
    return _team_page(request)


@api.route(
    "/v1/admin/teams",
    "POST",
    operation_id="createTeam",
    relation=Relation.ORG_ADMIN,
    summary="Define a team (a department, a branch)",
    request=TeamDraft,
    response=Team,
    status=201,
    roles=ADMINS,
    idempotent=True,
)
def create_team(request: ApiRequest) -> Created:
    draft: TeamDraft = request.body
    team = use_cases.create_team(request.principal, draft.name, draft.description)
    return Created(Team.of(team), f"/v1/teams/{team.team_id}")


@api.route(
    "/v1/admin/teams/{team_id}",
    "PATCH",
    operation_id="changeTeam",
    relation=Relation.ORG_ADMIN,
    summary="Rename a team or change its description",
    request=TeamChange,
    response=Team,
    roles=ADMINS,
)
def change_team(request: ApiRequest) -> Team:
    change: TeamChange = request.body
    if change.name is None and change.description is None:
        raise ValidationFailed("Send at least one of name or description.")
    team = use_cases.change_team(
        request.principal, request.path_params["team_id"], change.name, change.description
    )
    return Team.of(team)


@api.route(
    "/v1/admin/teams/{team_id}",
    "DELETE",
    operation_id="deleteTeam",
    relation=Relation.ORG_ADMIN,
    summary="Delete an empty team (409 while it has members)",
    roles=ADMINS,
)
def delete_team(request: ApiRequest) -> None:
    use_cases.delete_team(request.principal, request.path_params["team_id"])


@api.route(
    "/v1/admin/teams/{team_id}/members/{user_id}",
    "PUT",
    operation_id="putTeamMember",
    relation=Relation.ORG_ADMIN,
    summary="Put a member in this team (out of the team they were in)",
    response=TeamMember,
    roles=ADMINS,
)
def put_team_member(request: ApiRequest) -> TeamMember:
    membership = use_cases.put_member_in_team(
        request.principal, request.path_params["team_id"], request.path_params["user_id"]
    )
    return TeamMember.of(membership)


@api.route(
    "/v1/admin/teams/{team_id}/members/{user_id}",
    "DELETE",
    operation_id="removeTeamMember",
    relation=Relation.ORG_ADMIN,
    summary="Take a member out of this team",
    roles=ADMINS,
)
def remove_team_member(request: ApiRequest) -> None:
    use_cases.take_member_out_of_team(
        request.principal, request.path_params["team_id"], request.path_params["user_id"]
    )
