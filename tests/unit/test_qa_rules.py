"""The rules of questions and answers, and how their item changes become events."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib.qa import rules
from chalicelib.reactors.events.base import ItemChange
from chalicelib.reactors.events.qa import (
    AnswerAccepted,
    AnswerPosted,
    QuestionAsked,
    answer_events,
    question_events,
)
from chalicelib.store.models import PostItem, QaAnswerItem


def answer(answer_id: str, votes: int = 0, status: str = "published") -> QaAnswerItem:
    return QaAnswerItem("pk", answer_id, answer_id=answer_id, vote_count=votes, status=status)


def test_the_accepted_answer_comes_first_then_the_most_upvoted_then_the_oldest() -> None:
    answers = [answer("01A", 1), answer("01B", 3), answer("01C", 1), answer("01D", 9, status="deleted")]
    assert [a.answer_id for a in rules.answers_in_order(answers, None)] == ["01B", "01A", "01C"]
    assert [a.answer_id for a in rules.answers_in_order(answers, "01C")] == ["01C", "01B", "01A"]


@pytest.mark.parametrize(
    ("answers", "accepted", "state"),
    [(0, None, "unanswered"), (2, None, "answered"), (2, "01A", "solved")],
)
def test_a_question_is_unanswered_answered_or_solved(answers: int, accepted: str | None, state: str) -> None:
    post = PostItem("pk", "sk", post_kind="question", answer_count=answers, accepted_answer_id=accepted)
    assert rules.state_of(post) == state


def test_the_title_is_the_first_line_cut_to_length() -> None:
    assert rules.title_of("  Where is the printer?\nThe one on floor 2.") == "Where is the printer?"
    long = "x" * 200
    assert rules.title_of(long).endswith("…") and len(rules.title_of(long)) == rules.TITLE_CHARS
    assert rules.title_of("   ") == ""


@pytest.mark.parametrize(
    ("hours", "days", "fields"),
    [
        (24, 3, []),
        (0, 3, ["escalate_after_hours"]),
        (24, 0, ["request_after_days"]),
        (72, 3, ["request_after_days"]),  # the content request would come before the escalation
        (24 * 15, 61, ["escalate_after_hours", "request_after_days"]),
    ],
)
def test_a_communitys_timing_escalates_before_it_requests_content(
    hours: int, days: int, fields: list[str]
) -> None:
    assert [p["field"] for p in rules.check_timing(hours, days)] == fields


def test_the_timing_counts_from_the_moment_the_question_was_asked() -> None:
    asked = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    timing = rules.Timing(2, 3)
    assert timing.escalate_at(asked) == datetime(2026, 12, 7, 11, 0, tzinfo=UTC)
    assert timing.request_at(asked) == datetime(2026, 12, 10, 9, 0, tzinfo=UTC)


def test_no_points_for_answering_ones_own_question_or_accepting_ones_own_answer() -> None:
    assert rules.earns_accept_points("mentor", "asker", "asker")
    assert not rules.earns_accept_points("asker", "asker", "asker")
    assert not rules.earns_accept_points("moderator", "asker", "moderator")


def test_changing_skills_adds_and_removes_only_the_difference() -> None:
    assert rules.skills_change(["excel", "word"], ["word", "teams"]) == (["teams"], ["excel"])


def _question(**changes: object) -> dict[str, object]:
    return {"org_id": "o", "community_id": "c", "post_id": "p", "post_kind": "question", **changes}


def test_a_question_is_asked_when_published_or_released_from_review_not_on_later_changes() -> None:
    assert question_events(ItemChange("INSERT", "post", _question(), None)) == [QuestionAsked("o", "c", "p")]
    assert question_events(ItemChange("INSERT", "post", _question(status="held"), None)) == []
    released = ItemChange("MODIFY", "post", _question(status="published"), _question(status="held"))
    assert question_events(released) == [QuestionAsked("o", "c", "p")]
    assert question_events(ItemChange("MODIFY", "post", _question(answer_count=1), _question())) == []
    assert question_events(ItemChange("INSERT", "post", _question(post_kind=None), None)) == []


def _answer(**changes: object) -> dict[str, object]:
    base = {
        "org_id": "o",
        "community_id": "c",
        "post_id": "p",
        "answer_id": "a",
        "author_id": "mentor",
        "author_name": "Marc",
        "question_author_id": "asker",
    }
    return {**base, **changes}


def test_an_answer_is_posted_once_and_accepted_when_its_mark_turns_on() -> None:
    assert answer_events(ItemChange("INSERT", "qa_answer", _answer(), None)) == [
        AnswerPosted("o", "c", "p", "a", "mentor", "Marc", "asker")
    ]
    accepted = _answer(accepted=True, accepted_by="asker", accepted_at="2026-12-07T09:00:00Z")
    assert answer_events(ItemChange("MODIFY", "qa_answer", accepted, _answer(accepted=False))) == [
        AnswerAccepted("o", "c", "p", "a", "mentor", "asker", "asker", "2026-12-07T09:00:00Z")
    ]
    # Votes change the answer too: no event. Nor does the mark turning off.
    assert answer_events(ItemChange("MODIFY", "qa_answer", _answer(vote_count=2), _answer())) == []
    assert answer_events(ItemChange("MODIFY", "qa_answer", _answer(accepted=False), accepted)) == []
    # The source id is the answer's: re-accepting it later is the same award.
    assert AnswerAccepted("o", "c", "p", "a", "m", "q", None, "x").source_id == "answer-accepted#a"
