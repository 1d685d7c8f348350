"""What an organisation costs in the background: the stream consumer and the scheduled jobs, measured.

The cost model (bench/cost.py) prices requests from the per-operation figures of the workload; what
runs without a request (the consumer turning writes into points, notifications and badges, and the
scores those points change into leaderboard entries; the jobs the app's schedules start) depends on
the organisation's size and on how its activity spreads over time, so it is measured here, on the
same harness as the bursts (bench/harness.py, bench/burst_lambda.py), for an organisation of a
given size:

1. A table of its own holds one organisation (Europe/Brussels): members in teams of `team_size`,
   communities, the week's older posts (bench/burst.py's seed).
2. Warm-up (not counted): every member scores `warmup_events_per_member` times within the first
   minute, so every board has its members (as after a few weeks of use); then 5 quiet minutes.
3. Active window (counted as `active`): `window_minutes` of scoring events at the usage profile's
   rate for this size (events a minute = members x scoring events per member and month / active
   minutes a month), evenly spread at random, each written as the request path writes it; then
   `settle_minutes` with nothing new, while the consumer and the jobs still react to what happened.
4. Idle (counted as `idle`): `idle_minutes` with no activity at all.
5. Every schedule of the app that did not fire (the nightly job) is fired once (`single`).

Throughout, the app's `@app.schedule` handlers fire from their own expressions on the simulated clock
(as local/clock.py fires them), the app's clock (`chalicelib.ids.utc_now`) is the simulated one, and
the stream reaches `app.on_table_change` as Lambda's event source mapping delivers it (one shard,
batches of the app's size, polled four times a second). Every DynamoDB request the consumer and the
handlers make is priced with bench/capacity.py through the probe (bench/probe.py), per phase and
source; request-path writes are not priced here (the workload prices the routes).

`python -m bench.upkeep --members 200` runs one size on its own.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bench.burst_lambda import EventSourceMapping, Faults, Record, StreamReader
from bench.burst_plan import BURST_START, COMMENT, POST, REACTION, BurstPlan, make_activity_plan
from bench.capacity import ObservedCall, TableSpec, capacity_of, item_size
from bench.harness import SimulatedClock, burst_table, configure_logging, quiet_metrics

log = logging.getLogger("bench.upkeep")

WARMUP, ACTIVE, IDLE, SINGLE = "warmup", "active", "idle", "single"
CONSUMER = "on_table_change"
MONTH = timedelta(days=30)


@dataclass(frozen=True)
class UpkeepSettings:
    members: int
    scoring_events_per_member_month: float
    active_minutes_per_month: float
    mix: tuple[tuple[str, float], ...] = ((POST, 0.12), (COMMENT, 0.23), (REACTION, 0.65))
    window_minutes: int = 30
    settle_minutes: int = 4
    idle_minutes: int = 10
    warmup_events_per_member: int = 2
    members_per_community: int = 40
    team_size: int = 20
    shards: int = 1
    poll_seconds: float = 0.25
    seed: int = 12

    @property
    def communities(self) -> int:
        return max(3, self.members // self.members_per_community)

    @property
    def events_per_minute(self) -> float:
        return self.members * self.scoring_events_per_member_month / self.active_minutes_per_month

    @property
    def window_start(self) -> float:
        return 6 * 60.0  # the warm-up's events, their consumer and the jobs' reaction to them are over

    @property
    def window_end(self) -> float:
        return self.window_start + self.window_minutes * 60

    @property
    def idle_start(self) -> float:
        return self.window_end + self.settle_minutes * 60

    @property
    def end(self) -> float:
        return self.idle_start + self.idle_minutes * 60

    def phase(self, second: float) -> str:
        if second < self.window_start:
            return WARMUP
        return ACTIVE if second < self.idle_start else IDLE


# Counting -------------------------------------------------------------------------------------


@dataclass
class Usage:
    """What one source did in one phase."""

    invocations: int = 0
    ddb_requests: int = 0
    rcu: float = 0.0
    wcu: float = 0.0
    failed_requests: int = 0
    records: int = 0  # stream records handed to the consumer
    runs: list[dict[str, Any]] = field(default_factory=list)  # a scheduled handler's runs

    def as_dict(self) -> dict[str, Any]:
        figures: dict[str, Any] = {
            "invocations": self.invocations,
            "ddb_requests": self.ddb_requests,
            "rcu": round(self.rcu, 1),
            "wcu": round(self.wcu, 1),
        }
        if self.failed_requests:
            figures["failed_requests"] = self.failed_requests
        if self.records:
            figures["records"] = self.records
        if self.runs:
            figures["runs_with_writes"] = sum(1 for run in self.runs if run["wcu"])
            figures["most_in_one_run"] = max(self.runs, key=lambda run: (run["wcu"], run["rcu"]))
        return figures


class Tally(list[ObservedCall]):
    """The probe's sink: prices each request as it comes (bench/capacity.py) and keeps only sums."""

    def __init__(self, table: TableSpec) -> None:
        super().__init__()
        self.table = table
        self.phase = WARMUP
        self.source = "setup"
        self.usage: dict[tuple[str, str], Usage] = defaultdict(Usage)

    def append(self, call: ObservedCall) -> None:
        capacity = capacity_of(call, self.table)
        usage = self.usage[(self.phase, self.source)]
        usage.ddb_requests += 1
        usage.rcu += capacity.rcu
        usage.wcu += capacity.wcu
        usage.failed_requests += int(call.error_code is not None)

    def current(self) -> Usage:
        return self.usage[(self.phase, self.source)]


