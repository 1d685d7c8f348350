"""Nightly member counts: every organisation's, one after the other (chalicelib/identity/member_counts.py)."""

from __future__ import annotations

from chalicelib.identity.member_counts import refresh_member_counts
from chalicelib.observability import logger
from chalicelib.store import organisations


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
