"""The bookkeeping that makes a retried request or a replayed stream record change nothing."""

from __future__ import annotations

from pynamodb.attributes import (
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)

from chalicelib.store.models.base import KringItem


class IdempotencyItem(KringItem, discriminator="idempotency"):
    request_fingerprint = UnicodeAttribute()
    status = UnicodeAttribute()
    claimed_at = UTCDateTimeAttribute(null=True)
    response_status = NumberAttribute(null=True)
    response_body = UnicodeAttribute(null=True)
    response_location = UnicodeAttribute(null=True)


class StreamDeadLetterItem(KringItem, discriminator="stream_dead_letter"):
    """A stream record the consumer could not apply, kept so it can be replayed once fixed.

    `org_id` is the organisation the record names ("" if it names none)."""

    event_id = UnicodeAttribute()
    sequence_number = UnicodeAttribute()
    record = UnicodeAttribute()  # the record as Lambda delivered it, JSON
    reason = UnicodeAttribute()
    failures = NumberAttribute(default=0)
    first_failed_at = UTCDateTimeAttribute()
    last_failed_at = UTCDateTimeAttribute()


class EffectItem(KringItem, discriminator="effect"):
    """Marks that an effect of a source event was applied, so a replay applies nothing."""

    source_event = UnicodeAttribute()
    effect = UnicodeAttribute()
