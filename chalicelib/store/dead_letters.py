"""Stream records the consumer could not apply, kept with the reason until they are replayed.

They live in the table itself (see docs/decisions.md, "Poison stream records"): the consumer may
already write it, the local emulator has it, and TTL removes a dead letter nobody replayed once
replaying it could apply an effect twice (effect markers live `MARKER_LIFETIME`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chalicelib.ids import utc_now
from chalicelib.store import keys
from chalicelib.store.effects import MARKER_LIFETIME
from chalicelib.store.models import StreamDeadLetterItem

# A record is kept whole when it fits well inside an item (400 KB); otherwise only where it was.
MAX_RECORD_CHARS = 300_000


@dataclass(frozen=True)
class StreamDeadLetter:
    event_id: str
    org_id: str
    reason: str
    failures: int
    first_failed_at: datetime
    record: dict[str, Any]

    @property
    def replayable(self) -> bool:
        return "NewImage" in self.record.get("dynamodb", {}) or "OldImage" in self.record.get("dynamodb", {})


def _event_id(record: dict[str, Any]) -> str:
    return str(record.get("eventID") or record.get("dynamodb", {}).get("SequenceNumber") or "unknown")


def _kept(record: dict[str, Any]) -> tuple[str, str]:
    """The record as JSON, or a pointer to it if it is too large to keep."""
    whole = json.dumps(record, separators=(",", ":"), default=str)
    if len(whole) <= MAX_RECORD_CHARS:
        return whole, ""
    change = record.get("dynamodb", {})
    pointer = {
        "eventID": record.get("eventID"),
        "eventName": record.get("eventName"),
        "eventSourceARN": record.get("eventSourceARN"),
        "dynamodb": {
            name: change.get(name) for name in ("Keys", "SequenceNumber", "ApproximateCreationDateTime")
        },
    }
    return json.dumps(pointer, default=str), f" (the record, {len(whole)} characters, was too large to keep)"


def keep_stream_record(record: dict[str, Any], reason: str, org_id: str | None) -> None:
    """Keep (or count once more) a stream record the consumer gave up on."""
    event_id = _event_id(record)
    kept, note = _kept(record)
    now = utc_now()
    item = StreamDeadLetterItem(
        keys.stream_dead_letters_pk(keys.stream_dead_letter_shard(event_id)),
        keys.stream_dead_letter_sk(event_id),
    )
    item.update(
        actions=[
            StreamDeadLetterItem.item_type.set(StreamDeadLetterItem),
            StreamDeadLetterItem.org_id.set(org_id or ""),
            StreamDeadLetterItem.event_id.set(event_id),
            StreamDeadLetterItem.sequence_number.set(
                str(record.get("dynamodb", {}).get("SequenceNumber", ""))
            ),
            StreamDeadLetterItem.record.set(kept),
            StreamDeadLetterItem.reason.set(reason + note),
            StreamDeadLetterItem.failures.add(1),
            StreamDeadLetterItem.first_failed_at.set(StreamDeadLetterItem.first_failed_at | now),
            StreamDeadLetterItem.last_failed_at.set(now),
            StreamDeadLetterItem.expires_at.set(now + MARKER_LIFETIME),
        ]
    )


def stream_dead_letters() -> list[StreamDeadLetter]:
    """Every dead letter still in force, oldest record first (one Query per shard)."""
    now = utc_now()
    found: list[tuple[tuple[int, int], StreamDeadLetter]] = []
    for shard in range(keys.STREAM_DEAD_LETTER_SHARDS):
        for item in StreamDeadLetterItem.query(
            keys.stream_dead_letters_pk(shard),
            StreamDeadLetterItem.sk.startswith(keys.STREAM_DEAD_LETTER_SK_PREFIX),
            consistent_read=True,
        ):
            if item.expires_at is not None and item.expires_at < now:
                continue  # TTL has not removed it yet; replaying it could apply an effect twice
            record = json.loads(item.record)
            change = record.get("dynamodb", {})
            order = (int(change.get("ApproximateCreationDateTime") or 0), _sequence(item.sequence_number))
            letter = StreamDeadLetter(
                item.event_id, item.org_id, item.reason, int(item.failures), item.first_failed_at, record
            )
            found.append((order, letter))
    return [letter for _, letter in sorted(found, key=lambda pair: pair[0])]


def _sequence(value: str) -> int:
    return int(value) if value.isdigit() else 0


def forget_stream_dead_letter(event_id: str) -> None:
    """The record was applied: its dead letter is done."""
    StreamDeadLetterItem(
        keys.stream_dead_letters_pk(keys.stream_dead_letter_shard(event_id)),
        keys.stream_dead_letter_sk(event_id),
    ).delete()
