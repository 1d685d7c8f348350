"""Sample events from events/, adapted to a test's own organisation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

EVENTS = Path(__file__).resolve().parents[2] / "events"


def sample(name: str) -> dict[str, Any]:
    return json.loads((EVENTS / name).read_text())  # type: ignore[no-any-return]


def in_organisation(event: dict[str, Any], org_id: str) -> dict[str, Any]:
    """The sample's keys moved from the demo organisation's partitions to `org_id`'s."""
    text = json.dumps(event).replace('"ORG#demo#', f'"ORG#{org_id}#').replace('"ORG#demo"', f'"ORG#{org_id}"')
    return json.loads(text)  # type: ignore[no-any-return]


def post_published(org_id: str, community_id: str, post_id: str, author_id: str) -> dict[str, Any]:
    event = in_organisation(sample("dynamodb_post_published.json"), org_id)
    image = event["Records"][0]["dynamodb"]["NewImage"]
    image["org_id"]["S"] = org_id
    image["community_id"]["S"] = community_id
    image["post_id"]["S"] = post_id
    image["author_id"]["S"] = author_id
    return event


def stream_sample(name: str, **fields: str) -> dict[str, Any]:
    """A stream sample whose new image's string fields are set to `fields` (mentions emptied), in the
    keys of the organisation `fields` names."""
    event = sample(name)
    if "org_id" in fields:
        event = in_organisation(event, fields["org_id"])
    image = event["Records"][0]["dynamodb"]["NewImage"]
    for field, value in fields.items():
        image[field] = {"S": value}
    if "mentions" in image:
        image["mentions"] = {"L": []}
    return event
