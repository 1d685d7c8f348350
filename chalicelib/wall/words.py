"""Matching text against an organisation's word list: case-insensitive, whole words only.

The wall screens content with it (screening.py); moderators edit the list
(chalicelib/moderation/word_list.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

MAX_WORDS = 500
MAX_WORD_CHARS = 60


def normalise_words(words: Iterable[str]) -> list[str]:
    """Lower-cased, trimmed (inner spaces collapsed), without duplicates or empties, sorted."""
    cleaned = {" ".join(word.split()).casefold() for word in words}
    return sorted(word for word in cleaned if word)


@lru_cache(maxsize=64)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    if not words:
        return None
    # Longest first, so a phrase wins over a word it starts with; spaces match any whitespace.
    alternatives = [
        r"\s+".join(re.escape(part) for part in word.split()) for word in sorted(words, key=len, reverse=True)
    ]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def matching_words(text: str, words: Iterable[str]) -> list[str]:
    """The listed words that occur in `text` as whole words (case-insensitive), in list order."""
    pattern = _pattern(tuple(normalise_words(words)))
    if pattern is None:
        return []
    found = {" ".join(match.group(0).split()).casefold() for match in pattern.finditer(text)}
    return sorted(found)
