"""The per-organisation request quota: one organisation cannot take every other's requests."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib import bootstrap
from chalicelib.api.problems import problem_response
from chalicelib.config import get_config
from chalicelib.errors import RateLimited
from chalicelib.ids import new_id
from chalicelib.quotas import check_org_quota, forget_counts
from chalicelib.store import keys, quotas
from chalicelib.store.models import OrgRequestCountItem
from local.emulator import LocalResources

LIMIT = 5
# A moment 20 seconds into a minute: the minute ends 40 seconds later.
NOW = datetime(2026, 12, 3, 10, 15, 20, 250_000, tzinfo=UTC)


@pytest.fixture(autouse=True)
def store_bound(resources: LocalResources) -> None:
    bootstrap.ready()  # what the framework does before it checks the quota


@pytest.fixture
def quota_of_five(resources: LocalResources, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    monkeypatch.setenv("KRING_ORG_REQUESTS_PER_MINUTE", str(LIMIT))
    get_config.cache_clear()
    yield LIMIT
    monkeypatch.undo()
    get_config.cache_clear()


def org() -> str:
    return f"quota-{new_id().lower()}"


def use_up(org_id: str, at: datetime = NOW) -> None:
    for _ in range(LIMIT):
        check_org_quota(org_id, at)


def test_the_request_over_the_quota_gets_429_with_retry_after_to_the_end_of_the_minute(
    quota_of_five: int,
) -> None:
    busy = org()
    use_up(busy)
    with pytest.raises(RateLimited) as refused:
        check_org_quota(busy, NOW)

    response = problem_response(refused.value, "/v1/feed")
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "40"  # 39.75 s left in the minute, rounded up
    assert response.headers["Content-Type"] == "application/problem+json"
    problem = json.loads(response.body)
    assert problem["type"] == "https://kring.app/problems/rate-limited"
    assert "5 requests for this minute" in problem["detail"]
    assert quotas.requests_in_minute(busy, "2026-12-03T10:15") == LIMIT  # the refused one is not counted


def test_retry_after_is_at_least_one_second_at_the_end_of_a_minute(quota_of_five: int) -> None:
    busy = org()
    last_moment = NOW.replace(second=59, microsecond=900_000)
    use_up(busy, last_moment)
    with pytest.raises(RateLimited) as refused:
        check_org_quota(busy, last_moment)
    assert refused.value.headers["Retry-After"] == "1"


def test_another_organisation_is_not_affected(quota_of_five: int) -> None:
    busy, quiet = org(), org()
    use_up(busy)
    with pytest.raises(RateLimited):
        check_org_quota(busy, NOW)

    for _ in range(LIMIT):
        check_org_quota(quiet, NOW)  # its own five requests, in the same minute
    assert quotas.requests_in_minute(quiet, "2026-12-03T10:15") == LIMIT


def test_the_next_minute_starts_a_new_count(quota_of_five: int) -> None:
    busy = org()
    use_up(busy)
    next_minute = NOW.replace(second=0, microsecond=0) + timedelta(minutes=1)
    check_org_quota(busy, next_minute)
    assert quotas.requests_in_minute(busy, "2026-12-03T10:16") == 1


def test_concurrent_requests_are_counted_exactly(quota_of_five: int) -> None:
    """Counting and deciding is one conditional write: a race cannot let a sixth request through."""
    busy = org()
    outcomes: list[str] = []
    lock = threading.Lock()

    def request() -> None:
        try:
            check_org_quota(busy, NOW)
            outcome = "served"
        except RateLimited:
            outcome = "refused"
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=request) for _ in range(3 * LIMIT)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused"] * (2 * LIMIT) + ["served"] * LIMIT
    assert quotas.requests_in_minute(busy, "2026-12-03T10:15") == LIMIT


def test_a_minutes_counter_expires_after_its_minute(quota_of_five: int) -> None:
    busy = org()
    check_org_quota(busy, NOW)
    counter = OrgRequestCountItem.get(
        keys.org_request_count_pk(busy), keys.org_request_count_sk("2026-12-03T10:15"), consistent_read=True
    )
    assert counter.org_id == busy
    assert counter.expires_at is not None
    assert datetime(2026, 12, 3, 10, 16, tzinfo=UTC) < counter.expires_at <= NOW + timedelta(minutes=15)


def test_a_busy_container_adds_its_requests_to_the_counter_in_batches(
    resources: LocalResources, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not a write per request: a container reports every 1% of the limit (here 10 of 1,000)."""
    monkeypatch.setenv("KRING_ORG_REQUESTS_PER_MINUTE", "1000")
    get_config.cache_clear()
    try:
        busy = org()
        for _ in range(9):
            check_org_quota(busy, NOW)
        assert quotas.requests_in_minute(busy, "2026-12-03T10:15") == 0  # a quiet organisation costs nothing
        check_org_quota(busy, NOW)
        assert quotas.requests_in_minute(busy, "2026-12-03T10:15") == 10
    finally:
        monkeypatch.undo()
        get_config.cache_clear()


def test_containers_together_pass_the_limit_by_at_most_their_batches(
    resources: LocalResources, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KRING_ORG_REQUESTS_PER_MINUTE", "200")  # batches of 2
    get_config.cache_clear()
    try:
        busy = org()
        served = 0
        for _container in range(3):
            forget_counts()  # another container, knowing nothing yet
            for _ in range(150):
                try:
                    check_org_quota(busy, NOW)
                    served += 1
                except RateLimited:
                    break
        assert 200 <= served <= 200 + 3 * 2
        assert quotas.requests_in_minute(busy, "2026-12-03T10:15") <= 200
    finally:
        forget_counts()
        monkeypatch.undo()
        get_config.cache_clear()


def test_a_quota_of_zero_counts_nothing(resources: LocalResources, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KRING_ORG_REQUESTS_PER_MINUTE", "0")
    get_config.cache_clear()
    try:
        free = org()
        for _ in range(3):
            check_org_quota(free, NOW)
        assert quotas.requests_in_minute(free, "2026-12-03T10:15") == 0
    finally:
        monkeypatch.undo()
        get_config.cache_clear()
