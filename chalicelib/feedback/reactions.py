"""Learners react to a lesson or video they may open: useful, learned something, outdated, or a
question. One reaction per learner and content item, which they may change; the counts change with
it in one transaction. An "outdated" reaction opens a task for the authors (the stream consumer)."""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.errors import Conflict, ValidationFailed
from chalicelib.feedback import rules
from chalicelib.ids import utc_now
from chalicelib.learning import access
from chalicelib.observability import count_business_event
from chalicelib.principal import Principal
from chalicelib.store import feedback as store
from chalicelib.store import keys, learning
from chalicelib.store.models import ContentReactionItem

ATTEMPTS = 3


@dataclass(frozen=True)
class Reactions:
    counts: dict[str, int]
    score: int
    mine: ContentReactionItem | None


def _counts(org_id: str, content_id: str, consistent: bool = False) -> dict[str, int]:
    stats, _, _ = store.feedback_of(org_id, content_id, consistent)
    return {name: int(getattr(stats, name) or 0) if stats is not None else 0 for name in rules.REACTIONS}


def reactions(principal: Principal, content_id: str) -> Reactions:
    rules.require_content_id(content_id)
    access.require_learner(principal, learning.get_release(principal.org_id, content_id))
    counts = _counts(principal.org_id, content_id)
    mine = store.get_reaction(principal.org_id, content_id, principal.user_id)
    return Reactions(counts, rules.score(counts), mine)


def react(principal: Principal, content_id: str, reaction: str, note: str | None) -> Reactions:
    """Set my reaction (a same reaction and note again changes nothing)."""
    if reaction not in rules.REACTIONS:
        raise ValidationFailed(f"React with one of: {', '.join(rules.REACTIONS)}.")
    note = (note or "").strip() or None
    if note is not None and len(note) > rules.MAX_NOTE:
        raise ValidationFailed(f"A note has at most {rules.MAX_NOTE} characters.")
    rules.require_content_id(content_id)
    access.require_learner(principal, learning.get_release(principal.org_id, content_id))
    for _ in range(ATTEMPTS):
        current = store.get_reaction(principal.org_id, content_id, principal.user_id)
        if current is not None and current.reaction == reaction and current.note == note:
            mine = current
            break
        now = utc_now()
        item = ContentReactionItem(
            keys.content_reactions_pk(principal.org_id, content_id),
            keys.user_sk(principal.user_id),
            org_id=principal.org_id,
            content_id=content_id,
            user_id=principal.user_id,
            reaction=reaction,
            note=note,
            created_at=current.created_at if current is not None else now,
            updated_at=now,
        )
        try:
            store.save_reaction(item, current.reaction if current is not None else None)
        except store.ReactionChanged:
            continue
        count_business_event("ContentReacted")
        mine = item
        break
    else:
        raise Conflict("Your reaction kept changing: try again.")
    counts = _counts(principal.org_id, content_id, consistent=True)  # with my change in them
    return Reactions(counts, rules.score(counts), mine)
