"""The organisation, its people and communities, and its request counters."""

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


def org_request_count_pk(org_id: str) -> str:
    """The organisation's request counters, one item per minute (TTL)."""
    return f"ORG#{org_id}#REQUESTS"


def org_request_count_sk(minute: str) -> str:
    return f"MINUTE#{minute}"
