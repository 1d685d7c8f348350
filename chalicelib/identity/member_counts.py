"""Member counts of an organisation (invited, active, deactivated), kept for its admins."""

from __future__ import annotations

from collections import Counter

from chalicelib.ids import utc_now
from chalicelib.store import organisations, users


def refresh_member_counts(org_id: str) -> dict[str, int]:
    """Count the organisation's members by status (one Query page by page) and record the counts."""
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
