"""Fixed-window counters that bound how much one member or organisation writes or asks."""

from __future__ import annotations

from pynamodb.attributes import (
    NumberAttribute,
    UnicodeAttribute,
)

from chalicelib.store.models.base import KringItem


class PostingRateItem(KringItem, discriminator="posting_rate"):
    """How many posts and comments a member wrote in one fixed window; expires after it."""

    user_id = UnicodeAttribute()
    written = NumberAttribute(default=0)


class OrgRequestCountItem(KringItem, discriminator="org_request_count"):
    """How many API requests one organisation made in one minute; expires after it."""

    requests = NumberAttribute(default=0)
