"""Identifiers and timestamps."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta

# The author of the posts the system writes (badge announcements); content people wrote never has it.
SYSTEM_AUTHOR_ID = "kring"
SYSTEM_AUTHOR_NAME = "Kring"


# ULIDs (https://github.com/ulid/spec) in Crockford's base32: written here rather than imported, as
# every function creates them and a library's import costs each cold start a few milliseconds.
_CROCKFORD_BASE32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_id() -> str:
    """A ULID: sortable by creation time, so newest-first is a key order."""
    return ulid_text(ulid_bytes(time.time_ns() // 1_000_000, os.urandom(10)))


def ulid_bytes(milliseconds: int, randomness: bytes) -> bytes:
    """The 16 bytes of a ULID: 48 bits of Unix time in milliseconds, then 80 bits of randomness."""
    if len(randomness) != 10:
        raise ValueError("A ULID has 10 bytes of randomness.")
    return milliseconds.to_bytes(6, "big") + randomness


def ulid_text(raw: bytes) -> str:
    """The 26 characters of a 16-byte ULID, most significant first."""
    if len(raw) != 16:
        raise ValueError("A ULID is 16 bytes.")
    value = int.from_bytes(raw, "big")
    return "".join(_CROCKFORD_BASE32[(value >> shift) & 31] for shift in range(125, -1, -5))


# How far this process's clock is moved ahead: always zero on AWS. The local stack's controlled
# clock (`kring clock`) and the tests move it to play "the next day" (refreshers, streaks).
_travelled = timedelta(0)


def utc_now() -> datetime:
    return datetime.now(UTC) + _travelled


def travel(offset: timedelta) -> None:
    """Set how far ahead of the real time this process's clock runs (timedelta(0): back to now)."""
    global _travelled
    _travelled = offset


def travelled() -> timedelta:
    return _travelled


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
