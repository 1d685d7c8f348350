"""The rules of learning content: language variants, the lifecycle, and versions."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib.errors import Conflict, ValidationFailed
from chalicelib.learning import rules
from chalicelib.learning.rules import ARCHIVED, DRAFT, IN_REVIEW, PUBLISHED, Variant


def test_variants_need_the_authors_language_and_a_title_in_each() -> None:
    variants = rules.variants_of(
        {"nl": {"title": " Een vergadering plannen ", "summary": "Kort"}, "en": {"title": "Plan a meeting"}},
        "nl",
    )
    assert variants["nl"] == Variant("Een vergadering plannen", "Kort", "")
    with pytest.raises(ValidationFailed):
        rules.variants_of({"en": {"title": "Plan a meeting"}}, "nl")
    with pytest.raises(ValidationFailed):
        rules.variants_of({"nl": {"title": ""}}, "nl")
    with pytest.raises(ValidationFailed):
        rules.variants_of({"de": {"title": "Besprechung"}, "nl": {"title": "Vergadering"}}, "nl")


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [("fr", "fr"), ("en", "nl"), (None, "nl")],
)
def test_a_reader_gets_their_language_or_else_the_authors(wanted: str | None, expected: str) -> None:
    variants = {"nl": Variant("Vergadering"), "fr": Variant("Réunion")}
    assert rules.variant_for(variants, wanted, "nl")[0] == expected


@pytest.mark.parametrize(
    ("move", "state", "allowed"),
    [
        ("submit", DRAFT, True),
        ("submit", IN_REVIEW, False),
        ("submit", PUBLISHED, False),
        ("decide", IN_REVIEW, True),
        ("decide", DRAFT, False),
        ("publish", DRAFT, True),
        ("publish", IN_REVIEW, True),
        ("publish", PUBLISHED, False),
        ("publish", ARCHIVED, False),
        ("archive", PUBLISHED, True),
        ("archive", ARCHIVED, False),
        ("restore", ARCHIVED, True),
        ("restore", PUBLISHED, False),
        ("edit", ARCHIVED, False),
    ],
)
def test_the_lifecycle_allows_each_move_only_from_its_states(move: str, state: str, allowed: bool) -> None:
    if allowed:
        rules.require_move(move, state)
    else:
        with pytest.raises(Conflict):
            rules.require_move(move, state)


@pytest.mark.parametrize("state", [DRAFT, IN_REVIEW, PUBLISHED])
def test_changing_the_working_copy_makes_it_a_draft_again(state: str) -> None:
    assert rules.state_after_edit(state) == DRAFT


@pytest.mark.parametrize(
    ("version", "major", "marked_major", "expected"),
    [
        (0, 0, False, (1, 1)),
        (0, 0, True, (1, 1)),
        (1, 1, False, (2, 1)),
        (2, 1, True, (3, 2)),
    ],
)
def test_releases_count_up_and_only_a_major_change_raises_the_major(
    version: int, major: int, marked_major: bool, expected: tuple[int, int]
) -> None:
    nxt = rules.next_release(version, major, marked_major)
    assert (nxt.version, nxt.major) == expected


def test_a_learner_starts_over_only_after_a_major_change() -> None:
    assert rules.progress_starts_over(1, 2)
    assert not rules.progress_starts_over(2, 2)


def test_minutes_and_review_dates_are_checked() -> None:
    assert rules.check_minutes(5) == 5
    with pytest.raises(ValidationFailed):
        rules.check_minutes(0)
    with pytest.raises(ValidationFailed):
        rules.check_review_on(date(2026, 1, 1), date(2026, 1, 1))
    assert rules.check_review_on(date(2026, 6, 1), date(2026, 1, 1)) == date(2026, 6, 1)
