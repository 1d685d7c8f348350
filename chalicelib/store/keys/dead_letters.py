"""Stream records the consumer could not apply."""

from __future__ import annotations

import hashlib

# Stream records the consumer could not apply. Operator data, never read on a request path, and
# not under an organisation: a record may name no organisation, or one that does not exist.
# Sharded so that a consumer failing on every record of a burst does not heat one partition.
STREAM_DEAD_LETTER_SHARDS = 8
STREAM_DEAD_LETTER_SK_PREFIX = "RECORD#"


def stream_dead_letter_shard(event_id: str) -> int:
    return int(hashlib.sha256(event_id.encode()).hexdigest()[:8], 16) % STREAM_DEAD_LETTER_SHARDS


def stream_dead_letters_pk(shard: int) -> str:
    return f"DEAD_LETTERS#STREAM#{shard}"


def stream_dead_letter_sk(event_id: str) -> str:
    """One item per stream record (its eventID), however often it failed."""
    return f"{STREAM_DEAD_LETTER_SK_PREFIX}{event_id}"
