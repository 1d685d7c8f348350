"""The EventBridge Scheduler adapter: one-time schedules that run a job of chalicelib.jobs.registry:
create, update (a changed time) and delete (idempotent)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

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


def _configured() -> bool:
    config = get_config()
    return bool(config.schedule_group and config.scheduler_role_arn and config.scheduler_target_arn)


def _target(job: str, org_id: str, args: dict[str, Any]) -> dict[str, Any]:
    config = get_config()
    target: dict[str, Any] = {
        "Arn": config.scheduler_target_arn,
        "RoleArn": config.scheduler_role_arn,
        "Input": json.dumps(job_payload(job, org_id, args)),
        "RetryPolicy": RETRY_POLICY,
    }
    if config.scheduler_dlq_arn:
        target["DeadLetterConfig"] = {"Arn": config.scheduler_dlq_arn}
    return target


def _wall_time(moment: datetime, timezone: str) -> datetime:
    """The wall-clock time (naive) of a moment in the zone."""
    return moment.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)


def is_unambiguous(moment: datetime, timezone: str) -> bool:
    """True when the moment's local wall time (to the second) names exactly it: not in the hour
    that happens twice when the clocks go back."""
    exact = moment.astimezone(UTC).replace(microsecond=0)
    local, tz = _wall_time(exact, timezone), ZoneInfo(timezone)
    first = local.replace(tzinfo=tz, fold=0).astimezone(UTC)
    second = local.replace(tzinfo=tz, fold=1).astimezone(UTC)
    return first == exact == second


def local_at_expression(moment: datetime, timezone: str) -> tuple[str, str]:
    """`at(...)` in the zone's wall-clock time and the zone, for a one-time schedule at `moment`.

    A moment in the hour that happens twice when the clocks go back cannot be named by a local
    wall time; it is scheduled in UTC instead (the same moment)."""
    if timezone and timezone != "UTC" and is_unambiguous(moment, timezone):
        return f"at({_wall_time(moment, timezone).strftime('%Y-%m-%dT%H:%M:%S')})", timezone
    return at_expression(moment), "UTC"


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def put_job_schedule(
    name: str, when: datetime, timezone: str, job: str, org_id: str, args: dict[str, Any]
) -> bool:
    """Create the one-time schedule `name`, or update it to `when` and this payload if it exists.

    Its expression is local time in `timezone` (ScheduleExpressionTimezone); it deletes itself
    once it ran. False when the scheduler is not configured (nothing scheduled)."""
    if not _configured():
        logger.error("One-time job not scheduled: the scheduler is not configured", extra={"job": job})
        return False
    expression, zone = local_at_expression(when, timezone)
    _put_schedule(name, expression, zone, "DELETE", job, org_id, args)
    return True


def put_recurring_job_schedule(
    name: str, expression: str, timezone: str, job: str, org_id: str, args: dict[str, Any]
) -> bool:
    """Create or update the recurring schedule `name` (a `cron(...)` in `timezone`'s wall-clock time,
    so a daily job keeps its local hour across daylight saving). False when the scheduler is not
    configured (nothing scheduled)."""
    if not _configured():
        logger.error("Recurring job not scheduled: the scheduler is not configured", extra={"job": job})
        return False
    _put_schedule(name, expression, timezone, "NONE", job, org_id, args)
    return True


def _put_schedule(
    name: str, expression: str, zone: str, after: str, job: str, org_id: str, args: dict[str, Any]
) -> None:
    request: dict[str, Any] = {
        "Name": name,
        "GroupName": get_config().schedule_group,
        "ScheduleExpression": expression,
        "ScheduleExpressionTimezone": zone,
        "FlexibleTimeWindow": {"Mode": "OFF"},
        "ActionAfterCompletion": after,
        "State": "ENABLED",
        "Target": _target(job, org_id, args),
        "Description": f"{job} for {org_id}"[:512],
    }
    scheduler = aws_client("scheduler")
    try:
        scheduler.update_schedule(**request)  # UpdateSchedule replaces the whole schedule
    except ClientError as exc:
        if _code(exc) != "ResourceNotFoundException":
            raise
        try:
            scheduler.create_schedule(**request)
        except ClientError as again:
            if _code(again) != "ConflictException":  # created meanwhile: the next change updates it
                raise


def delete_job_schedule(name: str) -> bool:
    """Delete the schedule `name`; one that is not there (never made, or ran and deleted itself) is fine.

    True when it was there."""
    if not _configured():
        return False
    try:
        aws_client("scheduler").delete_schedule(Name=name, GroupName=get_config().schedule_group)
    except ClientError as exc:
        if _code(exc) == "ResourceNotFoundException":
            return False
        raise
    return True


def schedule_job_once(name: str, when: datetime, job: str, org_id: str, args: dict[str, Any]) -> bool:
    """Run `job` for the organisation at `when` (UTC); the schedule deletes itself afterwards.

    The name makes it idempotent: a schedule that already exists is left as it is (False).
    Without the scheduler settings (KRING_SCHEDULE_GROUP etc.) nothing is scheduled (False).
    """
    if not _configured():
        logger.error("One-time job not scheduled: the scheduler is not configured", extra={"job": job})
        return False
    try:
        aws_client("scheduler").create_schedule(
            Name=name,
            GroupName=get_config().schedule_group,
            ScheduleExpression=at_expression(when),
            ScheduleExpressionTimezone="UTC",
            FlexibleTimeWindow={"Mode": "OFF"},
            ActionAfterCompletion="DELETE",
            Target=_target(job, org_id, args),
            Description=f"{job} for {org_id}"[:512],
        )
    except ClientError as exc:
        if _code(exc) == "ConflictException":
            return False
        raise
    return True
