"""Buddy and mentor programmes as organisers and participants see them: sign-up, matching in a job,
reviewing and adjusting the proposal, publishing, and a pair's private space that nobody else
(an admin included, nor a former member) can read."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from chalice.test import Client

from chalicelib import ids
from local import emulator
from local.emulator import LocalResources
from tests.support.stack import ApiClient, start_test_stack, unique
from tests.support.world import OrgWorld, Person, _person, build_org

pytestmark = pytest.mark.usefixtures("direct_emulator")  # see tests/integration/conftest.py


@pytest.fixture(scope="module")
def world(resources: LocalResources) -> OrgWorld:
    start_test_stack()
    return build_org(resources, "buddy")


@pytest.fixture(scope="module")
def buddies(resources: LocalResources, world: OrgWorld) -> list[Person]:
    return [_person(resources, world.org_id, "learner") for _ in range(3)]


def run_due_job(resources: LocalResources, lambdas: Client, name: str) -> Any:
    """Fires the one-time schedule `name` as EventBridge Scheduler would: its payload to the job."""
    scheduler = emulator.client("scheduler", resources.endpoint_url)
    made = scheduler.get_schedule(Name=name, GroupName=emulator.SCHEDULE_GROUP)
    payload = json.loads(made["Target"]["Input"])
    return lambdas.lambda_.invoke("run_scheduled_job", payload).payload["result"]


def sign_up(api: ApiClient, programme_id: str, person: Person, **fields: Any) -> None:
    form = {
        "role": "buddy",
        "offers": [],
        "wants": [],
        "languages": ["nl"],
        "time_zone": "Europe/Brussels",
        "availability": ["0:9-12"],
        "goal": "Learn from a colleague",
        **fields,
    }
    reply = api.put(f"/v1/programmes/{programme_id}/signup", person.token, form)
    assert reply.status == 200, reply.body


def test_an_organiser_runs_a_buddy_programme_from_sign_up_to_private_pair_spaces(
    api: ApiClient, resources: LocalResources, lambdas: Client, world: OrgWorld, buddies: list[Person]
) -> None:
    a, b, c = buddies
    learner, manager, admin = world.learner, world.manager, world.admin
    draft = {"name": unique("Buddies"), "kind": "buddies", "not_same_team": False}
    assert api.post("/v1/programmes", learner.token, draft).status == 403  # organisers only
    made = api.post("/v1/programmes", manager.token, draft)
    assert made.status == 201, made.body
    programme_id = made.json()["id"]
    assert made.json()["status"] == "open"

    sign_up(api, programme_id, learner, offers=["excel"], wants=["python"])
    sign_up(api, programme_id, a, offers=["python"], wants=["excel"])
    sign_up(api, programme_id, b, languages=["fr"])
    sign_up(api, programme_id, c, languages=["fr", "nl"], availability=["0:10-11"])
    odd = {"role": "buddy", "languages": ["nl"], "availability": ["8:9-12"]}
    assert api.put(f"/v1/programmes/{programme_id}/signup", manager.token, odd).status == 422
    mine = api.get(f"/v1/programmes/{programme_id}", learner.token).json()
    assert mine["my_signup"]["offers"] == ["excel"] and mine["signup_count"] == 4
    assert api.get(f"/v1/programmes/{programme_id}/signups", learner.token).status == 403

    started = api.post(f"/v1/programmes/{programme_id}/matching", manager.token)
    assert started.status == 202 and started.json()["status"] == "matching"
    assert run_due_job(resources, lambdas, f"programme-match-{programme_id}-1") == {"pairs": 2}
    proposal = api.get(f"/v1/programmes/{programme_id}/proposal", manager.token).json()
    assert proposal["status"] == "review" and proposal["exact"]
    pairs = {frozenset((p["first_id"], p["second_id"])): p for p in proposal["pairs"]}
    # The learner and a teach each other a skill; b and c share French.
    skill_pair = pairs[frozenset((learner.user_id, a.user_id))]
    assert {(r["code"], r["points"]) for r in skill_pair["reasons"]} >= {("skill", 30), ("language", 10)}
    assert frozenset((b.user_id, c.user_id)) in pairs

    # Adjusting: a swap that would pair b (French only) with the learner (Dutch only) is refused.
    refused = api.post(
        f"/v1/programmes/{programme_id}/proposal/adjustments",
        manager.token,
        {"action": "swap", "first": a.user_id, "second": c.user_id},
    )
    assert refused.status == 409 and "no common language" in refused.json()["detail"]
    unpaired = api.post(
        f"/v1/programmes/{programme_id}/proposal/adjustments",
        manager.token,
        {"action": "unpair", "first": b.user_id, "second": c.user_id},
    )
    assert len(unpaired.json()["pairs"]) == 1 and len(unpaired.json()["unmatched"]) == 2
    repaired = api.post(
        f"/v1/programmes/{programme_id}/proposal/adjustments",
        manager.token,
        {"action": "pair", "first": c.user_id, "second": b.user_id},
    )
    assert repaired.status == 200 and repaired.json()["pairs"][-1]["by_hand"]

    assert api.post(f"/v1/programmes/{programme_id}/publish", manager.token).status == 202
    assert run_due_job(resources, lambdas, f"programme-publish-{programme_id}-1") == {"pairs": 2}
    assert run_due_job(resources, lambdas, f"programme-publish-{programme_id}-1") == {"pairs": -1}
    mine = api.get("/v1/me/pairs", learner.token).json()["items"]
    (my_pair,) = [p for p in mine if p["programme_id"] == programme_id]
    assert my_pair["partner_id"] == a.user_id
    space = f"/v1/pairs/{my_pair['pair_id']}"
    assert api.post(f"{space}/messages", learner.token, {"body": "Koffie donderdag?"}).status == 201
    thread = api.get(f"{space}/messages", a.token).json()["items"]
    assert [m["body"] for m in thread] == ["Koffie donderdag?"]
    for outsider in (admin, manager, b, c):
        assert api.get(f"{space}/messages", outsider.token).status in (403, 404)
        assert api.post(f"{space}/messages", outsider.token, {"body": "Hi"}).status in (403, 404)

    # Both were told, in their inbox, with a way to their pair.
    inbox = api.get("/v1/me/notifications?limit=20", a.token).json()["items"]
    (told,) = [n for n in inbox if n["kind"] == "pair_published" and n["content_id"] == my_pair["pair_id"]]
    assert told["text"].startswith("Je hebt een koppel in")  # a reads Dutch

    # The first check-in, a week later: the guide lands in the space, once.
    ids.travel(timedelta(days=7, minutes=1))
    try:
        assert run_due_job(resources, lambdas, f"programme-checkin-{programme_id}-1-1") == {"sent": 2}
        assert run_due_job(resources, lambdas, f"programme-checkin-{programme_id}-1-1") == {"sent": 0}
    finally:
        ids.travel(timedelta(0))
    kinds = [m["kind"] for m in api.get(f"{space}/messages", a.token).json()["items"]]
    assert kinds.count("check_in") == 1

    # Ending with feedback: the pair ends when both gave theirs; then its space is closed to both.
    ended = api.post(f"{space}/feedback", learner.token, {"feedback": "Dank je!"})
    assert ended.json()["status"] == "active"
    assert api.post(f"{space}/feedback", a.token, {"feedback": "Graag gedaan"}).status == 200
    for former in (learner, a):
        assert api.get(f"{space}/messages", former.token).status == 403


def test_a_rematch_ends_the_pair_and_never_pairs_the_same_two_again(
    api: ApiClient, resources: LocalResources, lambdas: Client, world: OrgWorld, buddies: list[Person]
) -> None:
    a, b, c = buddies
    made = api.post("/v1/programmes", world.admin.token, {"name": unique("Rematch"), "kind": "buddies"})
    programme_id = made.json()["id"]
    for person in (a, b):
        sign_up(api, programme_id, person)
    api.post(f"/v1/programmes/{programme_id}/matching", world.admin.token)
    run_due_job(resources, lambdas, f"programme-match-{programme_id}-1")
    api.post(f"/v1/programmes/{programme_id}/publish", world.admin.token)
    run_due_job(resources, lambdas, f"programme-publish-{programme_id}-1")
    pair_id = next(
        p["pair_id"] for p in api.get("/v1/me/pairs", a.token).json()["items"] if p["status"] == "active"
    )
    assert api.post(f"/v1/pairs/{pair_id}/rematch", b.token).status == 204
    assert api.get(f"/v1/pairs/{pair_id}", a.token).status == 403

    # The organiser opens sign-up again for a new round; c joins.
    reopened = api.put(f"/v1/programmes/{programme_id}/window", world.admin.token, {"open": True})
    assert reopened.json()["status"] == "open"
    sign_up(api, programme_id, c)
    api.post(f"/v1/programmes/{programme_id}/matching", world.admin.token)
    assert run_due_job(resources, lambdas, f"programme-match-{programme_id}-2") == {"pairs": 1}
    (pair,) = api.get(f"/v1/programmes/{programme_id}/proposal", world.admin.token).json()["pairs"]
    assert c.user_id in (pair["first_id"], pair["second_id"])


def test_a_mentor_takes_no_more_mentees_than_their_places(
    api: ApiClient, resources: LocalResources, lambdas: Client, world: OrgWorld, buddies: list[Person]
) -> None:
    a, b, c = buddies  # a and b met before (the rematch); c is the mentor
    draft = {"name": unique("Mentoring"), "kind": "mentoring"}
    programme_id = api.post("/v1/programmes", world.manager.token, draft).json()["id"]
    sign_up(api, programme_id, c, role="mentor", capacity=1, offers=["excel"])
    sign_up(api, programme_id, a, role="mentee", wants=["excel"])
    sign_up(api, programme_id, b, role="mentee")
    assert (
        api.put(
            f"/v1/programmes/{programme_id}/signup", b.token, {"role": "buddy", "languages": ["nl"]}
        ).status
        == 422
    )
    api.post(f"/v1/programmes/{programme_id}/matching", world.manager.token)
    assert run_due_job(resources, lambdas, f"programme-match-{programme_id}-1") == {"pairs": 1}
    proposal = api.get(f"/v1/programmes/{programme_id}/proposal", world.manager.token).json()
    (pair,) = proposal["pairs"]
    assert (pair["first_id"], pair["second_id"]) == (c.user_id, a.user_id)  # the mentee who wants excel
    assert [s["user_id"] for s in proposal["unmatched"]] == [b.user_id]
    full = {"action": "pair", "first": c.user_id, "second": b.user_id}
    refused = api.post(f"/v1/programmes/{programme_id}/proposal/adjustments", world.manager.token, full)
    assert refused.status == 409


def test_a_sign_up_window_opens_and_closes_on_its_schedule(
    api: ApiClient, resources: LocalResources, lambdas: Client, world: OrgWorld
) -> None:
    from datetime import UTC, datetime, timedelta

    opens = datetime.now(UTC) + timedelta(days=2)
    draft = {
        "name": unique("Later"),
        "kind": "buddies",
        "opens_at": opens.isoformat(),
        "closes_at": (opens + timedelta(days=7)).isoformat(),
    }
    made = api.post("/v1/programmes", world.manager.token, draft).json()
    assert made["status"] == "scheduled"
    assert (
        api.put(
            f"/v1/programmes/{made['id']}/signup", world.learner.token, {"role": "buddy", "languages": ["nl"]}
        ).status
        == 409
    )
    assert run_due_job(resources, lambdas, f"programme-open-{made['id']}") == "open"
    assert run_due_job(resources, lambdas, f"programme-open-{made['id']}") == "unchanged"  # a replay
    assert run_due_job(resources, lambdas, f"programme-close-{made['id']}") == "closed"
    assert api.get(f"/v1/programmes/{made['id']}", world.learner.token).json()["status"] == "closed"
