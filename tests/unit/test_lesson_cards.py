"""What an author may put on a lesson's cards, how a card's answer is judged, when a lesson is
complete, and which stream changes of a learner's progress become which events."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chalicelib.errors import ValidationFailed
from chalicelib.learning import cards
from chalicelib.reactors.events import (
    ItemChange,
    LearningCompleted,
    LessonCardAnswered,
    QuestionAnsweredInLesson,
)
from chalicelib.reactors.events.learning import progress_events

SNAPSHOT: dict[str, Any] = {
    "question_id": "q-1",
    "kind": "single",
    "language": "nl",
    "prompt": "Wanneer deel je de agenda?",
    "options": [{"id": "a", "text": "Vooraf"}, {"id": "b", "text": "Tijdens"}],
    "correct_option_ids": ["a"],
    "correct_number": None,
    "tolerance": 0,
    "explanation": "Vooraf.",
    "variants": {},
}


def test_an_author_writes_each_type_of_card_and_new_cards_get_ids() -> None:
    written = cards.author_cards(
        [
            {"type": "content", "texts": {"nl": {"text": " Begin met het doel. "}}, "media_id": "m-1"},
            {"id": "ask", "type": "question", "question_id": "q-1"},
            {"type": "reflection", "texts": {"nl": {"prompt": "Wat neem je mee?"}}, "shareable": True},
            {"type": "poll", "texts": {"nl": {"prompt": "Hoe lang?", "options": ["30 min", "1 uur"]}}},
            {"type": "flashcard", "texts": {"nl": {"front": "Agenda?", "back": "Vooraf."}}},
        ],
        "nl",
    )
    assert [c["type"] for c in written] == list(cards.CARD_TYPES)
    assert written[0]["texts"] == {"nl": {"text": "Begin met het doel."}} and written[0]["media_id"] == "m-1"
    assert written[1] == {"id": "ask", "type": "question", "texts": {}, "question_id": "q-1"}
    assert written[3]["option_ids"] == ["a", "b"]
    assert len({c["id"] for c in written}) == 5


@pytest.mark.parametrize(
    "bad",
    [
        [],
        [{"type": "video"}],
        [{"type": "content", "texts": {"fr": {"text": "Le but"}}}],  # not in the lesson's language
        [{"type": "question"}],
        [{"type": "poll", "texts": {"nl": {"prompt": "Hoe?", "options": ["één"]}}}],
        [
            {
                "type": "poll",
                "texts": {
                    "nl": {"prompt": "Hoe?", "options": ["a", "b"]},
                    "en": {"prompt": "How?", "options": ["a"]},
                },
            }
        ],
        [{"id": "Same", "type": "flashcard", "texts": {"nl": {"front": "a", "back": "b"}}}],
        [{"id": "x", "type": "flashcard", "texts": {"nl": {"front": "a", "back": "b"}}}] * 2,
    ],
)
def test_what_a_lesson_may_not_hold(bad: list[dict[str, Any]]) -> None:
    with pytest.raises(ValidationFailed):
        cards.author_cards(bad, "nl")


def test_a_question_card_is_judged_against_the_releases_snapshot() -> None:
    question = cards.question_of(SNAPSHOT)
    assert cards.check_question_answer(question, ["a"], None).correct
    assert not cards.check_question_answer(question, ["b"], None).correct
    with pytest.raises(ValidationFailed):
        cards.check_question_answer(question, ["z"], None)  # not an option offered
    with pytest.raises(ValidationFailed):
        cards.check_question_answer(question, [], None)


def test_a_lesson_is_complete_when_its_questions_and_polls_are_answered() -> None:
    lesson = cards.author_cards(
        [
            {"id": "ask", "type": "question", "question_id": "q-1"},
            {"id": "vote", "type": "poll", "texts": {"nl": {"prompt": "?", "options": ["a", "b"]}}},
            {"id": "recall", "type": "flashcard", "texts": {"nl": {"front": "a", "back": "b"}}},
        ],
        "nl",
    )
    assert cards.missing_for_completion(lesson, {}) == ["ask", "vote"]
    assert cards.missing_for_completion(lesson, {"ask": {}, "vote": {}}) == []


def test_after_a_minor_change_only_answers_to_cards_still_there_of_the_same_type_are_kept() -> None:
    lesson = [{"id": "ask", "type": "question"}, {"id": "think", "type": "flashcard"}]
    answers = {"ask": {"type": "question"}, "think": {"type": "reflection"}, "gone": {"type": "poll"}}
    assert cards.answers_still_valid(lesson, answers) == {"ask": {"type": "question"}}


def _progress(answers: dict[str, Any], major: int = 1, completed_at: str | None = None) -> dict[str, Any]:
    image: dict[str, Any] = {
        "type": "learning_progress",
        "org_id": "org",
        "user_id": "u-1",
        "content_id": "l-1",
        "kind": "lesson",
        "community_id": "c-1",
        "major": major,
        "answers": json.dumps(answers),
    }
    if completed_at:
        image["completed_at"] = completed_at
    return image


ASKED = {"type": "question", "question_id": "q-1", "correct": False, "at": "2026-12-07T10:00:00.000Z"}


def test_a_new_answer_to_a_question_card_is_two_events_and_the_refreshers_hook_carries_the_question() -> None:
    change = ItemChange("MODIFY", "learning_progress", _progress({"ask": ASKED}), _progress({}))
    events = progress_events(change)
    assert events == [
        LessonCardAnswered("org", "u-1", "l-1", "ask", "question", "c-1", ASKED["at"]),
        QuestionAnsweredInLesson("org", "u-1", "q-1", False, "l-1", "ask", "c-1", ASKED["at"], 1),
    ]


def test_a_completion_is_an_event_once_and_a_move_or_a_replayed_image_is_none() -> None:
    before = _progress({"ask": ASKED})
    done = _progress({"ask": ASKED}, completed_at="2026-12-07T10:05:00.000Z")
    assert progress_events(ItemChange("MODIFY", "learning_progress", done, before)) == [
        LearningCompleted("org", "u-1", "l-1", "lesson", "c-1", "2026-12-07T10:05:00.000Z")
    ]
    assert progress_events(ItemChange("MODIFY", "learning_progress", done, done)) == []
    assert progress_events(ItemChange("REMOVE", "learning_progress", None, done)) == []


def test_after_a_major_change_answering_again_is_a_new_answering() -> None:
    old_run = _progress({"ask": ASKED}, major=1)
    new_run = _progress({"ask": ASKED}, major=2)
    events = progress_events(ItemChange("MODIFY", "learning_progress", new_run, old_run))
    hook = [e for e in events if isinstance(e, QuestionAnsweredInLesson)]
    assert [e.source_id for e in hook] == ["lesson-question#l-1#u-1#ask#2"]
    card = [e for e in events if isinstance(e, LessonCardAnswered)]
    assert [e.source_id for e in card] == ["lesson-card#l-1#u-1#ask"]  # its points: still once
