"""What the app publishes to CloudWatch: a handful of metrics, the business events beside them."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from chalicelib import observability
from chalicelib.observability import count_business_event, publish_metrics


def published(output: str) -> list[dict[str, Any]]:
    """The EMF documents (JSON lines with an `_aws` directive) in what the function printed."""
    documents = []
    for line in output.splitlines():
        try:
            document = json.loads(line)
        except ValueError:
            continue
        if isinstance(document, dict) and "_aws" in document:
            documents.append(document)
    return documents


@pytest.fixture(autouse=True)
def nothing_counted_before(capsys: pytest.CaptureFixture[str]) -> None:
    publish_metrics()
    capsys.readouterr()


def test_events_are_published_as_one_metric_per_kind_with_the_events_beside_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    count_business_event("PostPublished")
    count_business_event("ReactionGiven")
    count_business_event("ReactionGiven")
    count_business_event("PointsAwarded")
    publish_metrics()

    (document,) = published(capsys.readouterr().out)
    (directive,) = document["_aws"]["CloudWatchMetrics"]
    assert directive["Namespace"] == "Kring"
    assert directive["Dimensions"] == [["service"]] and document["service"] == "kring"
    assert {metric["Name"] for metric in directive["Metrics"]} == {"Participation", "Gamification"}
    assert document["Participation"] == [3.0] and document["Gamification"] == [1.0]
    assert document["events"] == {"PostPublished": 1, "ReactionGiven": 2, "PointsAwarded": 1}


def test_the_dead_letter_metric_the_alarm_watches_keeps_its_own_name(
    capsys: pytest.CaptureFixture[str],
) -> None:
    count_business_event("StreamRecordDeadLettered")
    publish_metrics()
    (document,) = published(capsys.readouterr().out)
    assert document["StreamRecordDeadLettered"] == [1.0]


def test_an_event_without_a_kind_still_counts_under_other_activity(
    capsys: pytest.CaptureFixture[str],
) -> None:
    count_business_event("SomethingNew")
    publish_metrics()
    (document,) = published(capsys.readouterr().out)
    assert document["OtherActivity"] == [1.0] and document["events"] == {"SomethingNew": 1}


def test_a_flush_publishes_each_event_once_and_nothing_when_nothing_happened(
    capsys: pytest.CaptureFixture[str],
) -> None:
    count_business_event("CommentAdded")
    publish_metrics()
    publish_metrics()
    assert len(published(capsys.readouterr().out)) == 1


def test_the_metric_names_are_a_handful() -> None:
    assert len(observability.METRIC_NAMES) <= 8
    assert set(observability.EVENT_METRICS.values()) < observability.METRIC_NAMES


def test_every_request_answered_with_a_server_error_is_written_down() -> None:
    assert observability.request_log_level(500, 12.0, draw=0.99) == logging.ERROR
    assert observability.request_log_level(503, 12.0, draw=0.99) == logging.ERROR


def test_a_slow_request_is_written_down_whatever_the_draw() -> None:
    slow = observability.SLOW_REQUEST_MS
    assert observability.request_log_level(200, slow, draw=0.99) == logging.WARNING


def test_requests_that_went_well_are_written_down_for_a_sampled_share_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("KRING_REQUEST_LOG_SAMPLE_RATE", raising=False)
    rate = observability.DEFAULT_REQUEST_LOG_SAMPLE_RATE
    assert 0 < rate < 1
    assert observability.request_log_level(200, 40.0, draw=rate / 2) == logging.INFO
    assert observability.request_log_level(404, 40.0, draw=rate / 2) == logging.INFO
    assert observability.request_log_level(200, 40.0, draw=rate) is None
    assert observability.request_log_level(429, 40.0, draw=0.99) is None


def test_the_local_console_can_ask_for_every_request(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KRING_REQUEST_LOG_SAMPLE_RATE", "1")
    assert observability.request_log_level(200, 40.0, draw=0.999) == logging.INFO
