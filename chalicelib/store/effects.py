"""Exactly-once effects of events.

Stream records are delivered at least once (and the emulator even sends two INSERTs for an
UpdateItem that creates an item), so every effect of an event is applied together with a
marker keyed by (source event, effect) in one transaction: a replay finds the marker and
changes nothing.
"""

from __future__ import annotations

from datetime import timedelta

from pynamodb.expressions.update import Action
from pynamodb.models import Model

from chalicelib.ids import utc_now
from chalicelib.store import keys
from chalicelib.store.models import EffectItem
from chalicelib.store.writes import Steps, StepsRefused

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
    steps = Steps()
    steps.put("marker", marker, EffectItem.pk.does_not_exist())
    steps.update("target", target, actions, type(target)._hash_key_attribute().exists())
    try:
        steps.write()
    except StepsRefused as refused:
        if "marker" in refused:
            return False
        raise
    return True