# The app's clock, simulated ----------------------------------------------------------------------


@contextmanager
def simulated_utc_now(clock: SimulatedClock) -> Iterator[None]:
    """Every chalicelib module's `utc_now` reads the simulated clock (BURST_START + its seconds)."""
    from chalicelib import ids

    real = ids.utc_now

    def now() -> datetime:
        return BURST_START + timedelta(seconds=clock.now)

    patched = [
        module
        for name, module in list(sys.modules.items())
        if name.startswith("chalicelib") and getattr(module, "utc_now", None) is real
    ]
    for module in patched:
        module.utc_now = now  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for module in patched:
            module.utc_now = real  # type: ignore[attr-defined]


@contextmanager
def faster_string_comparisons() -> Iterator[None]:
    """moto compares key values through `cast_value` (five type checks a comparison): most of the
    simulation's time goes into sorting partitions and matching index keys that way. Strings and
    binaries compare as their values; the result is the same, only sooner."""
    from moto.dynamodb.models.dynamo_type import DynamoType

    real_eq, real_lt = DynamoType.__eq__, DynamoType.__lt__

    def eq(self: Any, other: Any) -> bool:
        if self.type == other.type and self.type in ("S", "B"):
            return bool(self.value == other.value)
        return bool(real_eq(self, other))

    def lt(self: Any, other: Any) -> bool:
        if self.type == other.type and self.type in ("S", "B"):
            return bool(self.value < other.value)
        return bool(real_lt(self, other))

    DynamoType.__eq__, DynamoType.__lt__ = eq, lt  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        DynamoType.__eq__, DynamoType.__lt__ = real_eq, real_lt  # type: ignore[method-assign]


# The organisation ------------------------------------------------------------------------------


def seed_teams(plan: BurstPlan, team_size: int) -> dict[str, str]:
    """Teams of `team_size` members (their profiles name the team): member -> team."""
    from chalicelib.store import keys
    from chalicelib.store.models import KringItem, TeamItem, UserItem

    org, before = plan.org_id, BURST_START - timedelta(days=30)
    placed: dict[str, str] = {}
    with KringItem.batch_write() as batch:
        for start in range(0, len(plan.users), team_size):
            team_id = f"T{start // team_size:03d}"
            people = plan.users[start : start + team_size]
            batch.save(
                TeamItem(
                    keys.org_pk(org),
                    keys.team_sk(team_id),
                    team_id=team_id,
                    org_id=org,
                    name=f"Team {start // team_size + 1}",
                    member_count=len(people),
                    created_at=before,
                    created_by=plan.users[0],
                )
            )
            placed.update({person: team_id for person in people})
    for user_id, team_id in placed.items():
        UserItem(keys.org_pk(org), keys.user_sk(user_id)).update(actions=[UserItem.team_id.set(team_id)])
    return placed


