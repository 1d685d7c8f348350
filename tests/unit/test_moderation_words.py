"""The word list holds whole words and phrases, whatever their case."""

from __future__ import annotations

from datetime import UTC, datetime

from chalicelib.store.moderation import rate_windows
from chalicelib.wall.words import matching_words, normalise_words


def test_words_match_whole_words_case_insensitively() -> None:
    assert matching_words("This is a SCAM!", ["scam"]) == ["scam"]
    assert matching_words("Scampi and scams", ["scam"]) == []
    assert matching_words("(scam)", ["scam"]) == ["scam"]


def test_phrases_match_across_any_whitespace() -> None:
    assert matching_words("Get  rich\nQUICK today", ["get rich quick"]) == ["get rich quick"]
    assert matching_words("get richer quick", ["get rich quick"]) == []


def test_words_with_regex_characters_are_taken_literally() -> None:
    assert matching_words("c++ rocks", ["c++"]) == ["c++"]
    assert matching_words("abc++ rocks", ["c++"]) == []
    assert matching_words("a.b is fine", ["a*b"]) == []
    assert matching_words("it is $$$ time", ["$$$"]) == ["$$$"]


def test_an_empty_list_matches_nothing() -> None:
    assert matching_words("anything", []) == []


def test_a_word_list_is_normalised() -> None:
    assert normalise_words([" Scam ", "scam", "", "Get  Rich  Quick"]) == ["get rich quick", "scam"]


def test_rate_windows_end_with_the_minute_and_the_day() -> None:
    now = datetime(2026, 11, 23, 9, 15, 42, tzinfo=UTC)
    minute, day = rate_windows(now, 10, 100)
    assert (minute.start, minute.limit, (minute.ends_at - now).total_seconds()) == (
        "2026-11-23T09:15",
        10,
        18,
    )
    assert (day.start, day.limit, day.ends_at) == ("2026-11-23", 100, datetime(2026, 11, 24, tzinfo=UTC))
    assert rate_windows(now, 0, 0) == []
