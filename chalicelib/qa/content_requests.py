"""Content requests: questions nobody answered in time, for mentors and experts to take, write
content for (a lesson, a library item) and close."""

from __future__ import annotations

from typing import Any

from chalicelib.errors import Conflict, Forbidden, NotFound
from chalicelib.observability import count_business_event
from chalicelib.principal import Principal
from chalicelib.search.readers import readable_communities
from chalicelib.store import qa as store
from chalicelib.store import users
from chalicelib.store.models import ContentRequestItem
from chalicelib.store.pages import Page

MODERATORS = frozenset({"community_manager", "org_admin"})


def list_requests(
    principal: Principal, limit: int, after: dict[str, Any] | None, readers_cache_seconds: float
) -> Page[ContentRequestItem]:
    """Open and taken requests of communities the caller may read."""
    page = store.requests(principal.org_id, limit, after)
    readable = readable_communities(principal, {r.community_id for r in page.items}, readers_cache_seconds)
    return Page([r for r in page.items if r.community_id in readable], page.last_key)


def _require(principal: Principal, request_id: str) -> ContentRequestItem:
    item = store.get_request(principal.org_id, request_id)
    if item is None or item.community_id not in readable_communities(principal, {item.community_id}, 0):
        raise NotFound("This content request is not there.")
    return item


def take(principal: Principal, request_id: str) -> ContentRequestItem:
    """The caller will write the content. Taking one's own request again changes nothing."""
    item = _require(principal, request_id)
    if item.state == "taken" and item.taken_by == principal.user_id:
        return item
    profile = users.get_member(principal.org_id, principal.user_id)
    name = profile.display_name if profile is not None else ""
    actions = [
        ContentRequestItem.state.set("taken"),
        ContentRequestItem.taken_by.set(principal.user_id),
        ContentRequestItem.taken_by_name.set(name),
    ]
    if not store.change_request(item, actions, "open"):
        raise Conflict("Someone else took this request (or it was closed).")
    count_business_event("ContentRequestTaken")
    item.state, item.taken_by, item.taken_by_name = "taken", principal.user_id, name
    return item


def close(principal: Principal, request_id: str, content_id: str | None) -> ContentRequestItem:
    """Done (or not needed): by whoever took it, or a community manager or admin."""
    item = _require(principal, request_id)
    if item.state == "closed":
        return item
    if item.taken_by != principal.user_id and not (set(principal.roles) & MODERATORS):
        raise Forbidden("Only who took the request, or a community manager, closes it.")
    actions = [ContentRequestItem.state.set("closed"), ContentRequestItem.closed_by.set(principal.user_id)]
    if content_id:
        actions.append(ContentRequestItem.content_id.set(content_id))
    if not store.change_request(item, actions, item.state):
        raise Conflict("The request changed meanwhile; look again.")
    count_business_event("ContentRequestClosed")
    item.state, item.closed_by, item.content_id = "closed", principal.user_id, content_id or item.content_id
    return item
