"""Identifiers and timestamps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ulid import ULID


def new_id() -> str:
    """A ULID: sortable by creation time, so newest-first is a key order."""
    return str(ULID())


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
