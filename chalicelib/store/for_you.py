"""The people a learner follows, and a team's recent completions.

Following is `ORG#<org>#LEARNER#<user>` / `FOLLOWING#<followed>`, beside the learner's progress;
a team's completions are `ORG#<org>#TEAM#<team>` / `DONE#<at>#<content>#<user>`, beside its
memberships, each kept for `TEAM_DONE_LIFETIME` so the partition stays small.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pynamodb.exceptions import DeleteError

from chalicelib.ids import utc_now
from chalicelib.store import keys
from chalicelib.store.conditions import is_condition_failure
from chalicelib.store.models import FollowedPersonItem, TeamCompletionItem
from chalicelib.store.pages import Page, query_page

TEAM_DONE_LIFETIME = timedelta(days=120)  # "what my colleagues completed" means lately


# People I follow ------------------------------------------------------------------------------


def new_follow(
    org_id: str, user_id: str, followed_id: str, followed_name: str, now: datetime
) -> FollowedPersonItem:
    return FollowedPersonItem(
        keys.learner_pk(org_id, user_id),
        keys.following_sk(followed_id),
        org_id=org_id,
        user_id=user_id,
        followed_id=followed_id,
        followed_name=followed_name,
        since=now,
    )


def save_follow(item: FollowedPersonItem) -> None:
    """Follow (again): the same key, so following twice leaves one item."""
    item.save()


def delete_follow(org_id: str, user_id: str, followed_id: str) -> bool:
    """Stop following; False when the learner did not follow this person."""
    item = FollowedPersonItem(keys.learner_pk(org_id, user_id), keys.following_sk(followed_id))
    try:
        item.delete(condition=FollowedPersonItem.pk.exists())
    except DeleteError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


def list_following(
    org_id: str, user_id: str, limit: int, after: dict[str, Any] | None = None
) -> Page[FollowedPersonItem]:
    """The people a learner follows, in id order: one Query of the learner's partition."""
    return query_page(
        FollowedPersonItem,
        keys.learner_pk(org_id, user_id),
        keys.FOLLOWING_SK_PREFIX,
        limit=limit,
        after=after,
        ascending=True,
    )


# A team's completions -------------------------------------------------------------------------


def save_team_completion(item: TeamCompletionItem) -> None:
    """Keyed by the completion itself: a replayed event writes the same item again."""
    item.pk = keys.team_pk(item.org_id, item.team_id)
    item.sk = keys.team_done_sk(item.completed_at, item.content_id, item.user_id)
    item.expires_at = utc_now() + TEAM_DONE_LIFETIME
    item.save()


def recent_team_completions(org_id: str, team_id: str, limit: int) -> list[TeamCompletionItem]:
    """A team's latest completions, newest first: one Query (one page of `limit` items)."""
    results = TeamCompletionItem.query(
        keys.team_pk(org_id, team_id),
        TeamCompletionItem.sk.startswith(keys.TEAM_DONE_SK_PREFIX),
        scan_index_forward=False,
        limit=limit,
        page_size=limit,
    )
    return [item for item in results if isinstance(item, TeamCompletionItem)]
