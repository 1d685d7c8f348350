"""A learner's viewing, as the stream carries it, becomes the events refreshers follow: a question
answered at a video's cue, once per attempt, never for a report or another kind of content."""

from __future__ import annotations

import json
from typing import Any

from chalicelib.reactors.events import QuestionAnsweredAtVideoCue
from chalicelib.reactors.events.base import ItemChange
from chalicelib.reactors.events.videos import video_cue_events


def progress(cues: dict[str, Any], kind: str = "video", major: int = 1) -> dict[str, Any]:
    state = {"watched": [[0, 20]], "cues": cues}
    return {
        "type": "learning_progress",
        "org_id": "o1",
        "user_id": "u1",
        "content_id": "v1",
        "kind": kind,
        "major": major,
        "community_id": "c1",
        "state": json.dumps(state),
        "updated_at": "2026-12-07T10:00:00.000Z",
    }


WRONG = {"q1": {"attempts": 1, "correct": False, "question_id": "Q1", "at": "2026-12-07T10:00:01.000Z"}}
RIGHT = {"q1": {"attempts": 2, "correct": True, "question_id": "Q1", "at": "2026-12-07T10:00:09.000Z"}}


def events(old: dict[str, Any] | None, new: dict[str, Any]) -> list[Any]:
    return video_cue_events(ItemChange("MODIFY" if old else "INSERT", "learning_progress", new, old))


def test_a_first_answer_at_a_cue_is_an_event_with_the_question_and_whether_it_was_right() -> None:
    (event,) = events(progress({}), progress(WRONG))
    assert isinstance(event, QuestionAnsweredAtVideoCue)
    assert (event.org_id, event.user_id, event.question_id, event.correct, event.attempt) == (
        "o1",
        "u1",
        "Q1",
        False,
        1,
    )
    assert event.source_id == "video-cue#v1#u1#q1#1#1"


def test_each_new_attempt_is_one_event_and_a_report_is_none() -> None:
    (event,) = events(progress(WRONG), progress(RIGHT))
    assert event.correct is True and event.attempt == 2  # type: ignore[attr-defined]
    assert events(progress(RIGHT), progress(RIGHT)) == []  # a report: the cues did not change


def test_texts_links_branches_and_lessons_make_no_such_event() -> None:
    seen = {"t1": {"attempts": 1, "at": "x"}, "b1": {"attempts": 1, "option": 0, "at": "x"}}
    assert events(progress({}), progress(seen)) == []
    assert events(progress({}), progress(WRONG, kind="lesson")) == []


def test_a_major_change_that_starts_the_learner_over_counts_answers_again() -> None:
    (event,) = events(progress(RIGHT, major=1), progress(WRONG, major=2))
    assert event.attempt == 1 and event.major == 2  # type: ignore[attr-defined]
