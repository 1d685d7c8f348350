"""The rules of workshops, as plain functions: occurrences in the organisation's time zone, the
check-in window and code, and when reminders go out. No I/O."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

MAX_OCCURRENCES = 26  # a series is stored occurrence by occurrence: half a year of weekly sessions
MAX_EVERY_WEEKS = 4
MAX_CAPACITY = 1000
MAX_DURATION = timedelta(hours=12)
HORIZON = timedelta(days=2 * 366)  # how far ahead a workshop may be planned
CHECK_IN_OPENS_BEFORE = timedelta(minutes=15)  # people arrive a little early
MAX_WRONG_CODES = 5  # per person and occurrence: guessing a 6-character code is hopeless after that
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"  # no 0/O, 1/I/L, 2/Z, 5/S, 8/B: read aloud from a screen
CODE_LENGTH = 6
# Reminders before an occurrence: (name, how long before).
REMINDERS = (("day", timedelta(days=1)), ("hour", timedelta(hours=1)))


def local_to_utc(local: datetime, timezone: str) -> datetime:
    """The moment a wall-clock time names in the zone (naive input). In the hour that happens twice
    when clocks go back, the first; a time skipped when they go forward moves on by the gap."""
    zone = ZoneInfo(timezone)
    aware = local.replace(tzinfo=zone, fold=0)
    return aware.astimezone(ZoneInfo("UTC"))


def occurrence_starts(first_local: datetime, timezone: str, every_weeks: int, count: int) -> list[datetime]:
    """The starts (UTC) of a series: the same wall-clock time every `every_weeks` weeks, so a
    weekly workshop keeps its local hour across daylight saving."""
    if not 1 <= count <= MAX_OCCURRENCES:
        raise ValueError(f"a series has 1 to {MAX_OCCURRENCES} occurrences")
    if not 1 <= every_weeks <= MAX_EVERY_WEEKS:
        raise ValueError(f"a series repeats every 1 to {MAX_EVERY_WEEKS} weeks")
    return [local_to_utc(first_local + timedelta(weeks=every_weeks * n), timezone) for n in range(count)]


@dataclass(frozen=True)
class Window:
    opens_at: datetime
    closes_at: datetime

    def holds(self, moment: datetime) -> bool:
        return self.opens_at <= moment < self.closes_at


def check_in_window(starts_at: datetime, ends_at: datetime) -> Window:
    """When the code is accepted: from a little before the start until the end."""
    return Window(starts_at - CHECK_IN_OPENS_BEFORE, ends_at)


def new_check_in_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalised_code(typed: str) -> str:
    """What a person typed, as the code is written: capitals, no spaces or dashes."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def codes_match(typed: str, code: str) -> bool:
    return hmac.compare_digest(normalised_code(typed).encode(), code.encode())


def reminder_moments(starts_at: datetime, now: datetime) -> list[tuple[str, datetime]]:
    """The reminders still ahead of an occurrence."""
    return [(name, starts_at - before) for name, before in REMINDERS if starts_at - before > now]


def may_rsvp(now: datetime, rsvp_until: datetime, starts_at: datetime) -> bool:
    return now < rsvp_until and now < starts_at
