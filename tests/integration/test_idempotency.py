"""Idempotent creates over time: a key is held while its request may still run, and a day after it answered.

The clock of the idempotency records is the test's own, so "the API function's timeout later" and
"a day later" happen at once. The API function's timeout comes from the same setting the infrastructure
gives the API Lambda (checked in tests/infra).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.config import get_config
from chalicelib.store import idempotency, keys
from chalicelib.store.models import PostItem
from chalicelib.wall import posts
from tests.integration.local.conftest import FakeNow
from tests.support.stack import ApiClient
from tests.support.world import OrgWorld


class FunctionTimedOut(BaseException):
    """Lambda stops a function at its timeout: nothing after that point runs, not even `except` blocks."""


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeNow]:
    now = FakeNow(datetime.now(UTC))
    monkeypatch.setattr(idempotency, "utc_now", now)
    yield now


def api_timeout() -> timedelta:
    return timedelta(seconds=get_config().api_timeout_seconds)


def posts_saying(org: OrgWorld, body: str) -> int:
    stored = PostItem.query(keys.community_pk(org.org_id, org.community_id), PostItem.sk.startswith("POST#"))
    return sum(1 for post in stored if post.body == body)


def stopped_mid_request(
    api: ApiClient, org: OrgWorld, body: str, key: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first attempt claims the key, then its function is stopped before it writes anything."""

    def times_out(*args: object, **kwargs: object) -> None:
        raise FunctionTimedOut()

    with monkeypatch.context() as patch:
        patch.setattr(posts, "publish_post", times_out)
        with pytest.raises(FunctionTimedOut):
            api.post(
                f"/v1/communities/{org.community_id}/posts", org.learner.token, {"body": body}, headers=key
            )


def test_a_request_stopped_by_the_timeout_holds_its_key_only_until_the_timeout_has_passed(
    api: ApiClient, org_a: OrgWorld, clock: FakeNow, monkeypatch: pytest.MonkeyPatch
) -> None:
    key, body = {"Idempotency-Key": uuid.uuid4().hex}, f"timed out {uuid.uuid4().hex[:6]}"
    path = f"/v1/communities/{org_a.community_id}/posts"
    stopped_mid_request(api, org_a, body, key, monkeypatch)

    clock.advance(seconds=api_timeout().total_seconds() - 1)  # it might still be running
    assert api.post(path, org_a.learner.token, {"body": body}, headers=key).status == 409

    clock.advance(seconds=2)  # it cannot be running any more
    retry = api.post(path, org_a.learner.token, {"body": body}, headers=key)
    assert retry.status == 201 and retry.header("idempotent-replayed") is None
    again = api.post(path, org_a.learner.token, {"body": body}, headers=key)
    assert again.header("idempotent-replayed") == "true" and again.json() == retry.json()
    assert posts_saying(org_a, body) == 1


def test_an_answered_request_is_replayed_for_a_day_and_then_the_key_is_new_even_before_ttl_deletes_it(
    api: ApiClient, org_a: OrgWorld, clock: FakeNow
) -> None:
    key, body = {"Idempotency-Key": uuid.uuid4().hex}, f"said today {uuid.uuid4().hex[:6]}"
    path = f"/v1/communities/{org_a.community_id}/posts"
    first = api.post(path, org_a.learner.token, {"body": body}, headers=key)
    assert first.status == 201

    clock.advance(hours=24, seconds=-1)
    replayed = api.post(path, org_a.learner.token, {"body": body}, headers=key)
    assert replayed.header("idempotent-replayed") == "true" and replayed.json() == first.json()

    clock.advance(seconds=2)  # the record has expired; DynamoDB's TTL may take days to delete it
    record = idempotency.IdempotencyItem.get(
        keys.idempotency_pk(org_a.org_id, org_a.learner.user_id), keys.idempotency_sk(key["Idempotency-Key"])
    )
    assert record.status == idempotency.COMPLETED  # still there
    fresh = api.post(path, org_a.learner.token, {"body": body}, headers=key)
    assert fresh.status == 201 and fresh.header("idempotent-replayed") is None
    assert fresh.json()["id"] != first.json()["id"]
    assert posts_saying(org_a, body) == 2


def test_only_one_of_two_retries_takes_over_an_expired_claim(org_a: OrgWorld, clock: FakeNow) -> None:
    key, user = uuid.uuid4().hex, org_a.learner.user_id
    assert idempotency.claim(org_a.org_id, user, key, "same request") is None  # then its function stopped
    clock.advance(seconds=api_timeout().total_seconds() + 1)

    first = idempotency.claim(org_a.org_id, user, key, "same request")
    second = idempotency.claim(org_a.org_id, user, key, "same request")

    assert first is None  # took the key over
    assert second is not None and second.completed is None  # sees the new claim in progress


def test_a_request_that_outlived_its_claim_does_not_overwrite_the_answer_of_the_one_that_took_over(
    org_a: OrgWorld, clock: FakeNow
) -> None:
    key, user = uuid.uuid4().hex, org_a.learner.user_id
    assert idempotency.claim(org_a.org_id, user, key, "same request") is None
    clock.advance(seconds=api_timeout().total_seconds() + 1)
    assert idempotency.claim(org_a.org_id, user, key, "same request") is None
    idempotency.complete(org_a.org_id, user, key, idempotency.StoredResponse(201, '{"id": "second"}', None))

    # The first request's late end (it can only happen where nothing enforces the timeout, e.g. locally):
    idempotency.complete(org_a.org_id, user, key, idempotency.StoredResponse(201, '{"id": "first"}', None))
    idempotency.release(org_a.org_id, user, key)

    existing = idempotency.claim(org_a.org_id, user, key, "same request")
    assert existing is not None and existing.completed is not None
    assert existing.completed.body == '{"id": "second"}'
