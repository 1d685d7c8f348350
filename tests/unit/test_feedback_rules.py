"""Content feedback rules: the reaction score and the drop-off funnel authors see."""

from __future__ import annotations

import pytest

from chalicelib.errors import NotFound
from chalicelib.feedback import rules


@pytest.mark.parametrize(
    ("counts", "score"),
    [
        ({}, 0),
        ({"useful": 3, "learned": 2}, 5),
        ({"useful": 3, "outdated": 4}, -1),
        ({"question": 7}, 0),  # a question asks for an answer: it is no verdict on the content
    ],
)
def test_the_reaction_score_is_what_helped_minus_what_is_outdated(counts: dict[str, int], score: int) -> None:
    assert rules.score(counts) == score


def test_drop_off_counts_who_answered_the_card_before_but_not_this_one() -> None:
    cards = [("ask", "question"), ("think", "reflection"), ("vote", "poll"), ("recall", "flashcard")]
    figures = rules.funnel(cards, {"ask": 10, "think": 6, "vote": 7, "recall": 2}, {"ask": 4})
    assert [(f.card_id, f.answered, f.correct, f.drop_off) for f in figures] == [
        ("ask", 10, 4, 0),  # who never started is not a drop-off of the first card
        ("think", 6, None, 4),
        ("vote", 7, None, 0),  # more answered the poll than the reflection: nobody dropped off there
        ("recall", 2, None, 5),
    ]


def test_only_poll_cards_carry_their_votes_per_option() -> None:
    cards = [("ask", "question"), ("vote", "poll"), ("empty", "poll")]
    figures = rules.funnel(
        cards, {"ask": 3, "vote": 3}, {"ask": 1}, {"vote": {"a": 2, "b": 1}, "ask": {"x": 9}}
    )
    assert [f.votes for f in figures] == [None, {"a": 2, "b": 1}, {}]


def test_a_card_nobody_answered_yet_counts_zero() -> None:
    [figure] = rules.funnel([("ask", "question")], {}, {})
    assert (figure.answered, figure.correct, figure.drop_off) == (0, 0, 0)


@pytest.mark.parametrize("content_id", ["", "a/b", "x" * 65, "01J#2", "ü"])
def test_an_id_the_app_never_makes_names_nothing(content_id: str) -> None:
    with pytest.raises(NotFound):
        rules.require_content_id(content_id)
