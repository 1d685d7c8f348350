"""The one-time jobs' Lambda entry: EventBridge Scheduler invokes it with `{"job": ..., ...}`."""

from __future__ import annotations

from typing import Any

from chalicelib import bootstrap
from chalicelib.jobs.registry import run_job
from chalicelib.observability import logger, publish_metrics


def run_scheduled_job(event: dict[str, Any], context: Any) -> dict[str, Any]:
    bootstrap.ready()
    logger.info("Scheduled job", extra={"job": event.get("job")})
    result = run_job(event)
    publish_metrics()
    return result
