"""What authors (and the content's managers) see of a lesson or video: its reaction score,
completions, drop-off per card and how its questions are answered: one Query of its feedback
partition, beside the release read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chalicelib.errors import NotFound
from chalicelib.feedback import rules
from chalicelib.learning import access
from chalicelib.learning.items import payload_of, title_of
from chalicelib.principal import Principal
from chalicelib.store import feedback as store
from chalicelib.store import learning


@dataclass(frozen=True)
class Insights:
    content_id: str
    title: str
    reactions: dict[str, int]
    score: int
    completed: int
    cards: list[rules.CardFigures]
    labels: dict[str, CardLabel] = field(default_factory=dict)  # per card id, in the content's language


@dataclass(frozen=True)
class CardLabel:
    prompt: str
    options: dict[str, str]  # a poll's option texts by id


def _label(card: dict[str, Any], language: str) -> CardLabel:
    """What an author recognises a card by: its prompt (a question's, a poll's, a flashcard's front)."""
    if isinstance(card.get("question"), dict):
        return CardLabel(str(card["question"].get("prompt") or ""), {})
    all_texts: dict[str, Any] = card.get("texts") or {}
    texts: dict[str, Any] = all_texts.get(language) or next(iter(all_texts.values()), {})
    prompt = str(texts.get("prompt") or texts.get("front") or texts.get("text") or "")
    options = dict(zip(card.get("option_ids") or [], texts.get("options") or [], strict=False))
    return CardLabel(prompt, options)


def insights(principal: Principal, content_id: str) -> Insights:
    release = learning.get_release(principal.org_id, rules.require_content_id(content_id))
    if release is None:
        raise NotFound(access.NO_SUCH_CONTENT)
    if not access.is_author_of(principal, release.author_ids, release.community_id):
        raise NotFound(access.NO_SUCH_CONTENT)  # as if it were not there: others' figures stay theirs
    stats, cards, polls = store.feedback_of(principal.org_id, content_id)
    counts = {name: int(getattr(stats, name) or 0) if stats is not None else 0 for name in rules.REACTIONS}
    answerable_cards = [
        card
        for card in payload_of(release).get("cards") or []
        if isinstance(card, dict) and card.get("type") != "content"
    ]
    answerable = [(str(card.get("id")), str(card.get("type"))) for card in answerable_cards]
    votes: dict[str, dict[str, int]] = {}
    for poll in polls:
        votes.setdefault(poll.card_id, {})[poll.option_id] = int(poll.votes or 0)
    funnel = rules.funnel(
        answerable,
        {c.card_id: int(c.answered or 0) for c in cards},
        {c.card_id: int(c.correct or 0) for c in cards},
        votes,
    )
    return Insights(
        content_id,
        title_of(release),
        counts,
        rules.score(counts),
        int(stats.completed or 0) if stats is not None else 0,
        funnel,
        {str(card.get("id")): _label(card, release.language) for card in answerable_cards},
    )
