"""EventBridge pattern matching decides which `@app.on_cw_event` handler gets an event."""

from __future__ import annotations

import pytest

from local.event_patterns import matches

EVENT = {
    "source": "aws.s3",
    "detail-type": "Object Created",
    "resources": ["arn:aws:s3:::media"],
    "detail": {"bucket": {"name": "media"}, "object": {"key": "orgs/demo/media/x/photo.jpg", "size": 3}},
}


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ({"source": ["aws.s3"]}, True),
        ({"source": ["aws.events", "aws.s3"]}, True),
        ({"source": ["aws.events"]}, False),
        ({"source": ["aws.s3"], "detail-type": ["Object Created"]}, True),
        ({"source": ["aws.s3"], "detail-type": ["Object Deleted"]}, False),
        ({"detail": {"bucket": {"name": ["media"]}}}, True),
        ({"detail": {"bucket": {"name": ["other"]}}}, False),
        ({"detail": {"object": {"key": [{"prefix": "orgs/"}]}}}, True),
        ({"detail": {"object": {"key": [{"prefix": "tmp/"}]}}}, False),
        ({"detail": {"object": {"version-id": [{"exists": False}]}}}, True),
        ({"detail": {"object": {"version-id": [{"exists": True}]}}}, False),
        ({"detail": {"missing": {"deeper": ["x"]}}}, False),
        ({"resources": ["arn:aws:s3:::media"]}, True),  # a list field matches on any common value
        ({"detail": {"object": {"size": [3]}}}, True),
        ({}, True),
    ],
)
def test_pattern(pattern: dict[str, object], expected: bool) -> None:
    assert matches(pattern, EVENT) is expected


def test_a_pattern_value_must_be_a_list_or_an_object() -> None:
    with pytest.raises(ValueError):
        matches({"source": "aws.s3"}, EVENT)
