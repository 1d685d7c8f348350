"""What the gamification burst (bench/burst.py) and the quiz burst (bench/quiz_burst.py) share.

Both run on a table of their own with the app pointed at it, on a simulated clock, with every
write counted per partition key and simulated second (bench/write_meter.py); both seed an
organisation and its members directly, and report their hottest keys and stream figures alike.
What differs between them (their plans, their faults, their checks) stays in their own modules.
"""

from __future__ import annotations

import logging
import os
import sys
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import asdict
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bench.write_meter import INDEX, TABLE, WriteMeter

if TYPE_CHECKING:
    from bench.burst_lambda import EventSourceMapping, Faults
    from chalicelib.store.models import OrganisationItem, UserItem

LIMIT_WRITES_PER_SECOND = 1000  # per partition key, table or index

Place = tuple[int, str, int]  # a board's (rank, entrant, score)


class SimulatedClock:
    def __init__(self) -> None:
        self.now = 0.0

    def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)


def configure_logging() -> None:
    """Progress on stderr; the libraries' and the app's own chatter left out."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s", stream=sys.stderr)
    for noisy in ("werkzeug", "botocore", "urllib3", "moto", "pynamodb"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")


# The burst's own table -------------------------------------------------------------------------


@contextmanager
def quiet_metrics() -> Iterator[None]:
    """Drop the EMF metric lines the consumer logs after each batch (thousands of them)."""
    from chalicelib.observability import metrics

    flush = metrics.flush_metrics
    metrics.flush_metrics = lambda *args, **kwargs: metrics.clear_metrics()  # type: ignore[method-assign]
    try:
        yield
    finally:
        metrics.flush_metrics = flush  # type: ignore[method-assign]


@contextmanager
def burst_table(resources: Any) -> Iterator[tuple[str, str]]:
    """A fresh table like the app's (its stream included), the app pointed at it for the block."""
    from chalicelib import bootstrap, definitions
    from local import emulator

    dynamodb = emulator.client("dynamodb", resources.endpoint_url)
    name = f"kring-burst-{uuid.uuid4().hex[:8]}"
    spec = {k: v for k, v in definitions.TABLE.items() if k != "TimeToLiveSpecification"}
    dynamodb.create_table(TableName=name, **spec)
    stream_arn = dynamodb.describe_table(TableName=name)["Table"]["LatestStreamArn"]
    saved = {key: os.environ.get(key) for key in ("KRING_TABLE", "KRING_TABLE_STREAM_ARN")}
    os.environ.update(KRING_TABLE=name, KRING_TABLE_STREAM_ARN=stream_arn)
    bootstrap.reset()
    bootstrap.ready()
    try:
        yield name, stream_arn
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        bootstrap.reset()
        bootstrap.ready()
        dynamodb.delete_table(TableName=name)


@contextmanager
def metered_burst_table(
    resources: Any, clock: SimulatedClock, sources: Iterable[str]
) -> Iterator[tuple[str, WriteMeter]]:
    """A burst table (its stream's ARN), DynamoDB without HTTP, no metric lines, and a meter
    counting the writes of `sources` on `clock`, all for the block."""
    from local.emulator import LOCAL_REGION
    from local.in_process import direct_dynamodb, stored_attributes

    with ExitStack() as stack:
        _, stream_arn = stack.enter_context(burst_table(resources))
        stack.enter_context(direct_dynamodb(resources.endpoint_url))
        stack.enter_context(quiet_metrics())
        meter = WriteMeter(
            lambda: clock.now,
            lambda table, key: stored_attributes(table, key, ("gsi1pk", "gsi1sk"), LOCAL_REGION),
        )
        meter.counted_sources = frozenset(sources)
        stack.enter_context(meter.installed())
        yield stream_arn, meter


# The organisation as it was before the burst ---------------------------------------------------


def organisation_item(org: str, name: str, timezone: str, created_at: datetime) -> OrganisationItem:
    from chalicelib.store import keys
    from chalicelib.store.models import OrganisationItem

    return OrganisationItem(
        keys.org_pk(org),
        keys.ORGANISATION_SK,
        org_id=org,
        name=name,
        timezone=timezone,
        default_language="nl",
        created_at=created_at,
        gsi1pk=keys.ORGANISATIONS_INDEX_PK,
        gsi1sk=org,
    )


def member_item(
    org: str,
    user_id: str,
    email: str,
    display_name: str,
    timezone: str,
    created_at: datetime,
    **more: Any,  # attributes only one burst sets (left unset, not written as a default, by the other)
) -> UserItem:
    from chalicelib.store import keys
    from chalicelib.store.models import UserItem

    return UserItem(
        keys.org_pk(org),
        keys.user_sk(user_id),
        org_id=org,
        user_id=user_id,
        email=email,
        display_name=display_name,
        language="nl",
        timezone=timezone,
        status="active",
        created_at=created_at,
        updated_at=created_at,
        **more,
    )


# Checking the outcome --------------------------------------------------------------------------


def stored_places(org_id: str, scope: str, period: str) -> list[Place]:
    """A board's places as a reader sees them (ranked from the entries the consumer placed)."""
    from chalicelib.gamification import rankings
    from chalicelib.store import leaderboards
    from chalicelib.store.batch import get_items

    hidden_key = leaderboards.hidden_key(org_id)
    hidden = leaderboards.Hidden.of(get_items([hidden_key]).get(hidden_key))
    ranking = rankings.member_board(org_id, scope, period, hidden).ranking
    return [(place.rank, place.entrant.entrant_id, int(place.entrant.score)) for place in ranking.places]


def places_wrong(wanted: Sequence[tuple[object, ...]], found: Sequence[Place]) -> int:
    """Places that differ, the missing and the extra ones included (`wanted` from `boards.rank`,
    whose scores may be fractions)."""
    return sum(1 for a, b in zip(wanted, found, strict=False) if a != b) + abs(len(wanted) - len(found))


# The figures -----------------------------------------------------------------------------------


def hottest(meter: WriteMeter, scope: str | None, sources: set[str]) -> dict[str, Any] | None:
    found = meter.hottest(scope, sources)
    return found[0].as_dict() if found else None


def hot_key_figures(meter: WriteMeter, everyone: set[str], background: set[str]) -> dict[str, Any]:
    """The hottest keys of all writes, and of the writes off the request path (`background`)."""
    top = hottest(meter, None, everyone) or {"key": None, "writes_per_s": 0, "scope": None, "second": None}
    return {
        "hottest_key": top["key"],
        "hottest_key_scope": top["scope"],
        "hottest_key_writes_per_s": top["writes_per_s"],
        "limit_writes_per_s": LIMIT_WRITES_PER_SECOND,
        "within_limit": top["writes_per_s"] <= LIMIT_WRITES_PER_SECOND,
        "hottest_table_key": hottest(meter, TABLE, everyone),
        "hottest_index_key": hottest(meter, INDEX, everyone),
        "hottest_keys": [hot.as_dict() for hot in meter.hottest(None, everyone, top=8)],
        "without_request_path": {
            "hottest_table_key": hottest(meter, TABLE, background),
            "hottest_index_key": hottest(meter, INDEX, background),
        },
    }


def stream_figures(
    shards: int, poll_seconds: float, mapping: EventSourceMapping, faults: Faults
) -> dict[str, Any]:
    return {
        "shards": shards,
        "batch_size": mapping.batch_size,
        "poll_seconds": poll_seconds,
        **asdict(mapping.figures),
        "faults": faults.injected,
    }
