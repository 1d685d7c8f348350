"""The local clock: fires the app's `@app.schedule` handlers and the emulator's Scheduler schedules.

App schedules fire from their own `rate(...)` / `cron(...)` expressions (UTC, as EventBridge
rules run) with the event EventBridge sends a scheduled Lambda. Rates count from when the clock
started; a firing missed while the stack was stopped is not caught up.

EventBridge Scheduler schedules the app creates in the emulator (moto stores them but never
fires them) are read with ListSchedules/GetSchedule; when one is due, the `@app.lambda_function`
its target ARN names is invoked with the target's Input, as Scheduler invokes Lambda.
`ActionAfterCompletion: DELETE` deletes a one-time schedule once it has fired. What fired is
remembered under .kring/, so nothing fires twice across restarts.

`now` is injectable so tests drive the clock with a controlled time instead of waiting. The whole
stack's time can also be moved ahead (`kring clock --ahead-days N`, which writes .kring/clock-ahead.json):
each tick applies it to the app's clock (chalicelib.ids.travel) and fires what is due by then, so a
journey can play "the next day" (a refresher due, the daily reminder) without waiting for it.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from chalice.app import Chalice

from chalicelib import ids
from local import dead_letters, emulator, home
from local.handlers import LambdaFunction, ScheduleSource, invoke, lambda_functions, schedule_sources
from local.schedule_expressions import AtSchedule, Schedule, parse

log = logging.getLogger(__name__)
Now = Callable[[], datetime]


def utc_now() -> datetime:
    """The app's time: the real time, moved ahead as far as the stack's clock was (see the module doc)."""
    return ids.utc_now()


def fired_path() -> Path:
    return home.path("clock-fired.json")


def ahead_path() -> Path:
    return home.path("clock-ahead.json")


def applied_path() -> Path:
    return home.path("clock-applied.json")


def read_applied() -> timedelta | None:
    """How far ahead the running stack's clock last applied (None: no stack applied one yet)."""
    seconds = home.read_json(applied_path(), {}).get("seconds")
    return timedelta(seconds=float(seconds)) if isinstance(seconds, int | float) else None


def wait_until_applied(offset: timedelta, timeout_seconds: float = 20.0) -> bool:
    """Wait for the running stack's next tick to run at `offset` (False: it did not in time).

    A tick that fires many schedules holds the clock for a while; a journey that moves the clock
    and acts at once would otherwise act at the old time."""
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline:
        if read_applied() == offset:
            return True
        time.sleep(0.1)
    return False


def set_ahead(offset: timedelta) -> None:
    """Move the running stack's time this far ahead of the real time (timedelta(0): back to now)."""
    home.write_json(ahead_path(), {"seconds": offset.total_seconds()})


def read_ahead() -> timedelta:
    seconds = home.read_json(ahead_path(), {}).get("seconds", 0)
    return timedelta(seconds=float(seconds)) if isinstance(seconds, int | float) else timedelta(0)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def scheduled_event(rule_name: str, at: datetime) -> dict[str, Any]:
    """The event an EventBridge schedule rule sends its Lambda target."""
    region, account = emulator.LOCAL_REGION, emulator.LOCAL_ACCOUNT
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": account,
        "time": _iso(at),
        "region": region,
        "resources": [f"arn:aws:events:{region}:{account}:rule/{rule_name}"],
        "detail": {},
    }


@dataclass
class _AppSchedule:
    source: ScheduleSource
    schedule: Schedule
    next_at: datetime | None


def function_for(functions: list[LambdaFunction], target_arn: str) -> LambdaFunction | None:
    """The handler a Lambda ARN names: `...:function:kring-dev-run_scheduled_job` -> run_scheduled_job."""
    parts = target_arn.split(":")
    if len(parts) < 7 or parts[2] != "lambda" or parts[5] != "function":
        return None
    function_name = parts[6]
    for function in functions:
        if function_name == function.name or function_name.endswith(f"-{function.name}"):
            return function
    return None


