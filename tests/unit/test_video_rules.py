"""The rules of watching an interactive video: what counts as watched, where a cue stops the
learner, when skipping ahead is allowed, and when the server calls the video completed."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.errors import ValidationFailed
from chalicelib.learning import video_form
from chalicelib.learning.video_rules import (
    BranchOption,
    Cue,
    CueAnswer,
    VideoRules,
    Viewing,
    count_report,
    cue_done,
    gate,
    is_complete,
    may_answer,
    merge,
    record_answer,
    report_budget,
    seek_limit,
    watched_fraction,
)

QUESTION = Cue("q1", 30.0, "question", required=True, question_id="Q" * 26)
MUST_BE_RIGHT = Cue("q2", 30.0, "question", required=True, must_be_correct=True, question_id="Q" * 26)
OPTIONAL_TEXT = Cue("t1", 10.0, "text", text="Note this")
BRANCH = Cue(
    "b1",
    50.0,
    "branch",
    required=True,
    options=(BranchOption("Basics", 55.0), BranchOption("Advanced", 80.0)),
)

PLAIN = VideoRules(duration=100.0, completion_threshold=0.9, block_forward_skip=False)
BLOCKING = VideoRules(duration=100.0, completion_threshold=0.9, block_forward_skip=True)
WITH_QUESTION = VideoRules(
    duration=100.0, completion_threshold=0.9, block_forward_skip=True, cues=(QUESTION,)
)
NOW = 1_000_000.0
LONG_AGO = NOW - 3600


@pytest.mark.parametrize(
    ("segments", "merged"),
    [
        ([], ()),
        ([(0, 10)], ((0, 10),)),
        ([(10, 20), (0, 10)], ((0, 20),)),  # touching, in any order
        ([(0, 10), (10.2, 20)], ((0, 20),)),  # a time-update's gap is no gap
        ([(0, 10), (12, 20)], ((0, 10), (12, 20))),  # a real gap stays
        ([(0, 15), (5, 10)], ((0, 15),)),  # inside another
        ([(5, 5), (3, 2)], ()),  # empty or backwards: nothing
        ([(0, 10), (5, 30), (40, 50)], ((0, 30), (40, 50))),
    ],
)
def test_watched_segments_merge_into_ranges(
    segments: list[tuple[float, float]], merged: tuple[Any, ...]
) -> None:
    assert merge(segments) == merged


def test_watched_ranges_stay_few_however_scattered_the_viewing() -> None:
    scattered = [(float(i), i + 0.5) for i in range(0, 1000, 2)]
    assert len(merge(scattered)) <= 200


@pytest.mark.parametrize(
    ("cue", "answer", "done"),
    [
        (QUESTION, None, False),
        (QUESTION, CueAnswer(correct=False), True),  # answered is enough
        (MUST_BE_RIGHT, CueAnswer(correct=False), False),  # answered wrong is not
        (MUST_BE_RIGHT, CueAnswer(correct=True, attempts=2), True),
        (OPTIONAL_TEXT, CueAnswer(), True),
        (BRANCH, CueAnswer(), False),  # a branch is done once an option is taken
        (BRANCH, CueAnswer(option=1), True),
    ],
)
def test_when_a_cue_is_done(cue: Cue, answer: CueAnswer | None, done: bool) -> None:
    assert cue_done(cue, answer) is done


def test_a_required_cue_stops_playback_until_done_and_optional_ones_never_do() -> None:
    rules = VideoRules(100.0, 0.9, False, cues=(OPTIONAL_TEXT, BRANCH, MUST_BE_RIGHT))
    assert gate(rules, {}) == 30.0
    assert gate(rules, {"q2": CueAnswer(correct=False)}) == 30.0
    assert gate(rules, {"q2": CueAnswer(correct=True)}) == 50.0
    assert gate(rules, {"q2": CueAnswer(correct=True), "b1": CueAnswer(option=0)}) is None


@pytest.mark.parametrize(
    ("rules", "viewing", "limit"),
    [
        (PLAIN, Viewing(), 100.0),  # skipping allowed: anywhere
        (BLOCKING, Viewing(), 0.0),  # nothing watched yet
        (BLOCKING, Viewing(watched=((0, 40),)), 40.0),  # up to the furthest watched point
        (BLOCKING, Viewing(watched=((0, 100),), fully_viewed=True), 100.0),  # unlocked by a full viewing
        (WITH_QUESTION, Viewing(watched=((0, 30),), fully_viewed=True), 30.0),  # a required cue still stops
        (WITH_QUESTION, Viewing(watched=((0, 30),), answers={"q1": CueAnswer(correct=False)}), 30.0),
        (
            VideoRules(100.0, 0.9, True, cues=(BRANCH,)),
            Viewing(watched=((0, 50),), answers={"b1": CueAnswer(option=1)}),
            80.0,  # where the branch taken jumps to
        ),
    ],
)
def test_how_far_a_learner_may_move(rules: VideoRules, viewing: Viewing, limit: float) -> None:
    assert seek_limit(rules, viewing) == limit


def test_a_cue_is_answered_only_once_it_can_be_reached() -> None:
    later = Cue("late", 90.0, "text", text="x")
    rules = VideoRules(100.0, 0.9, True, cues=(QUESTION, later))
    assert may_answer(rules, Viewing(watched=((0, 30),)), QUESTION)
    assert not may_answer(rules, Viewing(watched=((0, 20),)), QUESTION)
    assert not may_answer(rules, Viewing(watched=((0, 30),)), later)  # the question stops before it


@pytest.mark.parametrize(
    ("cue", "previous", "correct", "option", "kept"),
    [
        (QUESTION, None, False, None, CueAnswer(correct=False, attempts=1)),
        (QUESTION, CueAnswer(correct=False), True, None, CueAnswer(correct=False)),  # done: unchanged
        (MUST_BE_RIGHT, CueAnswer(correct=False), True, None, CueAnswer(correct=True, attempts=2)),
        (MUST_BE_RIGHT, CueAnswer(correct=True), False, None, CueAnswer(correct=True)),  # right stays right
        (BRANCH, None, None, 1, CueAnswer(option=1)),
        (BRANCH, CueAnswer(option=1), None, 0, CueAnswer(option=1)),  # a branch taken stays taken
    ],
)
def test_the_answer_kept_for_a_cue(
    cue: Cue, previous: CueAnswer | None, correct: bool | None, option: int | None, kept: CueAnswer
) -> None:
    assert record_answer(cue, previous, correct, option) == kept


@pytest.mark.parametrize(
    ("rules", "viewing", "complete"),
    [
        (PLAIN, Viewing(watched=((0, 89),)), False),
        (PLAIN, Viewing(watched=((0, 90),)), True),  # the threshold reached
        (PLAIN, Viewing(watched=((0, 50), (55, 95))), True),  # holes are fine below the threshold
        (WITH_QUESTION, Viewing(watched=((0, 100),)), False),  # the required question not answered
        (WITH_QUESTION, Viewing(watched=((0, 100),), answers={"q1": CueAnswer(correct=False)}), True),
    ],
)
def test_completion_is_decided_from_what_was_watched_and_the_required_cues(
    rules: VideoRules, viewing: Viewing, complete: bool
) -> None:
    assert is_complete(rules, viewing) is complete


@pytest.mark.parametrize(
    ("last_report_at", "budget"),
    [
        (None, 43.0),  # a first report: the player sends its first 15 s into playing
        (NOW - 10, 23.0),  # ten seconds, at most twice as fast, plus slack
        (NOW, 3.0),
        (NOW + 5, 3.0),  # a clock going backwards earns nothing
        (NOW - 60, 123.0),  # the player's minute between reports, even played at 2x
        (NOW - 75, 153.0),  # a late timer or a slow network loses nothing
        (LONG_AGO, 243.0),  # waiting long earns at most two minutes
    ],
)
def test_a_report_claims_at_most_the_time_that_passed_at_the_fastest_rate(
    last_report_at: float | None, budget: float
) -> None:
    assert report_budget(last_report_at, NOW) == budget


def test_a_report_adds_what_was_played_and_resumes_where_the_player_is() -> None:
    counted = count_report(PLAIN, Viewing(last_report_at=NOW - 10), [[0, 10], [10, 18]], 18.0, NOW)
    assert counted.viewing.watched == ((0, 18),)
    assert counted.viewing.position == 18.0
    assert counted.counted_seconds == 18.0
    assert counted.viewing.last_report_at == NOW


def test_a_report_claiming_more_than_the_clock_allows_counts_only_what_it_could_be() -> None:
    counted = count_report(PLAIN, Viewing(last_report_at=NOW - 5), [[0, 100]], None, NOW)
    assert counted.claimed_seconds == 100.0
    assert counted.viewing.watched == ((0, 13.0),)
    assert not counted.completed_now


def test_a_forged_full_viewing_in_many_quick_reports_does_not_complete() -> None:
    viewing = Viewing()
    for i in range(10):
        viewing = count_report(PLAIN, viewing, [[i * 10, i * 10 + 10]], None, NOW + i * 0.1).viewing
    assert watched_fraction(viewing.watched, 100.0) < 0.9
    assert not is_complete(PLAIN, viewing)


def test_nothing_counts_past_a_required_cue_not_yet_done() -> None:
    viewing = Viewing(watched=((0, 25),), last_report_at=NOW - 30)
    counted = count_report(WITH_QUESTION, viewing, [[25, 40], [40, 45]], 45.0, NOW)
    assert counted.viewing.watched == ((0, 30),)
    assert counted.viewing.position == 30.0  # resumes at the question


def test_after_the_required_cue_playback_counts_again() -> None:
    viewing = Viewing(watched=((0, 30),), answers={"q1": CueAnswer(correct=True)}, last_report_at=NOW - 30)
    counted = count_report(WITH_QUESTION, viewing, [[30, 45]], 45.0, NOW)
    assert counted.viewing.watched == ((0, 45),)


def test_skipping_ahead_counts_nothing_when_the_video_blocks_it_until_a_full_viewing() -> None:
    viewing = Viewing(watched=((0, 20),), last_report_at=NOW - 30)
    skipped = count_report(BLOCKING, viewing, [[60, 70]], 70.0, NOW)
    assert skipped.viewing.watched == ((0, 20),)
    assert skipped.viewing.position == 20.0
    free = count_report(PLAIN, viewing, [[60, 70]], 70.0, NOW)
    assert free.viewing.watched == ((0, 20), (60, 70))


def test_a_first_full_viewing_unlocks_skipping() -> None:
    viewing = Viewing(watched=((0, 85),), last_report_at=NOW - 10)
    counted = count_report(BLOCKING, viewing, [[85, 100]], 100.0, NOW)
    assert counted.viewing.fully_viewed
    assert counted.completed_now
    again = count_report(BLOCKING, counted.viewing, [[60, 70]], 70.0, NOW + 10)
    assert again.viewing.position == 70.0
    assert not again.completed_now  # completed once


def test_a_branch_taken_lets_the_learner_play_from_where_it_jumps() -> None:
    rules = VideoRules(100.0, 0.5, True, cues=(BRANCH,))
    viewing = Viewing(watched=((0, 50),), answers={"b1": CueAnswer(option=1)}, last_report_at=NOW - 10)
    counted = count_report(rules, viewing, [[80, 90]], 90.0, NOW)
    assert counted.viewing.watched == ((0, 50), (80, 90))


@pytest.mark.parametrize(
    "segments",
    [
        [[0, 101]],  # beyond the duration
        [[-1, 5]],
        [[5, 3]],  # backwards
        [[0]],
        ["0-5"],
        [[0, 1]] * 51,  # too many
    ],
)
def test_reports_no_player_could_send_are_refused(segments: list[Any]) -> None:
    with pytest.raises(ValidationFailed):
        count_report(PLAIN, Viewing(), segments, None, NOW)


def test_a_position_beyond_the_video_is_refused() -> None:
    with pytest.raises(ValidationFailed):
        count_report(PLAIN, Viewing(), [], 500.0, NOW)


# The author's form ------------------------------------------------------------------------------

MEDIA = "M" * 26
GOOD: dict[str, Any] = {
    "media_id": MEDIA,
    "duration": 60,
    "cues": [
        {"cue_id": "b", "kind": "branch", "at": 40, "options": [{"label": "Again", "to": 0}]},
        {"cue_id": "a", "kind": "question", "at": 12.5, "required": True, "question_id": "Q" * 26},
    ],
    "captions": {"nl": MEDIA},
}


def test_a_video_form_is_stored_with_its_defaults_and_cues_in_time_order() -> None:
    payload = video_form.check_payload(GOOD)
    assert payload["completion_threshold"] == 0.9
    assert payload["block_forward_skip"] is True
    assert [cue["cue_id"] for cue in payload["cues"]] == ["a", "b"]
    rules = video_form.rules_of(payload)
    assert rules.cue("a") == Cue("a", 12.5, "question", required=True, question_id="Q" * 26)
    assert rules.cue("b") is not None and rules.cue("b").options == (BranchOption("Again", 0.0),)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"duration": 0}, "duration"),
        ({"duration": "long"}, "duration"),
        ({"duration": float("nan")}, "duration"),
        ({"media_id": "../etc"}, "media_id"),
        ({"completion_threshold": 0.2}, "completion_threshold"),
        ({"captions": {"de": MEDIA}}, "captions.de"),
        ({"cues": [{"cue_id": "a", "kind": "quiz", "at": 1}]}, "cues[0].kind"),
        ({"cues": [{"cue_id": "a", "kind": "text", "at": 61, "text": "x"}]}, "cues[0].at"),
        ({"cues": [{"cue_id": "a", "kind": "text", "at": 1}]}, "cues[0].text"),
        ({"cues": [{"cue_id": "a", "kind": "question", "at": 1}]}, "cues[0].question_id"),
        (
            {"cues": [{"cue_id": "a", "kind": "link", "at": 1, "text": "x", "url": "javascript:alert(1)"}]},
            "cues[0].url",
        ),
        ({"cues": [{"cue_id": "a", "kind": "branch", "at": 1, "options": []}]}, "cues[0].options"),
        (
            {"cues": [{"cue_id": "a", "kind": "branch", "at": 1, "options": [{"label": "x", "to": 60}]}]},
            "cues[0].options[0].to",
        ),
        ({"cues": [{"cue_id": "a", "kind": "text", "at": 1, "text": "x"}] * 2}, "cues"),
        ({"cues": [{"cue_id": "a b", "kind": "text", "at": 1, "text": "x"}]}, "cues[0].cue_id"),
    ],
)
def test_a_video_form_that_cannot_be_played_is_refused(change: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        video_form.check_payload({**GOOD, **change})
    assert refused.value.extra["errors"][0]["field"] == field
