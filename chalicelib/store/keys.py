"""Key formats of the single table. Every partition key starts with the organisation."""

from __future__ import annotations

ORGANISATIONS_INDEX_PK = "ORGANISATIONS"


def org_pk(org_id: str) -> str:
    return f"ORG#{org_id}"


ORGANISATION_SK = "ORGANISATION"


def user_sk(user_id: str) -> str:
    return f"USER#{user_id}"


USER_SK_PREFIX = "USER#"


def community_sk(community_id: str) -> str:
    return f"COMMUNITY#{community_id}"


COMMUNITY_SK_PREFIX = "COMMUNITY#"


def community_pk(org_id: str, community_id: str) -> str:
    return f"ORG#{org_id}#COMMUNITY#{community_id}"


def community_member_sk(user_id: str) -> str:
    return f"MEMBER#{user_id}"


COMMUNITY_MEMBER_SK_PREFIX = "MEMBER#"


def my_communities_pk(org_id: str, user_id: str) -> str:
    """GSI1 partition of a member's community memberships ("my communities")."""
    return f"ORG#{org_id}#USER#{user_id}#COMMUNITIES"


def post_sk(post_id: str) -> str:
    return f"POST#{post_id}"


POST_SK_PREFIX = "POST#"


def media_sk(media_id: str) -> str:
    return f"MEDIA#{media_id}"


def idempotency_pk(org_id: str, user_id: str) -> str:
    return f"ORG#{org_id}#IDEMPOTENCY#{user_id}"


def idempotency_sk(key: str) -> str:
    return f"KEY#{key}"


def effect_pk(org_id: str, source_event: str) -> str:
    return f"ORG#{org_id}#EFFECTS#{source_event}"


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
