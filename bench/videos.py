"""Bench steps of interactive videos (called from bench/workload.py): an expert uploads a short
video with Dutch captions and places a required question; a learner opens it, reports what the
player played, answers at the cue, reads the captions and completes it; the stream consumer gives
the points (once)."""

from __future__ import annotations

from typing import Any

OPEN_LIMIT = 2  # opening a video: DynamoDB requests beside the identity check (as a lesson)
REPORT_WRITES = 1  # a report of what the player played: write requests
DURATION = 4.0  # short enough that the bench's reports are plausible at once


def _video(video_media: str, captions_media: str, question_id: str) -> dict[str, Any]:
    return {
        "language": "nl",
        "variants": {"nl": {"title": "Feedback geven", "summary": "Vier seconden over feedback"}},
        "video": {
            "media_id": video_media,
            "duration": DURATION,
            "captions": {"nl": captions_media},
            "cues": [
                {"cue_id": "q1", "at": 2, "kind": "question", "required": True, "question_id": question_id},
                {
                    "cue_id": "more",
                    "at": 3,
                    "kind": "link",
                    "text": "Lees meer",
                    "url": "https://example.org",
                },
            ],
        },
        "skill_tags": ["feedback"],
    }


def exercise_videos(http: Any, workload: Any, client: Any, org: Any) -> None:
    from bench.burst_lambda import StreamReader
    from bench.lessons import _requests_beside_identity
    from bench.workload import BenchFailure, _check
    from local.recorder import RECORDER
    from tests.support.media import VTT_BYTES, WEBM_BYTES, upload_ready_media
    from tests.support.stack import start_test_stack

    resources = start_test_stack()
    learner, manager = org.learner.token, org.manager.token
    author = org.manager.principal(org.org_id)
    video_media = upload_ready_media(author, WEBM_BYTES, "video/webm", "feedback.webm")
    captions_media = upload_ready_media(author, VTT_BYTES, "text/vtt", "feedback.nl.vtt")
    body = {**_video(video_media, captions_media, org.question_id), "community_id": org.community_id}
    key = {"Idempotency-Key": "bench-video-0001"}
    made = http("createVideo", "POST", "/v1/videos", manager, 201, body, key).json()
    path = f"/v1/videos/{made['id']}"
    http("getVideoDraft", "GET", path, manager)
    http("requestVideoReview", "POST", f"{path}/review", manager, body={"reviewer_id": org.admin.user_id})
    decision = {"approve": True, "note": "Helder"}
    approved = http("decideVideoReview", "POST", f"{path}/review/decision", org.admin.token, body=decision)
    change = {
        **_video(video_media, captions_media, org.question_id),
        "expected_version": approved.json()["version"],
    }
    http("changeVideo", "PUT", path, manager, body=change)  # a draft again; the release stays live
    http("publishVideo", "POST", f"{path}/publish", manager, body={"major": False})

    stream = StreamReader(resources.endpoint_url, resources.table_stream_arn)
    http("watchVideo", "GET", f"{path}/watch?language=nl", learner)
    played = {"segments": [[0, 2]], "position": 2}
    http("reportVideoViewing", "PUT", f"{path}/viewing", learner, body=played)
    answer = {"option_ids": ["a"]}
    http("answerVideoCue", "POST", f"{path}/cues/q1/answer", learner, body=answer)
    http("answerVideoCue:retry", "POST", f"{path}/cues/q1/answer", learner, body=answer)
    http("getVideoCaptions", "GET", f"{path}/captions/nl", learner)
    rest = {"segments": [[2, DURATION]], "position": DURATION}
    done = http("reportVideoViewing:completing", "PUT", f"{path}/viewing", learner, body=rest).json()
    if not done["viewing"]["completed"]:
        raise BenchFailure(f"reportVideoViewing:completing: not completed ({done['viewing']})")
    requests, _ = _requests_beside_identity(workload, "watchVideo")
    if requests > OPEN_LIMIT:
        raise BenchFailure(
            f"watchVideo: {requests} requests beside the identity check, more than {OPEN_LIMIT}"
        )
    for name in ("reportVideoViewing", "reportVideoViewing:completing", "answerVideoCue"):
        if _requests_beside_identity(workload, name)[1] != REPORT_WRITES:
            raise BenchFailure(f"{name}: not one write")
    if _requests_beside_identity(workload, "answerVideoCue:retry")[1] != 0:
        raise BenchFailure("answerVideoCue:retry: a cue answered before was written again")

    # The records of the viewing as the consumer gets them: a report's (nothing to do, but the
    # consumer still runs), and the completion's (the viewing gaining completed_at).
    viewing = [
        r
        for r in stream.read()
        if r["dynamodb"].get("NewImage", {}).get("type", {}).get("S") == "learning_progress"
    ]
    completed = [r for r in viewing if "completed_at" in r["dynamodb"]["NewImage"]]
    if not completed:
        raise BenchFailure("consumer:videoProgress: no completion on the stream")
    spare = http("createVideo:spare", "POST", "/v1/videos", manager, 201, body).json()
    http("archiveVideo", "POST", f"/v1/videos/{spare['id']}/archive", manager)
    http("restoreVideo", "POST", f"/v1/videos/{spare['id']}/restore", manager)
    measured = {
        "consumer:videoReport": viewing[:1],
        "consumer:videoProgress": completed[-1:],
        "consumer:videoProgress:replay": completed[-1:],
    }
    for key_name, records in measured.items():
        with workload.measuring(key_name) as observed, RECORDER.recording(key_name) as recorded:
            result = client.lambda_.invoke("on_table_change", {"Records": records}).payload
        if result != {"batchItemFailures": []}:
            raise BenchFailure(f"{key_name}: on_table_change answered {result}")
        _check(key_name, observed, recorded)
