"""Org admins define teams and who is in them; everyone in the organisation can see them."""

from __future__ import annotations

from typing import Any

from chalicelib.errors import Conflict, Forbidden, NotFound
from chalicelib.ids import new_id, utc_now
from chalicelib.observability import count_business_event
from chalicelib.principal import Principal, Role
from chalicelib.store import teams
from chalicelib.store.models import TeamItem, TeamMemberItem
from chalicelib.store.pages import Page
from chalicelib.teams.rules import same_name, team_description, team_name

ADMINS = frozenset({Role.ORG_ADMIN})
PLACEMENT_ATTEMPTS = 4  # a move that lost a race reads again; after this many it is a 409
NO_SUCH_TEAM = "No team with this id in your organisation."


def _require_admin(principal: Principal) -> None:
    if not principal.has_any_role(ADMINS):
        raise Forbidden("Only org admins define teams and their members.")


def _require_team(org_id: str, team_id: str) -> TeamItem:
    team = teams.get_team(org_id, team_id)
    if team is None:
        raise NotFound(NO_SUCH_TEAM)
    return team


def _refuse_taken_name(org_id: str, name: str, team_id: str | None = None) -> None:
    """Best effort (a read, not a guard item): two admins naming two teams alike at once both succeed."""
    for team in teams.list_teams(org_id):
        if team.team_id != team_id and same_name(team.name, name):
            raise Conflict(f"There is already a team called '{team.name}'.")


def create_team(principal: Principal, name: str, description: str = "") -> TeamItem:
    _require_admin(principal)
    name, description = team_name(name), team_description(description)
    _refuse_taken_name(principal.org_id, name)
    team = teams.new_team(principal.org_id, new_id(), name, description, principal.user_id, utc_now())
    teams.save_new_team(team)
    count_business_event("TeamCreated")
    return team


def change_team(
    principal: Principal, team_id: str, name: str | None = None, description: str | None = None
) -> TeamItem:
    _require_admin(principal)
    changes: dict[str, str] = {}
    if name is not None:
        changes["name"] = team_name(name)
        _refuse_taken_name(principal.org_id, changes["name"], team_id)
    if description is not None:
        changes["description"] = team_description(description)
    if not changes:
        return _require_team(principal.org_id, team_id)
    team = teams.update_team(principal.org_id, team_id, changes, utc_now())
    if team is None:
        raise NotFound(NO_SUCH_TEAM)
    return team


def delete_team(principal: Principal, team_id: str) -> None:
    """Only an empty team can go: its members are moved or taken out first."""
    _require_admin(principal)
    team = _require_team(principal.org_id, team_id)
    if not teams.delete_team_if_empty(principal.org_id, team_id):
        if teams.get_team(principal.org_id, team_id, consistent=True) is None:
            raise NotFound(NO_SUCH_TEAM)
        raise Conflict(
            f"The team '{team.name}' still has members; move them to another team or take them out first."
        )
    count_business_event("TeamDeleted")


def list_teams(principal: Principal, limit: int, after: dict[str, Any] | None) -> Page[TeamItem]:
    return teams.list_teams_page(principal.org_id, limit, after)


def get_team(principal: Principal, team_id: str) -> TeamItem:
    return _require_team(principal.org_id, team_id)


def list_team_members(
    principal: Principal, team_id: str, limit: int, after: dict[str, Any] | None
) -> Page[TeamMemberItem]:
    _require_team(principal.org_id, team_id)
    return teams.list_members(principal.org_id, team_id, limit, after)


def put_member_in_team(principal: Principal, team_id: str, user_id: str) -> TeamMemberItem:
    """Put a member in this team, taking them out of the team they were in; already there: unchanged."""
    _require_admin(principal)
    org_id = principal.org_id
    for _ in range(PLACEMENT_ATTEMPTS):
        team, profile = teams.team_and_profile(org_id, team_id, user_id)
        if team is None:
            raise NotFound(NO_SUCH_TEAM)
        if profile is None:
            raise NotFound("No member with this id in your organisation.")
        if profile.status == "deactivated":
            raise Conflict("This member is deactivated; reactivate them before putting them in a team.")
        if profile.team_id == team_id:
            membership = teams.get_membership(org_id, team_id, user_id)
            if membership is not None:
                return membership
            continue  # the profile was read in the middle of a move: read again
        placement = teams.Placement(
            org_id, user_id, profile.team_id, team_id, profile.display_name, principal.user_id, utc_now()
        )
        try:
            teams.place_member(placement)
        except teams.MembershipChanged:
            continue
        count_business_event("TeamMemberPlaced")
        return teams.new_membership(placement, team_id)
    raise Conflict("This member's team changed several times meanwhile; try again.")


def take_member_out_of_team(principal: Principal, team_id: str, user_id: str) -> None:
    _require_admin(principal)
    org_id = principal.org_id
    for _ in range(PLACEMENT_ATTEMPTS):
        profile = teams.get_profile(org_id, user_id)
        if profile is None or profile.team_id != team_id:
            _require_team(org_id, team_id)
            raise NotFound("This member is not in this team.")
        placement = teams.Placement(
            org_id, user_id, team_id, None, profile.display_name, principal.user_id, utc_now()
        )
        try:
            teams.place_member(placement)
        except teams.MembershipChanged:
            continue
        count_business_event("TeamMemberRemoved")
        return
    raise Conflict("This member's team changed several times meanwhile; try again.")
