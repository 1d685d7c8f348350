"""The per-organisation request quota: one tenant cannot take the capacity the others share.

The API function's reserved concurrency and WAF's per-address rate rule are shared by every
organisation; this quota gives each organisation its own budget of requests per minute
(`KRING_ORG_REQUESTS_PER_MINUTE`), counted in fixed UTC minutes in one counter item per
organisation and minute. The request framework calls `check_org_quota` once per authenticated
request, as soon as the caller's organisation is known.

A write per request would make every request cost a write unit and a stream record, so each
container counts locally and adds its count to the shared counter once it holds `slack` requests
(1% of the limit; every request when the limit is under 200): an organisation that makes fewer
requests than that in a minute per container costs nothing, and a busy one a write per `slack`
requests. The price is precision: the organisation may pass its limit by at most `slack` requests
per warm container. A container that learns the minute is used up refuses without writing.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from chalicelib.config import get_config
from chalicelib.errors import RateLimited
from chalicelib.store import quotas

WINDOW = timedelta(minutes=1)
# Counters outlive their minute a little (TTL deletion is lazy anyway); nothing reads old ones.
COUNTER_LIFETIME = timedelta(minutes=10)
SLACK_SHARE = 100  # a container reports every limit/100 requests


@dataclass
class _Minute:
    minute: str
    unreported: int = 0  # served here, not yet added to the shared counter
    used_up: bool = False


_minutes: dict[str, _Minute] = {}
_lock = threading.Lock()


def slack(limit: int) -> int:
    return max(1, limit // SLACK_SHARE)


def check_org_quota(org_id: str, now: datetime) -> None:
    """Count this request against the organisation's minute; RateLimited (429 with Retry-After:
    the seconds to the end of the minute) when the organisation has used it up. A limit of 0
    turns it off."""
    limit = get_config().org_requests_per_minute
    if limit <= 0:
        return
    now = now.astimezone(UTC)
    start = now.replace(second=0, microsecond=0)
    ends = start + WINDOW
    minute = start.strftime("%Y-%m-%dT%H:%M")
    report = 0
    with _lock:
        state = _minutes.get(org_id)
        if state is None or state.minute != minute:
            state = _minutes[org_id] = _Minute(minute)
        refused = state.used_up
        if not refused:
            state.unreported += 1
            report = state.unreported if state.unreported >= slack(limit) else 0
            if report:
                state.unreported = 0
    if report and not quotas.count_requests(org_id, minute, report, limit, ends + COUNTER_LIFETIME):
        state.used_up = refused = True
    if refused:
        wait = max(1, math.ceil((ends - now).total_seconds()))
        raise RateLimited(
            f"Your organisation has made its {limit} requests for this minute; try again in {wait} seconds.",
            wait,
        )


def forget_counts() -> None:
    """Drop this container's local counts (tests)."""
    with _lock:
        _minutes.clear()
