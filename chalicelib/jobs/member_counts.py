"""Nightly member counts per organisation (invited, active, deactivated) for org admins."""

from __future__ import annotations

from collections import Counter

from chalicelib.ids import utc_now
from chalicelib.observability import logger
from chalicelib.store import organisations, users


def refresh_member_counts(org_id: str) -> dict[str, int]:
    counts: Counter[str] = Counter()
    after = None
    while True:
        page = users.list_members(org_id, limit=100, after=after)
        counts.update(member.status for member in page.items)
        if not page.last_key:
            break
        after = page.last_key
    organisations.record_member_counts(
        org_id, counts["active"], counts["invited"], counts["deactivated"], utc_now()
    )
    return dict(counts)


def refresh_all_member_counts() -> int:
    """Walks the organisations index page by page; returns how many organisations were refreshed."""
    refreshed = 0
    after = None
    while True:
        page = organisations.list_organisations(limit=100, after=after)
        for organisation in page.items:
            refresh_member_counts(organisation.org_id)
            refreshed += 1
        if not page.last_key:
            break
        after = page.last_key
    logger.info("Member counts refreshed", extra={"organisations": refreshed})
    return refreshed
