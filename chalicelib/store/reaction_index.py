"""Each reaction is also indexed under the person who gave it (GSI1), in the order of what it is on.

A reaction item lives in its target's partition (`ORG#<org>#REACTIONS#<target>` / `USER#<user>`),
which makes it one per person per post or comment. Its GSI1 keys put it in the reacting person's
partition as well, sorted by post id (or by post and comment id): the viewer's reactions to a page
of posts or comments are then one Query between the page's first and last id, where a BatchGetItem
of one key per item on the page cost 0.5 RCU per key, found or not.

The index entry is written, changed and removed with the reaction item itself (the same Put or
Delete, in the reaction's transaction), so it is as idempotent as the reaction and never lags it
in the table; the index itself is eventually consistent, as the reads it replaces were.
Reactions written before these keys existed get them from `index_reaction`, called by a one-off
operator command (`kring index-reactions`, local/upgrades.py; docs/decisions.md), never by a request.
"""

from __future__ import annotations

from collections.abc import Iterable

from pynamodb.exceptions import UpdateError

from chalicelib.store import keys
from chalicelib.store.models import KringItem, ReactionItem


def viewer_keys(reaction: ReactionItem) -> tuple[str, str]:
    """The reaction's GSI1 keys, from its own attributes (so old items can be given them too)."""
    pk = keys.my_reactions_pk(reaction.org_id, reaction.user_id)
    if reaction.target_kind == "comment":
        return pk, keys.my_reaction_to_comment_sk(reaction.post_id, reaction.target_id)
    return pk, keys.my_reaction_to_post_sk(reaction.target_id)


def index_under_viewer(reaction: ReactionItem) -> ReactionItem:
    """Set the reaction's GSI1 keys before it is written."""
    reaction.gsi1pk, reaction.gsi1sk = viewer_keys(reaction)
    return reaction


def _between(org_id: str, user_id: str, low: str, high: str) -> dict[str, str]:
    found = KringItem.gsi1.query(keys.my_reactions_pk(org_id, user_id), KringItem.gsi1sk.between(low, high))
    return {item.target_id: item.reaction for item in found if isinstance(item, ReactionItem)}


def my_reactions_to_posts(org_id: str, user_id: str, post_ids: Iterable[str]) -> dict[str, str]:
    """Post id -> my reaction, for the posts named: one Query (none for no posts).

    It reads my reactions to every post between the oldest and newest named, in any community;
    the caller shows only those of its page."""
    wanted = set(post_ids)
    if not wanted:
        return {}
    low, high = keys.my_reaction_to_post_sk(min(wanted)), keys.my_reaction_to_post_sk(max(wanted))
    return {target: r for target, r in _between(org_id, user_id, low, high).items() if target in wanted}


def my_reactions_to_comments(
    org_id: str, user_id: str, post_id: str, comment_ids: Iterable[str]
) -> dict[str, str]:
    """Comment id (its own ULID, a reply's too) -> my reaction, for comments of one post: one Query."""
    wanted = set(comment_ids)
    if not wanted:
        return {}
    low = keys.my_reaction_to_comment_sk(post_id, min(wanted))
    high = keys.my_reaction_to_comment_sk(post_id, max(wanted))
    return {target: r for target, r in _between(org_id, user_id, low, high).items() if target in wanted}


def index_reaction(reaction: ReactionItem) -> bool:
    """Give a reaction written before the viewer index its GSI1 keys, on the condition that it is
    still there (a reaction removed meanwhile stays removed); False if it is gone. The stream
    consumer ignores a reaction's MODIFY, so this awards and notifies nothing."""
    pk, sk = viewer_keys(reaction)
    try:
        reaction.update(
            actions=[ReactionItem.gsi1pk.set(pk), ReactionItem.gsi1sk.set(sk)],
            condition=ReactionItem.pk.exists(),
        )
    except UpdateError as exc:
        if exc.cause_response_code != "ConditionalCheckFailedException":
            raise
        return False
    return True
