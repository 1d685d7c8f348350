"""Popular this week: posts of open communities ranked by engagement, per organisation and week.

The stream consumer keeps one popular entry per post (next to its thread) in GSI1
(`ORG#<org>#POPULAR#<ISO week of the post>`, sort key = zero-padded score band + post id), so the
popular feed is one Query on the index, highest first. The band, not the exact score, decides the
place (1, 2, 3, 4, 6, 8, 12, 16, 24, ...: a post moves about twice each time its engagement
doubles): the index is one key per organisation and week, and moving every post at every reaction
made it the hottest key of a burst. Within a band the newest post comes first. Posts of
invite-only communities never enter it, so nobody sees a post they could not read. Weeks are ISO
weeks in UTC.
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


def score_band(score: int) -> int:
    """The largest of 0, 1, 2, 3, 4, 6, 8, 12, 16, 24, ... (2^k and 1.5 x 2^k) not above `score`."""
    if score < 4:
        return max(score, 0)
    power = 1 << (score.bit_length() - 1)
    return power + power // 2 if score >= power + power // 2 else power


def iso_week(moment: datetime) -> str:
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


def popular_index_keys(post: dict[str, Any] | None) -> tuple[str | None, str | None]:
    """Where a stored post (as a plain dict) belongs in the popular index, or (None, None)."""
    if not post or post.get("type", "post") != "post":
        return None, None
    if post.get("status", "published") != "published" or post.get("community_visibility") == "invite_only":
        return None, None
    created = datetime.fromisoformat(str(post["created_at"]).replace("+0000", "+00:00"))
    score = min(score_band(engagement_score(post)), 10**SCORE_DIGITS - 1)
    return (
        keys.popular_pk(str(post["org_id"]), iso_week(created)),
        f"{score:0{SCORE_DIGITS}d}#{post['post_id']}",
    )
