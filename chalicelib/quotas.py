"""The per-organisation request quota: one tenant cannot take the capacity the others share.

The API stage's throttle (API Gateway) and WAF's per-address rate rule are shared by every
organisation; this quota gives each organisation its own budget of requests per minute
(`KRING_ORG_REQUESTS_PER_MINUTE`), counted in fixed UTC minutes. The request framework calls
`check_org_quota` once per authenticated request, as soon as the caller's organisation is known.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from chalicelib.config import get_config
from chalicelib.errors import RateLimited
from chalicelib.store import quotas

WINDOW = timedelta(minutes=1)
# Counters outlive their minute a little (TTL deletion is lazy anyway); nothing reads old ones.
COUNTER_LIFETIME = timedelta(minutes=10)


def check_org_quota(org_id: str, now: datetime) -> None:
    """Count this request against the organisation's minute; RateLimited (429 with Retry-After:
    the seconds to the end of the minute) when the organisation has used it up.

    One conditional write per request (1 WCU), refused or not. A limit of 0 turns it off."""
    limit = get_config().org_requests_per_minute
    if limit <= 0:
        return
    now = now.astimezone(UTC)
    start = now.replace(second=0, microsecond=0)
    ends = start + WINDOW
    if quotas.count_request(org_id, start.strftime("%Y-%m-%dT%H:%M"), limit, ends + COUNTER_LIFETIME):
        return
    wait = max(1, math.ceil((ends - now).total_seconds()))
    raise RateLimited(
        f"Your organisation has made its {limit} requests for this minute; try again in {wait} seconds.",
        wait,
    )
