"""Following people of my organisation: their new content is recommended to me."""

from __future__ import annotations

from typing import Any

from chalicelib import observability
from chalicelib.errors import NotFound, ValidationFailed
from chalicelib.ids import utc_now
from chalicelib.principal import Principal
from chalicelib.store import for_you as store
from chalicelib.store import users
from chalicelib.store.models import FollowedPersonItem
from chalicelib.store.pages import Page

MAX_FOLLOWED = 200  # "for you" reads them in one Query; following hundreds says nothing anyway


def follow(principal: Principal, user_id: str) -> FollowedPersonItem:
    """Follow an active person of my organisation; following again changes nothing."""
    if user_id == principal.user_id:
        raise ValidationFailed("You cannot follow yourself.")
    person = users.get_member(principal.org_id, user_id)
    if person is None or person.status == "deactivated":
        raise NotFound("No member with this id in your organisation.")
    if len(store.list_following(principal.org_id, principal.user_id, MAX_FOLLOWED).items) >= MAX_FOLLOWED:
        raise ValidationFailed(f"You follow {MAX_FOLLOWED} people already; unfollow someone first.")
    item = store.new_follow(principal.org_id, principal.user_id, user_id, person.display_name, utc_now())
    store.save_follow(item)
    observability.count_business_event("PersonFollowed")
    return item


def unfollow(principal: Principal, user_id: str) -> None:
    """Stop following a person of my organisation; unfollowing someone I do not follow changes nothing."""
    if users.get_member(principal.org_id, user_id) is None:
        raise NotFound("No member with this id in your organisation.")
    store.delete_follow(principal.org_id, principal.user_id, user_id)


def following(principal: Principal, limit: int, after: dict[str, Any] | None) -> Page[FollowedPersonItem]:
    return store.list_following(principal.org_id, principal.user_id, limit, after)
