"""The gamification burst (issue #5): many members scoring at once, through the real consumer.

`make bench` records it as `gamification_burst` (docs/benchmarks.md says what each figure means);
`python -m bench.burst --users 200` runs a smaller one on its own. What happens:

1. A table of its own (the definition infra/ deploys, with its stream) holds one organisation:
   members, communities and the week's older posts, written directly in BatchWriteItem chunks.
2. The plan (bench/burst_plan.py) has every member do their scoring events at simulated moments
   spread over the burst: publish posts, comment, react to other people's posts. Each one is
   written through the wall's store functions, as the request path writes it (a reaction also
   counts on its post, which moves the post in the "popular this week" index).
3. Everything the table's stream then holds, the consumer's own writes included (the points it
   awards change scores, whose records it then places on the boards), reaches `app.on_table_change`
   as Lambda delivers it (bench/burst_lambda.py): shards, batches of the app's batch size, retries
   from a failed record, redeliveries, planted faults. No job: the boards are what the consumer placed.
4. Every write is counted per partition key (table and GSI1) and simulated second
   (bench/write_meter.py). At the end every member's ledger entries and totals, and the week's
   boards, are compared with what the plan alone says they must be.

DynamoDB requests go to the in-process emulator without HTTP (local/in_process.py).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import time
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from bench.burst_lambda import BurstFailure, EventSourceMapping, Faults, Record, StreamReader
from bench.burst_plan import (
    BURST_START,
    COMMENT,
    POST,
    Award,
    BurstPlan,
    MemberExpectation,
    ScoringEvent,
    awards_of,
    expected_points,
    make_plan,
)
from bench.harness import (
    SimulatedClock,
    configure_logging,
    hot_key_figures,
    member_item,
    metered_burst_table,
    organisation_item,
    places_wrong,
    stored_places,
    stream_figures,
)
from bench.write_meter import WriteMeter

log = logging.getLogger("bench.burst")

# The issue's burst: 10,000 members each causing 10 scoring events within 60 seconds.
ISSUE_USERS, ISSUE_EVENTS_PER_USER, ISSUE_SECONDS = 10_000, 10, 60.0
ISSUE_RATE = ISSUE_USERS * ISSUE_EVENTS_PER_USER / ISSUE_SECONDS  # scoring events a second
BENCH_USERS = 600  # `make bench`: the issue's rate with fewer members, for a shorter burst
SOURCES = ("request", "consumer")


@dataclass(frozen=True)
class BurstSettings:
    users: int = 10_000
    events_per_user: int = 10
    communities: int = 5
    seconds: float = 60.0
    shards: int = 4
    poll_seconds: float = 0.25
    redeliver_every: int = 50
    half_failed_batches: tuple[int, ...] = (7, 23, 61)
    seed: int = 5


# The organisation as it was before the burst ---------------------------------------------------


def member_names(plan: BurstPlan) -> dict[str, str]:
    return {user_id: f"Member {n + 1}" for n, user_id in enumerate(plan.users)}


def seed(plan: BurstPlan) -> None:
    """The organisation, its members, communities and older posts (with what the consumer already
    made of them: their place in the popular index and their authors following them)."""
    from chalicelib.store import keys, notifications
    from chalicelib.store.models import CommunityItem, KringItem, PostItem
    from chalicelib.wall.popularity import popular_index_keys

    org, before = plan.org_id, BURST_START - timedelta(days=30)
    names = member_names(plan)
    with KringItem.batch_write() as batch:
        batch.save(organisation_item(org, f"Burst {org}", plan.timezone, before))
        for n, community_id in enumerate(plan.communities):
            batch.save(
                CommunityItem(
                    keys.org_pk(org),
                    keys.community_sk(community_id),
                    org_id=org,
                    community_id=community_id,
                    name=f"Community {n + 1}",
                    description="",
                    goal="",
                    visibility="organisation",
                    created_by=plan.users[0],
                    created_at=before,
                )
            )
        for user_id in plan.users:
            batch.save(
                member_item(
                    org, user_id, f"{user_id[:8]}@{org}.kring.test", names[user_id], plan.timezone, before
                )
            )
        for post in plan.existing_posts:
            item = PostItem(
                keys.community_pk(org, post.community_id),
                keys.post_sk(post.post_id),
                org_id=org,
                post_id=post.post_id,
                community_id=post.community_id,
                author_id=post.author_id,
                author_name=names[post.author_id],
                body="An older post of this week.",
                created_at=post.created_at,
                like_count=post.likes,
            )
            stored = {"org_id": org, "post_id": post.post_id, "created_at": post.created_at.isoformat()}
            pk, sk = popular_index_keys(stored | {"like_count": post.likes})
            item.gsi1pk, item.gsi1sk = pk, sk
            batch.save(item)
            batch.save(
                notifications.new_follower(
                    org, post.community_id, post.post_id, post.author_id, "author", post.post_id, True
                )
            )


# The request path ------------------------------------------------------------------------------


def write_as_requests_do(plan: BurstPlan, event: ScoringEvent, names: dict[str, str]) -> None:
    """What the wall's use case writes for the event (its checks and rate limits left out)."""
    from chalicelib.store import keys, wall
    from chalicelib.store.models import CommentItem, PostItem, ReactionItem

    org = plan.org_id
    post = PostItem(keys.community_pk(org, event.community_id), keys.post_sk(event.post_id))
    if event.kind == POST:
        new = PostItem(
            post.pk,
            post.sk,
            org_id=org,
            post_id=event.post_id,
            community_id=event.community_id,
            community_visibility="organisation",
            author_id=event.user_id,
            author_name=names[event.user_id],
            body=f"Post {event.number}: what I learned today.",
            created_at=event.at,
        )
        wall.save_post(new)
    elif event.kind == COMMENT:
        comment = CommentItem(
            keys.thread_pk(org, event.post_id),
            keys.comment_sk(event.content_id),
            org_id=org,
            comment_id=event.content_id,
            post_id=event.post_id,
            community_id=event.community_id,
            author_id=event.user_id,
            author_name=names[event.user_id],
            body=f"Comment {event.number}: thanks, that helps.",
            created_at=event.at,
        )
        wall.save_comment(comment, post, None)
    else:
        reaction = ReactionItem(
            keys.reactions_pk(org, event.post_id),
            keys.reaction_sk(event.user_id),
            org_id=org,
            target_id=event.post_id,
            target_kind="post",
            post_id=event.post_id,
            community_id=event.community_id,
            user_id=event.user_id,
            reaction=event.reaction,
            target_author_id=event.post_author_id,
            reacted_at=event.at,
        )
        if not wall.add_reaction(reaction, post):
            raise BurstFailure(f"the plan reacts twice: {event}")


