"""The campaign sweeper's Lambda entry (every five minutes)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib import bootstrap
from chalicelib.campaigns.lifecycle import sweep
from chalicelib.observability import publish_metrics


def sweep_campaigns(event: dict[str, Any], context: Any) -> None:
    """Opens, reminds and closes whatever campaign is due, so a schedule that did not fire heals."""
    bootstrap.ready()
    sweep(event_time(event))
    publish_metrics()


def event_time(event: dict[str, Any]) -> datetime | None:
    """When EventBridge fired the rule (its event's `time`)."""
    raw = event.get("time")
    try:
        return datetime.fromisoformat(str(raw).replace("Z", "+00:00")) if raw else None
    except ValueError:
        return None
