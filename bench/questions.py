"""The questions-and-answers operations of the workload: the manager declares a skill, the learner
asks a question tagged with it (similar questions looked up while typing), the consumer routes it;
the manager and the admin answer, the learner upvotes (and replays, and takes it back), reads the
question page (at most 2 requests beside the identity check: issue #15), accepts an answer (the
consumer awards the points once); an unanswered question is escalated and becomes a content
request the manager takes and closes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

PAGE_LIMIT = 2  # the question page with its answers and my votes (issue #15)


def _consume(workload: Any, client: Any, key: str, records: list[Any]) -> None:
    from bench.workload import BenchFailure, _check
    from local.recorder import RECORDER

    if not records:
        raise BenchFailure(f"{key}: no such record on the stream")
    for key_name in (key, f"{key}:replay"):
        with workload.measuring(key_name) as observed, RECORDER.recording(key_name) as recorded:
            result = client.lambda_.invoke("on_table_change", {"Records": records[-1:]}).payload
        if result != {"batchItemFailures": []}:
            raise BenchFailure(f"{key_name}: on_table_change answered {result}")
        _check(key_name, observed, recorded)


def _of_type(records: list[Any], item_type: str) -> list[Any]:
    return [r for r in records if r["dynamodb"].get("NewImage", {}).get("type", {}).get("S") == item_type]


def exercise_questions(http: Any, seed: Any, workload: Any, client: Any, org: Any) -> None:
    from bench.burst_lambda import StreamReader
    from bench.lessons import _requests_beside_identity
    from bench.workload import BenchFailure
    from chalicelib.ids import utc_now
    from chalicelib.qa import escalation
    from tests.support.stack import start_test_stack

    resources = start_test_stack()
    stream = StreamReader(resources.endpoint_url, resources.table_stream_arn)
    learner, manager, admin = org.learner.token, org.manager.token, org.admin.token
    questions = f"/v1/communities/{org.community_id}/questions"

    http("setMyExpertise", "PUT", "/v1/me/expertise", manager, body={"skills": ["spreadsheets", "meetings"]})
    http("getMyExpertise", "GET", "/v1/me/expertise", manager)
    http(
        "suggestSimilarQuestions",
        "GET",
        f"/v1/communities/{org.community_id}/similar-questions?q=freeze",
        learner,
    )
    asked = http(
        "askQuestion",
        "POST",
        questions,
        learner,
        201,
        {"body": "How do I freeze the top row of a spreadsheet?", "skill_tags": ["spreadsheets"]},
        {"Idempotency-Key": "bench-question-0001"},
    ).json()
    question = f"{questions}/{asked['id']}"
    posts = [r for r in _of_type(stream.read(), "post") if r["eventName"] == "INSERT"]
    _consume(workload, client, "consumer:questionAsked", posts)
    http("listQuestionsForMe", "GET", "/v1/me/routed-questions?limit=20", manager)

    answer = {"body": "View > Freeze > 1 row."}
    mine = http("answerQuestion", "POST", f"{question}/answers", manager, 201, answer).json()
    seed("POST", f"{question}/answers", admin, {"body": "Or select row 2 and freeze panes."})
    _consume(workload, client, "consumer:answerPosted", _of_type(stream.read(), "qa_answer"))
    vote = f"{question}/answers/{mine['id']}/vote"
    http("upvoteAnswer", "PUT", vote, learner)
    again = http("upvoteAnswer:replay", "PUT", vote, learner).json()
    if again["vote_count"] != 1:
        raise BenchFailure(f"upvoteAnswer:replay counted the vote twice: {again['vote_count']}")
    http("withdrawAnswerVote", "DELETE", vote, learner)
    seed("PUT", vote, learner, None, expect=200)
    page = http("getQuestionPage", "GET", question, learner).json()
    requests, _ = _requests_beside_identity(workload, "getQuestionPage")
    if requests > PAGE_LIMIT or [a["my_vote"] for a in page["answers"]] != [True, False]:
        raise BenchFailure(f"getQuestionPage: {requests} requests beside the identity check, more than 2")
    http("listCommunityQuestions", "GET", f"{questions}?state=answered&limit=20", learner)
    accept = f"{question}/answers/{mine['id']}/accepted"
    stream.read()
    http("acceptAnswer", "PUT", accept, learner)
    accepted = [r for r in _of_type(stream.read(), "qa_answer") if r["eventName"] == "MODIFY"]
    _consume(workload, client, "consumer:answerAccepted", accepted)
    http("unacceptAnswer", "DELETE", accept, learner)
    seed("PUT", accept, learner, None, expect=200)
    review_on = (utc_now() + timedelta(days=180)).date().isoformat()
    http(
        "promoteAnswer",
        "POST",
        f"{question}/answers/{mine['id']}/promote",
        manager,
        201,
        {"language": "en", "review_on": review_on},
    )

    settings = f"/v1/communities/{org.community_id}/question-settings"
    http("getQuestionSettings", "GET", settings, learner)
    http(
        "setQuestionSettings",
        "PUT",
        settings,
        manager,
        body={"escalate_after_hours": 24, "request_after_days": 3},
    )
    quiet = seed(
        "POST", questions, learner, {"body": "Who orders the printer paper?", "skill_tags": ["meetings"]}
    )
    with workload.measuring("job:questionEscalated"):
        escalation.escalate(org.org_id, org.community_id, quiet["id"])
    with workload.measuring("job:contentRequested"):
        escalation.open_content_request(org.org_id, org.community_id, quiet["id"])
    http("listContentRequests", "GET", "/v1/content-requests?limit=20", manager)
    http("takeContentRequest", "POST", f"/v1/content-requests/{quiet['id']}/take", manager)
    http("closeContentRequest", "POST", f"/v1/content-requests/{quiet['id']}/close", manager, body={})
