"""Fixtures shared by all suites. Unit tests need none of them; nothing here starts at import."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from local.recorder import RECORDER
from tests.support.scan_guard import scans_since


@pytest.fixture(autouse=True)
def no_scan_on_request_paths() -> Iterator[None]:
    """A Scan made while serving a request or running a consumer fails the test that caused it."""
    start = len(RECORDER.calls)
    yield
    offenders = scans_since(start)
    assert not offenders, f"Scan is not allowed on a request path or in a consumer: {offenders}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With pytest-xdist (`make test` on 2 cores): a file's tests stay together on one worker, in
    order (module fixtures, tests that build on each other), and the infra tests share one worker
    (their synths write vendor/ in the repository)."""
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        item.add_marker(pytest.mark.xdist_group("infra" if path.startswith("tests/infra/") else path))
