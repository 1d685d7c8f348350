"""Identifiers and timestamps."""

from __future__ import annotations

from datetime import UTC, datetime

from ulid import ULID

# The author of the posts the system writes (badge announcements); content people wrote never has it.
SYSTEM_AUTHOR_ID = "kring"
SYSTEM_AUTHOR_NAME = "Kring"


def new_id() -> str:
    """A ULID: sortable by creation time, so newest-first is a key order."""
    return str(ULID())


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
