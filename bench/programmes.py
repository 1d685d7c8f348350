"""The buddy programme operations of the workload (issue #15): the manager creates a programme, three
people sign up, the manager closes sign-up, starts the matching (its job runs), reviews, adjusts and
publishes (its job runs); the pair reads and writes its space, the first check-in job runs, one
member ends with feedback, and the learner asks for a rematch of the test world's own pair."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

FORM = {
    "role": "buddy",
    "offers": ["excel"],
    "wants": ["presenting"],
    "languages": ["nl", "en"],
    "time_zone": "Europe/Brussels",
    "availability": ["0:9-12", "3:13-15"],
    "goal": "Present with more confidence.",
}


def exercise_programmes(http: Any, seed: Any, workload: Any, org: Any) -> None:
    from bench.workload import BenchFailure
    from chalicelib import ids
    from chalicelib.programmes.pairs import run_check_in
    from chalicelib.programmes.review import run_matching, run_publish

    learner, manager, admin = org.learner.token, org.manager.token, org.admin.token
    draft = {"name": "Buddies for the bench", "kind": "buddies", "not_same_team": True}
    programme = http("createProgramme", "POST", "/v1/programmes", manager, expect=201, body=draft).json()
    path = f"/v1/programmes/{programme['id']}"
    http("listProgrammes", "GET", "/v1/programmes?limit=20", learner)
    http("signUpForProgramme", "PUT", f"{path}/signup", learner, body=FORM)
    for token in (manager, admin):
        seed(
            "PUT", f"{path}/signup", token, {**FORM, "offers": ["presenting"], "wants": ["excel"]}, expect=200
        )
    http("getProgramme", "GET", path, learner)
    http("setProgrammeWindow", "PUT", f"{path}/window", manager, body={"open": False})
    http("listProgrammeSignups", "GET", f"{path}/signups", manager)
    http("startProgrammeMatching", "POST", f"{path}/matching", manager, expect=202)
    with workload.measuring("job:programmeMatching"):
        matched = run_matching(org.org_id, programme["id"], 1)
    if matched["pairs"] != 1:
        raise BenchFailure(f"job:programmeMatching: {matched} for three people, not one pair")
    proposal = http("getProgrammeProposal", "GET", f"{path}/proposal", manager).json()
    (pair,) = proposal["pairs"]
    change = {"action": "unpair", "first": pair["first_id"], "second": pair["second_id"]}
    http("adjustProgrammeProposal", "POST", f"{path}/proposal/adjustments", manager, body=change)
    seed("POST", f"{path}/proposal/adjustments", manager, {**change, "action": "pair"}, expect=200)
    http("publishProgrammePairs", "POST", f"{path}/publish", manager, expect=202)
    with workload.measuring("job:programmePublish"):
        run_publish(org.org_id, programme["id"])
    member = {org.learner.user_id: learner, org.manager.user_id: manager, org.admin.user_id: admin}
    first = member[pair["first_id"]]
    mine = http("listMyPairs", "GET", "/v1/me/pairs", first).json()["items"]
    pair_id = next(p["pair_id"] for p in mine if p["programme_id"] == programme["id"])
    space = f"/v1/pairs/{pair_id}"
    http("getPair", "GET", space, first)
    http(
        "postPairMessage",
        "POST",
        f"{space}/messages",
        first,
        expect=201,
        body={"body": "Coffee on Thursday?"},
    )
    http("listPairMessages", "GET", f"{space}/messages?limit=20", first)
    before = ids.travelled()
    ids.travel(before + timedelta(days=7, minutes=1))  # the job runs when the check-in is due
    try:
        with workload.measuring("job:programmeCheckIn"):
            run_check_in(org.org_id, programme["id"], 1)
    finally:
        ids.travel(before)
    http("endPairWithFeedback", "POST", f"{space}/feedback", first, body={"feedback": "Thank you!"})
    http("requestRematch", "POST", f"/v1/pairs/{org.pair_id}/rematch", learner, expect=204)
