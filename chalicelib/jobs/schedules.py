"""Creating one-time EventBridge Scheduler schedules that run a job of chalicelib.jobs.registry."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import ClientError

from chalicelib.clients import aws_client
from chalicelib.config import get_config
from chalicelib.observability import logger

# Scheduler retries a failed invocation; after that the payload goes to the dead-letter queue.
RETRY_POLICY = {"MaximumEventAgeInSeconds": 6 * 60 * 60, "MaximumRetryAttempts": 5}


def at_expression(moment: datetime) -> str:
    return f"at({moment.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%S')})"


def job_payload(job: str, org_id: str, args: dict[str, Any]) -> dict[str, Any]:
    return {"job": job, "org_id": org_id, "args": args}


def schedule_job_once(name: str, when: datetime, job: str, org_id: str, args: dict[str, Any]) -> bool:
    """Run `job` for the organisation at `when` (UTC); the schedule deletes itself afterwards.

    The name makes it idempotent: a schedule that already exists is left as it is (False).
    Without the scheduler settings (KRING_SCHEDULE_GROUP etc.) nothing is scheduled (False).
    """
    config = get_config()
    if not (config.schedule_group and config.scheduler_role_arn and config.scheduler_target_arn):
        logger.error("One-time job not scheduled: the scheduler is not configured", extra={"job": job})
        return False
    target: dict[str, Any] = {
        "Arn": config.scheduler_target_arn,
        "RoleArn": config.scheduler_role_arn,
        "Input": json.dumps(job_payload(job, org_id, args)),
        "RetryPolicy": RETRY_POLICY,
    }
    if config.scheduler_dlq_arn:
        target["DeadLetterConfig"] = {"Arn": config.scheduler_dlq_arn}
    try:
        aws_client("scheduler").create_schedule(
            Name=name,
            GroupName=config.schedule_group,
            ScheduleExpression=at_expression(when),
            ScheduleExpressionTimezone="UTC",
            FlexibleTimeWindow={"Mode": "OFF"},
            ActionAfterCompletion="DELETE",
            Target=target,
            Description=f"{job} for {org_id}"[:512],
        )
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") == "ConflictException":
            return False
        raise
    return True
