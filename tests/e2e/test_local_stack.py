"""`make run` end to end: the real `kring run`, real tokens, data that survives a restart."""

from __future__ import annotations

import time
import uuid

import pytest

from tests.e2e.conftest import LocalStackProcess

pytestmark = pytest.mark.e2e
LEARNER = "learner@demo.kring.test"


def test_health_needs_no_token(local_stack: LocalStackProcess) -> None:
    reply = local_stack.get("/v1/health")
    assert reply.status == 200
    assert reply.json()["status"] == "ok"


def test_a_token_from_kring_token_opens_my_profile(local_stack: LocalStackProcess) -> None:
    reply = local_stack.get("/v1/me", token=local_stack.token(LEARNER))
    assert reply.status == 200, reply.body
    assert reply.json()["email"] == LEARNER
    assert local_stack.get("/v1/me").status == 401


def test_the_seeded_community_and_its_posts_are_there(local_stack: LocalStackProcess) -> None:
    token = local_stack.token(LEARNER)
    communities = local_stack.get("/v1/communities", token=token).json()["items"]
    (community,) = [c for c in communities if c["name"] == "Digital skills"]
    assert community["goal"] == "Everyone confident with our digital tools by June"
    posts = local_stack.get(f"/v1/communities/{community['id']}/posts", token=token).json()["items"]
    assert len(posts) >= 4
    acme = local_stack.get("/v1/communities", token=local_stack.token("learner@acme.kring.test")).json()
    names = {c["name"] for c in acme["items"]}  # other tests add acme communities of their own
    assert "Safety first" in names and "Digital skills" not in names


def test_a_post_is_counted_by_the_stream_consumer(local_stack: LocalStackProcess) -> None:
    token = local_stack.token("learner2@demo.kring.test")
    communities = local_stack.get("/v1/communities?limit=100", token=token).json()["items"]
    (community,) = [
        c for c in communities if c["name"] == "Digital skills"
    ]  # the seeded one; tests add others
    before = local_stack.get("/v1/me", token=token).json()["post_count"]
    posted = local_stack.post(
        f"/v1/communities/{community['id']}/posts", token=token, json_body={"body": "Spreadsheets, solved!"}
    )
    assert posted.status == 201, posted.body
    deadline = time.monotonic() + 15
    while local_stack.get("/v1/me", token=token).json()["post_count"] != before + 1:
        assert time.monotonic() < deadline, "the stream poller did not count the post"
        time.sleep(0.2)


def test_a_profile_change_survives_a_restart(local_stack: LocalStackProcess) -> None:
    token = local_stack.token(LEARNER)
    name = f"Lucas {uuid.uuid4().hex[:6]}"
    changed = local_stack.patch("/v1/me", token=token, json_body={"display_name": name})
    assert changed.status == 200, changed.body
    assert changed.json()["display_name"] == name

    local_stack.restart()

    assert local_stack.get("/v1/me", token=token).json()["display_name"] == name  # old token still good
    fresh = local_stack.token(LEARNER, fresh=True)  # and signing in still works
    assert local_stack.get("/v1/me", token=fresh).json()["display_name"] == name
    assert "demo data seeded" not in local_stack.log().split("Kring is running locally.")[-1]


def test_the_app_is_served_beside_the_api_on_one_origin(local_stack: LocalStackProcess) -> None:
    root = local_stack.get("/")
    assert root.status == 200
    assert root.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "frame-ancestors 'none'" in root.headers["Content-Security-Policy"]
    assert root.headers["X-Content-Type-Options"] == "nosniff"
    app_route = local_stack.get("/communities/01JABCDEF/posts")  # the app routes it (built or not yet)
    assert app_route.status == 200 and app_route.body == root.body
    api_error = local_stack.get("/v1/no-such-route")
    assert api_error.headers["Content-Type"] == "application/problem+json"  # never the app's page
    assert local_stack.get("/v1/health").json()["status"] == "ok"
    docs = local_stack.get("/docs")
    assert docs.status == 200 and b"/docs/reference.js" in docs.body


def test_the_console_starts_with_the_apps_url_and_shows_one_line_per_request(
    local_stack: LocalStackProcess,
) -> None:
    assert local_stack.log().splitlines()[0] == f"Kring: starting at {local_stack.base_url} ..."
    local_stack.get("/v1/health?from=console-test")
    deadline = time.monotonic() + 15
    # A request's line, and a line for each stream batch (seeding the demo data made some).
    while not all(
        line in local_stack.log() for line in ("GET    /v1/health 200", "stream on_table_change: ")
    ):
        assert time.monotonic() < deadline, local_stack.log()[-2000:]
        time.sleep(0.1)
    assert '"level"' not in local_stack.log()  # no JSON log records
    assert '"_aws"' not in local_stack.log()  # no EMF metric blobs
