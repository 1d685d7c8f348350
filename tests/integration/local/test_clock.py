"""The local clock fires app schedules from their expressions and Scheduler schedules from the emulator."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from chalice import Chalice, Cron, Rate

from chalicelib.store import organisations
from local import emulator
from local.clock import LocalClock, function_for
from local.handlers import lambda_functions
from tests.integration.local.conftest import Emulator, FakeNow

START = datetime(2026, 3, 2, 1, 0, 0, tzinfo=UTC)


def schedule_app() -> tuple[Chalice, list[tuple[str, dict[str, Any]]]]:
    app = Chalice(app_name="clocktest")
    fired: list[tuple[str, dict[str, Any]]] = []

    @app.schedule(Rate(5, unit=Rate.MINUTES), name="every_five")
    def every_five(event: Any) -> None:
        fired.append(("every_five", event.to_dict()))

    @app.schedule(Cron(15, 1, "*", "*", "?", "*"), name="nightly")
    def nightly(event: Any) -> None:
        fired.append(("nightly", event.to_dict()))

    @app.schedule("cron(0 9 ? * MON *)", name="weekly")
    def weekly(event: Any) -> None:
        raise RuntimeError("a failing job does not stop the clock")

    return app, fired


def test_app_schedules_fire_from_their_own_expressions(tmp_path: Path) -> None:
    app, fired = schedule_app()
    now = FakeNow(START)
    clock = LocalClock(app, now=now, state_file=tmp_path / "fired.json")
    assert clock.next_firings() == {
        "every_five": START + timedelta(minutes=5),
        "nightly": START + timedelta(minutes=15),
        "weekly": datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
    }

    assert clock.tick() == []
    now.advance(minutes=4, seconds=59)
    assert clock.tick() == []
    now.advance(seconds=1)
    assert clock.tick() == ["every_five"]
    assert clock.tick() == []
    now.advance(minutes=10)
    assert clock.tick() == ["every_five", "nightly"]
    now.advance(hours=1)  # several missed rate firings collapse into one
    assert clock.tick() == ["every_five"]
    now.moment = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert clock.tick() == ["every_five", "weekly"]

    name, event = fired[1]
    assert name == "every_five"
    assert set(event) == {
        "version",
        "id",
        "detail-type",
        "source",
        "account",
        "time",
        "region",
        "resources",
        "detail",
    }
    assert event["detail-type"] == "Scheduled Event"
    assert event["source"] == "aws.events"
    assert event["version"] == "0"
    assert event["detail"] == {}
    assert event["region"] == "eu-west-1"
    assert event["time"] == "2026-03-02T01:10:00Z"  # the time it was due (the clock was moved past it)
    assert event["resources"] == ["arn:aws:events:eu-west-1:123456789012:rule/clocktest-dev-every_five"]
    assert fired[2][0] == "nightly" and fired[2][1]["time"] == "2026-03-02T01:15:00Z"


def test_the_apps_nightly_job_runs_when_its_cron_comes(local_emulator: Emulator, tmp_path: Path) -> None:
    org_id = f"clock-{uuid.uuid4().hex[:6]}"
    organisations.create_organisation(org_id, "Clock Org", "Europe/Brussels", "en", START)
    now = FakeNow(datetime(2026, 3, 2, 1, 14, 30, tzinfo=UTC))
    clock = LocalClock(local_emulator.app, now=now, state_file=tmp_path / "fired.json")
    assert clock.tick() == []
    now.advance(seconds=30)
    assert clock.tick() == ["nightly_member_counts"]
    organisation = organisations.get_organisation(org_id)
    assert organisation is not None and organisation.stats_updated_at is not None


def create_one_time_schedule(
    local_emulator: Emulator, name: str, when: datetime, payload: dict[str, Any], delete: bool
) -> None:
    # As the app creates them: in its schedule group, targeting run_scheduled_job (emulator env).
    request: dict[str, Any] = {
        "Name": name,
        "GroupName": emulator.SCHEDULE_GROUP,
        "ScheduleExpression": f"at({when.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%S')})",
        "ScheduleExpressionTimezone": "UTC",
        "FlexibleTimeWindow": {"Mode": "OFF"},
        "Target": {
            "Arn": emulator.SCHEDULED_JOB_FUNCTION_ARN,
            "RoleArn": emulator.SCHEDULER_ROLE_ARN,
            "Input": json.dumps(payload),
        },
    }
    if delete:
        request["ActionAfterCompletion"] = "DELETE"
    local_emulator.client("scheduler").create_schedule(**request)


def schedule_names(local_emulator: Emulator) -> set[str]:
    schedules = local_emulator.client("scheduler").list_schedules(GroupName=emulator.SCHEDULE_GROUP)
    return {s["Name"] for s in schedules["Schedules"]}


def test_a_one_time_schedule_fires_once_and_is_deleted(local_emulator: Emulator, tmp_path: Path) -> None:
    org_id = f"sched-{uuid.uuid4().hex[:6]}"
    organisations.create_organisation(org_id, "Scheduled Org", "Europe/Brussels", "en", START)
    name = f"refresh-{org_id}"
    now = FakeNow(datetime.now(UTC))
    create_one_time_schedule(
        local_emulator,
        name,
        now.moment + timedelta(minutes=10),
        {"job": "refresh_member_counts", "org_id": org_id},
        delete=True,
    )
    clock = LocalClock(local_emulator.app, local_emulator.url, now=now, state_file=tmp_path / "fired.json")

    assert name not in clock.tick()
    assert organisations.get_organisation(org_id).stats_updated_at is None  # type: ignore[union-attr]
    now.advance(minutes=10)
    assert name in clock.tick()  # (with the app's every-minute schedules, which are due too)
    assert organisations.get_organisation(org_id).stats_updated_at is not None  # type: ignore[union-attr]
    assert name not in schedule_names(local_emulator)
    assert name not in clock.tick()


def test_a_kept_one_time_schedule_never_fires_twice_even_after_a_restart(
    local_emulator: Emulator, tmp_path: Path
) -> None:
    name = f"kept-{uuid.uuid4().hex[:6]}"
    now = FakeNow(datetime.now(UTC))
    create_one_time_schedule(
        local_emulator, name, now.moment - timedelta(minutes=1), {"job": "unknown"}, delete=False
    )
    state = tmp_path / "fired.json"
    assert LocalClock(local_emulator.app, local_emulator.url, now=now, state_file=state).tick() == [name]
    assert name in schedule_names(local_emulator)
    now.advance(days=1)
    restarted = LocalClock(local_emulator.app, local_emulator.url, now=now, state_file=state)
    assert name not in restarted.tick()
    local_emulator.client("scheduler").delete_schedule(Name=name, GroupName=emulator.SCHEDULE_GROUP)


def test_a_lambda_arn_names_the_apps_function(local_emulator: Emulator) -> None:
    functions = lambda_functions(local_emulator.app)
    arn = "arn:aws:lambda:eu-west-1:123456789012:function:kring-prod-run_scheduled_job"
    assert function_for(functions, arn).name == "run_scheduled_job"  # type: ignore[union-attr]
    assert function_for(functions, "arn:aws:lambda:eu-west-1:1:function:run_scheduled_job") is not None
    assert function_for(functions, "arn:aws:lambda:eu-west-1:1:function:kring-dev-other") is None
    assert function_for(functions, "arn:aws:sqs:eu-west-1:1:queue") is None
