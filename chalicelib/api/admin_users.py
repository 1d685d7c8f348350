"""/v1/admin/users: org admins invite members, change their roles, deactivate and list them."""

from __future__ import annotations

from pydantic import BaseModel, Field

from chalicelib import bootstrap
from chalicelib.api.framework import Api, ApiRequest, Created
from chalicelib.api.members import Language, Member, MemberPage, RoleName, TimezoneField
from chalicelib.api.relations import Relation
from chalicelib.api.schemas import PageQuery, request_model_config
from chalicelib.identity import use_cases
from chalicelib.identity.use_cases import NewMember
from chalicelib.principal import Role

api = Api(__name__, tag="admin")
ADMINS = frozenset({Role.ORG_ADMIN})


class Invitation(TimezoneField):
    model_config = request_model_config(
        {
            "email": "new.colleague@example.com",
            "display_name": "New Colleague",
            "roles": ["learner"],
            "language": "nl",
        }
    )

    email: str = Field(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    display_name: str = Field(min_length=1, max_length=80)
    roles: list[RoleName] = Field(default=["learner"], max_length=4)
    language: Language = "nl"


class RolesChange(BaseModel):
    model_config = request_model_config({"roles": ["learner", "mentor"]})

    roles: list[RoleName] = Field(min_length=1, max_length=4)


@api.route(
    "/v1/admin/users",
    "GET",
    operation_id="listMembers",
    relation=Relation.ORG_ADMIN,
    summary="Members of my organisation",
    query=PageQuery,
    response=MemberPage,
    roles=ADMINS,
)
def list_members(request: ApiRequest) -> MemberPage:
    page = use_cases.list_members(
        request.principal, request.query.limit, request.cursor_in(request.query.cursor)
    )
    return MemberPage(
        items=[Member.of(item) for item in page.items], next_cursor=request.cursor_out(page.last_key)
    )


@api.route(
    "/v1/admin/users",
    "POST",
    operation_id="inviteMember",
    relation=Relation.ORG_ADMIN,
    summary="Invite a person to my organisation",
    request=Invitation,
    response=Member,
    status=201,
    roles=ADMINS,
    idempotent=True,
)
def invite_member(request: ApiRequest) -> Created:
    body: Invitation = request.body
    timezone = body.timezone or request.config.default_timezone
    member = use_cases.invite_member(
        bootstrap.user_directory(),
        request.principal.org_id,
        NewMember(body.email, body.display_name, list(body.roles), body.language, timezone),
    )
    return Created(Member.of(member), f"/v1/admin/users/{member.user_id}")


@api.route(
    "/v1/admin/users/{user_id}",
    "GET",
    operation_id="getMember",
    relation=Relation.ORG_ADMIN,
    summary="One member of my organisation",
    response=Member,
    roles=ADMINS,
)
def get_member(request: ApiRequest) -> Member:
    return Member.of(use_cases.get_member(request.principal, request.path_params["user_id"]))


@api.route(
    "/v1/admin/users/{user_id}/roles",
    "PUT",
    operation_id="changeMemberRoles",
    relation=Relation.ORG_ADMIN,
    summary="Set a member's roles (learner is always kept)",
    request=RolesChange,
    response=Member,
    roles=ADMINS,
)
def change_roles(request: ApiRequest) -> Member:
    member = use_cases.change_roles(
        bootstrap.user_directory(),
        request.principal,
        request.path_params["user_id"],
        list(request.body.roles),
    )
    return Member.of(member)


@api.route(
    "/v1/admin/users/{user_id}/deactivate",
    "POST",
    operation_id="deactivateMember",
    relation=Relation.ORG_ADMIN,
    summary="Deactivate a member: they can no longer sign in",
    response=Member,
    roles=ADMINS,
)
def deactivate_member(request: ApiRequest) -> Member:
    member = use_cases.deactivate_member(
        bootstrap.user_directory(), request.principal, request.path_params["user_id"]
    )
    return Member.of(member)


@api.route(
    "/v1/admin/users/{user_id}/reactivate",
    "POST",
    operation_id="reactivateMember",
    relation=Relation.ORG_ADMIN,
    summary="Let a deactivated member sign in again",
    response=Member,
    roles=ADMINS,
)
def reactivate_member(request: ApiRequest) -> Member:
    member = use_cases.reactivate_member(
        bootstrap.user_directory(), request.principal, request.path_params["user_id"]
    )
    return Member.of(member)
