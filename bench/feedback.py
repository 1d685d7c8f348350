"""Bench steps of content feedback (called from bench/workload.py): a learner reacts to a published
lesson and changes the reaction to "outdated"; the consumer opens the author's task (once); the
author reads the to-do list and closes the task, and reads the lesson's insights."""

from __future__ import annotations

from typing import Any

from bench.lessons import _lesson


def exercise_feedback(http: Any, seed: Any, workload: Any, client: Any, org: Any) -> None:
    from bench.burst_lambda import StreamReader
    from bench.workload import BenchFailure, _check
    from local.recorder import RECORDER
    from tests.support.stack import start_test_stack

    resources = start_test_stack()
    learner, manager = org.learner.token, org.manager.token
    lesson = seed("POST", "/v1/lessons", manager, _lesson(org.question_id))
    seed("POST", f"/v1/lessons/{lesson['id']}/publish", manager, {"major": False}, expect=200)
    path = f"/v1/learning/{lesson['id']}"
    stream = StreamReader(resources.endpoint_url, resources.table_stream_arn)
    http("reactToContent", "PUT", f"{path}/reaction", learner, body={"reaction": "useful"})
    outdated = {"reaction": "outdated", "note": "De zaalnamen zijn veranderd."}
    http("reactToContent:change", "PUT", f"{path}/reaction", learner, body=outdated)
    http("getContentReactions", "GET", f"{path}/reactions", learner)

    reported = [
        r
        for r in stream.read()
        if r["dynamodb"].get("NewImage", {}).get("reaction", {}).get("S") == "outdated"
    ]
    if not reported:
        raise BenchFailure("consumer:contentReportedOutdated: no outdated reaction on the stream")
    for key_name in ("consumer:contentReportedOutdated", "consumer:contentReportedOutdated:replay"):
        with workload.measuring(key_name) as observed, RECORDER.recording(key_name) as recorded:
            result = client.lambda_.invoke("on_table_change", {"Records": reported[-1:]}).payload
        if result != {"batchItemFailures": []}:
            raise BenchFailure(f"{key_name}: on_table_change answered {result}")
        _check(key_name, observed, recorded)
    tasks = http("listMyAuthorTasks", "GET", "/v1/me/author-tasks?limit=20", manager).json()
    if not any(task["content_id"] == lesson["id"] for task in tasks["items"]):
        raise BenchFailure("listMyAuthorTasks: the outdated lesson is not in its author's to-do list")
    http("completeAuthorTask", "POST", f"/v1/me/author-tasks/{lesson['id']}/done", manager)
    http("getContentInsights", "GET", f"{path}/insights", manager)
