"""For you: people I follow, and what my team completed."""

from __future__ import annotations

FOLLOWING_SK_PREFIX = "FOLLOWING#"


def following_sk(user_id: str) -> str:
    """A person the learner follows, in the learner's partition (`learner_pk`) beside their progress."""
    return f"{FOLLOWING_SK_PREFIX}{user_id}"


TEAM_DONE_SK_PREFIX = "DONE#"


def team_done_sk(completed_at: str, content_id: str, user_id: str) -> str:
    """A member's completion of a content item, in the team's partition (`team_pk`), newest last."""
    return f"{TEAM_DONE_SK_PREFIX}{completed_at}#{content_id}#{user_id}"
