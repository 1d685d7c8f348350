"""The rules of workshops: a series keeps its local hour, the check-in window and code, reminders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.workshops import rules

BRUSSELS = "Europe/Brussels"


def test_a_weekly_series_keeps_its_local_hour_across_the_change_to_summer_time() -> None:
    starts = rules.occurrence_starts(datetime(2027, 3, 18, 14, 0), BRUSSELS, 1, 3)
    assert starts == [
        datetime(2027, 3, 18, 13, 0, tzinfo=UTC),  # winter time: UTC+1
        datetime(2027, 3, 25, 13, 0, tzinfo=UTC),
        datetime(2027, 4, 1, 12, 0, tzinfo=UTC),  # summer time since 28 March: UTC+2
    ]


def test_a_series_every_two_weeks() -> None:
    starts = rules.occurrence_starts(datetime(2027, 1, 5, 9, 30), BRUSSELS, 2, 3)
    assert [s.date().isoformat() for s in starts] == ["2027-01-05", "2027-01-19", "2027-02-02"]


@pytest.mark.parametrize(("every_weeks", "count"), [(1, 0), (1, rules.MAX_OCCURRENCES + 1), (0, 2), (5, 2)])
def test_a_series_is_bounded(every_weeks: int, count: int) -> None:
    with pytest.raises(ValueError):
        rules.occurrence_starts(datetime(2027, 1, 5, 9, 30), BRUSSELS, every_weeks, count)


def test_the_check_in_window_opens_a_little_before_the_start_and_closes_at_the_end() -> None:
    start = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
    window = rules.check_in_window(start, start + timedelta(hours=2))
    assert not window.holds(start - timedelta(minutes=16))
    assert window.holds(start - timedelta(minutes=15))
    assert window.holds(start + timedelta(hours=1, minutes=59))
    assert not window.holds(start + timedelta(hours=2))


def test_a_check_in_code_is_read_aloud_easily_and_typed_loosely() -> None:
    codes = {rules.new_check_in_code() for _ in range(50)}
    assert len(codes) > 45  # random, not a sequence
    assert all(len(c) == rules.CODE_LENGTH and set(c) <= set(rules.CODE_ALPHABET) for c in codes)
    code = sorted(codes)[0]
    assert rules.codes_match(f" {code[:3].lower()}-{code[3:]} ", code)
    assert not rules.codes_match(code[:-1], code)


def test_reminders_a_day_and_an_hour_before_only_while_still_ahead() -> None:
    start = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
    assert rules.reminder_moments(start, start - timedelta(days=3)) == [
        ("day", start - timedelta(days=1)),
        ("hour", start - timedelta(hours=1)),
    ]
    assert rules.reminder_moments(start, start - timedelta(hours=5)) == [("hour", start - timedelta(hours=1))]
    assert rules.reminder_moments(start, start - timedelta(minutes=30)) == []
