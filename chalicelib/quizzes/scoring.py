"""How an answer scores. Plain Python, no I/O.

Right or wrong: a single choice or true/false names the one correct option; a multiple choice is
all-or-nothing (exactly the correct set); a number is right within its tolerance. A right answer
earns the quiz's points per question, plus, when the quiz has a speed bonus, up to its maximum for
answering fast (linear in the time left, measured by the server from serving to answering). In
accessible mode (the quiz's, the campaign's or the player's) there are no speed points and the time
is longer. An answer after the time allowed (plus a grace for the network) earns nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.quizzes.rules import MULTIPLE, NUMERIC

ACCESSIBLE_TIME_FACTOR = 2  # accessible mode: twice the time
LATE_GRACE_MS = 2000  # the network's share of the time: an answer this much after time still counts


@dataclass(frozen=True)
class AnswerKey:
    kind: str
    correct_option_ids: frozenset[str] = frozenset()
    correct_number: float | None = None
    tolerance: float = 0.0


@dataclass(frozen=True)
class Given:
    option_ids: frozenset[str] = frozenset()
    number: float | None = None


@dataclass(frozen=True)
class Score:
    correct: bool
    points: int  # including speed points
    speed_points: int
    late: bool


def seconds_allowed(seconds_per_question: int, accessible: bool) -> int:
    return seconds_per_question * (ACCESSIBLE_TIME_FACTOR if accessible else 1)


def speed_bonus_max(speed_bonus: bool, maximum: int, accessible: bool) -> int:
    return maximum if speed_bonus and not accessible else 0


def is_correct(key: AnswerKey, given: Given) -> bool:
    if key.kind == NUMERIC:
        if key.correct_number is None or given.number is None:
            return False
        # A little slack for binary fractions: 0.1 + 0.2 is within a tolerance of 0 of 0.3.
        return abs(given.number - key.correct_number) <= key.tolerance + 1e-9
    if key.kind == MULTIPLE:
        return bool(given.option_ids) and given.option_ids == key.correct_option_ids
    return len(given.option_ids) == 1 and given.option_ids == key.correct_option_ids


def speed_points(bonus_max: int, elapsed_ms: int, allowed_seconds: int) -> int:
    """Up to `bonus_max` for an instant answer, down to 0 when the time is up."""
    if bonus_max <= 0 or allowed_seconds <= 0:
        return 0
    left = 1 - max(0, elapsed_ms) / (allowed_seconds * 1000)
    return max(0, min(bonus_max, round(bonus_max * left)))


def score(
    key: AnswerKey, given: Given, points: int, elapsed_ms: int, allowed_seconds: int, bonus_max: int
) -> Score:
    correct = is_correct(key, given)
    late = elapsed_ms > allowed_seconds * 1000 + LATE_GRACE_MS
    if not correct or late:
        return Score(correct, 0, 0, late)
    bonus = speed_points(bonus_max, elapsed_ms, allowed_seconds)
    return Score(correct, points + bonus, bonus, late)