# Which stream records are scoring events of the plan ------------------------------------------


class EventIndex:
    """Finds the plan's event behind a stream record (an INSERT of its post, comment or reaction)."""

    def __init__(self, plan: BurstPlan) -> None:
        self._by_item: dict[tuple[str, str], ScoringEvent] = {}
        for event in plan.events:
            if event.kind == POST:
                self._by_item[("post", event.post_id)] = event
            elif event.kind == COMMENT:
                self._by_item[("comment", event.content_id)] = event
            else:
                self._by_item[("reaction", f"{event.post_id}#{event.user_id}")] = event

    def event_of(self, record: Record) -> ScoringEvent | None:
        if record.get("eventName") != "INSERT":
            return None
        image = record["dynamodb"].get("NewImage") or {}
        kind = (image.get("type") or {}).get("S")
        if kind == "post":
            identity = image["post_id"]["S"]
        elif kind == "comment":
            identity = image["comment_id"]["S"]
        elif kind == "reaction":
            identity = f"{image['target_id']['S']}#{image['user_id']['S']}"
        else:
            return None
        return self._by_item.get((kind, identity))


# Checking the outcome --------------------------------------------------------------------------


def stored_points(plan: BurstPlan, user_id: str) -> tuple[dict[str, int], Any]:
    """A member's ledger entries (entry key -> points) and totals, from their points partition."""
    from chalicelib.store import keys
    from chalicelib.store.models import KringItem, PointsEntryItem, PointsTotalItem

    entries, totals = {}, None
    for item in KringItem.query(keys.points_pk(plan.org_id, user_id)):
        if isinstance(item, PointsEntryItem):
            entries[item.entry_key] = int(item.points)
        elif isinstance(item, PointsTotalItem):
            totals = item
    return entries, totals


