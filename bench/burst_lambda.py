"""The table's stream as Lambda's event source mapping hands it to the consumer, on a simulated clock.

The emulator's stream has one shard; DynamoDB spreads a busy table's stream over several, each
holding the changes of some partition keys in order. Here every record read from the emulator's
stream (with `local.stream_poller.lambda_record`, as Lambda shapes it) is stamped with the
simulated second it was written in and goes to shard `crc32(pk) % shards`. A shard delivers one
batch at a time, in order: up to `batch_size` records, as soon as it holds that many, or else one
poll interval after its oldest record arrived (Lambda polls a shard about four times a second).
The consumer is taken to keep up: a batch runs at that moment (the time of its last record for a
full batch). A partial batch failure is retried at once from the first failed record, as Lambda
does with `ReportBatchItemFailures`; after `MAX_ATTEMPTS` the simulation stops (a bug, not a figure).

Faults and redeliveries: every `redeliver_every`-th batch is delivered a second time once it has
succeeded (Lambda delivers at least once), and in the chosen batches one record fails once half-way:
either after its first points were written (a reaction: the giver's points are in, the author's are
not) or before it did anything. Those batches are redelivered whole afterwards too.
"""

from __future__ import annotations

import zlib
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, ClassVar

from chalicelib.reactors.events.registry import reaches_consumer
from local.stream_poller import first_failure, lambda_record

Record = dict[str, Any]
MAX_ATTEMPTS = 6


class BurstFailure(RuntimeError):
    """The simulation did not behave as designed: its figures would mean nothing."""


class InjectedFault(RuntimeError):
    """A failure planted by the simulation (the record succeeds when retried).

    It is passing trouble (a throttled request, as PynamoDB reports one), which the consumer reports
    for a retry; a failure that stays would be dead-lettered instead.
    """

    cause_response_code = "ThrottlingException"


class StreamReader:
    """Reads what the emulator's stream holds since the last read, through the Streams API."""

    def __init__(self, endpoint_url: str, stream_arn: str) -> None:
        from local import emulator

        self._client = emulator.client("dynamodbstreams", endpoint_url)
        self.stream_arn = stream_arn
        description = self._client.describe_stream(StreamArn=stream_arn)["StreamDescription"]
        self.view_type = description.get("StreamViewType", "NEW_AND_OLD_IMAGES")
        (shard,) = description["Shards"]
        self._iterator = self._client.get_shard_iterator(
            StreamArn=stream_arn, ShardId=shard["ShardId"], ShardIteratorType="LATEST"
        )["ShardIterator"]
        self.reads = 0

    def read(self) -> list[Record]:
        found: list[Record] = []
        while True:
            response = self._client.get_records(ShardIterator=self._iterator, Limit=1000)
            self._iterator = response["NextShardIterator"]
            self.reads += 1
            raw = response.get("Records", [])
            found.extend(lambda_record(record, self.stream_arn, self.view_type) for record in raw)
            if len(raw) < 1000:
                break
        if self.reads % 500 == 0:
            from local.emulator import prune_stream_iterators

            prune_stream_iterators(keep=10)
        return found


