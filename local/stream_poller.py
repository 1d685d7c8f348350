"""Drives the app's DynamoDB stream handler from the emulator's stream, as Lambda's event source mapping does.

Per shard: read up to `batch_size` records (GetRecords), turn them into the exact event Lambda
sends, call the handler, and honour its partial batch response (`batchItemFailures`): records before
the first failure are done and the rest is delivered again. A handler that raises fails its whole
batch, which is split in two and each half delivered again (Lambda's BisectBatchOnFunctionError),
down to the one record that fails. Records the mapping's filter drops (`reaches`: for the app's
consumer, `reaches_consumer`) are not delivered, as on AWS. A record still failing after a bounded
number of retries is written, alone, to the dead-letter file (Lambda's on-failure destination) and
the poller goes on with the records after it. The position (last sequence number done, per shard) is
saved under .kring/ after every batch, so a restart continues where it left off; a replay is
harmless anyway because every reactor is idempotent.

moto differences filled in here: its records say eventVersion 1.0 and awsRegion us-east-1 and
have no eventSourceARN. It also emits two INSERT records for an UpdateItem that creates an item;
they are passed on as they are (consumers must cope with duplicates on AWS too).
"""

from __future__ import annotations

import base64
import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from chalice.app import Chalice

from local import dead_letters, emulator, home
from local.handlers import StreamSource, invoke

log = logging.getLogger(__name__)
Positions = dict[str, dict[str, str]]  # stream ARN -> shard id -> last sequence number done


def positions_path() -> Path:
    return home.path("stream-positions.json")


def _json_safe(value: Any) -> Any:
    """boto3 decodes B/BS attribute values to bytes; Lambda sends them base64-encoded."""
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, dict):
        return {key: _json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set):
        return [_json_safe(item) for item in value]
    return value


def _epoch_seconds(value: Any) -> int:
    if isinstance(value, datetime):
        return int(value.timestamp())
    if isinstance(value, int | float):
        return int(value)
    return int(datetime.now(UTC).timestamp())


def lambda_record(raw: dict[str, Any], stream_arn: str, stream_view_type: str) -> dict[str, Any]:
    """One stream record as Lambda delivers it to a function."""
    change = raw.get("dynamodb", {})
    dynamodb: dict[str, Any] = {
        "ApproximateCreationDateTime": _epoch_seconds(change.get("ApproximateCreationDateTime")),
        "Keys": _json_safe(change.get("Keys", {})),
    }
    for image in ("NewImage", "OldImage"):
        if image in change:
            dynamodb[image] = _json_safe(change[image])
    dynamodb["SequenceNumber"] = str(change["SequenceNumber"])
    dynamodb["SizeBytes"] = int(change.get("SizeBytes") or 1)
    dynamodb["StreamViewType"] = change.get("StreamViewType") or stream_view_type
    record: dict[str, Any] = {
        "eventID": raw.get("eventID") or change["SequenceNumber"],
        "eventName": raw["eventName"],
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": stream_arn.split(":")[3],
        "dynamodb": dynamodb,
        "eventSourceARN": stream_arn,
    }
    if "userIdentity" in raw:  # TTL deletions
        record["userIdentity"] = raw["userIdentity"]
    return record


def first_failure(result: Any, batch: list[dict[str, Any]]) -> int | None:
    """Index of the record to retry from, as Lambda reads a partial batch response; None if all done."""
    if not isinstance(result, dict) or not result.get("batchItemFailures"):
        return None
    sequence_numbers = [record["dynamodb"]["SequenceNumber"] for record in batch]
    failed: list[int] = []
    for failure in result["batchItemFailures"]:
        identifier = failure.get("itemIdentifier") if isinstance(failure, dict) else None
        if identifier not in sequence_numbers:
            return 0  # Lambda treats an empty or unknown identifier as a failure of the whole batch
        failed.append(sequence_numbers.index(identifier))
    return min(failed)