def compare_points(plan: BurstPlan, expected: dict[str, MemberExpectation]) -> dict[str, Any]:
    lost = duplicated = wrong = entries_found = totals_wrong = 0
    for user_id in plan.users:
        wanted = expected.get(user_id, MemberExpectation())
        found, totals = stored_points(plan, user_id)
        entries_found += len(found)
        lost += sum(1 for key in wanted.entries if key not in found)
        duplicated += sum(1 for key in found if key not in wanted.entries)
        wrong += sum(
            1 for key, points in found.items() if key in wanted.entries and wanted.entries[key] != points
        )
        total = int(totals.points) if totals is not None else 0
        lost += int(total < wanted.points)
        duplicated += int(total > wanted.points)
        totals_wrong += int(total != wanted.points)
    return {
        "lost": lost,
        "duplicated": duplicated,
        "ledger_entries_expected": sum(len(member.entries) for member in expected.values()),
        "ledger_entries_found": entries_found,
        "entries_with_other_points": wrong,
        "totals_wrong": totals_wrong,
        "points_expected": sum(member.points for member in expected.values()),
    }


def compare_boards(plan: BurstPlan, expected: dict[str, MemberExpectation]) -> dict[str, Any]:
    """The organisation's and each community's week board against ranks from the expectation."""
    from chalicelib.gamification import boards, periods

    week = boards.period_of(periods.WEEK, periods.week_key(BURST_START.date()))
    names = member_names(plan)
    scopes = {
        boards.ORG_SCOPE: {user: (member.points, member.last_scored_at) for user, member in expected.items()}
    }
    for community_id in plan.communities:
        scopes[boards.community_scope(community_id)] = {
            user: (
                member.community_points.get(community_id, 0),
                member.community_scored_at.get(community_id, ""),
            )
            for user, member in expected.items()
        }
    result: dict[str, Any] = {
        "period": week,
        "boards": 0,
        "places": 0,
        "places_wrong": 0,
        "wrong_by_board": {},
    }
    for scope, scores in scopes.items():
        entrants = [
            boards.Entrant(user, names[user], score, reached_at)
            for user, (score, reached_at) in scores.items()
            if score > 0
        ]
        ranking = boards.rank(entrants).places
        wanted = [(place.rank, place.entrant.entrant_id, place.entrant.score) for place in ranking]
        wrong = places_wrong(wanted, stored_places(plan.org_id, scope, week))
        result["boards"] += 1
        result["places"] += len(wanted)
        result["places_wrong"] += wrong
        if wrong:
            result["wrong_by_board"][scope] = wrong
    result["exact"] = result["places_wrong"] == 0
    return result


# The simulation --------------------------------------------------------------------------------


def run_burst(settings: BurstSettings, resources: Any) -> dict[str, Any]:
    """Run the burst on the (in-process) emulator at `resources`; returns its figures."""
    import app as app_module
    from local.handlers import invoke, stream_sources

    started = time.perf_counter()
    plan = make_plan(
        settings.users, settings.events_per_user, settings.communities, settings.seconds, seed=settings.seed
    )
    names = member_names(plan)
    (source,) = stream_sources(app_module.app)
    clock = SimulatedClock()
    index = EventIndex(plan)
    first_handled: list[Award] = []

    def handled(records: list[Record]) -> None:
        for record in records:
            event = index.event_of(record)
            if event is not None:
                first_handled.extend(awards_of(event))

    with ExitStack() as stack:
        stream_arn, meter = stack.enter_context(metered_burst_table(resources, clock, SOURCES))
        seed(plan)
        seeded = time.perf_counter()
        log.info(
            "burst: %d members, %d older posts seeded in %.1f s",
            len(plan.users),
            len(plan.existing_posts),
            seeded - started,
        )
        reader = StreamReader(resources.endpoint_url, stream_arn)
        faults = Faults(set(settings.half_failed_batches))
        mapping = EventSourceMapping(
            lambda batch: invoke(app_module.app, source.name, source.handler, {"Records": batch}),
            settings.shards,
            source.batch_size,
            settings.poll_seconds,
            settings.redeliver_every,
            faults,
            handled,
            lambda record: index.event_of(record) is not None,
        )
        stack.enter_context(faults.installed())
        events = list(plan.events)
        next_event = 0
        last_report = time.perf_counter()
        while True:
            event_at = events[next_event].second if next_event < len(events) else None
            due = mapping.next_batch()
            steps = [(t, kind) for t, kind in ((event_at, 0), (due[0] if due else None, 1)) if t is not None]
            if not steps:
                break
            at, kind = min(steps)
            clock.now = max(clock.now, at)
            if kind == 0:
                meter.source = "request"
                write_as_requests_do(plan, events[next_event], names)
                next_event += 1
            else:
                assert due is not None
                meter.source = "consumer"
                mapping.deliver(due[1], at)
            meter.source = "stream"
            mapping.add(reader.read(), at)
            if time.perf_counter() - last_report > 30:
                last_report = time.perf_counter()
                log.info(
                    "burst: simulated second %.1f, %d of %d events, %d batches",
                    clock.now,
                    next_event,
                    len(events),
                    mapping.figures.batches,
                )
        simulated = clock.now
        meter.source = "check"
        expected = expected_points(first_handled)
        outcome = compare_points(plan, expected)
        board = compare_boards(plan, expected)
        figures = _figures(settings, plan, meter, mapping, faults, outcome, board, simulated)
    figures["wall_seconds"] = round(time.perf_counter() - started, 1)
    return figures