def table_bytes(endpoint_url: str) -> dict[str, Any]:
    """The burst table's items and their bytes (one Scan outside any count; GSI1 entries too), in
    all and for the items that expire (a TTL set: kept for their lifetime, not for ever), and the
    bytes of each item type (items + index entries, 100 bytes of overhead each)."""
    from chalicelib.config import get_config
    from chalicelib.definitions import TTL_ATTRIBUTE
    from local import emulator

    client = emulator.client("dynamodb", endpoint_url)
    figures = dict.fromkeys(
        ("items", "bytes", "index_entries", "index_bytes", "expiring_items", "expiring_stored_bytes"), 0
    )
    by_type: Counter[str] = Counter()
    after: dict[str, Any] | None = None
    while True:
        page = client.scan(
            TableName=get_config().table_name, **({"ExclusiveStartKey": after} if after else {})
        )
        for item in page.get("Items", []):
            size = item_size(item)
            stored = size + 100
            figures["items"] += 1
            figures["bytes"] += size
            if "gsi1pk" in item and "gsi1sk" in item:
                figures["index_entries"] += 1
                figures["index_bytes"] += size
                stored += size + 100
            if TTL_ATTRIBUTE in item:
                figures["expiring_items"] += 1
                figures["expiring_stored_bytes"] += stored
            by_type[item.get("type", {}).get("S", "?")] += stored
        after = page.get("LastEvaluatedKey")
        if not after:
            return {**figures, "stored_bytes_by_type": dict(sorted(by_type.items()))}


# The simulation --------------------------------------------------------------------------------


def moments(settings: UpkeepSettings) -> list[tuple[float, int | None]]:
    """When scoring events happen: the warm-up's (each member, within the first 50 s), then the
    window's at the profile's rate (uniformly at random over the window)."""
    rng = random.Random(settings.seed)
    warmup: list[tuple[float, int | None]] = [
        (rng.uniform(0, 50), member)
        for member in range(settings.members)
        for _ in range(settings.warmup_events_per_member)
    ]
    count = round(settings.events_per_minute * settings.window_minutes)
    window: list[tuple[float, int | None]] = [
        (rng.uniform(settings.window_start, settings.window_end), None) for _ in range(count)
    ]
    return warmup + window


@dataclass
class _Schedule:
    name: str
    expression: str
    handler: Callable[..., Any]
    next_at: float | None
    fired: int = 0


def firings_per_month(expression: str) -> int:
    """How often a schedule expression fires in 30 days (from BURST_START)."""
    from local.schedule_expressions import parse

    schedule = parse(expression, anchor=BURST_START)
    end, moment, count = BURST_START + MONTH, BURST_START, 0
    while True:
        following = schedule.next_after(moment)
        if following is None or following > end:
            return count
        count, moment = count + 1, following
        if count > 60 * 24 * 31:  # more than once a minute is not a schedule EventBridge accepts
            return count


