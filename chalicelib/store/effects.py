"""Exactly-once effects of events.

Stream records are delivered at least once (and the emulator even sends two INSERTs for an
UpdateItem that creates an item), so every effect of an event is applied together with a
marker keyed by (source event, effect) in one transaction: a replay finds the marker and
changes nothing.
"""

from __future__ import annotations

from datetime import timedelta

from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.update import Action
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from chalicelib.ids import utc_now
from chalicelib.store import keys
from chalicelib.store.models import EffectItem, transaction_connection

# Longer than a DynamoDB stream keeps records (24 hours), so any replay still finds the marker.
MARKER_LIFETIME = timedelta(days=7)


def apply_once(org_id: str, source_event: str, effect: str, target: Model, actions: list[Action]) -> bool:
    """Apply `actions` to `target` unless this effect of this event was applied before.

    Returns whether it was applied now.
    """
    marker = EffectItem(
        keys.effect_pk(org_id, source_event),
        effect,
        org_id=org_id,
        source_event=source_event,
        effect=effect,
        expires_at=utc_now() + MARKER_LIFETIME,
    )
    try:
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.save(marker, condition=EffectItem.pk.does_not_exist())
            transaction.update(target, actions=actions, condition=type(target)._hash_key_attribute().exists())
    except TransactWriteError as exc:
        reasons = exc.cancellation_reasons or []
        marker_reason = reasons[0] if reasons else None
        if marker_reason is not None and marker_reason.code == "ConditionalCheckFailed":
            return False
        raise
    return True
