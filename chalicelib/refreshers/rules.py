"""The rules of refreshers: how an answer rates a card, when it comes back, and when to remind.

Plain Python, no I/O. FSRS (the `fsrs` package's scheduler) computes a card's memory state and the
interval that keeps it at the organisation's desired retention. Refreshers are daily, so the
scheduler runs without its minute-long learning steps: every review puts the card a whole number of
days ahead (at least one). FSRS would then add a random "fuzz" to the interval so that cards learnt
together do not stay together; we use the same fuzz range but pick the day in it on which this
learner has the fewest refreshers due, so the load spreads across the week instead of by chance.

Rating: the learner answers the question again and the server grades it. A wrong answer is
"Again", whatever the learner says. A right answer is "Good", or "Hard" / "Easy" when the learner
says it was hard or easy: how sure they were is theirs to tell, whether they were right is not.
A question met elsewhere (a quiz, a lesson, a video) is a review too: right is Good, wrong Again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from fsrs import Card, Rating, Scheduler, State

from chalicelib.errors import ValidationFailed

MIN_RETENTION = 0.70  # below this, refreshers come so late that most are forgotten
MAX_RETENTION = 0.97  # above this, intervals shrink so fast that the daily load explodes
DEFAULT_RETENTION = 0.90
MIN_DAILY = 1
MAX_DAILY = 20
DEFAULT_DAILY = 5
DEFAULT_REMIND_AT = "08:00"
MAXIMUM_INTERVAL_DAYS = 3650

HARD, GOOD, EASY = "hard", "good", "easy"
CONFIDENCES = (HARD, GOOD, EASY)

# Where a learner met a question: each calls `met_question` (chalicelib/refreshers/deck.py).
QUIZ, LESSON, VIDEO, REFRESHER = "quiz", "lesson", "video", "refresher"
MET_IN = (QUIZ, LESSON, VIDEO, REFRESHER)

# FSRS's own fuzz ranges (fsrs.scheduler.FUZZ_RANGES): the share of an interval a card may move.
_FUZZ_RANGES = ((2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, float("inf"), 0.05))


def rating_for(correct: bool, confidence: str | None = None) -> Rating:
    """The FSRS rating of an answer: wrong is Again; right is Good unless the learner says hard or easy."""
    if not correct:
        return Rating.Again
    if confidence == HARD:
        return Rating.Hard
    if confidence == EASY:
        return Rating.Easy
    return Rating.Good


def require_retention(value: float) -> float:
    if not MIN_RETENTION <= value <= MAX_RETENTION:
        raise ValidationFailed(
            f"Desired retention is between {MIN_RETENTION} and {MAX_RETENTION}.",
            errors=[{"field": "desired_retention", "message": "out of range"}],
        )
    return round(value, 3)


def require_daily(value: int) -> int:
    if not MIN_DAILY <= value <= MAX_DAILY:
        raise ValidationFailed(
            f"A daily session has {MIN_DAILY} to {MAX_DAILY} refreshers.",
            errors=[{"field": "daily_size", "message": "out of range"}],
        )
    return value


def require_clock_time(value: str, field_name: str) -> str:
    """ "HH:MM", 24-hour."""
    try:
        parsed = time.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is None or len(value) != 5 or parsed.second or parsed.microsecond:
        raise ValidationFailed(
            f"{field_name} is a time of day as HH:MM.", errors=[{"field": field_name, "message": "HH:MM"}]
        )
    return value


@lru_cache(maxsize=16)
def scheduler(desired_retention: float) -> Scheduler:
    """FSRS without minute-long learning steps and without its random fuzz (we spread the load)."""
    return Scheduler(
        desired_retention=desired_retention,
        learning_steps=(),
        relearning_steps=(),
        maximum_interval=MAXIMUM_INTERVAL_DAYS,
        enable_fuzzing=False,
    )


@dataclass(frozen=True)
class Memory:
    """What FSRS knows of a learner and a question (None for a card never reviewed)."""

    stability: float | None = None
    difficulty: float | None = None
    last_review: datetime | None = None
    state: int = State.Learning.value


@dataclass(frozen=True)
class Review:
    memory: Memory
    interval_days: int  # what FSRS asks for, before the load is spread


def review(memory: Memory, rating: Rating, at: datetime, desired_retention: float) -> Review:
    """The card's memory after this review, and the days until it should be seen again."""
    card = Card(
        state=State(memory.state),
        step=0 if memory.state == State.Learning.value else None,
        stability=memory.stability,
        difficulty=memory.difficulty,
        due=at,
        last_review=memory.last_review,
    )
    at = at.astimezone(UTC)
    after, _ = scheduler(desired_retention).review_card(card, rating, review_datetime=at)
    days = max(1, round((after.due - at).total_seconds() / 86400))
    return Review(
        Memory(after.stability, after.difficulty, after.last_review, after.state.value),
        min(days, MAXIMUM_INTERVAL_DAYS),
    )


def fuzz_range(interval_days: int, maximum: int = MAXIMUM_INTERVAL_DAYS) -> tuple[int, int]:
    """The days FSRS's fuzz may move an interval to (fsrs's own formula): none below 2.5 days."""
    if interval_days < 2.5:
        return interval_days, interval_days
    delta = 1.0
    for start, end, factor in _FUZZ_RANGES:
        delta += factor * max(min(float(interval_days), end) - start, 0.0)
    low = max(2, round(interval_days - delta))
    high = min(round(interval_days + delta), maximum)
    return min(low, high), high


def spread_day(today: date, interval_days: int, load: Mapping[date, int]) -> date:
    """The day in the interval's fuzz range with the fewest refreshers due for this learner.

    Ties go to the day closest to what FSRS asked for, then to the earlier one (remembering a little
    early is better than a little late)."""
    low, high = fuzz_range(interval_days)
    candidates = [today + timedelta(days=d) for d in range(low, high + 1)]
    wanted = today + timedelta(days=interval_days)
    return min(candidates, key=lambda day: (load.get(day, 0), abs((day - wanted).days), day))


def local_day(moment: datetime, timezone: str) -> date:
    return moment.astimezone(ZoneInfo(timezone)).date()


def in_quiet_hours(local: time, quiet_from: str | None, quiet_until: str | None) -> bool:
    """Whether a local time of day falls in the quiet hours [from, until), which may span midnight."""
    if not quiet_from or not quiet_until or quiet_from == quiet_until:
        return False
    start, end = time.fromisoformat(quiet_from), time.fromisoformat(quiet_until)
    moment = local.replace(second=0, microsecond=0, tzinfo=None)
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end
