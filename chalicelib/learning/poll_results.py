"""How colleagues answered a poll card, shown to a learner once they have answered it.

The votes are counted by the stream consumer, once per answer, so just after answering the
learner's own vote may not be in them yet: its effect marker says whether it is (one GetItem,
only within the marker's lifetime; an older answer has long been counted).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chalicelib.ids import utc_now
from chalicelib.principal import Principal
from chalicelib.store import feedback, keys
from chalicelib.store.effects import MARKER_LIFETIME


@dataclass(frozen=True)
class PollResults:
    votes: dict[str, int]  # per option id, in the card's option order (0 for an option no one chose)
    total: int


def poll_results(
    principal: Principal, content_id: str, card: dict[str, Any], answer: dict[str, Any]
) -> PollResults:
    card_id = str(card["id"])
    counted = feedback.poll_votes(principal.org_id, content_id, card_id)
    votes = {option_id: counted.get(option_id, 0) for option_id in card.get("option_ids") or []}
    own = answer.get("option_id")
    if own in votes and _may_be_uncounted(answer.get("at")):
        event = keys.lesson_card_answered_event(content_id, principal.user_id, card_id)
        if not feedback.card_counted(principal.org_id, event):
            votes[own] += 1
    return PollResults(votes, sum(votes.values()))


def _may_be_uncounted(answered_at: Any) -> bool:
    try:
        moment = datetime.fromisoformat(str(answered_at).replace("Z", "+00:00"))
    except ValueError:
        return True
    return moment.tzinfo is None or utc_now() - moment < MARKER_LIFETIME
