"""Reactions: like, insightful, celebrate, support. One per person per post or comment."""

from __future__ import annotations

from chalicelib.communities.membership import load_access
from chalicelib.errors import ValidationFailed
from chalicelib.ids import utc_now
from chalicelib.observability import count_business_event
from chalicelib.principal import Principal
from chalicelib.store import keys, wall
from chalicelib.store.models import REACTION_TYPES, CommentItem, ContentItem, ReactionItem
from chalicelib.wall.published import require_comment, require_post


def _target(principal: Principal, community_id: str, post_id: str, comment_id: str | None) -> ContentItem:
    load_access(principal, community_id).require_poster()
    post = require_post(principal, community_id, post_id)
    return require_comment(principal, post, comment_id) if comment_id else post


def _target_id(target: ContentItem) -> str:
    return target.comment_id if isinstance(target, CommentItem) else target.post_id  # type: ignore[attr-defined]


def react(
    principal: Principal, community_id: str, post_id: str, comment_id: str | None, reaction: str
) -> str:
    """Set my reaction. The usual case (a first reaction) is one transactional write; clicking
    the same reaction again, or twice at once, counts once."""
    if reaction not in REACTION_TYPES:
        raise ValidationFailed(f"A reaction is one of {', '.join(REACTION_TYPES)}.")
    target = _target(principal, community_id, post_id, comment_id)
    target_id = _target_id(target)
    item = ReactionItem(
        keys.reactions_pk(principal.org_id, target_id),
        keys.reaction_sk(principal.user_id),
        org_id=principal.org_id,
        target_id=target_id,
        target_kind="comment" if isinstance(target, CommentItem) else "post",
        post_id=post_id,
        community_id=community_id,
        user_id=principal.user_id,
        reaction=reaction,
        target_author_id=target.author_id,
        reacted_at=utc_now(),
    )
    if wall.add_reaction(item, target):
        count_business_event("ReactionGiven")
        return reaction
    current = wall.get_reaction(principal.org_id, target_id, principal.user_id)
    if current is None:  # removed meanwhile: try once more as a first reaction
        wall.add_reaction(item, target)
    elif current.reaction != reaction:
        wall.change_reaction(item, current.reaction, target)
    return reaction


def unreact(principal: Principal, community_id: str, post_id: str, comment_id: str | None) -> None:
    target = _target(principal, community_id, post_id, comment_id)
    current = wall.get_reaction(principal.org_id, _target_id(target), principal.user_id)
    if current is not None:
        wall.remove_reaction(current, target)
