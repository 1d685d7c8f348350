"""Fixtures shared by all suites. Unit tests need none of them; nothing here starts at import."""

from __future__ import annotations

from collections import defaultdict
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


# Tests that share one worker under pytest-xdist (`make test`): the infra tests (their synths write
# vendor/ in the repository), each half of the browser journeys (one local stack and one browser
# per half) and the e2e stories (one local stack). Every other file is a group of its own.
SHARED_GROUPS = ("tests/infra/", "tests/e2e/web/", "tests/e2e/")

# The browser journeys mostly wait (for the app, the stream, a poll): as one group they were the
# longest of the run, so they run as two, each on a worker with a stack and a browser of its own.
# The journeys of the people who run a community are one half, the learners' the other.
WEB = "tests/e2e/web/"
WEB_RUNNING_A_COMMUNITY = WEB + " (running a community)"
RUNNING_A_COMMUNITY = frozenset(
    {
        "test_admin_journeys.py",
        "test_authoring_journey.py",
        "test_buddy_programme_journey.py",
        "test_content_feedback_journey.py",
        "test_intervision_journey.py",
        "test_moderation_journey.py",
        "test_video_journey.py",
        "test_workshop_journey.py",
    }
)

# The longest groups, longest first: they start first, so no worker is left with a long one at
# the end while the others wait. The browser journeys and the stories mostly wait, so they go
# early, beside the busy ones (four workers on two cores: three of the first four groups wait).
# A worker takes its next group as soon as it has two tests or fewer left (pytest-xdist must know a
# test's successor before it runs it), so the first fuzzing file (two tests) is followed by a group
# of many short tests, not by another fuzzing run that another worker could take.
LONGEST_FIRST = (
    "tests/integration/test_api_fuzzing.py",
    WEB,
    WEB_RUNNING_A_COMMUNITY,
    "tests/e2e/",
    "tests/integration/test_openapi_errors.py",
    "tests/integration/test_api_fuzzing_as_learner.py",
    "tests/integration/test_api_fuzzing_communities.py",
    "tests/infra/",
    "tests/integration/test_badges.py",
    "tests/integration/test_campaigns.py",
    "tests/integration/test_communities.py",
    "tests/integration/test_event_handlers.py",
    "tests/integration/test_gamification.py",
)


def group_of(nodeid: str) -> str:
    path = nodeid.split("::", 1)[0]
    if path.startswith(WEB) and path.removeprefix(WEB) in RUNNING_A_COMMUNITY:
        return WEB_RUNNING_A_COMMUNITY
    return next((group for group in SHARED_GROUPS if path.startswith(group)), path)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest groups first, each group's tests together and in their own order."""

    def rank(item: pytest.Item) -> int:
        group = group_of(item.nodeid)
        return LONGEST_FIRST.index(group) if group in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)


@pytest.hookimpl(optionalhook=True)  # only with pytest-xdist
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """With pytest-xdist (`make test`): a group's tests stay together on one worker, in order
    (module fixtures, tests that build on each other), and groups start in collection order (see
    LONGEST_FIRST). A scheduler of our own, not `xdist_group` marks: pytest 9.2's structured node
    ids dropped the marks' grouping silently (pytest-xdist #1386)."""
    from xdist.scheduler import LoadFileScheduling

    class ByGroup(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return group_of(nodeid)

    return ByGroup(config, log)


# Where the run's time went, by group and by worker: with a file's tests on one worker, the longest
# group bounds the run, and the workers' totals show whether the groups are balanced.
GROUP_SECONDS: defaultdict[str, float] = defaultdict(float)
WORKER_SECONDS: defaultdict[str, float] = defaultdict(float)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    GROUP_SECONDS[group_of(report.nodeid)] += report.duration
    node = getattr(report, "node", None)  # set by pytest-xdist on the controller
    WORKER_SECONDS[node.gateway.id if node is not None else "main"] += report.duration


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not GROUP_SECONDS:
        return
    terminalreporter.write_sep("=", "seconds per group (set-up, test and tear-down), longest first")
    for group, seconds in sorted(GROUP_SECONDS.items(), key=lambda pair: -pair[1])[:15]:
        terminalreporter.write_line(f"{seconds:8.1f}s {group}")
    for worker, seconds in sorted(WORKER_SECONDS.items()):
        terminalreporter.write_line(f"{seconds:8.1f}s worker {worker}")