@dataclass
class Faults:
    """Which batches fail half-way, and how (alternating between the two ways).

    The gamification burst's faults; the quiz burst's (bench/quiz_burst.py) are a subclass that
    sets the class attributes below: they plant the same two faults in the same places, only the
    award that fails and the words of the planted errors differ.
    """

    # The mode of the fault planted in a record's points, and which of its `ledger.award` calls
    # fails in it: a reaction awards the giver first and the author second, so the second fails.
    AFTER_AWARD: ClassVar[str] = "after-first-award"
    FAILING_AWARD: ClassVar[int] = 2
    # The planted errors' words: "this {RECORD} fails once after {AFTER_WHAT}".
    RECORD: ClassVar[str] = "record"
    AFTER_WHAT: ClassVar[str] = "its first points"

    batches: set[int]
    injected: list[dict[str, Any]] = field(default_factory=list)
    _target: str | None = None
    _mode: str = ""
    _awards_seen: int = 0
    _current: str | None = None
    _postponed: int = 0  # planned batches that had no record to fail: the next ones take it

    def award_candidates(self, candidates: list[Record]) -> list[Record]:
        """Which of the candidates can fail after an award: a reaction (it awards two people)."""
        return [
            r for r in candidates if (r["dynamodb"].get("NewImage") or {}).get("type") == {"S": "reaction"}
        ]

    def arm(self, batch_number: int, records: list[Record], scoring: Callable[[Record], bool]) -> bool:
        """Choose a scoring record in the second half of this batch to fail once; False if none."""
        planned = batch_number in self.batches
        if not planned and not self._postponed:
            return False
        candidates = [r for r in records[len(records) // 2 :] if scoring(r)]
        awarding = self.award_candidates(candidates)
        mode = self.AFTER_AWARD if len(self.injected) % 2 == 0 and awarding else "before-anything"
        if mode == self.AFTER_AWARD:
            candidates = awarding
        if not candidates:
            self._postponed += int(planned)
            return False
        if not planned:
            self._postponed -= 1
        target = candidates[0]
        self._target, self._mode, self._awards_seen = target["dynamodb"]["SequenceNumber"], mode, 0
        self.injected.append(
            {"batch": batch_number, "position": records.index(target), "records": len(records), "mode": mode}
        )
        return True

    def disarm(self) -> None:
        self._target = None

    @contextmanager
    def installed(self) -> Iterator[None]:
        """Plant the faults in the consumer (the stream mapping and the points ledger)."""
        from chalicelib.gamification import ledger
        from chalicelib.reactors import consumer

        real_events, real_award = consumer.domain_events, ledger.award  # type: ignore[attr-defined]
        faults = self

        def domain_events(record: Record) -> Any:
            faults._current = record.get("dynamodb", {}).get("SequenceNumber")
            if faults._current == faults._target and faults._mode == "before-anything":
                faults._target = None
                raise InjectedFault(f"planted: this {faults.RECORD} fails once before it does anything")
            return real_events(record)

        def award(*args: Any, **kwargs: Any) -> Any:
            if faults._current == faults._target and faults._mode == faults.AFTER_AWARD:
                faults._awards_seen += 1
                if faults._awards_seen == faults.FAILING_AWARD:
                    faults._target = None
                    raise InjectedFault(f"planted: this {faults.RECORD} fails once after {faults.AFTER_WHAT}")
            return real_award(*args, **kwargs)

        consumer.domain_events, ledger.award = domain_events, award  # type: ignore[attr-defined,assignment]
        try:
            yield
        finally:
            consumer.domain_events, ledger.award = real_events, real_award  # type: ignore[attr-defined]


@dataclass
class Shard:
    records: deque[tuple[float, Record]] = field(default_factory=deque)


@dataclass
class DeliveryFigures:
    batches: int = 0
    records: int = 0
    invocations: int = 0
    redelivered_batches: int = 0
    half_failed_batches: int = 0
    retried_records: int = 0
    largest_batch: int = 0
    filtered_records: int = 0  # dropped by the mapping's filter before any invocation


class EventSourceMapping:
    """Shards the stream's records and hands them to `invoke` batch by batch (see the module doc)."""

    def __init__(
        self,
        invoke: Callable[[list[Record]], Any],
        shards: int,
        batch_size: int,
        poll_seconds: float,
        redeliver_every: int,
        faults: Faults,
        handled: Callable[[list[Record]], None],
        scoring: Callable[[Record], bool],
    ) -> None:
        self._invoke = invoke
        self.shards = [Shard() for _ in range(shards)]
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self.redeliver_every = redeliver_every
        self.faults = faults
        self._handled = handled
        self._scoring = scoring
        self.figures = DeliveryFigures()

    def add(self, records: list[Record], second: float) -> None:
        for record in records:
            if not reaches_consumer(record):  # the mapping's filter (infra): never delivered
                self.figures.filtered_records += 1
                continue
            pk = str(next(iter(record["dynamodb"]["Keys"]["pk"].values())))
            self.shards[zlib.crc32(pk.encode()) % len(self.shards)].records.append((second, record))
            self.figures.records += 1

    def pending(self) -> bool:
        return any(shard.records for shard in self.shards)

    def _ready_at(self, shard: Shard) -> float | None:
        if not shard.records:
            return None
        if len(shard.records) >= self.batch_size:
            return min(shard.records[self.batch_size - 1][0], shard.records[0][0] + self.poll_seconds)
        return shard.records[0][0] + self.poll_seconds

    def next_batch(self) -> tuple[float, int] | None:
        """(when, shard) of the next batch due, if any."""
        due = [(at, n) for n, shard in enumerate(self.shards) if (at := self._ready_at(shard)) is not None]
        return min(due) if due else None

    def deliver(self, shard_number: int, second: float) -> None:
        shard = self.shards[shard_number]
        batch: list[Record] = []
        while shard.records and len(batch) < self.batch_size and shard.records[0][0] <= second:
            batch.append(shard.records.popleft()[1])
        self.figures.batches += 1
        self.figures.largest_batch = max(self.figures.largest_batch, len(batch))
        failing = self.faults.arm(self.figures.batches, batch, self._scoring)
        self._until_done(batch)
        self.faults.disarm()
        if failing:
            self.figures.half_failed_batches += 1
        if failing or self.figures.batches % self.redeliver_every == 0:
            self.figures.redelivered_batches += 1
            self._until_done(batch, redelivery=True)

    def _until_done(self, batch: list[Record], redelivery: bool = False) -> None:
        pending = batch
        for _ in range(MAX_ATTEMPTS):
            self.figures.invocations += 1
            failed_at = first_failure(self._invoke(pending), pending)
            if not redelivery:
                self._handled(pending if failed_at is None else pending[:failed_at])
            if failed_at is None:
                return
            if redelivery:
                raise BurstFailure("a redelivered batch failed: replays must change nothing")
            self.figures.retried_records += len(pending) - failed_at
            pending = pending[failed_at:]
        raise BurstFailure(f"records still fail after {MAX_ATTEMPTS} attempts: {pending[0]['dynamodb']}")
