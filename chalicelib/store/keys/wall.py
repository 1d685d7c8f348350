"""The wall: posts, media, threads, comments, reactions, popular posts, followers, moderation, rates."""

from __future__ import annotations


def post_sk(post_id: str) -> str:
    return f"POST#{post_id}"


POST_SK_PREFIX = "POST#"


def media_sk(media_id: str) -> str:
    return f"MEDIA#{media_id}"


def thread_pk(org_id: str, post_id: str) -> str:
    """A post's own partition: its comments and replies, in thread order."""
    return f"ORG#{org_id}#POST#{post_id}"


COMMENT_SK_PREFIX = "COMMENT#"


def comment_sk(comment_id: str, parent_comment_id: str | None = None) -> str:
    if parent_comment_id:
        return f"COMMENT#{parent_comment_id}#REPLY#{comment_id}"
    return f"COMMENT#{comment_id}"


def reactions_pk(org_id: str, target_id: str) -> str:
    """Everyone's reaction to one post or comment; the sort key makes it one per person."""
    return f"ORG#{org_id}#REACTIONS#{target_id}"


def reaction_sk(user_id: str) -> str:
    return f"USER#{user_id}"


def my_reactions_pk(org_id: str, user_id: str) -> str:
    """GSI1 partition of one person's reactions, so a page's "my reactions" is one Query."""
    return f"ORG#{org_id}#USER#{user_id}#REACTIONS"


def my_reaction_to_post_sk(post_id: str) -> str:
    """Post ids are ULIDs: a wall or home feed page's reactions lie between its oldest and newest post."""
    return f"POST#{post_id}"


def my_reaction_to_comment_sk(post_id: str, comment_id: str) -> str:
    """By the comment's own ULID (a reply's too), under its post: a thread page's reactions lie
    between the smallest and largest comment id on the page."""
    return f"COMMENT#{post_id}#{comment_id}"


def popular_pk(org_id: str, iso_week: str) -> str:
    """GSI1 partition of an organisation's most engaging posts of one ISO week."""
    return f"ORG#{org_id}#POPULAR#{iso_week}"


POPULAR_SCORE_DIGITS = 10


def popular_sk(score_band: int, post_id: str) -> str:
    """Sort key under `popular_pk`: the band zero-padded so strings sort as numbers, then the post."""
    return f"{score_band:0{POPULAR_SCORE_DIGITS}d}#{post_id}"


POPULAR_ENTRY_SK = "POPULAR"  # a post's popular entry, in its thread partition


def follower_sk(user_id: str) -> str:
    """A follower of a post, in the post's own partition (next to its comments)."""
    return f"FOLLOWER#{user_id}"


FOLLOWER_SK_PREFIX = "FOLLOWER#"


def moderation_pk(org_id: str, community_id: str) -> str:
    """A community's moderation: open cases (the queue) and the log of what moderators did."""
    return f"ORG#{org_id}#COMMUNITY#{community_id}#MODERATION"


MODERATION_CASE_SK_PREFIX = "OPEN#"
MODERATION_LOG_SK_PREFIX = "LOG#"


def moderation_case_sk(target_key: str) -> str:
    return f"{MODERATION_CASE_SK_PREFIX}{target_key}"


def moderation_log_sk(entry_id: str) -> str:
    return f"{MODERATION_LOG_SK_PREFIX}{entry_id}"


WORD_LIST_SK = "WORD_LIST"


def posting_rate_pk(org_id: str, user_id: str) -> str:
    """A member's posting counters, one item per fixed window (TTL)."""
    return f"ORG#{org_id}#POSTING_RATE#{user_id}"


def posting_rate_sk(window: str, start: str) -> str:
    return f"{window}#{start}"
