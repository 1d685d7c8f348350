"""Popular this week: posts of open communities ranked by engagement, per organisation and week.

The stream consumer keeps each post's place in GSI1 (`ORG#<org>#POPULAR#<ISO week of the post>`,
sort key = zero-padded score + post id), so the popular feed is one Query on the index,
highest first. Posts of invite-only communities never enter it, so nobody sees a post they
could not read. Weeks are ISO weeks in UTC.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib.store import keys

SCORE_DIGITS = 10


def engagement_score(post: dict[str, Any]) -> int:
    reactions = sum(
        int(post.get(f"{kind}_count", 0) or 0) for kind in ("like", "insightful", "celebrate", "support")
    )
    return reactions + 2 * int(post.get("comment_count", 0) or 0) + 3 * int(post.get("share_count", 0) or 0)


def iso_week(moment: datetime) -> str:
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


def popular_index_keys(post: dict[str, Any]) -> tuple[str | None, str | None]:
    """Where a stored post (as a plain dict) belongs in the popular index, or (None, None)."""
    if post.get("status", "published") != "published" or post.get("community_visibility") == "invite_only":
        return None, None
    created = datetime.fromisoformat(str(post["created_at"]).replace("+0000", "+00:00"))
    score = min(engagement_score(post), 10**SCORE_DIGITS - 1)
    return (
        keys.popular_pk(str(post["org_id"]), iso_week(created)),
        f"{score:0{SCORE_DIGITS}d}#{post['post_id']}",
    )
