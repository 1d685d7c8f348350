"""API conventions a mobile client relies on: problem+json errors, limits, idempotent creates."""

from __future__ import annotations

import json
import uuid

from chalicelib.store import keys
from chalicelib.store.models import PostItem
from tests.support.stack import ApiClient
from tests.support.world import OrgWorld

PROBLEM = "application/problem+json"


def assert_problem(reply: object, status: int, slug: str) -> dict[str, object]:
    assert reply.status == status, reply.body  # type: ignore[attr-defined]
    assert reply.header("content-type") == PROBLEM  # type: ignore[attr-defined]
    problem = reply.json()  # type: ignore[attr-defined]
    assert problem["type"].endswith("/" + slug)
    assert problem["status"] == status and problem["title"] and problem["detail"]
    assert "Traceback" not in reply.body.decode()  # type: ignore[attr-defined]
    return problem  # type: ignore[no-any-return]


def test_health_needs_no_token(api: ApiClient) -> None:
    reply = api.get("/v1/health")
    assert reply.status == 200 and reply.json() == {"status": "ok", "service": "kring"}


def test_a_missing_token_is_a_401_problem_with_a_bearer_challenge(api: ApiClient) -> None:
    reply = api.get("/v1/me")
    assert_problem(reply, 401, "unauthenticated")
    assert reply.header("www-authenticate") == 'Bearer realm="kring"'


def test_malformed_json_is_a_400(api: ApiClient, org_a: OrgWorld) -> None:
    reply = api.patch("/v1/me", org_a.learner.token, raw_body="{not json")
    assert_problem(reply, 400, "bad-request")


def test_invalid_fields_are_a_422_naming_each_field(api: ApiClient, org_a: OrgWorld) -> None:
    reply = api.patch("/v1/me", org_a.learner.token, body={"language": "de", "timezone": "Mars/Base", "x": 1})
    problem = assert_problem(reply, 422, "validation-failed")
    fields = {error["field"] for error in problem["errors"]}  # type: ignore[attr-defined]
    assert fields == {"language", "timezone", "x"}


def test_a_body_over_the_limit_is_a_413(api: ApiClient, org_a: OrgWorld) -> None:
    reply = api.patch("/v1/me", org_a.learner.token, raw_body=json.dumps({"display_name": "x" * 70_000}))
    assert_problem(reply, 413, "payload-too-large")


def test_a_body_that_is_not_json_is_a_415(api: ApiClient, org_a: OrgWorld) -> None:
    reply = api.patch("/v1/me", org_a.learner.token, raw_body="a=b", headers={"Content-Type": "text/plain"})
    assert_problem(reply, 415, "unsupported-media-type")


def test_an_unsupported_method_is_a_405_with_allow(api: ApiClient, org_a: OrgWorld) -> None:
    reply = api.call("DELETE", "/v1/me", org_a.learner.token)
    assert_problem(reply, 405, "method-not-allowed")
    assert reply.header("allow") == "GET, PATCH, OPTIONS"  # OPTIONS: CORS preflights


def test_a_tampered_cursor_is_a_400(api: ApiClient, org_a: OrgWorld) -> None:
    reply = api.get(f"/v1/communities/{org_a.community_id}/posts?cursor=forged", org_a.learner.token)
    assert_problem(reply, 400, "invalid-cursor")


def test_a_cursor_walks_the_wall_newest_first_without_gaps(api: ApiClient, org_a: OrgWorld) -> None:
    community = api.post("/v1/communities", org_a.manager.token, {"name": "Paging", "goal": "Page"}).json()[
        "id"
    ]
    assert api.post(f"/v1/communities/{community}/join", org_a.learner.token).status == 200
    for number in range(5):
        posted = api.post(
            f"/v1/communities/{community}/posts", org_a.learner.token, {"body": f"post {number}"}
        )
        assert posted.status == 201
    seen: list[str] = []
    cursor = ""
    while True:
        page = api.get(f"/v1/communities/{community}/posts?limit=2{cursor}", org_a.learner.token).json()
        seen.extend(post["body"] for post in page["items"])
        if not page["next_cursor"]:
            break
        cursor = f"&cursor={page['next_cursor']}"
    assert seen == [f"post {number}" for number in reversed(range(5))]


def test_a_retried_create_with_the_same_idempotency_key_creates_once(api: ApiClient, org_a: OrgWorld) -> None:
    key = {"Idempotency-Key": uuid.uuid4().hex}
    path = f"/v1/communities/{org_a.community_id}/posts"
    first = api.post(path, org_a.learner.token, {"body": "said once"}, headers=key)
    retry = api.post(path, org_a.learner.token, {"body": "said once"}, headers=key)
    assert first.status == retry.status == 201
    assert retry.json() == first.json() and retry.header("location") == first.header("location")
    assert retry.header("idempotent-replayed") == "true"
    stored = PostItem.query(
        keys.community_pk(org_a.org_id, org_a.community_id), PostItem.sk.startswith("POST#")
    )
    assert sum(1 for post in stored if post.body == "said once") == 1


def test_an_idempotency_key_reused_for_another_body_is_a_422(api: ApiClient, org_a: OrgWorld) -> None:
    key = {"Idempotency-Key": uuid.uuid4().hex}
    path = f"/v1/communities/{org_a.community_id}/posts"
    assert api.post(path, org_a.learner.token, {"body": "first"}, headers=key).status == 201
    reply = api.post(path, org_a.learner.token, {"body": "second"}, headers=key)
    assert_problem(reply, 422, "idempotency-key-reused")


def test_the_same_idempotency_key_of_two_people_never_meets(api: ApiClient, org_a: OrgWorld) -> None:
    key = {"Idempotency-Key": uuid.uuid4().hex}
    path = f"/v1/communities/{org_a.community_id}/posts"
    mine = api.post(path, org_a.learner.token, {"body": "mine"}, headers=key).json()
    theirs = api.post(path, org_a.manager.token, {"body": "mine"}, headers=key).json()
    assert mine["id"] != theirs["id"] and theirs["author"]["id"] == org_a.manager.user_id


def test_a_failed_create_releases_its_idempotency_key_so_a_retry_is_not_stuck(
    api: ApiClient, org_a: OrgWorld
) -> None:
    key = {"Idempotency-Key": uuid.uuid4().hex}
    path = "/v1/communities/01HZZZZZZZZZZZZZZZZZZZZZZZ/posts"
    assert api.post(path, org_a.learner.token, {"body": "x"}, headers=key).status == 404
    retry = api.post(path, org_a.learner.token, {"body": "x"}, headers=key)
    assert_problem(retry, 404, "not-found")


def test_a_cursor_from_another_members_listing_is_a_400_not_their_page(
    api: ApiClient, org_a: OrgWorld
) -> None:
    # /v1/me/following has the same operation and path for everyone: the signature alone cannot
    # tell one member's cursor from another's; the listing checks the cursor is of its partition.
    for person in (org_a.admin, org_a.manager):
        assert api.put(f"/v1/members/{person.user_id}/follow", org_a.learner.token).status in (200, 204)
    mine = api.get("/v1/me/following?limit=1", org_a.learner.token).json()
    assert mine["next_cursor"]

    reply = api.get(f"/v1/me/following?limit=1&cursor={mine['next_cursor']}", org_a.manager.token)

    assert_problem(reply, 400, "invalid-cursor")
    for person in (org_a.admin, org_a.manager):
        api.call("DELETE", f"/v1/members/{person.user_id}/follow", org_a.learner.token)
