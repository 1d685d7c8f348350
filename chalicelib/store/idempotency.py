"""Idempotency records: a retried create returns the first response instead of creating twice.

A record is keyed by organisation, user and the client's Idempotency-Key, so keys of different
users or organisations never meet. It remembers a fingerprint of the request (method, path,
body) to refuse the same key for a different request, and expires after a day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from pynamodb.exceptions import PutError
from pynamodb.expressions.update import Action

from chalicelib.ids import utc_now
from chalicelib.store import keys
from chalicelib.store.conditions import is_condition_failure
from chalicelib.store.models import IdempotencyItem

RECORD_LIFETIME = timedelta(hours=24)
IN_PROGRESS = "in_progress"
COMPLETED = "completed"


@dataclass(frozen=True)
class StoredResponse:
    status: int
    body: str
    location: str | None


@dataclass(frozen=True)
class ExistingRecord:
    fingerprint: str
    completed: StoredResponse | None


def claim(org_id: str, user_id: str, key: str, fingerprint: str) -> ExistingRecord | None:
    """Claim the key for this request; return the existing record if someone already did."""
    record = IdempotencyItem(
        keys.idempotency_pk(org_id, user_id),
        keys.idempotency_sk(key),
        org_id=org_id,
        request_fingerprint=fingerprint,
        status=IN_PROGRESS,
        expires_at=utc_now() + RECORD_LIFETIME,
    )
    try:
        record.save(condition=IdempotencyItem.pk.does_not_exist())
        return None
    except PutError as exc:
        if not is_condition_failure(exc):
            raise
    existing = IdempotencyItem.get(
        keys.idempotency_pk(org_id, user_id), keys.idempotency_sk(key), consistent_read=True
    )
    completed = None
    if existing.status == COMPLETED and existing.response_status is not None:
        completed = StoredResponse(
            int(existing.response_status), existing.response_body or "", existing.response_location
        )
    return ExistingRecord(existing.request_fingerprint, completed)


def complete(org_id: str, user_id: str, key: str, response: StoredResponse) -> None:
    actions: list[Action] = [
        IdempotencyItem.status.set(COMPLETED),
        IdempotencyItem.response_status.set(response.status),
        IdempotencyItem.response_body.set(response.body),
    ]
    if response.location:
        actions.append(IdempotencyItem.response_location.set(response.location))
    IdempotencyItem(keys.idempotency_pk(org_id, user_id), keys.idempotency_sk(key)).update(actions=actions)


def release(org_id: str, user_id: str, key: str) -> None:
    """The request failed: let the client retry with the same key."""
    IdempotencyItem(keys.idempotency_pk(org_id, user_id), keys.idempotency_sk(key)).delete()
