"""A learner's day on the real local stack, over HTTP: every piece runs as it does on AWS.

The upload goes to S3 (the emulator) through the presigned POST, S3's event marks the video
ready, the stream consumer turns the comment into a notification, and moderators act on a
report, all through `kring run`'s own poller, S3 delivery and HTTP server.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import requests

from tests.e2e.conftest import LocalStackProcess

VIDEO = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 64


def eventually(check: Callable[[], Any], what: str, seconds: float = 30) -> Any:
    """The background workers (S3 delivery, stream poller) act within seconds, not instantly."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.3)
    raise AssertionError(f"{what} did not happen within {seconds} s")


def test_a_learners_day(local_stack: LocalStackProcess) -> None:
    stack = local_stack
    learner = stack.token("learner@demo.kring.test")
    mentor = stack.token("mentor@demo.kring.test")
    colleague = stack.token("learner2@demo.kring.test")
    manager = stack.token("manager@demo.kring.test")
    mentor_id = stack.get("/v1/me", token=mentor).json()["id"]

    # A community manager starts a community; the learner, the mentor and a colleague join it.
    created = stack.post("/v1/communities", token=manager, json_body={"name": "Video tips", "goal": "Share"})
    assert created.status == 201
    community = f"/v1/communities/{created.json()['id']}"
    for token in (learner, mentor, colleague):
        assert stack.post(f"{community}/join", token=token).status == 200

    # The learner uploads a video from the phone straight to S3 through the presigned POST.
    slot = stack.post(
        "/v1/media/uploads",
        token=learner,
        json_body={"content_type": "video/mp4", "size_bytes": len(VIDEO), "file_name": "screen-sharing.mp4"},
    )
    assert slot.status == 201, slot.body
    form = slot.json()
    uploaded = requests.post(
        form["url"], data=form["fields"], files={"file": ("screen-sharing.mp4", VIDEO)}, timeout=10
    )
    assert uploaded.status_code in (200, 201, 204)
    media = f"/v1/media/{form['media_id']}"
    ready = eventually(
        lambda: (m := stack.get(media, token=learner).json()).get("status") == "ready" and m,
        "the video to be ready",
    )
    assert ready["status"] == "ready"

    # ...and posts it, mentioning the mentor.
    body = f"How to share your screen, thanks @[Marc](user:{mentor_id}) for the trick!"
    posted = stack.post(
        f"{community}/posts", token=learner, json_body={"body": body, "media_ids": [form["media_id"]]}
    )
    assert posted.status == 201, posted.body
    post = f"{community}/posts/{posted.json()['id']}"
    assert posted.json()["mentions"] == [mentor_id]

    # The mentor comments and reacts.
    comment = stack.post(f"{post}/comments", token=mentor, json_body={"body": "Nice! Also try Win+Shift+S."})
    assert comment.status == 201
    assert (
        stack.request("PUT", f"{post}/reaction", token=mentor, json_body={"reaction": "insightful"}).status
        == 200
    )

    # The learner sees the notification the stream consumer made, and the mentor the mention.
    def inbox_of(token: str, kind: str) -> Any:
        items = stack.get("/v1/me/notifications", token=token).json()["items"]
        return [n for n in items if n["kind"] == kind and n["post_id"] == posted.json()["id"]]

    eventually(lambda: inbox_of(learner, "comment_on_your_post"), "the comment notification")
    eventually(lambda: inbox_of(mentor, "mention"), "the mention notification")
    assert stack.get("/v1/me/notifications/unread-count", token=learner).json()["unread"] >= 1

    # Other viewers stream the video with a short-lived URL.
    seen_video = stack.get(media, token=colleague).json()
    assert seen_video["url"]
    ranged = requests.get(seen_video["url"], headers={"Range": "bytes=0-15"}, timeout=10)
    assert ranged.status_code == 206 and ranged.content == VIDEO[:16]
    # Served by the local media distribution beside the API, as CloudFront serves it on AWS.
    assert seen_video["url"].startswith(f"{stack.base_url}/media-cdn/orgs/")
    assert ranged.headers["X-Content-Type-Options"] == "nosniff"

    # A moderator puts the post in the spotlight, with the reason shown to everyone.
    spotlit = stack.request(
        "PUT", f"{post}/spotlight", token=manager, json_body={"reason": "A clear, useful tip"}
    )
    assert spotlit.status == 200
    assert stack.get(post, token=colleague).json()["spotlight"]["reason"] == "A clear, useful tip"

    # A colleague reports the comment; a moderator finds it in the queue and hides it.
    comment_id = comment.json()["id"]
    reported = stack.post(
        f"{post}/comments/{comment_id}/reports", token=colleague, json_body={"reason": "off_topic"}
    )
    assert reported.status == 202
    queue = stack.get(f"{community}/moderation/queue", token=manager).json()["items"]
    assert any(comment_id in str(entry) for entry in queue)
    hidden = stack.post(
        f"{community}/moderation/actions",
        token=manager,
        json_body={
            "action": "hide",
            "target_kind": "comment",
            "target_id": comment_id,
            "post_id": posted.json()["id"],
            "reason": "Off topic for this thread",
        },
    )
    assert hidden.status == 200, hidden.body
    thread = stack.get(f"{post}/comments", token=learner).json()["items"]
    assert all(c["body"] == "" for c in thread if c["id"] == comment_id)
    assert stack.get(post, token=learner).json()["comment_count"] == 0
