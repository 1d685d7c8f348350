"""The rule tables of quizzes: what is right, what it earns, what a valid question is."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.errors import ValidationFailed
from chalicelib.quizzes import insight, rules, scoring
from chalicelib.quizzes.scoring import AnswerKey, Given, Score

SINGLE = AnswerKey("single", frozenset({"b"}))
MULTI = AnswerKey("multiple", frozenset({"a", "c"}))
TF = AnswerKey("true_false", frozenset({"true"}))
NUM = AnswerKey("numeric", correct_number=8.0, tolerance=0.5)
EXACT = AnswerKey("numeric", correct_number=0.3, tolerance=0.0)


@pytest.mark.parametrize(
    ("key", "given", "correct"),
    [
        (SINGLE, Given(frozenset({"b"})), True),
        (SINGLE, Given(frozenset({"a"})), False),
        (SINGLE, Given(frozenset({"a", "b"})), False),
        (MULTI, Given(frozenset({"a", "c"})), True),
        (MULTI, Given(frozenset({"a"})), False),  # all or nothing
        (MULTI, Given(frozenset({"a", "b", "c"})), False),
        (MULTI, Given(frozenset()), False),
        (TF, Given(frozenset({"true"})), True),
        (TF, Given(frozenset({"false"})), False),
        (NUM, Given(number=8.5), True),  # on the edge of the tolerance
        (NUM, Given(number=7.5), True),
        (NUM, Given(number=8.51), False),
        (NUM, Given(), False),
        (EXACT, Given(number=0.1 + 0.2), True),  # binary fractions do not make it wrong
    ],
)
def test_correctness(key: AnswerKey, given: Given, correct: bool) -> None:
    assert scoring.is_correct(key, given) is correct


RIGHT, WRONG = Given(frozenset({"b"})), Given(frozenset({"a"}))


@pytest.mark.parametrize(
    ("given", "elapsed_ms", "allowed", "bonus_max", "score"),
    [
        (RIGHT, 0, 30, 5, Score(True, 15, 5, False)),  # instant: all the speed points
        (RIGHT, 15_000, 30, 5, Score(True, 12, 2, False)),  # half the time: half (rounded to even)
        (RIGHT, 30_000, 30, 5, Score(True, 10, 0, False)),  # time up: no speed points
        (RIGHT, 31_999, 30, 5, Score(True, 10, 0, False)),  # within the network's grace
        (RIGHT, 32_001, 30, 5, Score(True, 0, 0, True)),  # late: nothing
        (WRONG, 0, 30, 5, Score(False, 0, 0, False)),
        (RIGHT, 0, 30, 0, Score(True, 10, 0, False)),  # no speed bonus
    ],
)
def test_points_and_speed_bonus(
    given: Given, elapsed_ms: int, allowed: int, bonus_max: int, score: Score
) -> None:
    assert scoring.score(SINGLE, given, 10, elapsed_ms, allowed, bonus_max) == score


def test_accessible_mode_means_no_speed_points_and_more_time() -> None:
    assert scoring.speed_bonus_max(True, 5, accessible=True) == 0
    assert scoring.speed_bonus_max(True, 5, accessible=False) == 5
    assert scoring.speed_bonus_max(False, 5, accessible=False) == 0
    assert scoring.seconds_allowed(30, accessible=True) == 60
    assert scoring.seconds_allowed(30, accessible=False) == 30


def _question(**fields: Any) -> rules.QuestionContent:
    return rules.question_content(**{"language_code": "en", "prompt": "Q?", **fields})


def test_valid_questions_are_normalised() -> None:
    single = _question(kind="single", options=[{"text": "x"}, {"text": "y", "correct": True}])
    assert [o.id for o in single.options] == ["a", "b"] and single.correct_option_ids == ("b",)
    tf = _question(kind="true_false", true_false_answer=False)
    assert tf.correct_option_ids == ("false",) and [o.id for o in tf.options] == ["true", "false"]
    num = _question(kind="numeric", correct_number=3.14159265, tolerance=0.01)
    assert num.correct_number == 3.141593 and num.tolerance == 0.01
    tagged = _question(kind="true_false", true_false_answer=True, tags=["Digital", "digital "])
    assert tagged.skill_tags == ("digital",)


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "single", "options": [{"text": "x", "correct": True}]},  # one option
        {"kind": "single", "options": [{"text": "x", "correct": True}, {"text": "y", "correct": True}]},
        {"kind": "single", "options": [{"text": "x"}, {"text": "y"}]},  # nothing correct
        {"kind": "multiple", "options": [{"text": "x"}, {"text": "y"}]},
        {"kind": "single", "options": [{"text": "Same", "correct": True}, {"text": "same"}]},
        {"kind": "single", "options": [{"text": str(i)} for i in range(9)]},
        {"kind": "true_false"},  # no answer
        {"kind": "true_false", "true_false_answer": True, "options": [{"text": "x"}]},
        {"kind": "numeric"},  # no number
        {"kind": "numeric", "correct_number": 1, "tolerance": -1},
        {"kind": "numeric", "correct_number": float("inf")},
        {"kind": "numeric", "correct_number": 1e13},
        {"kind": "single", "correct_number": 1, "options": [{"text": "x", "correct": True}, {"text": "y"}]},
        {"kind": "essay"},
        {"kind": "true_false", "true_false_answer": True, "language_code": "de"},
        {"kind": "true_false", "true_false_answer": True, "variants": {"en": {"prompt": "own language"}}},
        {
            "kind": "single",
            "options": [{"text": "x", "correct": True}, {"text": "y"}],
            "variants": {"nl": {"prompt": "V?", "options": ["x"]}},
        },
        {"kind": "true_false", "true_false_answer": True, "prompt": "   "},
    ],
)
def test_invalid_questions_are_refused(fields: dict[str, Any]) -> None:
    with pytest.raises(ValidationFailed):
        _question(**fields)


def test_a_player_reads_their_language_when_there_is_a_variant() -> None:
    content = _question(
        kind="single",
        options=[{"text": "Yes", "correct": True}, {"text": "No"}],
        explanation="Because.",
        variants={"nl": {"prompt": "V?", "options": ["Ja", "Nee"], "explanation": "Omdat."}},
    )
    assert rules.shown_in(content, "nl").prompt == "V?"
    assert [o.text for o in rules.shown_in(content, "nl").options] == ["Ja", "Nee"]
    assert rules.shown_in(content, "fr").language == "en"
    assert (
        rules.explanation_in(content, "nl") == "Omdat." and rules.explanation_in(content, "fr") == "Because."
    )
    assert rules.question_content(**rules.author_form(content)) == content  # a round trip changes nothing


@pytest.mark.parametrize(
    ("seconds", "median"),
    [({}, None), ({3: 1}, 3.0), ({1: 1, 5: 1}, 3.0), ({1: 2, 9: 1}, 1.0), ({2: 1, 4: 2, 7: 1}, 4.0)],
)
def test_median_time_from_the_histogram(seconds: dict[int, int], median: float | None) -> None:
    assert insight.median_seconds(seconds) == median
