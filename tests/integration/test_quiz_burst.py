"""A small quiz burst (bench/quiz_burst.py): participants answering one question of an open quiz
campaign at once, through the play use cases and the real consumer, with answers sent twice,
batches redelivered and batches that failed half-way, end with every answer stored once, exact
campaign scores, question statistics and board. Figures are computed, never judged on time."""

from __future__ import annotations

from typing import Any

import pytest

from bench.harness import LIMIT_WRITES_PER_SECOND
from bench.quiz_burst import MAX_ANSWER_REQUESTS, QuizBurstSettings, run_quiz_burst
from local.emulator import LocalResources


@pytest.fixture(scope="module")
def burst(resources: LocalResources) -> dict[str, Any]:
    settings = QuizBurstSettings(
        users=100,
        seconds=2.0,
        redeliver_every=5,
        half_failed_batches=(2, 4),
        retry_share=0.2,
        conflict_share=0.05,
    )
    return run_quiz_burst(settings, resources)


def test_every_answer_is_stored_and_scored_exactly_once(burst: dict[str, Any]) -> None:
    assert burst["participants"] == 100
    assert burst["lost"] == 0
    assert burst["duplicated"] == 0
    players = burst["players"]
    assert players["answers_missing"] == players["answers_wrong"] == 0
    assert players["scores_correct_wrong"] == players["ledger_points_wrong"] == 0
    assert players["score_points"] == players["points_expected"] > 0


def test_retries_are_replayed_and_another_answer_is_refused(burst: dict[str, Any]) -> None:
    outcome = burst["requests_outcome"]
    assert outcome["unexpected"] == []
    assert outcome["served"] == outcome["answered"] == 100
    assert outcome["replayed"] > 0
    assert outcome["refused_other_answer"] > 0


def test_the_question_statistics_count_every_participant_once(burst: dict[str, Any]) -> None:
    stats = burst["question_stats"]
    assert stats["answers"] == stats["participants"] == 100
    assert stats["exact"], stats


def test_the_campaign_board_ranks_as_the_expectation_does(burst: dict[str, Any]) -> None:
    board = burst["board"]
    assert board["places"] > 90  # a few participants opted out of others' boards
    assert board["places_wrong"] == 0, board


def test_replays_and_half_failed_batches_changed_nothing(burst: dict[str, Any]) -> None:
    stream = burst["stream"]
    assert stream["half_failed_batches"] == 2
    assert {fault["mode"] for fault in stream["faults"]} == {"after-score-and-stats", "before-anything"}
    assert all(0 < fault["position"] < fault["records"] for fault in stream["faults"])
    assert stream["redelivered_batches"] > stream["half_failed_batches"]
    assert stream["retried_records"] > 0


def test_answering_takes_at_most_two_requests(burst: dict[str, Any]) -> None:
    path = burst["answer_path"]
    assert path["most_requests_per_call"] <= MAX_ANSWER_REQUESTS
    assert set(path["operations"]) == {"BatchGetItem", "PutItem"}


def test_the_hottest_key_is_measured_beside_the_limit(burst: dict[str, Any]) -> None:
    assert burst["limit_writes_per_s"] == LIMIT_WRITES_PER_SECOND
    assert burst["hottest_key_writes_per_s"] > 0
    assert burst["hottest_table_key"]["writes_per_s"] > 0
    assert burst["hottest_index_key"]["writes_per_s"] > 0
    assert "Scan" not in {name for by_type in burst["requests"].values() for name in by_type}
