"""Turns domain events into points (see chalicelib/gamification/rules.py), exactly once.

Points earned through something in a community count on that community's leaderboards too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.gamification import ledger, rules

if TYPE_CHECKING:  # annotations only: a batch loads the event classes of the records it carries
    from chalicelib.reactors.events import (
        CommentAdded,
        ContentWithdrawn,
        MemberSpotlighted,
        PostPublished,
        PostSpotlighted,
        ReactionGiven,
    )


def award_post(event: PostPublished) -> None:
    ledger.award(
        event.org_id,
        event.author_id,
        rules.POST_PUBLISHED,
        event.source_id,
        event.published_at,
        event.post_id,
        event.community_id,
    )
    award_share(event)


def award_share(event: PostPublished) -> None:
    """The original's author earns points when someone else shares it (not for sharing their own)."""
    author = event.shared_author_id
    if not author or not rules.earns_points(rules.SHARE_RECEIVED, event.author_id, author):
        return
    ledger.award(
        event.org_id,
        author,
        rules.SHARE_RECEIVED,
        event.source_id,
        event.published_at,
        event.shared_post_id,
        event.shared_community_id,
    )


def award_comment(event: CommentAdded) -> None:
    ledger.award(
        event.org_id,
        event.author_id,
        rules.COMMENT_ADDED,
        event.source_id,
        event.created_at,
        event.comment_id,
        event.community_id,
    )


def award_reaction(event: ReactionGiven) -> None:
    """Nothing for reacting to yourself; otherwise points for both the giver and the author."""
    if not rules.earns_points(rules.REACTION_GIVEN, event.user_id, event.target_author_id):
        return
    for user_id, action in (
        (event.user_id, rules.REACTION_GIVEN),
        (event.target_author_id, rules.REACTION_RECEIVED),
    ):
        ledger.award(
            event.org_id,
            user_id,
            action,
            event.source_id,
            event.reacted_at,
            event.target_id,
            event.community_id,
        )


def award_post_spotlight(event: PostSpotlighted) -> None:
    if event.spotlight_by and not rules.earns_points(
        rules.POST_SPOTLIGHTED, event.spotlight_by, event.author_id
    ):
        return
    ledger.award(
        event.org_id,
        event.author_id,
        rules.POST_SPOTLIGHTED,
        event.source_id,
        event.spotlight_at,
        event.post_id,
        event.community_id,
    )


def award_member_spotlight(event: MemberSpotlighted) -> None:
    if event.spotlight_by and not rules.earns_points(
        rules.MEMBER_SPOTLIGHTED, event.spotlight_by, event.user_id
    ):
        return
    ledger.award(
        event.org_id,
        event.user_id,
        rules.MEMBER_SPOTLIGHTED,
        event.source_id,
        event.spotlight_at,
        None,
        event.community_id,
    )


def withdraw_content_points(event: ContentWithdrawn) -> None:
    """The author's points for writing the content go when it stops being published (once)."""
    if event.content_kind == "post":
        award_key = f"{rules.POST_PUBLISHED}#post-published#{event.content_id}"
    else:
        award_key = f"{rules.COMMENT_ADDED}#comment-added#{event.content_id}"
    ledger.withdraw(
        event.org_id, event.author_id, award_key, event.source_id, event.changed_at, event.community_id
    )
