"""Idempotency records: a retried create returns the first response instead of creating twice.

A record is keyed by organisation, user and the client's Idempotency-Key, so keys of different
users or organisations never meet. It remembers a fingerprint of the request (method, path,
body) to refuse the same key for a different request.

Its `expires_at` says until when it counts: while its request runs, until that request cannot be
running any more (the API function's timeout: Lambda stops it then, and neither `complete` nor
`release` runs); once answered, for a day. An expired record is ignored and taken over by the next
claim, in the same conditional write, so DynamoDB's TTL (which may lag by days) only tidies up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from pynamodb.exceptions import DeleteError, PutError, UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action

from chalicelib.config import get_config
from chalicelib.ids import utc_now
from chalicelib.store import keys
from chalicelib.store.conditions import is_condition_failure
from chalicelib.store.models import IdempotencyItem

RECORD_LIFETIME = timedelta(hours=24)
IN_PROGRESS = "in_progress"
COMPLETED = "completed"
_CLAIM_ATTEMPTS = 3  # a record can vanish (released) between the failed claim and the read


@dataclass(frozen=True)
class StoredResponse:
    status: int
    body: str
    location: str | None


@dataclass(frozen=True)
class ExistingRecord:
    fingerprint: str
    completed: StoredResponse | None


def claim_lifetime() -> timedelta:
    """How long an unanswered claim holds its key: as long as its request can run."""
    return timedelta(seconds=get_config().api_timeout_seconds)


def claim(org_id: str, user_id: str, key: str, fingerprint: str) -> ExistingRecord | None:
    """Claim the key for this request; return the existing record if another request holds it."""
    for _ in range(_CLAIM_ATTEMPTS):
        now = utc_now()
        record = IdempotencyItem(
            keys.idempotency_pk(org_id, user_id),
            keys.idempotency_sk(key),
            org_id=org_id,
            request_fingerprint=fingerprint,
            status=IN_PROGRESS,
            claimed_at=now,
            expires_at=now + claim_lifetime(),
        )
        try:
            # Absent, or expired (an answer older than a day, a claim whose request was stopped).
            record.save(condition=IdempotencyItem.pk.does_not_exist() | (IdempotencyItem.expires_at < now))
            return None
        except PutError as exc:
            if not is_condition_failure(exc):
                raise
        existing = _current(org_id, user_id, key, now)
        if existing is not None:
            return existing
    raise RuntimeError(f"the Idempotency-Key of {user_id} kept changing while it was claimed")


def _current(org_id: str, user_id: str, key: str, now: datetime) -> ExistingRecord | None:
    try:
        existing = IdempotencyItem.get(
            keys.idempotency_pk(org_id, user_id), keys.idempotency_sk(key), consistent_read=True
        )
    except IdempotencyItem.DoesNotExist:
        return None  # released meanwhile: claim again
    if existing.expires_at is not None and existing.expires_at < now:
        return None  # expired meanwhile: claim again (the conditional write decides who takes it)
    completed = None
    if existing.status == COMPLETED and existing.response_status is not None:
        completed = StoredResponse(
            int(existing.response_status), existing.response_body or "", existing.response_location
        )
    return ExistingRecord(existing.request_fingerprint, completed)


def _still_in_progress() -> Condition:
    # A request that outlived its claim (only where nothing enforces the timeout, e.g. locally) must not
    # overwrite or delete the record of the request that took the key over and answered.
    return IdempotencyItem.status == IN_PROGRESS


def complete(org_id: str, user_id: str, key: str, response: StoredResponse) -> None:
    actions: list[Action] = [
        IdempotencyItem.status.set(COMPLETED),
        IdempotencyItem.response_status.set(response.status),
        IdempotencyItem.response_body.set(response.body),
        IdempotencyItem.expires_at.set(utc_now() + RECORD_LIFETIME),
    ]
    if response.location:
        actions.append(IdempotencyItem.response_location.set(response.location))
    try:
        IdempotencyItem(keys.idempotency_pk(org_id, user_id), keys.idempotency_sk(key)).update(
            actions=actions, condition=_still_in_progress()
        )
    except UpdateError as exc:
        if not is_condition_failure(exc):
            raise


def release(org_id: str, user_id: str, key: str) -> None:
    """The request failed: let the client retry with the same key."""
    try:
        IdempotencyItem(keys.idempotency_pk(org_id, user_id), keys.idempotency_sk(key)).delete(
            condition=_still_in_progress()
        )
    except DeleteError as exc:
        if not is_condition_failure(exc):
            raise