def _figures(
    settings: BurstSettings,
    plan: BurstPlan,
    meter: WriteMeter,
    mapping: EventSourceMapping,
    faults: Faults,
    outcome: dict[str, Any],
    board: dict[str, Any],
    simulated: float,
) -> dict[str, Any]:
    kinds = Counter(event.kind for event in plan.events)
    return {
        "users": len(plan.users),
        "events": len(plan.events),
        "events_by_kind": dict(sorted(kinds.items())),
        "communities": len(plan.communities),
        "older_posts": len(plan.existing_posts),
        "burst_seconds": settings.seconds,
        "events_per_second": round(len(plan.events) / settings.seconds, 1),
        "issue_scale": len(plan.users) >= ISSUE_USERS and settings.seconds >= ISSUE_SECONDS,
        "simulated_seconds": round(simulated, 1),
        **hot_key_figures(meter, set(SOURCES), {"consumer"}),
        "lost": outcome["lost"],
        "duplicated": outcome["duplicated"],
        "points": outcome,
        "boards": board,
        "stream": stream_figures(settings.shards, settings.poll_seconds, mapping, faults),
        "requests": meter.request_counts(),
        "item_writes": meter.item_write_counts(),
    }


def at_issue_rate(users: int) -> BurstSettings:
    """`users` members doing the issue's 10 events each, as many a second as the issue's burst."""
    return BurstSettings(users=users, seconds=round(users * ISSUE_EVENTS_PER_USER / ISSUE_RATE, 3))


def measure(users: int) -> dict[str, Any]:
    """The burst for `make bench` (bench/run.py), on the bench's emulator; prints the verdict."""
    from tests.support.stack import start_test_stack

    settings = BurstSettings() if users >= ISSUE_USERS else at_issue_rate(users)
    figures = run_burst(settings, start_test_stack())
    print_verdict(figures)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The gamification burst on its own (docs/benchmarks.md)")
    parser.add_argument("--users", type=int, default=ISSUE_USERS)
    parser.add_argument("--events-per-user", type=int, default=ISSUE_EVENTS_PER_USER)
    parser.add_argument("--seconds", type=float, default=None, help="default: at the issue's rate")
    args = parser.parse_args(argv)
    configure_logging()
    from bench.run import stdout_to_stderr
    from tests.support.stack import start_test_stack

    seconds = args.seconds or round(args.users * args.events_per_user / ISSUE_RATE, 3)
    settings = BurstSettings(users=args.users, events_per_user=args.events_per_user, seconds=seconds)
    with stdout_to_stderr() as real_stdout:  # the app logs to stdout; only the figures go there
        figures = run_burst(settings, start_test_stack())
    print_verdict(figures)
    with os.fdopen(real_stdout, "w") as out:
        out.write(json.dumps(figures, indent=2) + "\n")
    return 0


def print_verdict(figures: dict[str, Any]) -> None:
    log.info(
        "gamification burst: hottest key %s (%s) written %d times in one second; limit %d/s; "
        "lost %d, duplicated %d",
        figures["hottest_key"],
        figures["hottest_key_scope"],
        figures["hottest_key_writes_per_s"],
        figures["limit_writes_per_s"],
        figures["lost"],
        figures["duplicated"],
    )


if __name__ == "__main__":
    raise SystemExit(main())
