"""A small gamification burst (bench/burst.py): members scoring at once through the real consumer,
with batches redelivered and batches that failed half-way, end with exactly the points, ledger
entries and week boards the plan promises. Figures are computed, never judged on time."""

from __future__ import annotations

from typing import Any

import pytest

from bench.burst import BurstSettings, run_burst
from bench.harness import LIMIT_WRITES_PER_SECOND
from local.emulator import LocalResources


@pytest.fixture(scope="module")
def burst(resources: LocalResources) -> dict[str, Any]:
    # Exactness does not depend on the number of members: 30 members with the 10 events each
    # still fill every shard's batches over the 2 simulated seconds (so the chosen batches fail
    # half-way and every 10th is redelivered), and hit the daily caps. Scale is `make bench`'s.
    settings = BurstSettings(
        users=30, events_per_user=10, seconds=2.0, redeliver_every=10, half_failed_batches=(3, 9, 15)
    )
    return run_burst(settings, resources)


def test_every_member_has_exactly_the_points_of_their_events(burst: dict[str, Any]) -> None:
    assert burst["events"] == 300
    assert burst["lost"] == 0
    assert burst["duplicated"] == 0
    points = burst["points"]
    assert points["ledger_entries_found"] == points["ledger_entries_expected"] > 300
    assert points["entries_with_other_points"] == 0  # daily caps gave points to the same events
    assert points["totals_wrong"] == 0


def test_replays_and_half_failed_batches_changed_nothing(burst: dict[str, Any]) -> None:
    stream = burst["stream"]
    assert stream["half_failed_batches"] == 3
    assert {fault["mode"] for fault in stream["faults"]} == {"after-first-award", "before-anything"}
    assert all(0 < fault["position"] < fault["records"] for fault in stream["faults"])
    assert stream["redelivered_batches"] > stream["half_failed_batches"]
    assert stream["retried_records"] > 0


def test_the_week_boards_rank_as_the_expectation_does(burst: dict[str, Any]) -> None:
    boards = burst["boards"]
    assert boards["boards"] == 1 + burst["communities"]
    assert boards["places"] > 0
    assert boards["places_wrong"] == 0, boards["wrong_by_board"]


def test_the_hottest_key_is_measured_beside_the_limit(burst: dict[str, Any]) -> None:
    assert burst["limit_writes_per_s"] == LIMIT_WRITES_PER_SECOND
    assert burst["hottest_key"]
    assert burst["hottest_key_writes_per_s"] > 0
    assert burst["hottest_table_key"]["writes_per_s"] > 0
    assert burst["hottest_index_key"]["writes_per_s"] > 0
    assert burst["requests"]["consumer"]["TransactWriteItems"] > 0
    assert "Scan" not in {name for by_type in burst["requests"].values() for name in by_type}
