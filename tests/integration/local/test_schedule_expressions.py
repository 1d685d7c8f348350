"""The schedule expression parser: the local clock fires from the same expressions AWS does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from chalice import Cron, Rate

from local.handlers import schedule_expression
from local.schedule_expressions import AtSchedule, InvalidScheduleExpression, RateSchedule, parse


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# (expression, now, expected next firing)
NEXT_FIRINGS = [
    ("cron(15 1 * * ? *)", "2026-03-01T01:14:59", "2026-03-01T01:15:00"),
    ("cron(15 1 * * ? *)", "2026-03-01T01:15:00", "2026-03-02T01:15:00"),
    ("cron(0 12 * * ? *)", "2026-12-31T12:00:00", "2027-01-01T12:00:00"),
    ("cron(0/15 * * * ? *)", "2026-03-01T10:07:00", "2026-03-01T10:15:00"),
    ("cron(5/20 * * * ? *)", "2026-03-01T10:26:00", "2026-03-01T10:45:00"),
    ("cron(0 9-17 ? * MON-FRI *)", "2026-03-06T17:30:00", "2026-03-09T09:00:00"),  # Fri -> Mon
    ("cron(0 9 ? * 2-6 *)", "2026-03-07T09:00:00", "2026-03-09T09:00:00"),  # numeric weekdays, SUN=1
    ("cron(0 8 ? * SUN *)", "2026-03-02T00:00:00", "2026-03-08T08:00:00"),
    ("cron(0 8 ? * 1 *)", "2026-03-02T00:00:00", "2026-03-08T08:00:00"),
    ("cron(30 6 1,15 * ? *)", "2026-03-02T00:00:00", "2026-03-15T06:30:00"),
    ("cron(0 0 1 JAN,JUL ? *)", "2026-03-02T00:00:00", "2026-07-01T00:00:00"),
    ("cron(0 0 1 1-3 ? 2027)", "2026-03-02T00:00:00", "2027-01-01T00:00:00"),
    ("cron(0 0 L * ? *)", "2026-02-10T00:00:00", "2026-02-28T00:00:00"),
    ("cron(0 0 L * ? *)", "2028-02-10T00:00:00", "2028-02-29T00:00:00"),
    ("cron(0 10 ? * MON#1 *)", "2026-03-03T00:00:00", "2026-04-06T10:00:00"),
    ("cron(0 0 29 2 ? *)", "2026-03-01T00:00:00", "2028-02-29T00:00:00"),
    ("cron(* * * * ? *)", "2026-03-01T10:07:30", "2026-03-01T10:08:00"),
]


@pytest.mark.parametrize(("expression", "now", "expected"), NEXT_FIRINGS)
def test_cron_next_firing(expression: str, now: str, expected: str) -> None:
    assert parse(expression).next_after(at(now)) == at(expected)


def test_cron_that_never_fires_again_says_so() -> None:
    assert parse("cron(0 0 1 1 ? 2025)").next_after(at("2026-01-01T00:00:00")) is None


def test_cron_in_a_time_zone_fires_at_local_wall_time() -> None:
    schedule = parse("cron(0 9 * * ? *)", timezone="Europe/Brussels")
    assert schedule.next_after(at("2026-01-10T00:00:00")) == at("2026-01-10T08:00:00")  # CET
    assert schedule.next_after(at("2026-07-10T00:00:00")) == at("2026-07-10T07:00:00")  # CEST


@pytest.mark.parametrize(
    ("expression", "interval"),
    [
        ("rate(1 minute)", timedelta(minutes=1)),
        ("rate(5 minutes)", timedelta(minutes=5)),
        ("rate(1 hour)", timedelta(hours=1)),
        ("rate(12 hours)", timedelta(hours=12)),
        ("rate(1 day)", timedelta(days=1)),
        ("rate(7 days)", timedelta(days=7)),
    ],
)
def test_rate_counts_from_its_anchor(expression: str, interval: timedelta) -> None:
    anchor = at("2026-03-01T10:00:00")
    schedule = parse(expression, anchor=anchor)
    assert isinstance(schedule, RateSchedule)
    assert schedule.next_after(anchor) == anchor + interval
    assert schedule.next_after(anchor + interval) == anchor + 2 * interval
    assert schedule.next_after(anchor + interval * 2.5) == anchor + 3 * interval


def test_at_is_in_its_time_zone_and_fires_once() -> None:
    schedule = parse("at(2026-06-01T09:30:00)", timezone="Europe/Brussels")
    assert isinstance(schedule, AtSchedule)
    assert schedule.when == at("2026-06-01T07:30:00")
    assert schedule.next_after(at("2026-06-01T07:29:59")) == at("2026-06-01T07:30:00")
    assert schedule.next_after(at("2026-06-01T07:30:00")) is None
    assert parse("at(2026-06-01T09:30:00)").next_after(at("2026-01-01T00:00:00")) == at("2026-06-01T09:30:00")


@pytest.mark.parametrize(
    "expression",
    [
        "cron(0 12 * * * *)",  # day-of-month and day-of-week both given
        "cron(0 12 ? * ? *)",  # both `?`
        "cron(0 12 * *)",  # too few fields
        "cron(60 12 * * ? *)",
        "cron(0 24 * * ? *)",
        "cron(0 12 32 * ? *)",
        "cron(0 12 ? * 8 *)",
        "cron(0 12 * 13 ? *)",
        "cron(0 12 * * ? 1969)",
        "cron(0/0 12 * * ? *)",
        "cron(0 17-9 * * ? *)",
        "cron(0 12 ? * FRIDAY *)",
        "cron(0 12 15W * ? *)",
        "cron(0 12 ? * MON#6 *)",
        "rate(0 minutes)",
        "rate(1 minutes)",
        "rate(5 minute)",
        "rate(5 weeks)",
        "at(2026-06-01 09:30:00)",
        "every day at nine",
    ],
)
def test_invalid_expressions_are_refused(expression: str) -> None:
    with pytest.raises(InvalidScheduleExpression):
        parse(expression)


def test_chalice_expression_objects_become_the_strings_aws_gets() -> None:
    assert schedule_expression(Cron(15, 1, "*", "*", "?", "*")) == "cron(15 1 * * ? *)"
    assert schedule_expression(Rate(1, unit=Rate.HOURS)) == "rate(1 hour)"
    assert schedule_expression(Rate(10, unit=Rate.MINUTES)) == "rate(10 minutes)"
    assert schedule_expression("rate(1 day)") == "rate(1 day)"
