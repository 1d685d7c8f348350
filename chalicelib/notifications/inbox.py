"""Following posts, and reading my notification inbox."""

from __future__ import annotations

from typing import Any

from chalicelib.communities.membership import load_access
from chalicelib.errors import NotFound
from chalicelib.ids import new_id
from chalicelib.principal import Principal
from chalicelib.store import notifications, wall
from chalicelib.store.models import NotificationItem
from chalicelib.store.pages import Page


def follow_post(principal: Principal, community_id: str, post_id: str) -> None:
    """Hear about new comments on a post I can read. Following twice changes nothing."""
    # Read here, not with the unread count every screen asks for.
    from chalicelib.wall.published import require_post

    load_access(principal, community_id).require_wall_reader()
    require_post(principal, community_id, post_id)
    current = notifications.get_follower(principal.org_id, post_id, principal.user_id)
    if current is not None and current.following:
        return
    reason = current.reason if current is not None else "chosen"
    notifications.save_follower(
        notifications.new_follower(
            principal.org_id, community_id, post_id, principal.user_id, reason, new_id(), following=True
        )
    )


def unfollow_post(principal: Principal, community_id: str, post_id: str) -> None:
    """Stop hearing about a post; commenting on it later does not follow it again."""
    load_access(principal, community_id).require_wall_reader()
    if wall.get_post(principal.org_id, community_id, post_id) is None:
        raise NotFound("This post is not there (any more).")
    current = notifications.get_follower(principal.org_id, post_id, principal.user_id)
    if current is not None and not current.following:
        return
    notifications.save_follower(
        notifications.new_follower(
            principal.org_id,
            community_id,
            post_id,
            principal.user_id,
            current.reason if current is not None else "chosen",
            current.since_id if current is not None else new_id(),
            following=False,
        )
    )


def my_notifications(
    principal: Principal, limit: int, after: dict[str, Any] | None
) -> Page[NotificationItem]:
    return notifications.list_notes(principal.org_id, principal.user_id, limit, after)


def my_unread_count(principal: Principal) -> int:
    return notifications.unread_count(principal.org_id, principal.user_id)


def mark_read(principal: Principal, notification_id: str) -> None:
    notifications.mark_read(principal.org_id, principal.user_id, notification_id)


def mark_all_read(principal: Principal) -> int:
    return notifications.mark_all_read(principal.org_id, principal.user_id)