class StreamPoller:
    def __init__(
        self,
        app: Chalice,
        source: StreamSource,
        stream_arn: str,
        endpoint_url: str,
        max_retries: int = 3,
        retry_delay_seconds: float = 1.0,
        state_file: Path | None = None,
        dead_letter_file: Path | None = None,
        sleep: Callable[[float], Any] | None = None,
        reaches: Callable[[dict[str, Any]], bool] | None = None,
    ) -> None:
        self._app = app
        self._source = source
        self.stream_arn = stream_arn
        self._streams = emulator.client("dynamodbstreams", endpoint_url)
        self._max_retries = max_retries
        self._retry_delay = retry_delay_seconds
        self._state_file = state_file or positions_path()
        self._dead_letter_file = dead_letter_file
        self._iterators: dict[str, str] = {}
        self._stopping = threading.Event()
        self._sleep = sleep or self._stopping.wait
        self._lock = threading.Lock()
        self._reaches = reaches or (lambda record: True)  # the mapping's FilterCriteria, if any

    # Positions ---------------------------------------------------------------------------

    def positions(self) -> dict[str, str]:
        saved: Positions = home.read_json(self._state_file, {})
        return dict(saved.get(self.stream_arn, {}))

    def _save_position(self, shard_id: str, sequence_number: str) -> None:
        saved: Positions = home.read_json(self._state_file, {})
        saved.setdefault(self.stream_arn, {})[shard_id] = sequence_number
        home.write_json(self._state_file, saved)

    # Reading -----------------------------------------------------------------------------

    def forget_iterators(self) -> None:
        """Read from the saved positions again with new iterators (after the stream failed us)."""
        self._iterators.clear()

    def _iterator(self, shard_id: str) -> str:
        if shard_id not in self._iterators:
            request: dict[str, Any] = {"StreamArn": self.stream_arn, "ShardId": shard_id}
            done = self.positions().get(shard_id)
            if done is not None:
                request.update(ShardIteratorType="AFTER_SEQUENCE_NUMBER", SequenceNumber=done)
            else:
                request.update(ShardIteratorType=self._source.starting_position or "TRIM_HORIZON")
            self._iterators[shard_id] = self._streams.get_shard_iterator(**request)["ShardIterator"]
        return self._iterators[shard_id]

    def poll_once(self) -> int:
        """Deliver everything that is waiting now; returns how many records were handled."""
        with self._lock:
            description = self._streams.describe_stream(StreamArn=self.stream_arn)["StreamDescription"]
            view_type = description.get("StreamViewType", "NEW_AND_OLD_IMAGES")
            handled = 0
            for shard in description.get("Shards", []):
                shard_id = shard["ShardId"]
                while not self._stopping.is_set():
                    try:
                        response = self._streams.get_records(
                            ShardIterator=self._iterator(shard_id), Limit=min(self._source.batch_size, 1000)
                        )
                    except self._streams.exceptions.ExpiredIteratorException:
                        self._iterators.pop(shard_id, None)
                        continue
                    self._iterators[shard_id] = response["NextShardIterator"]
                    raw = response.get("Records", [])
                    if not raw:
                        break
                    records = [lambda_record(r, self.stream_arn, view_type) for r in raw]
                    # The event source mapping's filter: what no mapper reads is not delivered.
                    batch = [r for r in records if self._reaches(r)]
                    done = self._deliver(shard_id, batch) if batch else True
                    if done:
                        self._save_position(shard_id, records[-1]["dynamodb"]["SequenceNumber"])
                    handled += len(batch)
            return handled

    # Delivering --------------------------------------------------------------------------

    def _deliver(self, shard_id: str, batch: list[dict[str, Any]]) -> bool:
        """Deliver the batch until every record is done or dead-lettered; False if stopped first."""
        attempts = 0
        while batch:
            try:
                result = invoke(self._app, self._source.name, self._source.handler, {"Records": batch})
                failed_at, raised = first_failure(result, batch), False
                reason = "reported in batchItemFailures"
            except Exception as exc:
                log.exception("Stream handler %s raised; retrying", self._source.name)
                failed_at, raised, reason = 0, True, f"{type(exc).__name__}: {exc}"
            if failed_at is None:
                self._save_position(shard_id, batch[-1]["dynamodb"]["SequenceNumber"])
                return True
            if raised and len(batch) > 1:
                half = len(batch) // 2
                return self._deliver(shard_id, batch[:half]) and self._deliver(shard_id, batch[half:])
            if failed_at > 0:
                self._save_position(shard_id, batch[failed_at - 1]["dynamodb"]["SequenceNumber"])
                batch, attempts = batch[failed_at:], 0
            attempts += 1
            if self._stopping.is_set():
                return False  # not done: the saved position makes the next start retry it
            if attempts > self._max_retries:
                self._dead_letter(shard_id, batch[0], reason)
                batch, attempts = batch[1:], 0
                continue
            self._sleep(self._retry_delay * attempts)
        return True

    def _dead_letter(self, shard_id: str, record: dict[str, Any], reason: str) -> None:
        sequence_number = record["dynamodb"]["SequenceNumber"]
        log.error(
            "Stream record %s still fails after %d retries; dead-lettered", sequence_number, self._max_retries
        )
        dead_letters.record(
            f"stream:{self._source.name}", reason, {"Records": [record]}, self._dead_letter_file
        )
        self._save_position(shard_id, sequence_number)

    # Running -----------------------------------------------------------------------------

    def run(self, interval_seconds: float = 0.5) -> None:
        while not self._stopping.is_set():
            try:
                self.poll_once()
            except Exception:
                log.exception("Stream poller error; trying again shortly")
                self.forget_iterators()
                self._stopping.wait(5)
            self._stopping.wait(interval_seconds)

    def stop(self) -> None:
        self._stopping.set()

    def start(self, interval_seconds: float = 0.5) -> threading.Thread:
        thread = threading.Thread(
            target=self.run, args=(interval_seconds,), name=f"stream-{self._source.name}", daemon=True
        )
        thread.start()
        return thread
