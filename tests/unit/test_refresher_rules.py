"""Refresher rules: how an answer rates a card, when FSRS brings it back, how the load is spread
over the learner's week, and quiet hours."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

import fsrs.scheduler as scheduler_module
import pytest
from fsrs import Rating, Scheduler

from chalicelib.errors import ValidationFailed
from chalicelib.refreshers import rules

MONDAY = date(2026, 12, 7)
NOON = datetime(2026, 12, 7, 11, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("correct", "confidence", "rating"),
    [
        (False, None, Rating.Again),
        (False, "easy", Rating.Again),  # saying it was easy does not make a wrong answer right
        (False, "hard", Rating.Again),
        (True, None, Rating.Good),
        (True, "good", Rating.Good),
        (True, "hard", Rating.Hard),
        (True, "easy", Rating.Easy),
    ],
)
def test_the_grade_decides_again_and_the_learner_only_how_sure_they_were(
    correct: bool, confidence: str | None, rating: Rating
) -> None:
    assert rules.rating_for(correct, confidence) == rating


def test_a_question_got_wrong_comes_back_the_next_day_and_one_got_right_later() -> None:
    wrong = rules.review(rules.Memory(), Rating.Again, NOON, 0.9)
    right = rules.review(rules.Memory(), Rating.Good, NOON, 0.9)
    easy = rules.review(rules.Memory(), Rating.Easy, NOON, 0.9)
    assert wrong.interval_days == 1
    assert 1 < right.interval_days < easy.interval_days
    assert wrong.memory.stability is not None and wrong.memory.last_review == NOON


def test_each_good_review_spaces_the_card_further_and_a_lapse_brings_it_back_soon() -> None:
    memory, at, intervals = rules.Memory(), NOON, []
    for _ in range(4):
        reviewed = rules.review(memory, Rating.Good, at, 0.9)
        intervals.append(reviewed.interval_days)
        memory, at = reviewed.memory, at + timedelta(days=reviewed.interval_days)
    assert intervals == sorted(intervals) and intervals[-1] > 3 * intervals[0]
    lapse = rules.review(memory, Rating.Again, at, 0.9)
    assert lapse.interval_days < intervals[-1]


def test_a_higher_desired_retention_brings_cards_back_sooner() -> None:
    memory = rules.review(rules.Memory(), Rating.Good, NOON, 0.9).memory
    later = NOON + timedelta(days=3)
    relaxed = rules.review(memory, Rating.Good, later, 0.8).interval_days
    strict = rules.review(memory, Rating.Good, later, 0.95).interval_days
    assert strict < relaxed


@pytest.mark.parametrize("interval", [1, 2, 3, 7, 12, 30, 100, 400])
def test_the_fuzz_range_is_the_one_fsrs_draws_from(interval: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """FSRS computes the same range [low, high] and draws from it uniformly (its draw, x in
    [low, high + 1) rounded, reaches high + 1 at the very top: we keep to its range)."""
    fsrs_scheduler = Scheduler(enable_fuzzing=True)

    def drawn(value: float) -> int:
        monkeypatch.setattr(scheduler_module, "random", lambda: value)
        return fsrs_scheduler._get_fuzzed_interval(interval=timedelta(days=interval)).days

    low, high = rules.fuzz_range(interval)
    assert low == drawn(0.0)
    assert high == (drawn(0.999999) - 1 if interval >= 2.5 else drawn(0.999999))


def test_the_day_picked_is_the_least_busy_of_the_fuzz_range() -> None:
    # FSRS asks for 7 days (range 5-9); the learner has 2, 5, 4, 1, 3 refreshers on those days.
    assert rules.fuzz_range(7) == (5, 9)
    load = Counter(
        {
            MONDAY + timedelta(days=5): 2,
            MONDAY + timedelta(days=6): 5,
            MONDAY + timedelta(days=7): 4,
            MONDAY + timedelta(days=8): 1,
            MONDAY + timedelta(days=9): 3,
        }
    )
    assert rules.spread_day(MONDAY, 7, load) == MONDAY + timedelta(days=8)


def test_ties_go_to_the_day_fsrs_asked_for_then_the_earlier() -> None:
    assert rules.spread_day(MONDAY, 7, Counter()) == MONDAY + timedelta(days=7)
    even = Counter({MONDAY + timedelta(days=d): 2 for d in (5, 6, 7, 8, 9)})
    even[MONDAY + timedelta(days=7)] = 3
    assert rules.spread_day(MONDAY, 7, even) == MONDAY + timedelta(days=6)  # 6 and 8 tie: the earlier


def test_short_intervals_are_not_moved() -> None:
    busy = Counter({MONDAY + timedelta(days=1): 50})
    assert rules.spread_day(MONDAY, 1, busy) == MONDAY + timedelta(days=1)


def test_a_week_of_cards_learnt_together_spreads_instead_of_piling_up() -> None:
    """Forty cards that FSRS would all bring back in 30 days land on the seven days of the range."""
    load: Counter[date] = Counter()
    for _ in range(40):
        load[rules.spread_day(MONDAY, 30, load)] += 1
    assert set(load) == {MONDAY + timedelta(days=d) for d in range(27, 34)}
    assert max(load.values()) - min(load.values()) <= 1


@pytest.mark.parametrize(
    ("now", "quiet_from", "quiet_until", "quiet"),
    [
        (time(8, 0), None, None, False),
        (time(8, 0), "22:00", "07:00", False),
        (time(6, 59), "22:00", "07:00", True),  # across midnight
        (time(23, 30), "22:00", "07:00", True),
        (time(7, 0), "22:00", "07:00", False),  # the end is not quiet any more
        (time(12, 30), "12:00", "13:00", True),
        (time(13, 0), "12:00", "13:00", False),
        (time(12, 0), "12:00", "12:00", False),  # an empty span is no quiet hours
    ],
)
def test_quiet_hours(now: time, quiet_from: str | None, quiet_until: str | None, quiet: bool) -> None:
    assert rules.in_quiet_hours(now, quiet_from, quiet_until) is quiet


@pytest.mark.parametrize("value", [0.5, 0.69, 0.98, 1.0])
def test_desired_retention_outside_its_range_is_refused(value: float) -> None:
    with pytest.raises(ValidationFailed):
        rules.require_retention(value)


@pytest.mark.parametrize("value", ["8:00", "24:00", "08:60", "08:00:00", "noon", ""])
def test_a_clock_time_is_hh_mm(value: str) -> None:
    with pytest.raises(ValidationFailed):
        rules.require_clock_time(value, "remind_at")


def test_the_local_day_is_the_organisations() -> None:
    late = datetime(2026, 12, 7, 23, 30, tzinfo=UTC)
    assert rules.local_day(late, "Europe/Brussels") == date(2026, 12, 8)
    assert rules.local_day(late, "America/New_York") == date(2026, 12, 7)
