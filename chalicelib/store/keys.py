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
