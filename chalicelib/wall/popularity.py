"""Popular this week: posts of open communities ranked by engagement, per organisation and week.

The stream consumer keeps one popular entry per post (next to its thread) in GSI1
(`ORG#<org>#POPULAR#<ISO week of the post>`, sort key = zero-padded score band + post id), so the
popular feed is one Query on the index, highest first. A post enters at an engagement of 4 and its
band (4, 8, 16, 32, ...: it moves once each time its engagement doubles), not the exact score,
decides its place: the index is one key per organisation and week, and moving every post at every
reaction made it the hottest key of a burst. Within a band the newest post comes first. Posts of
invite-only communities never enter it, so nobody sees a post they could not read. Weeks are ISO
weeks in UTC.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib.store import keys

SCORE_DIGITS = keys.POPULAR_SCORE_DIGITS


def engagement_score(post: dict[str, Any]) -> int:
    reactions = sum(
        int(post.get(f"{kind}_count", 0) or 0) for kind in ("like", "insightful", "celebrate", "support")
    )
    return reactions + 2 * int(post.get("comment_count", 0) or 0) + 3 * int(post.get("share_count", 0) or 0)


POPULAR_FROM = 4  # a post enters the week's popular index at this engagement score


def score_band(score: int) -> int:
    """The largest power of two not above `score` (0 below POPULAR_FROM: not in the index)."""
    if score < POPULAR_FROM:
        return 0
    return 1 << (score.bit_length() - 1)


def iso_week(moment: datetime) -> str:
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


def popular_index_keys(post: dict[str, Any] | None) -> tuple[str | None, str | None]:
    """Where a stored post (as a plain dict) belongs in the popular index, or (None, None)."""
    if not post or post.get("type", "post") != "post":
        return None, None
    if post.get("status", "published") != "published" or post.get("community_visibility") == "invite_only":
        return None, None
    band = score_band(engagement_score(post))
    if band == 0:
        return None, None  # not engaging (yet): the index holds the week's posts people responded to
    created = datetime.fromisoformat(str(post["created_at"]).replace("+0000", "+00:00"))
    score = min(band, 10**SCORE_DIGITS - 1)
    return (
        keys.popular_pk(str(post["org_id"]), iso_week(created)),
        keys.popular_sk(score, str(post["post_id"])),
    )
