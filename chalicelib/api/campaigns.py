"""Campaigns: org admins (/v1/admin/campaigns) and community moderators
(/v1/communities/{community_id}/campaigns) schedule them; everyone reads the campaigns of their
audience (/v1/campaigns), their live boards and their own progress.

Times are chosen in the organisation's time zone (`opens_local`, `closes_local`,
`reminders_local`: wall-clock times without an offset) and returned in UTC too.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from chalicelib.api.framework import Api, ApiRequest, Created
from chalicelib.api.leaderboards import Leaderboard, TopQuery, _board_view
from chalicelib.api.relations import Relation
from chalicelib.api.schemas import PageQuery, request_model_config
from chalicelib.auth import Principal, Role
from chalicelib.campaigns import rules, use_cases
from chalicelib.campaigns.lifecycle import titles_of
from chalicelib.errors import ValidationFailed
from chalicelib.gamification import setup, standings
from chalicelib.ids import iso
from chalicelib.store.models import CampaignItem
from chalicelib.store.pages import Page

api = Api(__name__, tag="campaigns")
ADMINS = frozenset({Role.ORG_ADMIN})

Kind = Literal["quiz", "challenge", "nudge"]
Preset = Literal["easter", "christmas", "new_year", "quarterly"]
Audience = Literal["organisation", "community", "teams"]
Status = Literal["scheduled", "open", "closed", "cancelled"]


class Texts(BaseModel):
    nl: str | None = Field(None, max_length=200)
    fr: str | None = Field(None, max_length=200)
    en: str | None = Field(None, max_length=200)

    def values(self) -> dict[str, str]:
        return {k: v for k, v in self.model_dump().items() if v}


class LongTexts(BaseModel):
    nl: str | None = Field(None, max_length=2000)
    fr: str | None = Field(None, max_length=2000)
    en: str | None = Field(None, max_length=2000)

    def values(self) -> dict[str, str]:
        return {k: v for k, v in self.model_dump().items() if v}


_ID = Field(None, pattern=r"^[A-Za-z0-9_-]{1,64}$")
_LOCAL = "A wall-clock time in the organisation's time zone, without an offset: 2026-12-15T09:00:00."


class CampaignDraft(BaseModel):
    model_config = request_model_config(
        {
            "kind": "quiz",
            "preset": "christmas",
            "year": 2030,
            "titles": {"nl": "Kerstquiz", "fr": "Quiz de Noël", "en": "Christmas quiz"},
            "audience": "organisation",
            "repeat_yearly": True,
        }
    )

    kind: Kind = "quiz"
    preset: Preset | None = Field(None, description="Seasonal times and titles; times given override them.")
    year: int | None = Field(None, ge=2000, le=2100, description="The preset's year (default: this year).")
    quarter: int | None = Field(None, ge=1, le=4, description="The quarterly preset's quarter.")
    titles: Texts | None = Field(None, description="By language; a preset gives defaults.")
    descriptions: LongTexts | None = None
    quiz_id: str | None = _ID
    audience: Audience = "organisation"
    community_id: str | None = Field(
        None, pattern=r"^[A-Za-z0-9_-]{1,64}$", description="Audience community; also where it is announced."
    )
    team_ids: list[str] = Field(default_factory=list, max_length=50)
    opens_local: datetime | None = Field(None, description=_LOCAL)
    closes_local: datetime | None = Field(None, description=_LOCAL)
    reminders_local: list[datetime] | None = Field(None, max_length=rules.MAX_REMINDERS, description=_LOCAL)
    repeat_yearly: bool = False
    accessible: bool = Field(False, description="No speed points and extra time for everyone.")


class CommunityCampaignDraft(BaseModel):
    model_config = request_model_config(
        {
            "kind": "challenge",
            "titles": {"en": "Share one tip a day"},
            "opens_local": "2030-03-02T09:00:00",
            "closes_local": "2030-03-13T17:00:00",
            "reminders_local": ["2030-03-09T09:00:00"],
        }
    )

    kind: Kind = "quiz"
    preset: Preset | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    quarter: int | None = Field(None, ge=1, le=4)
    titles: Texts | None = Field(None)
    descriptions: LongTexts | None = None
    quiz_id: str | None = _ID
    opens_local: datetime | None = Field(None, description=_LOCAL)
    closes_local: datetime | None = Field(None, description=_LOCAL)
    reminders_local: list[datetime] | None = Field(None, max_length=rules.MAX_REMINDERS, description=_LOCAL)
    repeat_yearly: bool = False
    accessible: bool = False


class CampaignChange(BaseModel):
    model_config = request_model_config({"closes_local": "2030-12-23T18:00:00", "version": 1})

    titles: Texts | None = None
    descriptions: LongTexts | None = None
    quiz_id: str | None = _ID
    opens_local: datetime | None = Field(None, description=_LOCAL)
    closes_local: datetime | None = Field(None, description=_LOCAL)
    reminders_local: list[datetime] | None = Field(None, max_length=rules.MAX_REMINDERS, description=_LOCAL)
    repeat_yearly: bool | None = None
    accessible: bool | None = None
    version: int | None = Field(None, ge=0, description="The version you read; a newer one is 409.")


class Campaign(BaseModel):
    id: str
    kind: Kind
    preset: Preset | None
    title: str = Field(description="In my language.")
    titles: dict[str, str]
    descriptions: dict[str, str]
    quiz_id: str | None
    audience: Audience
    community_id: str | None
    team_ids: list[str]
    timezone: str
    opens_at: str
    closes_at: str
    opens_local: str
    closes_local: str
    reminders: list[str]
    reminders_local: list[str]
    reminders_sent: int
    status: Status
    opened_at: str | None
    closed_at: str | None
    repeat_yearly: bool
    accessible: bool
    next_campaign_id: str | None = Field(None, description="A yearly campaign's next one, made at close.")
    created_by: str
    created_at: str
    version: int

    @classmethod
    def of(cls, item: CampaignItem, language: str = "en") -> Campaign:
        tz = item.timezone
        titles = titles_of(item)
        try:
            descriptions = {str(k): str(v) for k, v in json.loads(item.descriptions or "{}").items()}
        except ValueError:
            descriptions = {}
        reminders = [str(r) for r in item.reminders or []]

        def local(moment: datetime) -> str:
            return rules.to_local(moment, tz).isoformat(timespec="seconds")

        return cls(
            id=item.campaign_id,
            kind=item.kind,  # type: ignore[arg-type]
            preset=item.preset,  # type: ignore[arg-type]
            title=rules.pick_text(titles, language),
            titles=titles,
            descriptions=descriptions,
            quiz_id=item.quiz_id,
            audience=item.audience,  # type: ignore[arg-type]
            community_id=item.community_id,
            team_ids=list(item.team_ids or []),
            timezone=tz,
            opens_at=iso(item.opens_at),
            closes_at=iso(item.closes_at),
            opens_local=local(item.opens_at),
            closes_local=local(item.closes_at),
            reminders=reminders,
            reminders_local=[local(rules.parse_iso(r)) for r in reminders],
            reminders_sent=len(item.reminded or []),
            status=item.status,  # type: ignore[arg-type]
            opened_at=iso(item.opened_at) if item.opened_at else None,
            closed_at=iso(item.closed_at) if item.closed_at else None,
            repeat_yearly=bool(item.repeat_yearly),
            accessible=bool(item.accessible),
            next_campaign_id=item.next_campaign_id,
            created_by=item.created_by,
            created_at=iso(item.created_at),
            version=int(item.version or 0),
        )


class CampaignPage(BaseModel):
    items: list[Campaign]
    next_cursor: str | None


class Progress(BaseModel):
    campaign_id: str
    status: Status
    points: int
    answered: int
    correct: int
    rank: int | None = Field(description="My place on the campaign's board (null: not on it yet).")
    visible: bool | None = Field(description="False: I opted out of leaderboards, others do not see me.")
    last_scored_at: str | None


def _language(principal: Principal) -> str:
    organisation = setup.organisation_setup(principal.org_id).organisation
    return organisation.default_language if organisation is not None else "en"


def _view(request: ApiRequest, item: CampaignItem) -> Campaign:
    return Campaign.of(item, _language(request.principal))


def _draft(body: CampaignDraft | CommunityCampaignDraft, community_id: str | None) -> use_cases.CampaignDraft:
    if isinstance(body, CampaignDraft):
        audience, community, teams = body.audience, body.community_id, tuple(body.team_ids)
    else:
        audience, community, teams = "community", community_id, ()
    return use_cases.CampaignDraft(
        kind=body.kind,
        preset=body.preset,
        year=body.year,
        quarter=body.quarter,
        titles=body.titles.values() if body.titles else {},
        descriptions=body.descriptions.values() if body.descriptions else {},
        quiz_id=body.quiz_id,
        audience=audience,
        community_id=community,
        team_ids=teams,
        opens_local=body.opens_local,
        closes_local=body.closes_local,
        reminders_local=tuple(body.reminders_local) if body.reminders_local is not None else None,
        repeat_yearly=body.repeat_yearly,
        accessible=body.accessible,
    )


def _change(body: CampaignChange) -> use_cases.CampaignChange:
    fields = body.model_dump(exclude_unset=True)
    if not fields or set(fields) == {"version"}:
        raise ValidationFailed("Send at least one thing to change.")
    return use_cases.CampaignChange(
        titles=body.titles.values() if body.titles is not None else None,
        descriptions=body.descriptions.values() if body.descriptions is not None else None,
        quiz_id=body.quiz_id,
        opens_local=body.opens_local,
        closes_local=body.closes_local,
        reminders_local=tuple(body.reminders_local) if body.reminders_local is not None else None,
        repeat_yearly=body.repeat_yearly,
        accessible=body.accessible,
        version=body.version,
    )


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
    item = use_cases.create_campaign(request.principal, _draft(request.body, None))
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
        request.principal, request.path_params["campaign_id"], _change(request.body)
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
    item = use_cases.create_campaign(request.principal, _draft(request.body, community_id))
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
        request.principal, params["campaign_id"], _change(request.body), params["community_id"]
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
    campaign_id = request.path_params["campaign_id"]
    board = standings.campaign_board(request.principal, campaign_id)
    return _board_view(
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
    campaign_id = request.path_params["campaign_id"]
    board = standings.campaign_board(request.principal, campaign_id)
    return _board_view(standings.around_me(request.principal, board, _audience(request, campaign_id)))


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
    campaign_id = request.path_params["campaign_id"]
    board = standings.campaign_board(request.principal, campaign_id, teams=True)
    return _board_view(
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
