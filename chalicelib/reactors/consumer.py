"""The table's stream consumer: dispatches domain events to reactors, reporting partial failures.

Lambda (and the local poller) retries only from the first failed record, so processing stops
there; every reactor is idempotent, so records before it may safely be seen again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib.observability import logger
from chalicelib.reactors import member_stats
from chalicelib.reactors.events import DomainEvent, PostPublished, domain_events

Reactor = Callable[[Any], None]

REACTORS: dict[type[DomainEvent], list[Reactor]] = {
    PostPublished: [member_stats.count_published_post],
}


def dispatch(event: DomainEvent) -> None:
    for reactor in REACTORS.get(type(event), []):
        reactor(event)


def consume_table_changes(records: list[dict[str, Any]]) -> dict[str, list[dict[str, str]]]:
    for record in records:
        sequence_number = record.get("dynamodb", {}).get("SequenceNumber", "")
        try:
            for event in domain_events(record):
                dispatch(event)
        except Exception:
            logger.exception(
                "Stream record failed; it will be retried", extra={"sequence_number": sequence_number}
            )
            return {"batchItemFailures": [{"itemIdentifier": sequence_number}]}
    return {"batchItemFailures": []}
