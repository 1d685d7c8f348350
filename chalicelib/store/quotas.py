"""The per-organisation request quota: one counter item per organisation and minute.

`ORG#<org>#REQUESTS` / `MINUTE#<yyyy-mm-ddThh:mm>` (UTC) counts the minute's requests. A
container adds the requests it served in one UpdateItem, only while the count stays within the
limit, so counting and deciding are one atomic write (chalicelib/quotas.py says how often); the
item expires (TTL) some minutes after its window. One item per organisation and minute is
written at most at the API stage's request rate, which infra/ keeps below a partition's 1,000
writes a second (tests/infra), so it is not sharded.
"""

from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import UpdateError

from chalicelib.store import keys
from chalicelib.store.models import OrgRequestCountItem


def count_requests(org_id: str, minute: str, count: int, limit: int, expires_at: datetime) -> bool:
    """Add `count` requests to the organisation's `minute` unless that would pass `limit`.

    False (nothing added) when the minute cannot hold them. One write either way (1 WCU: a refused
    conditional write costs the item's size too)."""
    counter = OrgRequestCountItem(keys.org_request_count_pk(org_id), keys.org_request_count_sk(minute))
    try:
        counter.update(
            actions=[
                OrgRequestCountItem.requests.add(count),
                OrgRequestCountItem.item_type.set(OrgRequestCountItem),  # type: ignore[arg-type]
                OrgRequestCountItem.org_id.set(org_id),
                OrgRequestCountItem.expires_at.set(expires_at),
            ],
            condition=OrgRequestCountItem.pk.does_not_exist()
            | (OrgRequestCountItem.requests <= limit - count),
        )
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def requests_in_minute(org_id: str, minute: str) -> int:
    """How many requests the organisation made in `minute` (operations and tests)."""
    try:
        item = OrgRequestCountItem.get(
            keys.org_request_count_pk(org_id), keys.org_request_count_sk(minute), consistent_read=True
        )
    except OrgRequestCountItem.DoesNotExist:
        return 0
    return int(item.requests)
