"""AWS schedule expressions: `rate(...)`, 6-field `cron(...)` and EventBridge Scheduler's `at(...)`.

Each parses into something that answers one question, "when is the next firing after this
moment?", so the local clock can fire the app's schedules from the very expressions that are
deployed. Invalid expressions fail here the way EventBridge would refuse them at deploy time.

Cron fields (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html):
minutes hours day-of-month month day-of-week year, with `*`, `?`, lists, ranges, steps, names
(JAN-DEC, SUN-SAT with SUN=1), `L` for the last day of the month and `n#k` for the k-th weekday.
One of day-of-month and day-of-week must be `?`. EventBridge rules run in UTC; Scheduler
schedules name their own time zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo

_MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
_WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
_RATE = re.compile(r"^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$")
_AT = re.compile(r"^at\(\s*(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\s*\)$")
_CRON = re.compile(r"^cron\((.*)\)$")
_UNIT_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}
# How far ahead a cron search looks before concluding it never fires (e.g. Feb 30).
_SEARCH_DAYS = 366 * 30


class InvalidScheduleExpression(ValueError):
    pass


class Schedule(Protocol):
    def next_after(self, moment: datetime) -> datetime | None:
        """The first firing strictly after `moment` (aware, UTC), or None if there is none."""
        ...


@dataclass(frozen=True)
class RateSchedule:
    interval: timedelta
    anchor: datetime  # EventBridge counts a rate from when the rule was created

    def next_after(self, moment: datetime) -> datetime | None:
        if moment < self.anchor:
            return self.anchor + self.interval
        periods = (moment - self.anchor) // self.interval + 1
        return self.anchor + periods * self.interval


@dataclass(frozen=True)
class AtSchedule:
    when: datetime

    def next_after(self, moment: datetime) -> datetime | None:
        return self.when if self.when > moment else None


@dataclass(frozen=True)
class CronSchedule:
    minutes: frozenset[int]
    hours: frozenset[int]
    days_of_month: frozenset[int] | None  # None: `?`
    last_day_of_month: bool
    months: frozenset[int]
    days_of_week: frozenset[int] | None  # AWS numbering, SUN=1 ... SAT=7; None: `?`
    nth_weekday: tuple[int, int] | None  # (weekday, k) from `weekday#k`
    years: frozenset[int]
    zone: tzinfo = UTC

    def matches_day(self, day: date) -> bool:
        if day.year not in self.years or day.month not in self.months:
            return False
        aws_weekday = (day.weekday() + 1) % 7 + 1
        if self.last_day_of_month:
            return (day + timedelta(days=1)).month != day.month
        if self.days_of_month is not None:
            return day.day in self.days_of_month
        if self.nth_weekday is not None:
            weekday, k = self.nth_weekday
            return aws_weekday == weekday and (day.day - 1) // 7 + 1 == k
        return self.days_of_week is not None and aws_weekday in self.days_of_week

    def next_after(self, moment: datetime) -> datetime | None:
        local = moment.astimezone(self.zone)
        day = local.date()
        last_year = max(self.years)
        for _ in range(_SEARCH_DAYS):
            if day.year > last_year:
                return None
            if self.matches_day(day):
                for hour in sorted(self.hours):
                    for minute in sorted(self.minutes):
                        candidate = datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.zone)
                        if candidate > local:
                            return candidate.astimezone(UTC)
            day += timedelta(days=1)
        return None


def _value(text: str, low: int, high: int, names: list[str] | None, field_name: str) -> int:
    upper = text.strip().upper()
    if names and upper in names:
        return names.index(upper) + low
    if not upper.isdigit():
        raise InvalidScheduleExpression(f"'{text}' is not a valid {field_name} value")
    number = int(upper)
    if not low <= number <= high:
        raise InvalidScheduleExpression(f"{field_name} value {number} is outside {low}-{high}")
    return number


def _field(text: str, low: int, high: int, field_name: str, names: list[str] | None = None) -> frozenset[int]:
    values: set[int] = set()
    for part in text.split(","):
        if not part:
            raise InvalidScheduleExpression(f"empty list item in {field_name} '{text}'")
        base, slash, step_text = part.partition("/")
        step = 1
        if slash:
            if not step_text.isdigit() or int(step_text) < 1:
                raise InvalidScheduleExpression(f"bad step '{step_text}' in {field_name}")
            step = int(step_text)
        if base == "*":
            start, end = low, high
        elif "-" in base:
            first, _, last = base.partition("-")
            start = _value(first, low, high, names, field_name)
            end = _value(last, low, high, names, field_name)
            if start > end:
                raise InvalidScheduleExpression(f"range '{base}' in {field_name} runs backwards")
        else:
            start = _value(base, low, high, names, field_name)
            end = high if slash else start  # `5/15` means from 5, every 15
        values.update(range(start, end + 1, step))
    return frozenset(values)


def parse_cron(body: str, zone: tzinfo = UTC) -> CronSchedule:
    fields = body.split()
    if len(fields) != 6:
        raise InvalidScheduleExpression(f"cron needs 6 fields, got {len(fields)}: '{body}'")
    minute_f, hour_f, dom_f, month_f, dow_f, year_f = fields
    if (dom_f == "?") == (dow_f == "?"):
        raise InvalidScheduleExpression("exactly one of day-of-month and day-of-week must be '?'")
    days_of_month: frozenset[int] | None = None
    last_day = False
    if dom_f.upper() == "L":
        last_day = True
    elif dom_f != "?":
        if "W" in dom_f.upper() or "L" in dom_f.upper():
            raise InvalidScheduleExpression(f"day-of-month '{dom_f}' (W, nL) is not supported locally")
        days_of_month = _field(dom_f, 1, 31, "day-of-month")

    days_of_week: frozenset[int] | None = None
    nth: tuple[int, int] | None = None
    if "#" in dow_f:
        weekday_text, _, k_text = dow_f.partition("#")
        if not k_text.isdigit() or not 1 <= int(k_text) <= 5:
            raise InvalidScheduleExpression(f"'{dow_f}': the week after # must be 1-5")
        nth = (_value(weekday_text, 1, 7, _WEEKDAYS, "day-of-week"), int(k_text))
    elif dow_f != "?":
        if "L" in dow_f.upper():  # no weekday name contains an L
            raise InvalidScheduleExpression(f"day-of-week '{dow_f}' (nL) is not supported locally")
        days_of_week = _field(dow_f, 1, 7, "day-of-week", _WEEKDAYS)

    return CronSchedule(
        minutes=_field(minute_f, 0, 59, "minutes"),
        hours=_field(hour_f, 0, 23, "hours"),
        days_of_month=days_of_month,
        last_day_of_month=last_day,
        months=_field(month_f, 1, 12, "month", _MONTHS),
        days_of_week=days_of_week,
        nth_weekday=nth,
        years=_field(year_f, 1970, 2199, "year"),
        zone=zone,
    )


def parse_rate(value: int, unit: str, anchor: datetime) -> RateSchedule:
    if value < 1:
        raise InvalidScheduleExpression("a rate must be at least 1")
    singular = unit.rstrip("s")
    if (value == 1) != (unit == singular):
        raise InvalidScheduleExpression(f"use '{singular}' for 1 and '{singular}s' otherwise")
    return RateSchedule(timedelta(seconds=value * _UNIT_SECONDS[singular]), anchor)


def parse(expression: str, anchor: datetime | None = None, timezone: str | None = None) -> Schedule:
    """Parse any AWS schedule expression. `anchor` starts a rate; `timezone` applies to cron and at."""
    zone: tzinfo = ZoneInfo(timezone) if timezone and timezone != "UTC" else UTC
    text = expression.strip()
    if match := _RATE.match(text):
        return parse_rate(int(match[1]), match[2], anchor or datetime.now(UTC))
    if match := _CRON.match(text):
        return parse_cron(match[1], zone)
    if match := _AT.match(text):
        when = datetime.strptime(match[1], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=zone)
        return AtSchedule(when.astimezone(UTC))
    raise InvalidScheduleExpression(f"'{expression}' is not a rate(), cron() or at() expression")
