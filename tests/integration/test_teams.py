"""Teams: org admins define departments and branches and who is in them; everyone in the organisation
can see them. A person is in at most one team, and a team's member_count always matches its members."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from chalicelib.errors import Conflict
from chalicelib.ids import utc_now
from chalicelib.store import teams as store
from chalicelib.teams import use_cases as teams
from local.emulator import LocalResources
from tests.support.stack import ApiClient, start_test_stack
from tests.support.world import OrgWorld, Person, _person, build_org

pytestmark = pytest.mark.usefixtures("direct_emulator")  # see tests/integration/conftest.py


PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def world(resources: LocalResources) -> OrgWorld:
    start_test_stack()
    return build_org(resources, "teams")


def create_team(api: ApiClient, world: OrgWorld, name: str, **extra: Any) -> dict[str, Any]:
    reply = api.post("/v1/admin/teams", world.admin.token, {"name": name, **extra})
    assert reply.status == 201, reply.body
    return dict(reply.json())


def put_in(api: ApiClient, world: OrgWorld, team: dict[str, Any], person: Person) -> dict[str, Any]:
    reply = api.put(f"/v1/admin/teams/{team['id']}/members/{person.user_id}", world.admin.token)
    assert reply.status == 200, reply.body
    return dict(reply.json())


def team(api: ApiClient, person: Person, team_id: str) -> dict[str, Any]:
    reply = api.get(f"/v1/teams/{team_id}", person.token)
    assert reply.status == 200, reply.body
    return dict(reply.json())


def member_ids(api: ApiClient, person: Person, team_id: str) -> list[str]:
    reply = api.get(f"/v1/teams/{team_id}/members?limit=100", person.token)
    assert reply.status == 200, reply.body
    return [m["user_id"] for m in reply.json()["items"]]


def my_team_id(api: ApiClient, person: Person) -> str | None:
    reply = api.get("/v1/me", person.token)
    assert reply.status == 200, reply.body
    return reply.json()["team_id"]  # type: ignore[no-any-return]


def is_problem(reply: Any, status: int) -> bool:
    return bool(reply.status == status and (reply.header("content-type") or "").startswith(PROBLEM))


def test_an_admin_builds_departments_that_everyone_in_the_organisation_sees(
    api: ApiClient, resources: LocalResources, world: OrgWorld
) -> None:
    sales = create_team(api, world, "Sales Antwerp", description="The Antwerp sales office")
    support = create_team(api, world, "Support")
    anna, bram = _person(resources, world.org_id, "learner"), _person(resources, world.org_id, "learner")
    put_in(api, world, sales, anna)
    joined = put_in(api, world, sales, bram)
    assert joined["team_id"] == sales["id"] and joined["user_id"] == bram.user_id

    listed = api.get("/v1/teams?limit=100", anna.token).json()["items"]
    by_id = {t["id"]: t for t in listed}
    assert by_id[sales["id"]]["name"] == "Sales Antwerp"
    assert by_id[sales["id"]]["member_count"] == 2
    assert by_id[support["id"]]["member_count"] == 0
    assert team(api, anna, sales["id"])["description"] == "The Antwerp sales office"
    assert sorted(member_ids(api, anna, sales["id"])) == sorted([anna.user_id, bram.user_id])
    assert my_team_id(api, anna) == sales["id"]
    assert api.get("/v1/admin/teams?limit=100", world.admin.token).status == 200

    renamed = api.patch(
        f"/v1/admin/teams/{sales['id']}", world.admin.token, {"name": "Sales  Antwerp & Ghent"}
    )
    assert renamed.status == 200, renamed.body
    assert renamed.json()["name"] == "Sales Antwerp & Ghent"
    assert renamed.json()["member_count"] == 2


def test_moving_a_person_takes_them_out_of_their_old_team(
    api: ApiClient, resources: LocalResources, world: OrgWorld
) -> None:
    old, new = create_team(api, world, "Finance"), create_team(api, world, "Logistics")
    carla = _person(resources, world.org_id, "learner")
    put_in(api, world, old, carla)

    put_in(api, world, new, carla)

    assert team(api, carla, old["id"])["member_count"] == 0
    assert team(api, carla, new["id"])["member_count"] == 1
    assert member_ids(api, carla, old["id"]) == []
    assert member_ids(api, carla, new["id"]) == [carla.user_id]
    assert my_team_id(api, carla) == new["id"]
    put_in(api, world, new, carla)  # already there: nothing changes
    assert team(api, carla, new["id"])["member_count"] == 1


def test_a_team_with_people_in_it_cannot_be_deleted(
    api: ApiClient, resources: LocalResources, world: OrgWorld
) -> None:
    hr = create_team(api, world, "Human resources")
    dirk = _person(resources, world.org_id, "learner")
    put_in(api, world, hr, dirk)
    path = f"/v1/admin/teams/{hr['id']}"

    refused = api.call("DELETE", path, world.admin.token)
    assert is_problem(refused, 409), refused.body
    assert team(api, dirk, hr["id"])["member_count"] == 1

    assert api.call("DELETE", f"{path}/members/{dirk.user_id}", world.admin.token).status == 204
    assert my_team_id(api, dirk) is None
    assert team(api, dirk, hr["id"])["member_count"] == 0
    assert is_problem(api.call("DELETE", f"{path}/members/{dirk.user_id}", world.admin.token), 404)
    assert api.call("DELETE", path, world.admin.token).status == 204
    assert is_problem(api.get(f"/v1/teams/{hr['id']}", dirk.token), 404)
    assert is_problem(api.get(f"/v1/teams/{hr['id']}/members", dirk.token), 404)
    assert is_problem(api.call("DELETE", path, world.admin.token), 404)


def test_learners_can_read_teams_but_not_change_them(api: ApiClient, world: OrgWorld) -> None:
    learner, team_path = world.learner.token, f"/v1/admin/teams/{world.team_id}"
    assert api.get("/v1/teams", learner).status == 200
    assert team(api, world.learner, world.team_id)["member_count"] == 1
    assert member_ids(api, world.learner, world.team_id) == [world.learner.user_id]

    assert is_problem(api.get("/v1/admin/teams", learner), 403)
    assert is_problem(api.post("/v1/admin/teams", learner, {"name": "Mine"}), 403)
    assert is_problem(api.patch(team_path, learner, {"name": "Mine"}), 403)
    assert is_problem(api.call("DELETE", team_path, learner), 403)
    assert is_problem(api.put(f"{team_path}/members/{world.manager.user_id}", learner), 403)
    assert is_problem(api.call("DELETE", f"{team_path}/members/{world.learner.user_id}", learner), 403)
    assert is_problem(api.put(f"{team_path}/members/{world.manager.user_id}", world.manager.token), 403)
    assert member_ids(api, world.learner, world.team_id) == [world.learner.user_id]


def test_a_person_is_in_at_most_one_team(api: ApiClient, resources: LocalResources, world: OrgWorld) -> None:
    three = [create_team(api, world, f"Branch {n}") for n in range(3)]
    emma = _person(resources, world.org_id, "learner")
    for chosen in (three[0], three[1], three[2], three[0]):
        put_in(api, world, chosen, emma)

    holding = [t["id"] for t in three if emma.user_id in member_ids(api, emma, t["id"])]
    assert holding == [three[0]["id"]]
    assert [team(api, emma, t["id"])["member_count"] for t in three] == [1, 0, 0]
    assert my_team_id(api, emma) == three[0]["id"]


def test_concurrent_moves_keep_every_member_count_right(resources: LocalResources, world: OrgWorld) -> None:
    admin = world.admin.principal(world.org_id)
    departments = [teams.create_team(admin, f"Shift {n}") for n in range(3)]
    people = [_person(resources, world.org_id, "learner") for _ in range(4)]
    chooser = random.Random(20261123)
    moves = [(chooser.choice(departments).team_id, chooser.choice(people).user_id) for _ in range(40)]

    def move(target: tuple[str, str]) -> str:
        try:
            teams.put_member_in_team(admin, *target)
        except Conflict:
            return "conflict"  # lost the race too often: an honest 409, nothing half-done
        return "moved"

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(move, moves))

    assert outcomes.count("moved") > 0
    where = {p.user_id: store.get_profile(world.org_id, p.user_id).team_id for p in people}  # type: ignore[union-attr]
    for department in departments:
        members = store.list_all_members(world.org_id, department.team_id)
        counted = store.get_team(world.org_id, department.team_id, consistent=True)
        assert counted is not None
        assert int(counted.member_count) == len(members)
        assert {m.user_id for m in members} == {u for u, t in where.items() if t == department.team_id}
    assert all(team_id is not None for team_id in where.values())


def test_a_move_decided_on_a_stale_read_changes_nothing(resources: LocalResources, world: OrgWorld) -> None:
    admin = world.admin.principal(world.org_id)
    first, second, third = (teams.create_team(admin, f"Stale {n}") for n in range(3))
    fenna = _person(resources, world.org_id, "learner")
    teams.put_member_in_team(admin, first.team_id, fenna.user_id)
    teams.put_member_in_team(admin, second.team_id, fenna.user_id)  # meanwhile, someone else moved her

    stale = store.Placement(
        world.org_id, fenna.user_id, first.team_id, third.team_id, "Fenna", admin.user_id, utc_now()
    )
    with pytest.raises(store.MembershipChanged):
        store.place_member(stale)

    counts = [store.get_team(world.org_id, t.team_id, consistent=True) for t in (first, second, third)]
    assert [int(t.member_count) for t in counts if t is not None] == [0, 1, 0]
    assert store.get_membership(world.org_id, third.team_id, fenna.user_id) is None


def test_creating_a_team_twice_with_one_idempotency_key_creates_one(api: ApiClient, world: OrgWorld) -> None:
    key = {"Idempotency-Key": "teams-create-0001"}
    first = api.post("/v1/admin/teams", world.admin.token, {"name": "Marketing"}, headers=key)
    again = api.post("/v1/admin/teams", world.admin.token, {"name": "Marketing"}, headers=key)
    assert first.status == again.status == 201
    assert again.header("Idempotent-Replayed") == "true"
    assert again.json()["id"] == first.json()["id"]
    assert first.header("Location") == f"/v1/teams/{first.json()['id']}"
    names = [t["name"] for t in api.get("/v1/teams?limit=100", world.admin.token).json()["items"]]
    assert names.count("Marketing") == 1


def test_members_of_a_big_team_come_in_pages(
    api: ApiClient, resources: LocalResources, world: OrgWorld
) -> None:
    board = create_team(api, world, "Board")
    people = [_person(resources, world.org_id, "learner") for _ in range(3)]
    for person in people:
        put_in(api, world, board, person)
    seen: list[str] = []
    cursor = ""
    for _ in range(5):
        page = api.get(f"/v1/teams/{board['id']}/members?limit=2{cursor}", world.learner.token).json()
        seen.extend(m["user_id"] for m in page["items"])
        if not page["next_cursor"]:
            break
        cursor = f"&cursor={page['next_cursor']}"
    assert sorted(seen) == sorted(p.user_id for p in people)
    tampered = api.get(f"/v1/teams/{board['id']}/members?cursor=not-a-cursor", world.learner.token)
    assert is_problem(tampered, 400)


def test_bad_input_is_answered_with_a_problem(
    api: ApiClient, resources: LocalResources, world: OrgWorld
) -> None:
    admin, teams_path = world.admin.token, "/v1/admin/teams"
    assert is_problem(api.post(teams_path, admin, {"name": ""}), 422)
    assert is_problem(api.post(teams_path, admin, {"name": "   "}), 422)
    assert is_problem(api.post(teams_path, admin, {"name": "x" * 81}), 422)
    assert is_problem(api.post(teams_path, admin, {"name": "Ok", "colour": "red"}), 422)
    assert is_problem(api.post(teams_path, admin, raw_body=b"{not json"), 400)
    create_team(api, world, "Legal")
    assert is_problem(api.post(teams_path, admin, {"name": "  legal "}), 409)  # names are unique per org

    team_path = f"{teams_path}/{world.team_id}"
    assert is_problem(api.patch(team_path, admin, {}), 422)
    assert is_problem(api.patch(f"{teams_path}/01HZZZZZZZZZZZZZZZZZZZZZZZ", admin, {"name": "Ghost"}), 404)
    assert is_problem(
        api.put(f"{teams_path}/01HZZZZZZZZZZZZZZZZZZZZZZZ/members/{world.manager.user_id}", admin), 404
    )
    assert is_problem(api.put(f"{team_path}/members/no-such-person", admin), 404)

    gone = _person(resources, world.org_id, "learner")
    assert api.post(f"/v1/admin/users/{gone.user_id}/deactivate", admin).status == 200
    refused = api.put(f"{team_path}/members/{gone.user_id}", admin)
    assert is_problem(refused, 409), refused.body
    assert gone.user_id not in member_ids(api, world.learner, world.team_id)
