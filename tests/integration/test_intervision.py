"""Intervision groups: an organiser forms a group of four to eight (no manager with their report),
plans sessions with reminders and calendar files; the members run a session by the incident
method, phase by phase, led by the facilitator; the case owner gets the advice and writes actions
that come back at the next session. What is said is for the group's current members only."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from chalice.test import Client

from chalicelib.ids import iso, utc_now
from chalicelib.intervision.sessions import reminder_schedule_name
from local import emulator
from local.emulator import LocalResources
from tests.support.stack import ApiClient, start_test_stack
from tests.support.world import OrgWorld, Person, _person, build_org

pytestmark = pytest.mark.usefixtures("direct_emulator")  # see tests/integration/conftest.py


GROUPS = "/v1/intervision/groups"


class Intervision:
    def __init__(self, org: OrgWorld, people: list[Person]) -> None:
        self.org = org
        self.people = people  # five learners: the first four form the group


@pytest.fixture(scope="module")
def world(resources: LocalResources) -> Intervision:
    start_test_stack()
    org = build_org(resources, "ivg")
    return Intervision(org, [_person(resources, org.org_id, "learner") for _ in range(5)])


def form_group(
    api: ApiClient, world: Intervision, members: list[Person], name: str = "Team leads"
) -> dict[str, Any]:
    body = {"name": name, "method": "incident", "member_ids": [p.user_id for p in members]}
    reply = api.post(GROUPS, world.org.manager.token, body)
    assert reply.status == 201, reply.body
    return dict(reply.json())


def plan(api: ApiClient, world: Intervision, group_id: str, count: int = 2) -> list[dict[str, Any]]:
    first = iso(utc_now() + timedelta(days=3))
    body = {"first_starts_at": first, "every_weeks": 4, "count": count}
    reply = api.post(f"{GROUPS}/{group_id}/sessions", world.org.manager.token, body)
    assert reply.status == 201, reply.body
    return list(reply.json()["sessions"])


def by_id(world: Intervision, user_id: str) -> Person:
    return next(p for p in world.people if p.user_id == user_id)


def test_a_group_has_four_to_eight_members_and_no_manager_with_their_report(
    api: ApiClient, world: Intervision
) -> None:
    a, b, c, d, _ = world.people
    too_small = api.post(
        GROUPS, world.org.manager.token, {"name": "Three", "member_ids": [a.user_id, b.user_id, c.user_id]}
    )
    assert too_small.status == 422
    manager = api.put(
        f"/v1/admin/users/{b.user_id}/manager", world.org.admin.token, {"manager_id": a.user_id}
    )
    assert manager.status == 200, manager.body
    lines = api.post(
        GROUPS,
        world.org.manager.token,
        {"name": "Lines", "member_ids": [a.user_id, b.user_id, c.user_id, d.user_id]},
    )
    assert lines.status == 422
    assert "reports to them" in lines.json()["detail"]
    proposal = api.post(
        "/v1/intervision/proposals",
        world.org.manager.token,
        {
            "member_ids": [p.user_id for p in world.people]
            + [world.org.learner.user_id, world.org.admin.user_id, world.org.manager.user_id],
            "group_size": 4,
        },
    )
    assert proposal.status == 200, proposal.body
    found = proposal.json()
    assert found["reporting_lines"] == 0
    assert not any(a.user_id in g and b.user_id in g for g in found["groups"])
    assert sorted(len(g) for g in found["groups"]) == [4, 4]
    assert (
        api.put(f"/v1/admin/users/{b.user_id}/manager", world.org.admin.token, {"manager_id": None}).status
        == 200
    )


def test_planned_sessions_rotate_roles_have_a_reminder_and_a_calendar_file(
    api: ApiClient, world: Intervision, resources: LocalResources, lambdas: Client
) -> None:
    a, b, c, d, _ = world.people
    group = form_group(api, world, [a, b, c, d], "Planning")
    sessions = plan(api, world, group["id"], count=2)
    assert [s["number"] for s in sessions] == [1, 2]
    mine = api.get(f"{GROUPS}/{group['id']}", a.token).json()
    first, second = mine["sessions"]
    assert (first["facilitator_id"], first["timekeeper_id"]) == (a.user_id, b.user_id)
    assert (second["facilitator_id"], second["timekeeper_id"]) == (b.user_id, c.user_id)
    scheduler = emulator.client("scheduler", resources.endpoint_url)
    schedule = scheduler.get_schedule(
        Name=reminder_schedule_name(first["id"]), GroupName=emulator.SCHEDULE_GROUP
    )
    assert '"intervision_reminder"' in schedule["Target"]["Input"]
    ics = api.get(f"{GROUPS}/{group['id']}/sessions/{first['id']}/calendar?language=nl", a.token).json()
    assert ics["content"].startswith("BEGIN:VCALENDAR")
    assert f"UID:intervision-{first['id']}@kring" in ics["content"]
    assert "Planning" in ics["content"]

    # The schedule's own payload, run by the scheduled-job function: once per member, however often.
    payload = json.loads(schedule["Target"]["Input"])
    result = lambdas.lambda_.invoke("run_scheduled_job", payload).payload["result"]
    again = lambdas.lambda_.invoke("run_scheduled_job", payload).payload["result"]
    assert (result["sent"], again["sent"]) == (4, 0)
    inbox = api.get("/v1/me/notifications", c.token).json()["items"]
    assert any(n["kind"] == "intervision_session_soon" and "Planning" in n["text"] for n in inbox)
    assert [g["name"] for g in api.get("/v1/me/intervision/groups", c.token).json()["items"]] == ["Planning"]

    # The organiser's plan sent again after a lost reply (the same Idempotency-Key) plans nothing more.
    body = {"first_starts_at": iso(utc_now() + timedelta(days=60)), "every_weeks": 4, "count": 1}
    key = {"Idempotency-Key": f"plan-{group['id']}"}
    planned = api.post(f"{GROUPS}/{group['id']}/sessions", world.org.manager.token, body, headers=key)
    replayed = api.post(f"{GROUPS}/{group['id']}/sessions", world.org.manager.token, body, headers=key)
    assert (planned.status, replayed.status) == (201, 201) and replayed.body == planned.body
    assert len(api.get(f"{GROUPS}/{group['id']}", a.token).json()["sessions"]) == 3


def test_a_session_runs_through_the_incident_method_and_the_case_owner_gets_the_advice(
    api: ApiClient, world: Intervision
) -> None:
    a, b, c, d, e = world.people
    group = form_group(api, world, [a, b, c, d], "Incident")
    first, second = plan(api, world, group["id"], count=2)
    path = f"{GROUPS}/{group['id']}/sessions/{first['id']}"

    def move(person: Person, from_phase: int) -> dict[str, Any]:
        reply = api.post(f"{path}/phase", person.token, {"from_phase": from_phase})
        assert reply.status == 200, reply.body
        return dict(reply.json())

    assert api.post(f"{path}/phase", b.token, {"from_phase": -1}).status == 403  # only the facilitator
    live = move(a, -1)
    assert (live["status"], live["phase_key"]) == ("live", "cases")
    assert 0 < live["remaining_seconds"] <= 600
    assert move(a, -1)["phase"] == 0  # the same move twice changes nothing
    for person in (a, b, c, d):
        assert api.put(f"{path}/attendance", person.token).status == 200
    assert api.post(f"{path}/notes", b.token, {"text": "Too early"}).status == 409
    for person, title in ((b, "A client who keeps changing the brief"), (c, "A colleague who never answers")):
        assert api.post(f"{path}/cases", person.token, {"title": title}).status == 201
    move(a, 0)
    cases = api.get(path, a.token).json()["cases"]
    brief = next(x for x in cases if "brief" in x["title"])
    for person in (a, b, d):
        assert api.put(f"{path}/vote", person.token, {"case_id": brief["id"]}).status == 200
    assert move(a, 1)["phase_key"] == "questions"
    detail = api.get(path, b.token).json()
    assert (detail["session"]["case_owner_id"], detail["chosen_case_id"]) == (b.user_id, brief["id"])
    assert api.post(f"{path}/notes", c.token, {"text": "When did the brief first change?"}).status == 201
    move(a, 2)  # analysis
    move(a, 3)  # advice
    assert api.put(f"{path}/vote", c.token, {"case_id": brief["id"]}).status == 409  # that phase is over
    advice = {a: "Agree a change procedure", c: "Put the brief in writing", d: "Ask what is behind it"}
    for person, text in advice.items():
        assert api.post(f"{path}/notes", person.token, {"text": text}).status == 201
    move(a, 4)  # evaluation and actions
    assert api.post(f"{path}/actions", c.token, {"text": "Not mine to take"}).status == 403
    action = api.post(f"{path}/actions", b.token, {"text": "Propose a change procedure on Monday"})
    assert action.status == 201, action.body
    assert move(a, 5)["status"] == "closed"

    seen = api.get(path + "?language=en", b.token).json()
    got = [n["text"] for n in seen["notes"] if n["phase_key"] == "advice"]
    assert sorted(got) == sorted(advice.values())
    next_time = api.get(f"{GROUPS}/{group['id']}/sessions/{second['id']}", d.token).json()
    assert [x["text"] for x in next_time["earlier_actions"]] == ["Propose a change procedure on Monday"]
    action_id = action.json()["id"]
    assert api.put(f"{GROUPS}/{group['id']}/actions/{action_id}", c.token, {"done": True}).status == 403
    assert (
        api.put(f"{GROUPS}/{group['id']}/actions/{action_id}", b.token, {"done": True}).json()["done"] is True
    )

    overview = api.get(f"{GROUPS}/{group['id']}/overview", world.org.admin.token)
    assert overview.status == 200
    text = overview.body.decode()
    assert sorted(x["id"] for x in overview.json()["sessions"][0]["attendees"]) == sorted(
        p.user_id for p in (a, b, c, d)
    )
    for said in [*advice.values(), "brief", "change procedure", "When did"]:
        assert said not in text  # the organiser sees that it happened and who came, nothing said
    for outsider in (world.org.admin, world.org.manager, e):
        assert api.get(path, outsider.token).status == 403
        assert api.get(f"{GROUPS}/{group['id']}/actions", outsider.token).status == 403

    # The admin joins the group afterwards: the case discussed before they were there stays private.
    admin = world.org.admin
    members = [*group["member_ids"], admin.user_id]
    joined = {"name": group["name"], "member_ids": members, "version": group["version"]}
    assert api.put(f"{GROUPS}/{group['id']}", world.org.manager.token, joined).status == 200
    for before in (path, f"{path}/live", f"{path}/calendar"):
        assert api.get(before, admin.token).status == 403
    assert [s["id"] for s in api.get(f"{GROUPS}/{group['id']}", admin.token).json()["sessions"]] == [
        second["id"]
    ]
    assert api.get(f"{GROUPS}/{group['id']}/actions", admin.token).json()["items"] == []
    upcoming = api.get(f"{GROUPS}/{group['id']}/sessions/{second['id']}", admin.token)
    assert upcoming.status == 200 and upcoming.json()["earlier_actions"] == []
    assert b"change procedure" not in upcoming.body
    assert (
        len(api.get(f"{GROUPS}/{group['id']}/actions", d.token).json()["items"]) == 1
    )  # those who were there


def test_someone_taken_out_of_the_group_loses_access_at_once_and_no_group_reads_another(
    api: ApiClient, world: Intervision
) -> None:
    a, b, c, d, e = world.people
    group = form_group(api, world, [a, b, c, d], "Changing")
    other = form_group(api, world, [b, c, d, e], "Other")
    (session,) = plan(api, world, group["id"], count=1)
    path = f"{GROUPS}/{group['id']}/sessions/{session['id']}"
    assert api.get(path, d.token).status == 200
    change = {
        "name": "Changing",
        "method": "incident",
        "member_ids": [a.user_id, b.user_id, c.user_id, e.user_id],
        "version": group["version"],
    }
    assert api.put(f"{GROUPS}/{group['id']}", world.org.manager.token, change).status == 200
    assert api.get(path, d.token).status == 403
    assert api.get(f"{GROUPS}/{group['id']}", d.token).status == 403
    assert "Changing" not in [
        g["name"] for g in api.get("/v1/me/intervision/groups", d.token).json()["items"]
    ]
    assert api.get(path, e.token).status == 200
    stale = api.put(f"{GROUPS}/{group['id']}", world.org.manager.token, change)
    assert stale.status == 409
    # A member of the other group names this group's session under their own group: not there.
    assert api.get(f"{GROUPS}/{other['id']}/sessions/{session['id']}", d.token).status == 404


def test_a_phone_that_has_the_current_live_state_gets_a_304_and_a_stale_or_foreign_one_does_not(
    api: ApiClient, world: Intervision
) -> None:
    a, b, c, d, e = world.people
    group = form_group(api, world, [a, b, c, d], "In step")
    (session,) = plan(api, world, group["id"], count=1)
    live = f"{GROUPS}/{group['id']}/sessions/{session['id']}/live"
    planned = api.get(live, b.token)
    assert planned.status == 200 and planned.json()["status"] == "planned"
    tag = planned.header("etag")
    assert tag
    same = api.get(live, b.token, headers={"If-None-Match": tag})
    assert (same.status, same.body, same.header("etag")) == (304, b"", tag)  # nothing moved: no body
    assert api.get(live, c.token, headers={"If-None-Match": f'W/{tag}, "other"'}).status == 304

    # The facilitator starts: the old tag is stale and brings the new state, with its new tag.
    assert api.post(f"{live[: -len('/live')]}/phase", a.token, {"from_phase": -1}).status == 200
    moved = api.get(live, b.token, headers={"If-None-Match": tag})
    assert moved.status == 200 and moved.json()["status"] == "live" and moved.json()["remaining_seconds"]
    assert moved.header("etag") not in ("", tag)
    # A tag that never was (or an old one) is answered in full; so is a request without one.
    assert api.get(live, b.token, headers={"If-None-Match": '"made-up"'}).json()["phase_key"] == "cases"
    # Someone outside the group who learnt the tag still gets no answer, not even a 304.
    for outsider in (e, world.org.admin):
        assert api.get(live, outsider.token, headers={"If-None-Match": moved.header("etag")}).status == 403
