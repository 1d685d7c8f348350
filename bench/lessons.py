"""Bench steps of lessons and the learning lists (called from bench/workload.py): an expert writes a
five-card lesson in the community, a second expert reviews it, a learner opens, moves, answers and
completes it, and the stream consumer gives the points (once)."""

from __future__ import annotations

from typing import Any

PAGE = 20
OPEN_LIMIT = 2  # opening a lesson: DynamoDB requests beside the identity check (issue #14)
SAVE_WRITES = 1  # saving a learner's progress: write requests


def _lesson(question_id: str) -> dict[str, Any]:
    return {
        "language": "nl",
        "variants": {
            "nl": {"title": "Een vergadering plannen", "summary": "Vijf kaarten, vier minuten"},
            "en": {"title": "Plan a meeting", "summary": "Five cards, four minutes"},
        },
        "cards": [
            {
                "id": "goal",
                "type": "content",
                "texts": {
                    "nl": {"text": "Begin met het doel: wat moet er na de vergadering beslist zijn?"},
                    "en": {"text": "Start with the goal: what must be decided when the meeting ends?"},
                },
            },
            {"id": "ask", "type": "question", "question_id": question_id},
            {"id": "think", "type": "reflection", "texts": {"nl": {"prompt": "Wat neem je mee?"}}},
            {
                "id": "vote",
                "type": "poll",
                "texts": {
                    "nl": {"prompt": "Hoe lang duurt jouw overleg?", "options": ["30 minuten", "1 uur"]}
                },
            },
            {
                "id": "recall",
                "type": "flashcard",
                "texts": {"nl": {"front": "De agenda?", "back": "Vooraf delen."}},
            },
        ],
        "skill_tags": ["meetings"],
        "estimated_minutes": 4,
    }


def _requests_beside_identity(workload: Any, key: str) -> tuple[int, int]:
    from bench.workload import IDENTITY_CHECK

    identity = len(next(m for m in workload.measurements if m.key == IDENTITY_CHECK).calls)
    calls = next(m for m in workload.measurements if m.key == key).calls
    writes = [
        c for c in calls if c.operation in ("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems")
    ]
    return len(calls) - identity, len(writes)


def exercise_lessons(http: Any, seed: Any, workload: Any, client: Any, org: Any) -> None:
    from bench.burst_lambda import StreamReader
    from bench.workload import BenchFailure, _check
    from local.recorder import RECORDER
    from tests.support.stack import start_test_stack

    resources = start_test_stack()
    learner, manager, admin = org.learner.token, org.manager.token, org.admin.token
    body = {**_lesson(org.question_id), "community_id": org.community_id}
    key = {"Idempotency-Key": "bench-lesson-0001"}
    made = http("createLesson", "POST", "/v1/lessons", manager, 201, body, key).json()
    path = f"/v1/lessons/{made['id']}"
    http("getLessonDraft", "GET", f"{path}/draft", manager)
    change = {**_lesson(org.question_id), "estimated_minutes": 5, "expected_version": made["version"]}
    http("changeLesson", "PUT", f"{path}/draft", manager, body=change)
    http("previewLesson", "GET", f"{path}/preview?language=en", manager)
    http("requestLessonReview", "POST", f"{path}/review", manager, body={"reviewer_id": org.admin.user_id})
    http("listMyReviewRequests", "GET", f"/v1/learning/reviews?limit={PAGE}", admin)
    http("decideLessonReview", "POST", f"{path}/review/decision", admin, body={"approve": True})
    http("listMyContent", "GET", f"/v1/learning/authored?limit={PAGE}", manager)
    seed("PUT", f"{path}/draft", manager, _lesson(org.question_id), expect=200)
    http("publishLesson", "POST", f"{path}/publish", manager, body={"major": False})
    http("listCommunityLibrary", "GET", f"/v1/communities/{org.community_id}/library?limit={PAGE}", learner)
    org_lesson = seed("POST", "/v1/lessons", manager, _lesson(org.question_id))
    seed("POST", f"/v1/lessons/{org_lesson['id']}/publish", manager, {"major": False}, expect=200)
    http("listOrganisationLibrary", "GET", f"/v1/library?limit={PAGE}", learner)
    http("openLesson:organisation", "GET", f"/v1/lessons/{org_lesson['id']}", learner)

    stream = StreamReader(resources.endpoint_url, resources.table_stream_arn)
    http("openLesson", "GET", f"{path}?language=nl", learner)
    moved = http("moveInLesson", "PUT", f"{path}/progress", learner, body={"position": 1}).json()
    answer = {"option_ids": ["a"]}
    http("answerLessonCard", "POST", f"{path}/cards/ask/answer", learner, body=answer)
    http("answerLessonCard:retry", "POST", f"{path}/cards/ask/answer", learner, body=answer)
    http("answerLessonCard:poll", "POST", f"{path}/cards/vote/answer", learner, body={"option_id": "a"})
    http("completeLesson", "POST", f"{path}/complete", learner, body={})
    http("listMyLearning", "GET", f"/v1/learning/progress?limit={PAGE}", learner)
    for name in ("openLesson", "openLesson:organisation"):
        requests, _ = _requests_beside_identity(workload, name)
        if requests > OPEN_LIMIT:
            raise BenchFailure(
                f"{name}: {requests} requests beside the identity check, more than {OPEN_LIMIT}"
            )
    if (
        _requests_beside_identity(workload, "moveInLesson")[1] != SAVE_WRITES
        or moved["progress"]["position"] != 1
    ):
        raise BenchFailure("moveInLesson: saving progress is not one write")

    # The completion's record (the progress item gaining completed_at), as the consumer gets it.
    records = [
        r
        for r in stream.read()
        if r["dynamodb"].get("NewImage", {}).get("type", {}).get("S") == "learning_progress"
    ]
    completed = [r for r in records if "completed_at" in r["dynamodb"]["NewImage"]]
    if not completed:
        raise BenchFailure("consumer:lessonProgress: no completion on the stream")
    for key_name in ("consumer:lessonProgress", "consumer:lessonProgress:replay"):
        with workload.measuring(key_name) as observed, RECORDER.recording(key_name) as recorded:
            result = client.lambda_.invoke("on_table_change", {"Records": completed[-1:]}).payload
        if result != {"batchItemFailures": []}:
            raise BenchFailure(f"{key_name}: on_table_change answered {result}")
        _check(key_name, observed, recorded)
    spare = seed("POST", "/v1/lessons", manager, _lesson(org.question_id))
    http("archiveLesson", "POST", f"/v1/lessons/{spare['id']}/archive", manager)
    http("restoreLesson", "POST", f"/v1/lessons/{spare['id']}/restore", manager)