def run_upkeep(settings: UpkeepSettings, resources: Any) -> dict[str, Any]:
    import app as app_module
    from bench.burst import seed, write_as_requests_do
    from bench.probe import DynamoDBProbe
    from chalicelib import definitions
    from local.clock import scheduled_event
    from local.emulator import LOCAL_REGION
    from local.handlers import invoke, schedule_sources, stream_sources
    from local.in_process import direct_dynamodb
    from local.schedule_expressions import parse

    started = time.perf_counter()
    plan = make_activity_plan(
        settings.members, settings.communities, moments(settings), settings.mix, settings.seed
    )
    names = {user_id: f"Member {n + 1}" for n, user_id in enumerate(plan.users)}
    clock = SimulatedClock()
    table = TableSpec.from_definition(definitions.TABLE)
    tally = Tally(table)
    (stream,) = stream_sources(app_module.app)

    def anchor_relative(moment: datetime | None) -> float | None:
        return None if moment is None else (moment - BURST_START).total_seconds()

    schedules = []
    for source in schedule_sources(app_module.app):
        parsed = parse(source.expression, anchor=BURST_START)
        schedules.append(
            _Schedule(
                source.name,
                source.expression,
                source.handler,
                anchor_relative(parsed.next_after(BURST_START)),
            )
        )

    with ExitStack() as stack:
        _, stream_arn = stack.enter_context(burst_table(resources))
        stack.enter_context(direct_dynamodb(resources.endpoint_url))
        stack.enter_context(quiet_metrics())
        stack.enter_context(simulated_utc_now(clock))
        stack.enter_context(faster_string_comparisons())
        probe = DynamoDBProbe(resources.endpoint_url, LOCAL_REGION, table.key_attributes)
        probe.install()
        stack.callback(probe.uninstall)
        with probe.paused():
            seed(plan)
            seed_teams(plan, settings.team_size)
        before_window: dict[str, Any] = {}

        def deliver(batch: list[Record]) -> Any:
            tally.current().invocations += 1
            tally.current().records += len(batch)
            return invoke(app_module.app, stream.name, stream.handler, {"Records": batch})

        reader = StreamReader(resources.endpoint_url, stream_arn)
        mapping = EventSourceMapping(
            deliver,
            settings.shards,
            stream.batch_size,
            settings.poll_seconds,
            redeliver_every=10**9,  # at least once is the bursts' concern; here each batch once
            faults=Faults(set()),
            handled=lambda records: None,
            scoring=lambda record: False,
        )
        events = list(plan.events)
        next_event = 0
        stack.enter_context(probe.capture("upkeep", into=tally))
        log.info(
            "upkeep: %d members, %d communities, %d teams; %d warm-up events, then %d in %d minutes",
            settings.members,
            settings.communities,
            -(-settings.members // settings.team_size),
            settings.members * settings.warmup_events_per_member,
            len(events) - settings.members * settings.warmup_events_per_member,
            settings.window_minutes,
        )
        last_report = time.perf_counter()
        while True:
            event_at = events[next_event].second if next_event < len(events) else None
            due = mapping.next_batch()
            firing = min(
                (s for s in schedules if s.next_at is not None and s.next_at <= settings.end),
                key=lambda s: s.next_at or 0.0,
                default=None,
            )
            steps = [
                (at, kind)
                for at, kind in (
                    (event_at, 0),
                    (due[0] if due else None, 1),
                    (firing.next_at if firing else None, 2),
                )
                if at is not None
            ]
            if not steps:
                break
            at, kind = min(steps)
            clock.now = max(clock.now, at)
            phase = settings.phase(at)
            if phase != WARMUP and not before_window:
                with probe.paused():
                    before_window.update(table_bytes(resources.endpoint_url))
            tally.phase = phase
            # The warm-up is not counted: nothing in it is observed (the probe's reads cost time).
            with probe.paused() if phase == WARMUP else nullcontext():
                if kind == 0:
                    tally.source = "request"
                    with probe.paused():  # the workload prices the routes; only their effects count
                        write_as_requests_do(plan, events[next_event], names)
                    next_event += 1
                elif kind == 1:
                    assert due is not None
                    tally.source = CONSUMER
                    mapping.deliver(due[1], at)
                else:
                    assert firing is not None
                    _fire(app_module.app, firing, at, tally, invoke, scheduled_event)
                    following = parse(firing.expression, anchor=BURST_START).next_after(
                        BURST_START + timedelta(seconds=at)
                    )
                    firing.next_at = anchor_relative(following)
            tally.source = "stream"
            with probe.paused():
                mapping.add(reader.read(), at)
            if time.perf_counter() - last_report > 30:
                last_report = time.perf_counter()
                log.info(
                    "upkeep %d: simulated minute %.1f, %d of %d events, %d batches",
                    settings.members,
                    clock.now / 60,
                    next_event,
                    len(events),
                    mapping.figures.batches,
                )
        clock.now = max(clock.now, settings.end)
        tally.phase = SINGLE
        for schedule in schedules:
            if not schedule.fired:
                _fire(app_module.app, schedule, clock.now, tally, invoke, scheduled_event)
        with probe.paused():
            after = table_bytes(resources.endpoint_url)
    figures = _figures(settings, plan, tally, schedules, before_window, after)
    figures["wall_seconds"] = round(time.perf_counter() - started, 1)
    return figures


def _fire(
    app: Any,
    schedule: _Schedule,
    at: float,
    tally: Tally,
    invoke: Callable[..., Any],
    scheduled_event: Callable[[str, datetime], dict[str, Any]],
) -> None:
    tally.source = schedule.name
    usage = tally.current()
    requests, rcu, wcu = usage.ddb_requests, usage.rcu, usage.wcu
    usage.invocations += 1
    schedule.fired += 1
    rule = f"{app.app_name}-bench-{schedule.name}"
    invoke(app, schedule.name, schedule.handler, scheduled_event(rule, BURST_START + timedelta(seconds=at)))
    usage.runs.append(
        {
            "at_minute": round(at / 60, 2),
            "ddb_requests": usage.ddb_requests - requests,
            "rcu": round(usage.rcu - rcu, 1),
            "wcu": round(usage.wcu - wcu, 1),
        }
    )


def _figures(
    settings: UpkeepSettings,
    plan: BurstPlan,
    tally: Tally,
    schedules: list[_Schedule],
    before_window: dict[str, Any],
    after: dict[str, Any],
) -> dict[str, Any]:
    window_events = [e for e in plan.events if settings.window_start <= e.second < settings.window_end]
    by_phase: dict[str, dict[str, Any]] = defaultdict(dict)
    for (phase, source), usage in sorted(tally.usage.items()):
        if phase != WARMUP and source not in ("request", "stream", "setup"):
            by_phase[phase][source] = usage.as_dict()
    return {
        "members": settings.members,
        "communities": settings.communities,
        "teams": -(-settings.members // settings.team_size),
        "warmup_events": settings.members * settings.warmup_events_per_member,
        "window_minutes": settings.window_minutes,
        "settle_minutes": settings.settle_minutes,
        "idle_minutes": settings.idle_minutes,
        "events_per_minute": round(settings.events_per_minute, 3),
        "window_events": len(window_events),
        "window_events_by_kind": dict(sorted(Counter(e.kind for e in window_events).items())),
        "schedules": {
            s.name: {"expression": s.expression, "firings_per_month": firings_per_month(s.expression)}
            for s in schedules
        },
        # active: the window and the settling minutes after it; idle: nothing happening; single: a
        # schedule that did not fire during the simulation, fired once.
        "active_minutes": settings.window_minutes + settings.settle_minutes,
        "usage": dict(by_phase),
        "table_before_window": before_window,
        "table_after": after,
    }


def measure(members: int, settings: UpkeepSettings | None = None) -> dict[str, Any]:
    """One size for `make bench` (bench/run.py), on the bench's emulator."""
    from bench.cost import upkeep_settings
    from tests.support.stack import start_test_stack

    figures = run_upkeep(settings or upkeep_settings(members), start_test_stack())
    log.info(
        "upkeep %d members: %s",
        members,
        json.dumps(
            {
                phase: {s: (u["ddb_requests"], u["rcu"], u["wcu"]) for s, u in v.items()}
                for phase, v in figures["usage"].items()
            }
        ),
    )
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The upkeep of one organisation (docs/benchmarks.md)")
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--window-minutes", type=int, default=None)
    args = parser.parse_args(argv)
    configure_logging()
    from bench.cost import upkeep_settings
    from bench.run import stdout_to_stderr
    from tests.support.stack import start_test_stack

    settings = upkeep_settings(args.members)
    if args.window_minutes:
        settings = UpkeepSettings(**{**settings.__dict__, "window_minutes": args.window_minutes})
    with stdout_to_stderr() as real_stdout:
        figures = run_upkeep(settings, start_test_stack())
    with os.fdopen(real_stdout, "w") as out:
        out.write(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
