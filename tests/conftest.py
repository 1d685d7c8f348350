"""Fixtures shared by all suites. Unit tests need none of them; nothing here starts at import."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from local.recorder import RECORDER
from tests.support.permission_guard import GUARD
from tests.support.scan_guard import scans_since


@pytest.fixture(autouse=True)
def no_scan_on_request_paths() -> Iterator[None]:
    """A Scan made while serving a request or running a consumer fails the test that caused it."""
    start = len(RECORDER.calls)
    yield
    offenders = scans_since(start)
    assert not offenders, f"Scan is not allowed on a request path or in a consumer: {offenders}"


@pytest.fixture(autouse=True)
def every_aws_call_within_its_functions_role() -> Iterator[None]:
    """A function's AWS call that its role (infra/permissions.py) does not allow fails the test."""
    GUARD.install()
    start = len(GUARD.denied)
    yield
    denied = GUARD.denied_since(start)
    assert not denied, f"Not allowed by the function's role in infra/permissions.py: {denied}"


@pytest.hookimpl(optionalhook=True)  # only with pytest-xdist
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """With pytest-xdist (`make test`): a file's tests stay together on one worker, in order
    (module fixtures, tests that build on each other), and the infra tests share one worker (their
    synths write vendor/ in the repository). A scheduler of our own, not `xdist_group` marks:
    pytest 9.2's structured node ids dropped the marks' grouping silently (pytest-xdist #1386)."""
    from xdist.scheduler import LoadFileScheduling

    class ByFile(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return "tests/infra/" if path.startswith("tests/infra/") else path

    return ByFile(config, log)
