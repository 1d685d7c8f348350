"""One-time jobs that EventBridge Scheduler schedules invoke, by name.

A schedule's payload is {"job": NAME, "org_id": ORG, "args": {...}}; the organisation is part
of the payload the app itself wrote when it created the schedule, never client input.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib.campaigns.lifecycle import run_transition
from chalicelib.campaigns.schedules import JOB as CAMPAIGN_TRANSITION_JOB
from chalicelib.identity.member_counts import refresh_member_counts
from chalicelib.media.attachments import DELETE_MEDIA_JOB, delete_media
from chalicelib.observability import logger

JOBS: dict[str, Callable[..., Any]] = {
    "refresh_member_counts": lambda org_id, **_: refresh_member_counts(org_id),
    DELETE_MEDIA_JOB: lambda org_id, media_ids=(), post_id=None, **_: delete_media(
        org_id, [str(m) for m in media_ids], post_id
    ),
    CAMPAIGN_TRANSITION_JOB: lambda org_id, campaign_id="", at=None, **_: run_transition(
        org_id, str(campaign_id), str(at) if at else None
    ),
}


def run_job(payload: dict[str, Any]) -> dict[str, Any]:
    name = payload.get("job")
    org_id = payload.get("org_id")
    job = JOBS.get(str(name))
    if job is None or not isinstance(org_id, str):
        logger.error("Unknown or malformed scheduled job", extra={"job": name})
        return {"ran": False, "reason": "unknown job"}
    result = job(org_id, **(payload.get("args") or {}))
    return {"ran": True, "job": name, "org_id": org_id, "result": result}
