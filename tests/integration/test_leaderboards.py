"""Leaderboards from real activity: API calls, then the stream consumer, which turns them into points
and then places the changed scores on the boards. No job: what the consumer placed is on the board.

A member who climbs the week's board sees it; one who opted out is on nobody else's board but
still sees their own place; ties go to who got there first; teams compete on points per active
member; a new week starts with an empty board in the organisation's time zone, and the last one
keeps its standings; redelivered records change nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from chalice.test import Client
from pynamodb.exceptions import CancellationReason, TransactWriteError, VerboseClientError

from chalicelib.gamification import ledger, rules, standings
from chalicelib.gamification.boards import ORG_SCOPE
from chalicelib.gamification.standings import board_for
from chalicelib.store import leaderboards as leaderboard_store
from chalicelib.store import users, writes
from chalicelib.store.models import BoardHiddenItem
from chalicelib.teams import use_cases as teams
from local.emulator import LocalResources
from local.upgrades import fill_boards, scan_items
from tests.integration.test_notifications import StreamTap, consume
from tests.support.stack import ApiClient, start_test_stack
from tests.support.world import OrgWorld, Person, _person, build_org

pytestmark = pytest.mark.usefixtures("direct_emulator")  # see tests/integration/conftest.py


@pytest.fixture(scope="module")
def world(resources: LocalResources) -> OrgWorld:
    start_test_stack()
    return build_org(resources, "boards")


def settle(lambdas: Client, tap: StreamTap) -> list[dict[str, Any]]:
    """Consume until the stream is quiet (points first, then the scores they changed); every record."""
    seen: list[dict[str, Any]] = []
    while records := tap.read():
        consume(lambdas, records)
        seen += records
    return seen


def board(api: ApiClient, person: Person, path: str) -> dict[str, Any]:
    reply = api.get(path, person.token)
    assert reply.status == 200, reply.body
    return dict(reply.json())


def ranked(listing: dict[str, Any]) -> list[tuple[int, str, int | float]]:
    return [(place["rank"], place["id"], place["score"]) for place in listing["items"]]


def post(api: ApiClient, world: OrgWorld, person: Person, body: str) -> str:
    reply = api.post(f"/v1/communities/{world.community_id}/posts", person.token, {"body": body})
    assert reply.status == 201, reply.body
    return str(reply.json()["id"])


def joined(api: ApiClient, resources: LocalResources, world: OrgWorld, count: int) -> list[Person]:
    people = [_person(resources, world.org_id, "learner") for _ in range(count)]
    for person in people:
        assert api.get("/v1/me", person.token).status == 200  # first visit: the account is active
        assert api.post(f"/v1/communities/{world.community_id}/join", person.token).status in (200, 201)
    return people


def test_members_climb_the_boards_and_an_opted_out_member_is_seen_only_by_themselves(
    api: ApiClient, lambdas: Client, resources: LocalResources, world: OrgWorld
) -> None:
    community = f"/v1/communities/{world.community_id}"
    tap = StreamTap(resources, world.org_id)
    star, steady, shy = joined(api, resources, world, 3)
    assert api.patch("/v1/me", shy.token, {"leaderboard_opt_out": True}).json()["leaderboard_opt_out"]
    posts = {}
    for person, count in ((star, 3), (steady, 2), (shy, 1)):
        for n in range(count):
            posts.setdefault(person.user_id, post(api, world, person, f"Wat ik leerde, deel {n}"))
    # The shy member's post gets a reaction from the star: 2 points received, 1 given.
    liked = api.put(f"{community}/posts/{posts[shy.user_id]}/reaction", star.token, {"reaction": "like"})
    assert liked.status == 200
    settle(lambdas, tap)

    # Points this week: star 3x10 + 1 = 31, steady 20, shy 10 + 2 = 12 (hidden from others).
    week = board(api, steady, "/v1/leaderboards/organisation?period=week&limit=10")
    assert week["period"] == "week" and week["updated_at"]
    assert ranked(week)[:2] == [(1, star.user_id, 31), (2, steady.user_id, 20)]
    assert shy.user_id not in {place["id"] for place in week["items"]}
    assert [place["is_me"] for place in week["items"]][:2] == [False, True]
    assert week["items"][0]["name"] == f"learner of {world.org_id}"

    mine = board(api, shy, "/v1/leaderboards/organisation/around-me?period=week")
    assert mine["me"] == {"rank": 3, "score": 12, "visible": False}
    assert [(p["rank"], p["id"]) for p in mine["items"] if p["is_me"]] == [(3, shy.user_id)]
    around = board(api, steady, "/v1/leaderboards/organisation/around-me")
    assert around["me"] == {"rank": 2, "score": 20, "visible": True}
    assert shy.user_id not in {place["id"] for place in around["items"]}

    # The community's board counts what was earned in it; all time agrees this first week.
    in_community = board(api, star, f"{community}/leaderboard?period=all")
    assert ranked(in_community)[0] == (1, star.user_id, 31)

    # Opting back in, and a new name, show at once: both are read with the board.
    assert api.patch("/v1/me", shy.token, {"leaderboard_opt_out": False}).status == 200
    assert api.patch("/v1/me", shy.token, {"display_name": "Sam"}).status == 200
    week = board(api, steady, "/v1/leaderboards/organisation?period=week")
    assert (3, shy.user_id, 12) in ranked(week)
    assert {place["id"]: place["name"] for place in week["items"]}[shy.user_id] == "Sam"


def test_a_tie_goes_to_who_reached_the_score_first(
    api: ApiClient, lambdas: Client, resources: LocalResources, world: OrgWorld
) -> None:
    tap = StreamTap(resources, world.org_id)
    first, second = joined(api, resources, world, 2)
    post(api, world, first, "Eerst")
    settle(lambdas, tap)
    post(api, world, second, "Daarna")
    settle(lambdas, tap)
    listing = board(api, first, f"/v1/communities/{world.community_id}/leaderboard?period=week&limit=100")
    order = [place["id"] for place in listing["items"] if place["id"] in (first.user_id, second.user_id)]
    assert order == [first.user_id, second.user_id]
    places = {place["id"]: place for place in listing["items"]}
    assert places[first.user_id]["score"] == places[second.user_id]["score"] == 10
    assert places[second.user_id]["rank"] == places[first.user_id]["rank"] + 1


def test_redelivered_and_late_stream_records_change_no_board(
    api: ApiClient, lambdas: Client, resources: LocalResources, world: OrgWorld
) -> None:
    tap = StreamTap(resources, world.org_id)
    (climber,) = joined(api, resources, world, 1)
    for n in range(3):
        post(api, world, climber, f"Stap {n}")
    records = settle(lambdas, tap)
    before = board(api, climber, "/v1/leaderboards/organisation/around-me?period=all")
    assert before["me"]["score"] == 30

    consume(lambdas, records)  # every record again, in order
    consume(lambdas, list(reversed(records)))  # and backwards: older scores arrive after newer ones
    assert tap.read() == []  # nothing was written: each entry takes only a later version of its score
    after = board(api, climber, "/v1/leaderboards/organisation/around-me?period=all")
    assert after["me"] == before["me"]
    assert ranked(after) == ranked(before)


def test_teams_compete_on_points_per_active_member(
    api: ApiClient, lambdas: Client, resources: LocalResources, world: OrgWorld
) -> None:
    admin = world.admin.principal(world.org_id)
    big = teams.create_team(admin, "Sales")
    small = teams.create_team(admin, "Legal")
    tap = StreamTap(resources, world.org_id)
    sellers = joined(api, resources, world, 4)
    (lawyer,) = joined(api, resources, world, 1)
    for person in sellers:
        teams.put_member_in_team(admin, big.team_id, person.user_id)
    teams.put_member_in_team(admin, small.team_id, lawyer.user_id)
    for n in range(2):  # the lawyer posts twice: 20 points for a team of one
        post(api, world, lawyer, f"Contracten digitaal {n}")
    for person in sellers[:3]:  # three sellers post once: 30 points for a team of four
        post(api, world, person, "Mijn eerste CRM-tip")
    settle(lambdas, tap)

    competition = board(api, sellers[0], "/v1/leaderboards/teams?period=week")
    places = {place["id"]: place for place in competition["items"]}
    assert places[small.team_id]["rank"] < places[big.team_id]["rank"]
    assert (places[small.team_id]["score"], places[small.team_id]["active_members"]) == (20, 1)
    assert (places[big.team_id]["points"], places[big.team_id]["score"]) == (30, 7.5)
    assert places[big.team_id]["is_me"] and not places[small.team_id]["is_me"]

    inside = board(api, lawyer, f"/v1/teams/{big.team_id}/leaderboard")
    assert {place["id"] for place in inside["items"]} == {p.user_id for p in sellers[:3]}
    assert api.get("/v1/teams/nosuchteam/leaderboard", lawyer.token).status == 404
    # Moving a member moves their points to the other team's board at once.
    teams.put_member_in_team(admin, small.team_id, sellers[0].user_id)
    legal = board(api, lawyer, f"/v1/teams/{small.team_id}/leaderboard")
    assert sellers[0].user_id in {place["id"] for place in legal["items"]}


def test_a_new_week_starts_empty_at_midnight_in_the_organisations_time_zone(
    lambdas: Client, resources: LocalResources, world: OrgWorld
) -> None:
    # Brussels is an hour ahead of UTC in December: Sunday 23:30 there is still Sunday 22:30 UTC,
    # and Monday 00:30 there is Sunday 23:30 UTC, so both moments are in one UTC week but in two
    # weeks of the organisation.
    org = world.org_id
    tap = StreamTap(resources, org)
    early, late = (_person(resources, org, "learner") for _ in range(2))
    sunday_evening = datetime(2026, 11, 29, 22, 30, tzinfo=UTC)
    monday_night = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)
    assert ledger.award(org, early.user_id, rules.POST_PUBLISHED, "rollover-1", sunday_evening.isoformat())
    assert ledger.award(org, late.user_id, rules.POST_PUBLISHED, "rollover-2", monday_night.isoformat())
    settle(lambdas, tap)

    me = early.principal(org)
    ended = standings.board_for(me, ORG_SCOPE, "week", None, now=sunday_evening)
    started = standings.board_for(me, ORG_SCOPE, "week", None, now=monday_night)
    assert (ended.key, started.key) == ("2026-W48", "2026-W49")
    last_week = [p.entrant.entrant_id for p in standings.top(me, ended, 100).places]
    this_week = [p.entrant.entrant_id for p in standings.top(me, started, 100).places]
    assert early.user_id in last_week and late.user_id not in last_week
    assert this_week == [late.user_id]  # the new week's board started empty


def test_past_weeks_keep_their_standings_and_ties_after_their_members_move_on(
    lambdas: Client, resources: LocalResources, world: OrgWorld
) -> None:
    # Each member has one entry for the organisation's boards, holding the weeks their totals keep
    # (this one and the last). Ann scores again two weeks later: week 44 leaves her entry, and its
    # board must still show her 10 points, reached before Bob's.
    org = world.org_id
    tap = StreamTap(resources, org)
    ann, bob = (_person(resources, org, "learner") for _ in range(2))
    week44 = datetime(2026, 10, 26, 9, 0, tzinfo=UTC)
    assert ledger.award(org, ann.user_id, rules.POST_PUBLISHED, "past-1", week44.isoformat())
    assert ledger.award(org, bob.user_id, rules.POST_PUBLISHED, "past-2", week44.replace(hour=10).isoformat())
    records = settle(lambdas, tap)
    for later, source in (
        (datetime(2026, 11, 2, 9, 0, tzinfo=UTC), "past-3"),
        (datetime(2026, 11, 16, 9, 0, tzinfo=UTC), "past-4"),
    ):
        assert ledger.award(org, ann.user_id, rules.POST_PUBLISHED, source, later.isoformat())
        records += settle(lambdas, tap)

    me = bob.principal(org)

    def places(kind: str, key: str) -> list[tuple[str, int | float]]:
        shown = standings.top(me, standings.board_for(me, ORG_SCOPE, kind, key), 100).places
        return [
            (p.entrant.entrant_id, p.entrant.score)
            for p in shown
            if p.entrant.entrant_id in (ann.user_id, bob.user_id)
        ]

    assert places("week", "2026-W44") == [(ann.user_id, 10), (bob.user_id, 10)]
    assert places("week", "2026-W45") == [(ann.user_id, 10)]
    assert places("week", "2026-W47") == [(ann.user_id, 10)]
    assert places("quarter", "2026-Q4") == [(ann.user_id, 30), (bob.user_id, 10)]
    around = standings.around_me(ann.principal(org), standings.board_for(me, ORG_SCOPE, "week", "2026-W44"))
    assert around.me is not None and around.me.entrant.score == 10

    consume(lambdas, records)  # every record again: nothing moves, nothing is written
    assert tap.read() == []
    assert places("week", "2026-W44") == [(ann.user_id, 10), (bob.user_id, 10)]


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
    assert api.get("/v1/leaderboards/organisation?period=week&key=W48", world.learner.token).status == 400


def _transactions_naming_the_hidden_item_fail(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make DynamoDB cancel, once, the transaction that changes who is hidden (as a concurrent write
    of the same item does); the names of the steps it refused are returned as they happen."""
    failed: list[str] = []
    real_write = writes.Steps.write

    def write(steps: writes.Steps) -> None:
        names = steps.names_in_request_order()
        if "hidden" in names and not failed:
            failed.extend(names)
            # As DynamoDB answers when another write holds the hidden item: one reason per item.
            reasons = [CancellationReason("TransactionConflict") if n == "hidden" else None for n in names]
            conflict = VerboseClientError(
                {"Error": {"Code": "TransactionCanceledException", "Message": "Transaction cancelled"}},
                "TransactWriteItems",
                cancellation_reasons=reasons,
            )
            raise TransactWriteError("Failed to write transaction items", cause=conflict)
        real_write(steps)

    monkeypatch.setattr(writes.Steps, "write", write)
    return failed


