"""What makes retries and replays change nothing: idempotency keys and the effects of stream events."""

from __future__ import annotations


def idempotency_pk(org_id: str, user_id: str) -> str:
    return f"ORG#{org_id}#IDEMPOTENCY#{user_id}"


def idempotency_sk(key: str) -> str:
    return f"KEY#{key}"


def effect_pk(org_id: str, source_event: str) -> str:
    return f"ORG#{org_id}#EFFECTS#{source_event}"
