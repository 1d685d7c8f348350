"""The stream consumer's Lambda entry: a batch of the table's stream records."""

from __future__ import annotations

from typing import Any

from chalicelib import bootstrap
from chalicelib.observability import publish_metrics
from chalicelib.reactors.consumer import consume_table_changes


def on_table_change(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Applies the batch; answers the records to retry (the mapping reports batch item failures)."""
    bootstrap.ready()
    result = consume_table_changes(event.get("Records", []))
    publish_metrics()
    return result
