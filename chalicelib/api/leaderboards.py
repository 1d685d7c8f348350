"""Leaderboards: of the organisation, a community, a team, and the team competition.

Boards are kept by the stream consumer as scores change and ranked when read (`updated_at` says
when the newest score on a board was placed, usually seconds after it was earned); `period` is the
current week or quarter in the organisation's time zone, or all time; `key`
names an earlier week or quarter (its final standings).
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from chalicelib.api.framework import Api, ApiRequest
from chalicelib.api.relations import Relation
from chalicelib.gamification import boards, standings
from chalicelib.gamification.boards import shown_score

api = Api(__name__, tag="leaderboards")

Period = Literal["week", "quarter", "all"]


class BoardQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    period: Period = Field("week", description="week (Monday to Sunday), quarter, or all time.")
    key: str | None = Field(
        None, max_length=8, description="An earlier period: 2026-W48 (week) or 2026-Q3 (quarter)."
    )

    @model_validator(mode="after")
    def _key_fits_the_period(self) -> BoardQuery:
        if self.key is not None:
            pattern = standings.PERIOD_KEY_FORMATS.get(self.period)
            if pattern is None or not re.match(pattern, self.key):
                raise ValueError("key must look like 2026-W48 for a week or 2026-Q3 for a quarter")
        return self


class TopQuery(BoardQuery):
    limit: int = Field(10, ge=1, le=100, description="How many places (1-100).")


class Place(BaseModel):
    rank: int
    id: str = Field(description="The member (or, on the teams board, the team).")
    name: str
    score: float | int = Field(description="Points; on the teams board, points per active member.")
    points: int | None = Field(None, description="Teams board: the team's points.")
    active_members: int | None = Field(None, description="Teams board: its active members.")
    is_me: bool = Field(description="Me, or my team on the teams board.")

    @classmethod
    def of(cls, place: boards.Place, mine: str | None) -> Place:
        entrant = place.entrant
        return cls(
            rank=place.rank,
            id=entrant.entrant_id,
            name=entrant.name,
            score=shown_score(entrant.score),
            points=entrant.points,
            active_members=entrant.active_members,
            is_me=entrant.entrant_id == mine,
        )


class MyPlace(BaseModel):
    rank: int = Field(description="My place; if I opted out, where I would be.")
    score: float | int
    visible: bool = Field(description="False: I opted out, others do not see me.")


class Leaderboard(BaseModel):
    scope: str
    period: Period
    period_key: str
    updated_at: str | None = Field(description="When the newest score on the board was placed (null: empty).")
    entrants: int = Field(description="How many others can see on the board.")
    items: list[Place]
    me: MyPlace | None = Field(None, description="Around me: my own standing (null: no points yet).")


def _board_view(view: standings.BoardView) -> Leaderboard:
    places = [Place.of(place, view.my_entrant_id) for place in view.places]
    me = None
    if view.me is not None:
        me = MyPlace(rank=view.me.rank, score=shown_score(view.me.entrant.score), visible=view.me.visible)
        if not view.me.visible:
            # Others do not see me; I see myself where I would be, between the places around me.
            myself = Place(
                rank=me.rank,
                id=view.me.entrant.entrant_id,
                name="",
                score=me.score,
                points=None,
                active_members=None,
                is_me=True,
            )
            places = (
                [p for p in places if p.rank < me.rank] + [myself] + [p for p in places if p.rank >= me.rank]
            )
    return Leaderboard(
        scope=view.board.scope.split(":", 1)[0],
        period=view.board.kind,  # type: ignore[arg-type]
        period_key=view.board.key,
        updated_at=view.updated_at,
        entrants=view.entrants,
        items=places,
        me=me,
    )


@api.route(
    "/v1/leaderboards/organisation",
    "GET",
    operation_id="getOrganisationLeaderboard",
    relation=Relation.ORG_MEMBER,
    summary="The organisation's top members this week, quarter or of all time",
    query=TopQuery,
    response=Leaderboard,
)
def get_organisation_leaderboard(request: ApiRequest) -> Leaderboard:
    query = request.query
    board = standings.organisation_board(request.principal, query.period, query.key)
    return _board_view(standings.top(request.principal, board, query.limit))


@api.route(
    "/v1/leaderboards/organisation/around-me",
    "GET",
    operation_id="getOrganisationLeaderboardAroundMe",
    relation=Relation.ORG_MEMBER,
    summary="My place on the organisation's board, with the five above and below me",
    query=BoardQuery,
    response=Leaderboard,
)
def get_organisation_leaderboard_around_me(request: ApiRequest) -> Leaderboard:
    query = request.query
    board = standings.organisation_board(request.principal, query.period, query.key)
    return _board_view(standings.around_me(request.principal, board))


@api.route(
    "/v1/leaderboards/teams",
    "GET",
    operation_id="getTeamsLeaderboard",
    relation=Relation.ORG_MEMBER,
    summary="The team competition: teams by points per active member (my team marked)",
    query=TopQuery,
    response=Leaderboard,
)
def get_teams_leaderboard(request: ApiRequest) -> Leaderboard:
    query = request.query
    board = standings.teams_board(request.principal, query.period, query.key)
    return _board_view(standings.top(request.principal, board, query.limit))


@api.route(
    "/v1/communities/{community_id}/leaderboard",
    "GET",
    operation_id="getCommunityLeaderboard",
    relation=Relation.COMMUNITY_READER,
    summary="A community's top members, by the points earned in it",
    query=TopQuery,
    response=Leaderboard,
)
def get_community_leaderboard(request: ApiRequest) -> Leaderboard:
    query = request.query
    board = standings.community_board(
        request.principal, request.path_params["community_id"], query.period, query.key
    )
    return _board_view(standings.top(request.principal, board, query.limit))


@api.route(
    "/v1/communities/{community_id}/leaderboard/around-me",
    "GET",
    operation_id="getCommunityLeaderboardAroundMe",
    relation=Relation.COMMUNITY_READER,
    summary="My place on a community's board, with the five above and below me",
    query=BoardQuery,
    response=Leaderboard,
)
def get_community_leaderboard_around_me(request: ApiRequest) -> Leaderboard:
    query = request.query
    board = standings.community_board(
        request.principal, request.path_params["community_id"], query.period, query.key
    )
    return _board_view(standings.around_me(request.principal, board))


@api.route(
    "/v1/teams/{team_id}/leaderboard",
    "GET",
    operation_id="getTeamLeaderboard",
    relation=Relation.ORG_MEMBER,
    summary="A team's top members",
    query=TopQuery,
    response=Leaderboard,
)
def get_team_leaderboard(request: ApiRequest) -> Leaderboard:
    query = request.query
    board = standings.team_board(request.principal, request.path_params["team_id"], query.period, query.key)
    return _board_view(standings.top(request.principal, board, query.limit))


@api.route(
    "/v1/teams/{team_id}/leaderboard/around-me",
    "GET",
    operation_id="getTeamLeaderboardAroundMe",
    relation=Relation.ORG_MEMBER,
    summary="My place on a team's board, with the five above and below me",
    query=BoardQuery,
    response=Leaderboard,
)
def get_team_leaderboard_around_me(request: ApiRequest) -> Leaderboard:
    query = request.query
    board = standings.team_board(request.principal, request.path_params["team_id"], query.period, query.key)
    return _board_view(standings.around_me(request.principal, board))
