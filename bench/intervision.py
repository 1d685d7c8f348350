"""The intervision operations of the workload: an admin records a reporting line; the organiser
lists people, asks for a proposal, forms a group of four (the learner, the manager, the admin and a
member), changes it, plans two sessions; the members run the first by the incident method (the
facilitator's moves, a case, votes, a question, advice, an action, the phones' live refreshes),
read it, the calendar file, the group and its actions; the reminder job runs for the second."""

from __future__ import annotations

from datetime import timedelta
from typing import Any


def exercise_intervision(http: Any, seed: Any, workload: Any, org: Any, extra: list[dict[str, Any]]) -> None:
    from bench.workload import BenchFailure
    from chalicelib.ids import iso, utc_now
    from chalicelib.intervision.reminders import remind

    learner, manager, admin = org.learner.token, org.manager.token, org.admin.token
    member_ids = [org.learner.user_id, org.manager.user_id, org.admin.user_id, extra[4]["id"]]
    http(
        "setManager",
        "PUT",
        f"/v1/admin/users/{extra[5]['id']}/manager",
        admin,
        body={"manager_id": extra[6]["id"]},
    )
    http("listIntervisionPeople", "GET", "/v1/intervision/people", manager)
    proposal = {"member_ids": [*member_ids, *(e["id"] for e in extra[5:9])], "group_size": 4}
    proposed = http(
        "proposeIntervisionGroups", "POST", "/v1/intervision/proposals", manager, body=proposal
    ).json()
    if proposed["reporting_lines"] != 0:
        raise BenchFailure("proposeIntervisionGroups: a reporting line inside a proposed group")
    form = {"name": "Team leads", "method": "incident", "member_ids": member_ids}
    group = http("createIntervisionGroup", "POST", "/v1/intervision/groups", manager, 201, body=form).json()
    groups = f"/v1/intervision/groups/{group['id']}"
    change = {**form, "name": "Team leads' intervision", "version": group["version"]}
    http("changeIntervisionGroup", "PUT", groups, manager, body=change)
    plan = {"first_starts_at": iso(utc_now() + timedelta(days=2)), "every_weeks": 4, "count": 2}
    planned = http("planIntervisionSessions", "POST", f"{groups}/sessions", manager, 201, body=plan).json()
    first, second = (s["id"] for s in planned["sessions"])
    http("listIntervisionGroups", "GET", "/v1/intervision/groups", manager)
    http("listMyIntervisionGroups", "GET", "/v1/me/intervision/groups", learner)
    http("getMyIntervisionGroup", "GET", groups, learner)
    session = f"{groups}/sessions/{first}"
    http("getIntervisionSessionCalendar", "GET", f"{session}/calendar?language=nl", learner)
    roles = {"facilitator_id": org.learner.user_id, "timekeeper_id": org.manager.user_id}
    http("setIntervisionRoles", "PUT", f"{session}/roles", manager, body=roles)

    def move(from_phase: int, key: str = "") -> None:
        body = {"from_phase": from_phase}
        if key:
            http(key, "POST", f"{session}/phase", learner, body=body)
        else:
            seed("POST", f"{session}/phase", learner, body, 200)

    move(-1, "moveIntervisionPhase:start")
    http("attendIntervisionSession", "PUT", f"{session}/attendance", admin)
    live = http("getIntervisionSessionLive", "GET", f"{session}/live", manager)
    # What most of a phone's asks get: nothing moved since the tag it has, a 304 with no body.
    tag = live.header("etag") or ""
    http(
        "getIntervisionSessionLive:unchanged",
        "GET",
        f"{session}/live",
        manager,
        304,
        headers={"If-None-Match": tag},
    )
    case = {"title": "A client who keeps changing the brief", "summary": "Three times this month."}
    http("bringIntervisionCase", "POST", f"{session}/cases", learner, 201, body=case)
    move(0)
    cases = http("getIntervisionSession", "GET", f"{session}?language=nl", manager).json()["cases"]
    http("voteIntervisionCase", "PUT", f"{session}/vote", manager, body={"case_id": cases[0]["id"]})
    move(1, "moveIntervisionPhase")  # leaving the choice: the votes read, the case owner set
    question = {"text": "When did the brief first change?"}
    http("writeIntervisionNote", "POST", f"{session}/notes", admin, 201, body=question)
    for phase in (2, 3, 4):
        move(phase)
    action = {"text": "Agree a change procedure"}
    made = http("addIntervisionAction", "POST", f"{session}/actions", learner, 201, body=action).json()
    http("listIntervisionActions", "GET", f"{groups}/actions", learner)
    http("markIntervisionAction", "PUT", f"{groups}/actions/{made['id']}", learner, body={"done": True})
    http("getIntervisionGroupOverview", "GET", f"{groups}/overview", admin)
    with workload.measuring("job:intervisionReminder"):
        sent = remind(org.org_id, group["id"], second)
    if sent["sent"] != len(member_ids):
        raise BenchFailure(f"job:intervisionReminder: {sent['sent']} reminders, not {len(member_ids)}")
