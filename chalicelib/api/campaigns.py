"""Campaigns: org admins (/v1/admin/campaigns) and community moderators
(/v1/communities/{community_id}/campaigns) schedule them; everyone reads the campaigns of their
audience (/v1/campaigns), their live boards and their own progress.

Times are chosen in the organisation's time zone (`opens_local`, `closes_local`,
`reminders_local`: wall-clock times without an offset) and returned in UTC too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from chalicelib.api.campaign_models import (
    Campaign,
    CampaignChange,
    CampaignDraft,
    CampaignPage,
    CommunityCampaignDraft,
    Progress,
    change_of,
    draft_of,
)
from chalicelib.api.framework import Api, ApiRequest, Created
from chalicelib.api.leaderboard_models import Leaderboard, TopQuery, board_view
from chalicelib.api.relations import Relation
from chalicelib.api.schemas import PageQuery
from chalicelib.campaigns import use_cases
from chalicelib.gamification import setup
from chalicelib.principal import Principal, Role
from chalicelib.store.models import CampaignItem
from chalicelib.store.pages import Page

if TYPE_CHECKING:
    from chalicelib.gamification import standings

api = Api(__name__, tag="campaigns")
ADMINS = frozenset({Role.ORG_ADMIN})


def _language(principal: Principal) -> str:
    organisation = setup.organisation_setup(principal.org_id).organisation
    return organisation.default_language if organisation is not None else "en"


def _view(request: ApiRequest, item: CampaignItem) -> Campaign:
    return Campaign.of(item, _language(request.principal))


def _campaign_page(request: ApiRequest, page: Page[CampaignItem]) -> CampaignPage:
    return CampaignPage(
        items=[_view(request, c) for c in page.items], next_cursor=request.cursor_out(page.last_key)
    )


def _page(request: ApiRequest, community_id: str | None = None) -> CampaignPage:
    page = use_cases.list_managed(
        request.principal, request.query.limit, request.cursor_in(request.query.cursor), community_id
    )
    return _campaign_page(request, page)


# Org admins ----------------------------------------------------------------------------------


@api.route(
    "/v1/admin/campaigns",
    "POST",
    operation_id="createCampaign",
    relation=Relation.ORG_ADMIN,
    summary="Schedule a campaign (a preset, or times in the organisation's time zone)",
    request=CampaignDraft,
    response=Campaign,
    status=201,
    roles=ADMINS,
    idempotent=True,
)
def create_campaign(request: ApiRequest) -> Created:
    item = use_cases.create_campaign(request.principal, draft_of(request.body, None))
    return Created(_view(request, item), f"/v1/admin/campaigns/{item.campaign_id}")


@api.route(
    "/v1/admin/campaigns",
    "GET",
    operation_id="listCampaignsAsAdmin",
    relation=Relation.ORG_ADMIN,
    summary="The organisation's campaigns, newest first",
    query=PageQuery,
    response=CampaignPage,
    roles=ADMINS,
)
def list_campaigns_as_admin(request: ApiRequest) -> CampaignPage:
    return _page(request)


@api.route(
    "/v1/admin/campaigns/{campaign_id}",
    "GET",
    operation_id="getCampaignAsAdmin",
    relation=Relation.ORG_ADMIN,
    summary="One campaign of the organisation",
    response=Campaign,
    roles=ADMINS,
)
def get_campaign_as_admin(request: ApiRequest) -> Campaign:
    return _view(request, use_cases.get_managed(request.principal, request.path_params["campaign_id"]))


@api.route(
    "/v1/admin/campaigns/{campaign_id}",
    "PATCH",
    operation_id="changeCampaign",
    relation=Relation.ORG_ADMIN,
    summary="Change a scheduled or open campaign (its schedules move with it)",
    request=CampaignChange,
    response=Campaign,
    roles=ADMINS,
)
def change_campaign(request: ApiRequest) -> Campaign:
    item = use_cases.change_campaign(
        request.principal, request.path_params["campaign_id"], change_of(request.body)
    )
    return _view(request, item)


def _admin_step(name: str, summary: str, run: str) -> None:
    @api.route(
        f"/v1/admin/campaigns/{{campaign_id}}/{name}",
        "POST",
        operation_id=f"{name}Campaign",
        summary=summary,
        relation=Relation.ORG_ADMIN,
        response=Campaign,
        roles=ADMINS,
    )
    def step(request: ApiRequest) -> Campaign:
        action = getattr(use_cases, run)
        return _view(request, action(request.principal, request.path_params["campaign_id"]))


_admin_step("open", "Open a scheduled campaign now", "open_campaign")
_admin_step("close", "Close an open campaign now (ranks, badges, recap)", "close_campaign")
_admin_step("cancel", "Cancel a scheduled or open campaign", "cancel_campaign")


# Community moderators ------------------------------------------------------------------------


@api.route(
    "/v1/communities/{community_id}/campaigns",
    "POST",
    operation_id="createCommunityCampaign",
    relation=Relation.COMMUNITY_MODERATOR,
    summary="Schedule a campaign for this community (its moderators and community managers)",
    request=CommunityCampaignDraft,
    response=Campaign,
    status=201,
    idempotent=True,
)
def create_community_campaign(request: ApiRequest) -> Created:
    community_id = request.path_params["community_id"]
    use_cases.require_community_manager(request.principal, community_id)
    item = use_cases.create_campaign(request.principal, draft_of(request.body, community_id))
    return Created(_view(request, item), f"/v1/communities/{community_id}/campaigns/{item.campaign_id}")


@api.route(
    "/v1/communities/{community_id}/campaigns",
    "GET",
    operation_id="listCommunityCampaigns",
    relation=Relation.COMMUNITY_MODERATOR,
    summary="This community's campaigns, newest first (for its moderators)",
    query=PageQuery,
    response=CampaignPage,
)
def list_community_campaigns(request: ApiRequest) -> CampaignPage:
    return _page(request, request.path_params["community_id"])


@api.route(
    "/v1/communities/{community_id}/campaigns/{campaign_id}",
    "GET",
    operation_id="getCommunityCampaign",
    relation=Relation.COMMUNITY_MODERATOR,
    summary="One campaign of this community (for its moderators)",
    response=Campaign,
)
def get_community_campaign(request: ApiRequest) -> Campaign:
    params = request.path_params
    return _view(
        request, use_cases.get_managed(request.principal, params["campaign_id"], params["community_id"])
    )


@api.route(
    "/v1/communities/{community_id}/campaigns/{campaign_id}",
    "PATCH",
    operation_id="changeCommunityCampaign",
    relation=Relation.COMMUNITY_MODERATOR,
    summary="Change a scheduled or open campaign of this community",
    request=CampaignChange,
    response=Campaign,
)
def change_community_campaign(request: ApiRequest) -> Campaign:
    params = request.path_params
    item = use_cases.change_campaign(
        request.principal, params["campaign_id"], change_of(request.body), params["community_id"]
    )
    return _view(request, item)


def _community_step(name: str, summary: str, run: str) -> None:
    @api.route(
        f"/v1/communities/{{community_id}}/campaigns/{{campaign_id}}/{name}",
        "POST",
        operation_id=f"{name}CommunityCampaign",
        summary=summary,
        relation=Relation.COMMUNITY_MODERATOR,
        response=Campaign,
    )
    def step(request: ApiRequest) -> Campaign:
        params = request.path_params
        action = getattr(use_cases, run)
        return _view(request, action(request.principal, params["campaign_id"], params["community_id"]))


_community_step("open", "Open this community's scheduled campaign now", "open_campaign")
_community_step("close", "Close this community's open campaign now", "close_campaign")
_community_step("cancel", "Cancel this community's scheduled or open campaign", "cancel_campaign")


# Everyone ------------------------------------------------------------------------------------


@api.route(
    "/v1/campaigns",
    "GET",
    operation_id="listMyCampaigns",
    relation=Relation.SELF,
    summary="Open and upcoming campaigns for me, newest first",
    query=PageQuery,
    response=CampaignPage,
)
def list_my_campaigns(request: ApiRequest) -> CampaignPage:
    page = use_cases.my_campaigns(
        request.principal, request.query.limit, request.cursor_in(request.query.cursor)
    )
    return _campaign_page(request, page)


@api.route(
    "/v1/campaigns/{campaign_id}",
    "GET",
    operation_id="getCampaign",
    relation=Relation.ORG_MEMBER,
    summary="A campaign I am in the audience of",
    response=Campaign,
)
def get_campaign(request: ApiRequest) -> Campaign:
    item, _ = use_cases.visible_campaign(request.principal, request.path_params["campaign_id"])
    return _view(request, item)


class CampaignTopQuery(BaseModel):
    model_config = TopQuery.model_config

    limit: int = Field(10, ge=1, le=100, description="How many places (1-100).")


def _audience(request: ApiRequest, campaign_id: str) -> standings.AccessCheck:
    """The campaign's audience check, reading the board's keys in the same request."""
    return lambda extra: use_cases.visible_campaign(request.principal, campaign_id, extra)[1]


@api.route(
    "/v1/campaigns/{campaign_id}/leaderboard",
    "GET",
    operation_id="getCampaignLeaderboard",
    relation=Relation.ORG_MEMBER,
    summary="The campaign's top participants (live: placed as answers are scored)",
    query=CampaignTopQuery,
    response=Leaderboard,
)
def get_campaign_leaderboard(request: ApiRequest) -> Leaderboard:
    from chalicelib.gamification import standings  # only the board routes: not every campaign route's

    campaign_id = request.path_params["campaign_id"]
    board = standings.campaign_board(request.principal, campaign_id)
    return board_view(
        standings.top(request.principal, board, request.query.limit, _audience(request, campaign_id))
    )


@api.route(
    "/v1/campaigns/{campaign_id}/leaderboard/around-me",
    "GET",
    operation_id="getCampaignLeaderboardAroundMe",
    relation=Relation.ORG_MEMBER,
    summary="My place on the campaign's board, with the five above and below me",
    response=Leaderboard,
)
def get_campaign_leaderboard_around_me(request: ApiRequest) -> Leaderboard:
    from chalicelib.gamification import standings  # only the board routes: not every campaign route's

    campaign_id = request.path_params["campaign_id"]
    board = standings.campaign_board(request.principal, campaign_id)
    return board_view(standings.around_me(request.principal, board, _audience(request, campaign_id)))


@api.route(
    "/v1/campaigns/{campaign_id}/leaderboard/teams",
    "GET",
    operation_id="getCampaignTeamsLeaderboard",
    relation=Relation.ORG_MEMBER,
    summary="The campaign's teams, by campaign points per active member (my team marked)",
    query=CampaignTopQuery,
    response=Leaderboard,
)
def get_campaign_teams_leaderboard(request: ApiRequest) -> Leaderboard:
    from chalicelib.gamification import standings  # only the board routes: not every campaign route's

    campaign_id = request.path_params["campaign_id"]
    board = standings.campaign_board(request.principal, campaign_id, teams=True)
    return board_view(
        standings.top(request.principal, board, request.query.limit, _audience(request, campaign_id))
    )


@api.route(
    "/v1/campaigns/{campaign_id}/progress",
    "GET",
    operation_id="getMyCampaignProgress",
    relation=Relation.ORG_MEMBER,
    summary="My progress in a campaign: points, answers, my place",
    response=Progress,
)
def get_my_campaign_progress(request: ApiRequest) -> Progress:
    found = use_cases.my_progress(request.principal, request.path_params["campaign_id"])
    score, standing = found.score, found.standing
    return Progress(
        campaign_id=found.campaign.campaign_id,
        status=found.campaign.status,  # type: ignore[arg-type]
        points=int(score.points or 0) if score else 0,
        answered=int(score.answered or 0) if score else 0,
        correct=int(score.correct or 0) if score else 0,
        rank=int(standing.rank) if standing else None,
        visible=bool(standing.visible) if standing else None,
        last_scored_at=score.last_scored_at if score else None,
    )
