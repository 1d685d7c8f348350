"""The stream consumer's filter: the event source mapping drops, before any invocation, exactly the
records that could make no domain event, and the local poller and the bench drop the same."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from chalicelib.reactors.events.registry import (
    EVENT_MAPPERS,
    ONLY_ON,
    domain_events,
    reaches_consumer,
    stream_filter_patterns,
)

EVENTS = Path(__file__).resolve().parents[2] / "events"


def record(event_name: str, new: dict[str, Any] | None, old: dict[str, Any] | None = None) -> dict[str, Any]:
    change: dict[str, Any] = {"Keys": {"pk": {"S": "ORG#o#X"}, "sk": {"S": "Y"}}}
    if new is not None:
        change["NewImage"] = new
    if old is not None:
        change["OldImage"] = old
    return {"eventName": event_name, "dynamodb": change}


def typed(item_type: str) -> dict[str, Any]:
    return {"pk": {"S": "ORG#o#X"}, "sk": {"S": "Y"}, "type": {"S": item_type}}


def matches(pattern: dict[str, Any], value: Any) -> bool:
    """Lambda's filter rule for what these patterns use: nested keys, and a list of values of which
    the record's must equal one."""
    if isinstance(pattern, list):
        return value in pattern
    return isinstance(value, dict) and all(matches(p, value.get(key)) for key, p in pattern.items())


def passes_on_aws(rec: dict[str, Any]) -> bool:
    return any(matches(json.loads(pattern), rec) for pattern in stream_filter_patterns())


def sample_records() -> list[dict[str, Any]]:
    found = []
    for path in sorted(EVENTS.glob("dynamodb_*.json")):
        found.extend(json.loads(path.read_text())["Records"])
    return found


def test_every_sample_record_that_makes_an_event_reaches_the_consumer() -> None:
    samples = sample_records()
    assert samples
    for rec in samples:
        assert domain_events(rec), rec["dynamodb"]["Keys"]
        assert reaches_consumer(rec) and passes_on_aws(rec)


@pytest.mark.parametrize("item_type", sorted(set(EVENT_MAPPERS) - set(ONLY_ON)))
def test_changes_of_every_item_type_with_a_mapper_pass_also_when_removed(item_type: str) -> None:
    for rec in (
        record("INSERT", typed(item_type)),
        record("MODIFY", typed(item_type), typed(item_type)),
        record("REMOVE", None, typed(item_type)),
    ):
        assert reaches_consumer(rec) and passes_on_aws(rec)


@pytest.mark.parametrize(
    "item_type", ["points_entry", "board_entry", "inbox_counter", "effect", "idempotency"]
)
def test_what_no_mapper_reads_is_dropped_and_would_have_made_no_event(item_type: str) -> None:
    assert item_type not in EVENT_MAPPERS
    for rec in (record("INSERT", typed(item_type)), record("REMOVE", None, typed(item_type))):
        assert domain_events(rec) == []
        assert not reaches_consumer(rec) and not passes_on_aws(rec)


def test_a_notification_reaches_the_consumer_only_when_it_leaves_the_inbox() -> None:
    note = {
        **typed("notification"),
        "org_id": {"S": "o"},
        "recipient_id": {"S": "u"},
        "notification_id": {"S": "n"},
        "unread": {"BOOL": True},
    }
    written, read = record("INSERT", note), record("MODIFY", {**note, "unread": {"BOOL": False}}, note)
    for rec in (written, read):
        assert domain_events(rec) == []
        assert not reaches_consumer(rec) and not passes_on_aws(rec)
    expired = record("REMOVE", None, note)
    assert [type(event).__name__ for event in domain_events(expired)] == ["NotificationRemoved"]
    assert reaches_consumer(expired) and passes_on_aws(expired)


def test_a_profile_reaches_the_consumer_only_when_it_changes_so_a_deactivation_is_seen() -> None:
    profile = {**typed("user"), "org_id": {"S": "o"}, "user_id": {"S": "u"}, "status": {"S": "active"}}
    deactivated = {**profile, "status": {"S": "deactivated"}}
    for rec in (record("INSERT", profile), record("REMOVE", None, profile)):
        assert domain_events(rec) == []
        assert not reaches_consumer(rec) and not passes_on_aws(rec)
    change = record("MODIFY", deactivated, profile)
    assert [type(event).__name__ for event in domain_events(change)] == ["MemberDeactivated"]
    assert reaches_consumer(change) and passes_on_aws(change)


def test_a_record_without_a_type_is_dropped_as_it_made_nothing() -> None:
    rec = record("INSERT", {"pk": {"S": "ORG#o#X"}, "sk": {"S": "Y"}})
    assert domain_events(rec) == [] and not reaches_consumer(rec) and not passes_on_aws(rec)
