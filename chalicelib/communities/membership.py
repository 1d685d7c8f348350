"""Joining, leaving, inviting, approving and roles within a community."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from chalicelib.communities.access import COMMUNITY_ROLES, CommunityAccess
from chalicelib.errors import Conflict, Forbidden, NotFound, ValidationFailed
from chalicelib.ids import utc_now
from chalicelib.principal import Principal
from chalicelib.store import keys, memberships, users
from chalicelib.store.batch import Key, get_items
from chalicelib.store.models import CommunityItem, CommunityMemberItem, KringItem, WordListItem
from chalicelib.store.pages import Page

_reused: ContextVar[CommunityAccess | None] = ContextVar("kring_reused_access", default=None)


def load_access(principal: Principal, community_id: str, with_word_list: bool = False) -> CommunityAccess:
    """The community and the caller's membership (and the organisation's word list), in one request.

    When the route's declared relation already read them for this request, that read is reused."""
    reused = _reused.get()
    if (
        reused is not None
        and reused.principal == principal
        and reused.community.community_id == community_id
        and (reused.word_list_loaded or not with_word_list)
    ):
        return reused
    community_key = (keys.org_pk(principal.org_id), keys.community_sk(community_id))
    membership_key = memberships.membership_key(principal.org_id, community_id, principal.user_id)
    word_list_key = (keys.org_pk(principal.org_id), keys.WORD_LIST_SK)
    found = get_items([community_key, membership_key] + ([word_list_key] if with_word_list else []))
    return access_of(principal, found, community_key, membership_key, word_list_key, with_word_list)


def access_of(
    principal: Principal,
    found: Mapping[Key, KringItem],
    community_key: Key,
    membership_key: Key,
    word_list_key: Key,
    word_list_loaded: bool,
) -> CommunityAccess:
    """The caller's access to a community, from items read in one batch (404 without the community)."""
    community = found.get(community_key)
    if not isinstance(community, CommunityItem):
        raise NotFound("No community with this id in your organisation.")
    membership = found.get(membership_key)
    word_list = found.get(word_list_key)
    return CommunityAccess(
        principal,
        community,
        membership if isinstance(membership, CommunityMemberItem) else None,
        tuple(str(w) for w in word_list.words) if isinstance(word_list, WordListItem) else (),
        word_list_loaded=word_list_loaded,
    )


@contextmanager
def reusing_access(access: CommunityAccess) -> Iterator[None]:
    """While a request is served, `load_access` answers from the access its route already read."""
    token = _reused.set(access)
    try:
        yield
    finally:
        _reused.reset(token)


def _display_name(org_id: str, user_id: str) -> str:
    member = users.require_member(org_id, user_id)
    if member.status == "deactivated":
        raise Conflict("This person is deactivated.")
    return member.display_name


def join(principal: Principal, community_id: str) -> CommunityMemberItem:
    """Open community: you are in. Invite-only: you asked to join, or accepted your invitation.

    Someone a moderator removed needs a moderator's invitation to come back; a mute outlasts
    leaving and joining again (the membership item keeps both, see `leave`)."""
    access = load_access(principal, community_id).require_open_for_changes()
    current = access.membership
    if current is not None and current.status in ("active", "requested"):
        return current  # joining twice changes nothing
    if current is not None and current.status == "removed":
        raise Forbidden("A moderator removed you from this community; a moderator can invite you back.")
    accepted = current is not None and current.status == "invited"
    status = "active" if accepted or access.community.visibility == "organisation" else "requested"
    return _save_status(principal, community_id, principal.user_id, current, status)


def _save_status(
    principal: Principal, community_id: str, user_id: str, current: CommunityMemberItem | None, status: str
) -> CommunityMemberItem:
    """Put a membership in `status`, from `current` as read. An invitation keeps the role it was
    made with; a past membership comes back as a member, with the mute it had."""
    still_current = current is not None and current.status in memberships.CURRENT_STATUSES
    membership = memberships.new_membership(
        principal.org_id,
        community_id,
        user_id,
        display_name=_display_name(principal.org_id, user_id),
        role=current.role if current is not None and still_current else "member",
        status=status,
        since=utc_now(),
        muted=bool(current.muted) if current is not None else False,
    )
    memberships.save_membership(
        membership, current.status if current else None, 1 if status == "active" else 0
    )
    return membership


def leave(principal: Principal, community_id: str) -> None:
    """Leave, withdraw a request or decline an invitation. The membership stays as `left`, with
    its mute: joining again cannot lift what a moderator decided."""
    access = load_access(principal, community_id)
    if access.membership is None or access.membership.status in memberships.PAST_STATUSES:
        return  # leaving twice changes nothing, and a removal stays a removal
    memberships.end_membership(access.membership, "left")


def invite(principal: Principal, community_id: str, user_id: str) -> CommunityMemberItem:
    """Invite a colleague, or approve their request. Inviting someone who was removed is how a
    moderator lets them back in."""
    load_access(principal, community_id).require_moderator().require_open_for_changes()
    current = memberships.get_membership(principal.org_id, community_id, user_id)
    if current is not None and current.status in ("active", "invited"):
        return current
    status = "active" if current is not None and current.status == "requested" else "invited"
    return _save_status(principal, community_id, user_id, current, status)


def approve(principal: Principal, community_id: str, user_id: str) -> CommunityMemberItem:
    load_access(principal, community_id).require_moderator().require_open_for_changes()
    current = memberships.get_membership(principal.org_id, community_id, user_id)
    if current is None or current.status not in ("requested", "active"):
        raise NotFound("This person did not ask to join.")
    if current.status == "active":
        return current
    current.status = "active"
    current.since = utc_now()
    memberships.save_membership(current, "requested", 1)
    return current


def set_role(principal: Principal, community_id: str, user_id: str, role: str) -> CommunityMemberItem:
    if role not in COMMUNITY_ROLES:
        raise ValidationFailed(f"A community role is one of {', '.join(COMMUNITY_ROLES)}.")
    access = load_access(principal, community_id).require_moderator()
    current = memberships.get_membership(principal.org_id, community_id, user_id)
    if current is None or current.status != "active":
        raise NotFound("This person is not a member of the community.")
    access.require_may_act_on(current)  # a moderator's role (a peer's, or one's own) is not theirs to change
    return memberships.update_membership(current, [CommunityMemberItem.role.set(role)])


def list_members(
    principal: Principal, community_id: str, limit: int, after: dict[str, Any] | None
) -> Page[CommunityMemberItem]:
    load_access(principal, community_id).require_wall_reader()
    return memberships.list_members(principal.org_id, community_id, limit, after)


def my_memberships(
    principal: Principal, limit: int, after: dict[str, Any] | None
) -> Page[CommunityMemberItem]:
    return memberships.list_my_memberships(principal.org_id, principal.user_id, limit, after)
