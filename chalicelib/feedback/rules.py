"""The rules of content feedback. Plain Python, no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass

from chalicelib.errors import NotFound

USEFUL, LEARNED, OUTDATED, QUESTION = "useful", "learned", "outdated", "question"
REACTIONS = (USEFUL, LEARNED, OUTDATED, QUESTION)
MAX_NOTE = 500
_CONTENT_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def require_content_id(content_id: str) -> str:
    """A content id as the app makes them; anything else names nothing (404), never a malformed key."""
    if not _CONTENT_ID.match(content_id):
        raise NotFound("No learning content with this id that you may read.")
    return content_id


def score(counts: dict[str, int]) -> int:
    """The reaction score authors and the library show: what helped (useful, learned something)
    minus what did not (outdated). A question is neither: it asks for an answer, not a verdict."""
    return counts.get(USEFUL, 0) + counts.get(LEARNED, 0) - counts.get(OUTDATED, 0)


@dataclass(frozen=True)
class CardFigures:
    card_id: str
    card_type: str
    answered: int
    correct: int | None  # question cards only
    drop_off: int  # learners who answered the previous answerable card but not this one
    votes: dict[str, int] | None = None  # poll cards: votes per option id


def funnel(
    cards: list[tuple[str, str]],
    answered: dict[str, int],
    correct: dict[str, int],
    votes: dict[str, dict[str, int]] | None = None,
) -> list[CardFigures]:
    """Each answerable card in lesson order, with how many learners answered it and how many fewer
    than the card before it (the first card's drop-off is 0: who never started is not counted)."""
    figures: list[CardFigures] = []
    previous: int | None = None
    for card_id, card_type in cards:
        count = answered.get(card_id, 0)
        figures.append(
            CardFigures(
                card_id,
                card_type,
                count,
                correct.get(card_id, 0) if card_type == "question" else None,
                max(0, previous - count) if previous is not None else 0,
                dict((votes or {}).get(card_id, {})) if card_type == "poll" else None,
            )
        )
        previous = count
    return figures
