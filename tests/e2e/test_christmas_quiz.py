"""A Christmas quiz on the real local stack, over HTTP (issue #6's acceptance run).

An admin schedules the quiz; the local clock opens it from its EventBridge Scheduler schedule;
learners of two teams answer (one retries an answer); the clock closes it; an answer after the
close is refused; the recap post, the ranks and the badges are there, once each. (The e2e stack lets
a campaign run for one minute, KRING_CAMPAIGN_MIN_MINUTES; on AWS the shortest is five.)
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tests.e2e.conftest import LocalStackProcess
from tests.e2e.test_learners_day import eventually

OPEN_AFTER = timedelta(seconds=10)
OPEN_FOR = timedelta(seconds=60)  # the e2e stack's shortest campaign


def question(prompt: str, right: str, wrong: str) -> dict[str, Any]:
    return {
        "kind": "single",
        "language": "en",
        "prompt": prompt,
        "options": [{"text": wrong, "correct": False}, {"text": right, "correct": True}],
        "explanation": f"It is {right}.",
    }


def test_a_scheduled_christmas_quiz_runs_by_the_clock(local_stack: LocalStackProcess) -> None:
    stack = local_stack
    admin = stack.token("admin@acme.kring.test")
    mentor = stack.token("mentor@acme.kring.test")
    learner = stack.token("learner@acme.kring.test")
    people = {
        name: stack.get("/v1/me", token=token).json()
        for name, token in (("admin", admin), ("mentor", mentor), ("learner", learner))
    }

    # Two teams: the learner in Warehouse, the mentor in Office.
    team_ids = {}
    for name, person in (("Warehouse", "learner"), ("Office", "mentor")):
        made = stack.post(
            "/v1/admin/teams", token=admin, json_body={"name": f"{name} {people[person]['id'][:6]}"}
        )
        assert made.status == 201, made.body
        team_ids[person] = made.json()["id"]
        placed = stack.request(
            "PUT", f"/v1/admin/teams/{team_ids[person]}/members/{people[person]['id']}", token=admin
        )
        assert placed.status == 200, placed.body

    # The mentor writes two questions and a quiz.
    question_ids = []
    for prompt, right, wrong in (
        ("Which key copies?", "Ctrl+C", "Ctrl+K"),
        ("Which key undoes?", "Ctrl+Z", "Ctrl+U"),
    ):
        written = stack.post("/v1/questions", token=mentor, json_body=question(prompt, right, wrong))
        assert written.status == 201, written.body
        question_ids.append(written.json()["id"])
        assert stack.post(f"/v1/questions/{question_ids[-1]}/publish", token=mentor).status == 200
    quiz = stack.post(
        "/v1/quizzes",
        token=mentor,
        json_body={"title": "Christmas shortcuts", "language": "en", "question_ids": question_ids},
    )
    assert quiz.status == 201, quiz.body
    assert stack.post(f"/v1/quizzes/{quiz.json()['id']}/publish", token=mentor).status == 200

    # The admin schedules it in the organisation's time zone, announced in the seeded community.
    community = next(
        c for c in stack.get("/v1/communities", token=admin).json()["items"] if c["name"] == "Safety first"
    )
    zone = ZoneInfo(stack.get("/v1/organisation", token=admin).json()["timezone"])
    now = datetime.now(zone).replace(tzinfo=None, microsecond=0)
    opens, closes = now + OPEN_AFTER, now + OPEN_AFTER + OPEN_FOR
    scheduled = stack.post(
        "/v1/admin/campaigns",
        token=admin,
        json_body={
            "kind": "quiz",
            "preset": "christmas",
            "quiz_id": quiz.json()["id"],
            "audience": "organisation",
            "community_id": community["id"],
            "opens_local": opens.isoformat(),
            "closes_local": closes.isoformat(),
            "reminders_local": [(opens + timedelta(seconds=30)).isoformat()],
        },
    )
    assert scheduled.status == 201, scheduled.body
    campaign = f"/v1/campaigns/{scheduled.json()['id']}"
    assert scheduled.json()["status"] == "scheduled"

    def status() -> str:
        return str(stack.get(campaign, token=learner).json()["status"])

    eventually(lambda: status() == "open", "the clock opening the quiz", seconds=60)

    def answer(token: str, correct: bool) -> tuple[int, dict[str, Any]]:
        served = stack.post(f"{campaign}/play/next", token=token).json()["question"]
        options = {option["text"]: option["id"] for option in served["options"]}
        right = "Ctrl+C" if "copies" in served["prompt"] else "Ctrl+Z"
        pick = right if correct else next(text for text in options if text != right)
        body = {"question_id": served["question_id"], "option_ids": [options[pick]]}
        reply = stack.post(f"{campaign}/play/answers", token=token, json_body=body)
        return reply.status, {"body": body, "reply": reply.json()}

    status_code, first = answer(learner, correct=True)
    assert status_code == 201 and first["reply"]["correct"] is True
    retried = stack.post(f"{campaign}/play/answers", token=learner, json_body=first["body"])
    assert retried.status == 200 and retried.json()["points"] == first["reply"]["points"]  # not twice
    assert answer(learner, correct=True)[0] == 201
    assert answer(mentor, correct=True)[0] == 201
    assert answer(mentor, correct=False)[0] == 201

    # The admin is shown a question just before the close and answers it after: refused.
    late_question = stack.post(f"{campaign}/play/next", token=admin).json()["question"]
    eventually(lambda: status() == "closed", "the clock closing the quiz", seconds=120)
    late = stack.post(
        f"{campaign}/play/answers",
        token=admin,
        json_body={
            "question_id": late_question["question_id"],
            "option_ids": [late_question["options"][0]["id"]],
        },
    )
    assert late.status == 409, late.body
    assert stack.post(f"{campaign}/play/next", token=learner).status == 409
    closing_by_hand = stack.post(f"/v1/admin/campaigns/{scheduled.json()['id']}/close", token=admin)
    assert closing_by_hand.status in (200, 409)  # closing again changes nothing

    # The ranks, the badges and the recap, once each.
    board = eventually(
        lambda: (items := stack.get(f"{campaign}/leaderboard", token=mentor).json()["items"]) and items,
        "the final ranks",
        seconds=150,
    )
    assert [place["id"] for place in board[:2]] == [people["learner"]["id"], people["mentor"]["id"]]
    teams = stack.get(f"{campaign}/leaderboard/teams", token=learner).json()["items"]
    assert teams[0]["id"] == team_ids["learner"]

    def badges(token: str) -> list[str]:
        return sorted(b["id"] for b in stack.get("/v1/me/badges", token=token).json()["items"])

    # The close's ranks, badges and recap come a little after it (15 s here), once the last answers
    # are scored.
    eventually(lambda: "quiz-champion" in badges(learner), "the champion's badge", seconds=180)
    assert "quiz-participant" in badges(learner) and "quiz-participant" in badges(mentor)
    assert "quiz-champion" not in badges(mentor)
    wall = stack.get(f"/v1/communities/{community['id']}/posts?limit=50", token=learner).json()["items"]
    mine = [post for post in wall if (post.get("system") or {}).get("campaign_id") == scheduled.json()["id"]]
    kinds = sorted(post["system"]["kind"] for post in mine)
    assert kinds == ["campaign_opened", "campaign_recap"], kinds
