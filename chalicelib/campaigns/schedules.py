"""A campaign's schedules: one EventBridge Scheduler one-time schedule per step (`campaign-<id>-open`,
`-remind-<n>`, `-close`, and `-finish` after a close settles) in the organisation's time zone, each
invoking the `campaign_transition` job (chalicelib/jobs/registry.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from chalicelib.campaigns import rules
from chalicelib.ids import utc_now
from chalicelib.scheduler import delete_job_schedule, put_job_schedule
from chalicelib.store.models import CampaignItem

JOB = "campaign_transition"


def schedule_name(campaign_id: str, step: str, index: int | None = None) -> str:
    return f"campaign-{campaign_id}-{step}" + (f"-{index}" if index is not None else "")


def desired_schedules(item: CampaignItem, now: datetime) -> dict[str, datetime | None]:
    """Each schedule of the campaign and when it should fire (None: it should not be there)."""
    live = item.status in (rules.SCHEDULED, rules.OPEN)
    wanted: dict[str, datetime | None] = {}
    opens = item.opens_at if item.status == rules.SCHEDULED else None
    wanted[schedule_name(item.campaign_id, rules.OPEN_STEP)] = opens
    reminders = sorted(str(r) for r in item.reminders or [])
    for index in range(rules.MAX_REMINDERS):
        when = None
        if live and index < len(reminders) and reminders[index] not in (item.reminded or []):
            when = rules.parse_iso(reminders[index])
        wanted[schedule_name(item.campaign_id, rules.REMIND_STEP, index)] = when
    wanted[schedule_name(item.campaign_id, rules.CLOSE_STEP)] = item.closes_at if live else None
    return {name: (when if when is not None and when > now else None) for name, when in wanted.items()}


def sync_schedules(item: CampaignItem, now: datetime | None = None, firing: str | None = None) -> None:
    """Create, update or delete the campaign's schedules to match it (idempotent).

    `firing`: the schedule running now, left alone (it deletes itself when it completes)."""
    now = now or utc_now()
    for name, when in desired_schedules(item, now).items():
        if name == firing:
            continue
        if when is None:
            delete_job_schedule(name)
        else:
            step = name.split("-")[2] if name.count("-") >= 2 else name
            args = {"campaign_id": item.campaign_id, "step": step, "at": when.astimezone(UTC).isoformat()}
            put_job_schedule(name, when, item.timezone, JOB, item.org_id, args)


def schedule_finish(item: CampaignItem, settled: datetime) -> None:
    """Run the close's effects once the last answers are scored (`settled`)."""
    args = {"campaign_id": item.campaign_id, "step": "finish", "at": settled.astimezone(UTC).isoformat()}
    put_job_schedule(
        schedule_name(item.campaign_id, "finish"), settled, item.timezone, JOB, item.org_id, args
    )
