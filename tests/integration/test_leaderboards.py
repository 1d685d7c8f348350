"""Leaderboards from real activity: API calls, the stream consumer, then the every-minute job.

A member who climbs the week's board sees it; one who opted out is on nobody else's board but
still sees their own place; teams compete on points per active member; a finished week keeps its
final standings.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from chalice.test import Client

from chalicelib.jobs.leaderboards import refresh_organisation_boards
from chalicelib.teams import use_cases as teams
from local.emulator import LocalResources
from tests.integration.test_notifications import StreamTap, consume
from tests.support.stack import ApiClient, start_test_stack
from tests.support.world import OrgWorld, Person, _person, build_org


@pytest.fixture(scope="module")
def world(resources: LocalResources) -> OrgWorld:
    start_test_stack()
    return build_org(resources, "boards")


def board(api: ApiClient, person: Person, path: str) -> dict[str, Any]:
    reply = api.get(path, person.token)
    assert reply.status == 200, reply.body
    return dict(reply.json())


def ranked(listing: dict[str, Any]) -> list[tuple[int, str, int | float]]:
    return [(place["rank"], place["id"], place["score"]) for place in listing["items"]]


def test_members_climb_the_boards_and_an_opted_out_member_is_seen_only_by_themselves(
    api: ApiClient, lambdas: Client, resources: LocalResources, world: OrgWorld
) -> None:
    org, community = world.org_id, f"/v1/communities/{world.community_id}"
    star, steady, shy = (_person(resources, org, "learner") for _ in range(3))
    for person in (star, steady, shy):
        assert api.post(f"{community}/join", person.token).status in (200, 201)
    assert api.patch("/v1/me", shy.token, {"leaderboard_opt_out": True}).json()["leaderboard_opt_out"]
    tap = StreamTap(resources, org)
    posts = {}
    for person, count in ((star, 3), (steady, 2), (shy, 1)):
        for n in range(count):
            reply = api.post(f"{community}/posts", person.token, {"body": f"Wat ik leerde, deel {n}"})
            assert reply.status == 201, reply.body
            posts.setdefault(person.user_id, reply.json()["id"])
    # The shy member's post gets a reaction from the star: 2 points received, 1 given.
    liked = api.put(f"{community}/posts/{posts[shy.user_id]}/reaction", star.token, {"reaction": "like"})
    assert liked.status == 200
    records = tap.read()
    consume(lambdas, records)
    consume(lambdas, records)  # redelivered: changes nothing
    result = refresh_organisation_boards(org)
    assert result.refreshed, result

    # Points this week: star 3x10 + 1 = 31, steady 20, shy 10 + 2 = 12 (hidden from others).
    week = board(api, steady, "/v1/leaderboards/organisation?period=week&limit=10")
    assert week["period"] == "week" and week["updated_at"]
    assert ranked(week) == [(1, star.user_id, 31), (2, steady.user_id, 20)]
    assert shy.user_id not in {place["id"] for place in week["items"]}
    assert [place["is_me"] for place in week["items"]][:2] == [False, True]

    mine = board(api, shy, "/v1/leaderboards/organisation/around-me?period=week")
    assert mine["me"] == {"rank": 3, "score": 12, "visible": False}
    assert [(p["rank"], p["id"]) for p in mine["items"] if p["is_me"]] == [(3, shy.user_id)]
    around = board(api, steady, "/v1/leaderboards/organisation/around-me")
    assert around["me"] == {"rank": 2, "score": 20, "visible": True}
    assert shy.user_id not in {place["id"] for place in around["items"]}

    # The community's board counts what was earned in it; all time agrees this first week.
    in_community = board(api, star, f"{community}/leaderboard?period=all")
    assert ranked(in_community)[0] == (1, star.user_id, 31)
    # A second run with nothing new rewrites nothing.
    assert refresh_organisation_boards(org).writes == 0

    # Opting back in shows them at the next run.
    assert api.patch("/v1/me", shy.token, {"leaderboard_opt_out": False}).status == 200
    assert refresh_organisation_boards(org).refreshed
    week = board(api, steady, "/v1/leaderboards/organisation?period=week")
    assert (3, shy.user_id, 12) in ranked(week)


def test_teams_compete_on_points_per_active_member(
    api: ApiClient, lambdas: Client, resources: LocalResources, world: OrgWorld
) -> None:
    org, community = world.org_id, f"/v1/communities/{world.community_id}"
    admin = world.admin.principal(org)
    big = teams.create_team(admin, "Sales")
    small = teams.create_team(admin, "Legal")
    sellers = [_person(resources, org, "learner") for _ in range(4)]
    lawyer = _person(resources, org, "learner")
    for person in (*sellers, lawyer):
        assert api.get("/v1/me", person.token).status == 200  # first visit: the account is active
        assert api.post(f"{community}/join", person.token).status in (200, 201)
    for person in sellers:
        teams.put_member_in_team(admin, big.team_id, person.user_id)
    teams.put_member_in_team(admin, small.team_id, lawyer.user_id)
    tap = StreamTap(resources, org)
    for n in range(2):  # the lawyer posts twice: 20 points for a team of one
        assert (
            api.post(f"{community}/posts", lawyer.token, {"body": f"Contracten digitaal {n}"}).status == 201
        )
    for person in sellers[:3]:  # three sellers post once: 30 points for a team of four
        assert api.post(f"{community}/posts", person.token, {"body": "Mijn eerste CRM-tip"}).status == 201
    consume(lambdas, tap.read())
    assert refresh_organisation_boards(org).refreshed

    competition = board(api, sellers[0], "/v1/leaderboards/teams?period=week")
    places = {place["id"]: place for place in competition["items"]}
    assert places[small.team_id]["rank"] < places[big.team_id]["rank"]
    assert (places[small.team_id]["score"], places[small.team_id]["active_members"]) == (20, 1)
    assert (places[big.team_id]["points"], places[big.team_id]["score"]) == (30, 7.5)
    assert places[big.team_id]["is_me"] and not places[small.team_id]["is_me"]

    inside = board(api, lawyer, f"/v1/teams/{big.team_id}/leaderboard")
    assert {place["id"] for place in inside["items"]} == {p.user_id for p in sellers[:3]}
    assert api.get("/v1/teams/nosuchteam/leaderboard", lawyer.token).status == 404


def test_a_finished_week_keeps_its_final_standings_and_the_new_week_starts_empty(
    api: ApiClient, world: OrgWorld
) -> None:
    org = world.org_id
    now = datetime.now(UTC)
    assert refresh_organisation_boards(org, force=True).refreshed
    this_week = board(api, world.learner, "/v1/leaderboards/organisation?period=week")
    key = this_week["period_key"]
    next_week = now + timedelta(days=7)
    result = refresh_organisation_boards(org, now=next_week)
    assert result.refreshed and result.reason == "period changed"
    final = board(api, world.learner, f"/v1/leaderboards/organisation?period=week&key={key}")
    assert ranked(final) == ranked(this_week)
    assert api.get("/v1/leaderboards/organisation?period=week&key=W48", world.learner.token).status == 400


def test_an_invite_only_community_board_is_for_its_members(
    api: ApiClient, resources: LocalResources, world: OrgWorld
) -> None:
    closed = api.post(
        "/v1/communities",
        world.manager.token,
        {
            "name": "Board room",
            "description": "d",
            "goal": "g",
            "skill_tags": [],
            "visibility": "invite_only",
        },
    )
    assert closed.status == 201, closed.body
    outsider = _person(resources, world.org_id, "learner")
    path = f"/v1/communities/{closed.json()['id']}/leaderboard"
    assert api.get(path, outsider.token).status == 403
    assert api.get(f"{path}/around-me", outsider.token).status == 403
    assert api.get(path, world.manager.token).status == 200
