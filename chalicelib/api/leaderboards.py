"""Leaderboards: of the organisation, a community, a team, and the team competition.

Boards are kept by the stream consumer as scores change and ranked when read (`updated_at` says
when the newest score on a board was placed, usually seconds after it was earned); `period` is the
current week or quarter in the organisation's time zone, or all time; `key`
names an earlier week or quarter (its final standings).
"""

from __future__ import annotations

from chalicelib.api.framework import Api, ApiRequest
from chalicelib.api.leaderboard_models import BoardQuery, Leaderboard, TopQuery, board_view
from chalicelib.api.relations import Relation
from chalicelib.gamification import standings

api = Api(__name__, tag="leaderboards")


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
    return board_view(standings.top(request.principal, board, query.limit))


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
    return board_view(standings.around_me(request.principal, board))


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
    return board_view(standings.top(request.principal, board, query.limit))


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
    return board_view(standings.top(request.principal, board, query.limit))


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
    return board_view(standings.around_me(request.principal, board))


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
    return board_view(standings.top(request.principal, board, query.limit))


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
    return board_view(standings.around_me(request.principal, board))