def test_an_opt_out_and_a_deactivation_change_the_profile_and_the_boards_together_or_not_at_all(
    api: ApiClient,
    lambdas: Client,
    resources: LocalResources,
    world: OrgWorld,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tap = StreamTap(resources, world.org_id)
    watcher, shy, leaver = joined(api, resources, world, 3)
    for person in (shy, leaver):
        post(api, world, person, "Zichtbaar")
    settle(lambdas, tap)
    path = "/v1/leaderboards/organisation?period=all&limit=100"
    shown = {place["id"] for place in board(api, watcher, path)["items"]}
    assert {shy.user_id, leaver.user_id} <= shown

    # The opt-out's transaction is cancelled: the profile did not change either, and the member,
    # who was told it failed, still sees themselves opted in and on the board.
    failed = _transactions_naming_the_hidden_item_fail(monkeypatch)
    refused = api.patch("/v1/me", shy.token, {"leaderboard_opt_out": True})
    assert refused.status == 503 and refused.header("retry-after") and "member" in failed
    assert api.get("/v1/me", shy.token).json()["leaderboard_opt_out"] is False
    assert shy.user_id in {place["id"] for place in board(api, watcher, path)["items"]}
    # Sending it again does both.
    assert api.patch("/v1/me", shy.token, {"leaderboard_opt_out": True}).status == 200
    assert shy.user_id not in {place["id"] for place in board(api, watcher, path)["items"]}

    # The same for a deactivation: cancelled, the member is still active and on the board; the
    # admin's retry deactivates them and takes them off every board.
    failed.clear()
    deactivate = f"/v1/admin/users/{leaver.user_id}/deactivate"
    assert api.post(deactivate, world.admin.token).status == 503
    assert users.require_member(world.org_id, leaver.user_id).status == "active"
    assert leaver.user_id in {place["id"] for place in board(api, watcher, path)["items"]}
    assert api.post(deactivate, world.admin.token).status == 200
    assert leaver.user_id not in {place["id"] for place in board(api, watcher, path)["items"]}
    reactivated = api.post(f"/v1/admin/users/{leaver.user_id}/reactivate", world.admin.token)
    assert reactivated.status == 200
    assert leaver.user_id in {place["id"] for place in board(api, watcher, path)["items"]}


def test_the_operators_fill_puts_an_upgraded_organisations_scores_on_its_boards_once(
    api: ApiClient, lambdas: Client, resources: LocalResources, world: OrgWorld
) -> None:
    tap = StreamTap(resources, world.org_id)
    watcher, early, shy, late = joined(api, resources, world, 4)
    for person, count in ((early, 2), (shy, 1)):
        for n in range(count):
            post(api, world, person, f"Van voor de upgrade {n}")
    assert api.patch("/v1/me", shy.token, {"leaderboard_opt_out": True}).status == 200
    settle(lambdas, tap)
    # As an organisation deployed before the consumer kept boards: its scores are there, its boards
    # and who is hidden are not, and the old job's items and day counters still are.
    connection = BoardHiddenItem._get_connection()
    for period in ("all", board_for(world.admin.principal(world.org_id), ORG_SCOPE, "week", None).period):
        for entry in leaderboard_store.read_board(world.org_id, ORG_SCOPE, period):
            connection.delete_item(*entry.key)
    connection.delete_item(*leaderboard_store.hidden_key(world.org_id))
    # And a member named hidden though their profile is not (an opt-in whose second write failed,
    # before the two were one transaction).
    stale = leaderboard_store.hidden_change(world.org_id, late.user_id, {"leaderboard_opt_out": True})
    assert stale is not None
    stale[0].update(actions=stale[1])
    old_place = (f"ORG#{world.org_id}#BOARD#org#all", "RANK#0000001")
    old_day = (f"ORG#{world.org_id}#POINTS#{early.user_id}", "DAY#2026-12-01")
    for key, item_type in ((old_place, "board_rank"), (old_day, "points_day")):
        connection.put_item(*key, attributes={"type": {"S": item_type}, "org_id": {"S": world.org_id}})
    assert board(api, watcher, "/v1/leaderboards/organisation?period=all&limit=100")["items"] == []
    # Meanwhile the live consumer places a newer score of one member.
    post(api, world, late, "Na de upgrade")
    settle(lambdas, tap)

    report = fill_boards()
    assert report.written >= 4 and report.hidden >= 2 and report.removed >= 2
    for path in (
        "/v1/leaderboards/organisation?period=all&limit=100",
        "/v1/leaderboards/organisation?period=week&limit=100",
    ):
        scores = {place["id"]: place["score"] for place in board(api, watcher, path)["items"]}
        assert (scores[early.user_id], scores[late.user_id]) == (20, 10)
        assert shy.user_id not in scores  # still opted out
    assert board(api, shy, "/v1/leaderboards/organisation/around-me?period=all")["me"]["score"] == 10
    assert not [item for item in scan_items(leaderboard_store.RETIRED_TYPES)]

    again = fill_boards()  # running it again changes nothing
    assert (again.written, again.removed) == (0, 0)
