"""Leaderboard periods: the ISO week and the quarter a day belongs to, and points per period.

Plain Python, no I/O. Days are the organisation's (its time zone), so a week starts on Monday at
midnight where the organisation is, and a quarter on the first of January, April, July and October.
A member's totals keep the points of the current and the previous period of each kind, so an event
that arrives just after midnight still counts for the period it happened in.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WEEK = "week"
QUARTER = "quarter"
ALL_TIME = "all"
PERIOD_KINDS = (WEEK, QUARTER, ALL_TIME)
DEFAULT_TIMEZONE = "Europe/Brussels"


def zone(timezone: str | None) -> ZoneInfo:
    """The organisation's time zone (Brussels when it has none, or one Python does not know)."""
    try:
        return ZoneInfo(timezone or DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE)


def week_key(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def quarter_key(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def period_key(kind: str, day: date) -> str:
    if kind == WEEK:
        return week_key(day)
    if kind == QUARTER:
        return quarter_key(day)
    return ALL_TIME


def period_start(kind: str, day: date) -> date:
    """The first day of the period `day` is in (all time starts at the epoch of the product)."""
    if kind == WEEK:
        return day - timedelta(days=day.weekday())
    if kind == QUARTER:
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(2000, 1, 1)


def previous_period_key(kind: str, day: date) -> str | None:
    """The key of the period before the one `day` is in (none for all time)."""
    if kind == ALL_TIME:
        return None
    return period_key(kind, period_start(kind, day) - timedelta(days=1))


def since_period_start(kind: str, moment: datetime, zone: ZoneInfo) -> timedelta:
    """How long ago the current period began, at `moment`, in the organisation's time zone."""
    local = moment.astimezone(zone)
    start = datetime.combine(period_start(kind, local.date()), time(0), tzinfo=zone)
    return local - start


@dataclass(frozen=True)
class PeriodPoints:
    """Points of the current and the previous period of one kind (week or quarter)."""

    key: str | None = None
    points: int = 0
    previous_key: str | None = None
    previous_points: int = 0

    def points_in(self, key: str) -> int:
        if key == self.key:
            return self.points
        if key == self.previous_key:
            return self.previous_points
        return 0


def add_points(period: PeriodPoints, key: str, delta: int) -> PeriodPoints:
    """Count `delta` points (negative: a withdrawal) in the period `key`.

    A later period than the current one becomes current and the current one previous; points of a
    period older than both are not kept (its board was final long ago). Never below zero.
    """
    if key == period.key:
        return replace(period, points=max(0, period.points + delta))
    if key == period.previous_key:
        return replace(period, previous_points=max(0, period.previous_points + delta))
    if period.key is None or key > period.key:
        return PeriodPoints(key, max(0, delta), period.key, period.points)
    return period