class LocalClock:
    def __init__(
        self,
        app: Chalice,
        endpoint_url: str | None = None,
        now: Now = utc_now,
        stage: str = "dev",
        max_attempts: int = 3,
        state_file: Path | None = None,
        dead_letter_file: Path | None = None,
    ) -> None:
        self._app = app
        self._now = now
        self._stage = stage
        self._max_attempts = max_attempts
        self._state_file = state_file or fired_path()
        self._dead_letter_file = dead_letter_file
        self._functions = lambda_functions(app)
        self._scheduler = emulator.client("scheduler", endpoint_url) if endpoint_url else None
        self._attempts: dict[str, int] = {}
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        started = now()
        self._app_schedules = []
        for source in schedule_sources(app):
            schedule = parse(source.expression, anchor=started)
            self._app_schedules.append(_AppSchedule(source, schedule, schedule.next_after(started)))
        self._first_seen: dict[str, datetime] = {}
        self._applied: timedelta | None = None

    def next_firings(self) -> dict[str, datetime | None]:
        return {entry.source.name: entry.next_at for entry in self._app_schedules}

    def tick(self) -> list[str]:
        """Fire whatever is due now; returns the names of what fired."""
        with self._lock:
            ahead = read_ahead()
            ids.travel(ahead)
            if ahead != self._applied:
                home.write_json(applied_path(), {"seconds": ahead.total_seconds()})
                self._applied = ahead
            now = self._now()
            fired = self._fire_app_schedules(now)
            if self._scheduler is not None:
                fired.extend(self._fire_scheduler_schedules(now))
            return fired

    # App schedules (EventBridge rules) ---------------------------------------------------

    def _fire_app_schedules(self, now: datetime) -> list[str]:
        fired: list[str] = []
        for entry in self._app_schedules:
            if entry.next_at is None or entry.next_at > now:
                continue
            rule = f"{self._app.app_name}-{self._stage}-{entry.source.name}"
            log.debug("Firing schedule %s (%s)", entry.source.name, entry.source.expression)
            try:
                invoke(
                    self._app, entry.source.name, entry.source.handler, scheduled_event(rule, entry.next_at)
                )
            except Exception:
                # EventBridge retries a failed async invocation twice and then drops it; the
                # next firing comes at its normal time either way.
                log.exception("Scheduled handler %s failed", entry.source.name)
            fired.append(entry.source.name)
            entry.next_at = entry.schedule.next_after(now)  # missed firings collapse into one
        return fired

    # EventBridge Scheduler schedules -----------------------------------------------------

    def _schedules(self) -> list[dict[str, Any]]:
        assert self._scheduler is not None
        found: list[dict[str, Any]] = []
        for page in self._scheduler.get_paginator("list_schedules").paginate():
            found.extend(page.get("Schedules", []))
        return found

    def _fire_scheduler_schedules(self, now: datetime) -> list[str]:
        assert self._scheduler is not None
        fired_log: dict[str, str] = home.read_json(self._state_file, {})
        fired: list[str] = []
        for summary in self._schedules():
            if summary.get("State") == "DISABLED":
                continue
            schedule = self._scheduler.get_schedule(Name=summary["Name"], GroupName=summary["GroupName"])
            key = "|".join(
                [
                    schedule["Arn"],
                    schedule["ScheduleExpression"],
                    schedule.get("ScheduleExpressionTimezone", ""),
                ]
            )
            due = self._due(schedule, key, fired_log, now)
            if due is None:
                continue
            if self._fire_schedule(schedule, key, due):
                fired_log[key] = _iso(now)
                home.write_json(self._state_file, fired_log)
                fired.append(schedule["Name"])
                if isinstance(self._parse(schedule, due), AtSchedule) and (
                    schedule.get("ActionAfterCompletion") == "DELETE"
                ):
                    self._scheduler.delete_schedule(Name=schedule["Name"], GroupName=schedule["GroupName"])
                    log.info("Deleted completed schedule %s", schedule["Name"])
        return fired

    @staticmethod
    def _parse(schedule: dict[str, Any], anchor: datetime) -> Schedule:
        return parse(schedule["ScheduleExpression"], anchor, schedule.get("ScheduleExpressionTimezone"))

    def _due(
        self, schedule: dict[str, Any], key: str, fired_log: dict[str, str], now: datetime
    ) -> datetime | None:
        """When the schedule was due, if it is due now and has not fired for that time yet."""
        end = schedule.get("EndDate")
        if isinstance(end, datetime) and end <= now:
            return None
        anchor = schedule.get("StartDate") or schedule.get("CreationDate") or now
        if not isinstance(anchor, datetime):
            anchor = now
        try:
            parsed = self._parse(schedule, anchor)
        except ValueError:
            log.warning("Schedule %s has an expression the clock cannot read", schedule["Name"])
            return None
        if isinstance(parsed, AtSchedule):
            # One-time: due once its moment has come, even if the stack was stopped then.
            return parsed.when if key not in fired_log and parsed.when <= now else None
        last = fired_log.get(key)
        since = datetime.strptime(last, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC) if last else None
        since = since or self._first_seen.setdefault(key, now)  # recurring: no catch-up before first sight
        due = parsed.next_after(since)
        return due if due is not None and due <= now else None

    def _fire_schedule(self, schedule: dict[str, Any], key: str, due: datetime) -> bool:
        """Invoke the target; True when the firing is done with (succeeded or gave up)."""
        target = schedule.get("Target", {})
        function = function_for(self._functions, target.get("Arn", ""))
        if function is None:
            log.warning(
                "Schedule %s targets %s, which the app does not define", schedule["Name"], target.get("Arn")
            )
            dead_letters.record(
                f"scheduler:{schedule['Name']}", "unknown target", target, self._dead_letter_file
            )
            return True
        payload = json.loads(target["Input"]) if target.get("Input") else {}
        log.debug("Firing Scheduler schedule %s -> %s", schedule["Name"], function.name)
        try:
            invoke(self._app, function.name, function.handler, payload)
        except Exception as exc:
            attempts = self._attempts.get(key, 0) + 1
            self._attempts[key] = attempts
            log.exception("Schedule %s: %s failed (attempt %d)", schedule["Name"], function.name, attempts)
            if attempts < self._max_attempts:
                return False
            dead_letters.record(
                f"scheduler:{schedule['Name']}",
                f"{type(exc).__name__}: {exc}",
                payload,
                self._dead_letter_file,
            )
        self._attempts.pop(key, None)
        return True

    # Running -----------------------------------------------------------------------------

    def run(self, interval_seconds: float = 1.0) -> None:
        while not self._stopping.is_set():
            try:
                self.tick()
            except Exception:
                log.exception("Local clock error; trying again shortly")
                self._stopping.wait(5)
            self._stopping.wait(interval_seconds)

    def stop(self) -> None:
        self._stopping.set()

    def start(self, interval_seconds: float = 1.0) -> threading.Thread:
        thread = threading.Thread(target=self.run, args=(interval_seconds,), name="local-clock", daemon=True)
        thread.start()
        return thread
