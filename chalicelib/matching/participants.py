"""What the matcher knows of a person who signed up: plain values, no storage, no AWS.

A group matcher (intervision) takes the same Participant and sums `scoring.score_pair` over the
pairs inside a group, so anything that makes two people a good match belongs here or in scoring.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

HOURS_IN_WEEK = 7 * 24
# Availability is given as local weekly hours; it is compared in UTC on one reference week
# (a Monday in January, outside summer time), which is good enough for matching purposes:
# a one-hour daylight-saving shift changes an overlap by at most one hour.
_REFERENCE_MONDAY = datetime(2026, 1, 5)


@dataclass(frozen=True)
class Slot:
    """Weekly availability in the participant's own time zone: weekday 0 (Monday) to 6, and
    hours [start_hour, end_hour)."""

    weekday: int
    start_hour: int
    end_hour: int


@dataclass(frozen=True)
class Participant:
    id: str
    team: str | None = None
    offers: frozenset[str] = frozenset()
    wants: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    time_zone: str = "Europe/Brussels"
    availability: tuple[Slot, ...] = ()
    # Mentoring: how many mentees a mentor takes (0 for a mentee or a buddy).
    capacity: int = 0
    hours: int = field(init=False, default=0, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "hours", utc_week_hours(self.availability, self.time_zone))


def utc_week_hours(slots: Iterable[Slot], time_zone: str) -> int:
    """The slots as a bit mask of the week's hours in UTC (bit h = hour h after Monday 00:00)."""
    zone = ZoneInfo(time_zone)
    mask = 0
    for slot in slots:
        for hour in range(max(0, slot.start_hour), min(24, slot.end_hour)):
            local = _REFERENCE_MONDAY + timedelta(days=slot.weekday % 7, hours=hour)
            offset = local.replace(tzinfo=zone).utcoffset() or timedelta()
            utc_hour = int((local - offset - _REFERENCE_MONDAY).total_seconds() // 3600)
            mask |= 1 << (utc_hour % HOURS_IN_WEEK)
    return mask
