"""Creating, changing, archiving and listing communities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pynamodb.expressions.update import Action

from chalicelib.communities.access import ORG_MODERATORS, CommunityAccess
from chalicelib.communities.membership import load_access
from chalicelib.communities.skills import normalise_tags
from chalicelib.errors import Forbidden, ValidationFailed
from chalicelib.ids import new_id, utc_now
from chalicelib.media.attachments import attachable_media
from chalicelib.observability import count_business_event
from chalicelib.principal import Principal
from chalicelib.store import communities, keys, memberships, users
from chalicelib.store.models import CommunityItem, MediaItem
from chalicelib.store.pages import Page


@dataclass(frozen=True)
class NewCommunity:
    name: str
    description: str
    goal: str
    skill_tags: list[str]
    visibility: str


def create_community(principal: Principal, new: NewCommunity) -> CommunityItem:
    """Community managers and org admins create communities; the creator becomes its first moderator."""
    if not principal.has_any_role(ORG_MODERATORS):
        raise Forbidden("Only community managers and org admins create communities.")
    community_id = new_id()
    now = utc_now()
    community = CommunityItem(
        keys.org_pk(principal.org_id),
        keys.community_sk(community_id),
        org_id=principal.org_id,
        community_id=community_id,
        name=new.name,
        description=new.description,
        goal=new.goal,
        skill_tags=normalise_tags(new.skill_tags),
        visibility=new.visibility,
        member_count=1,
        created_by=principal.user_id,
        created_at=now,
    )
    founder = memberships.new_membership(
        principal.org_id,
        community_id,
        principal.user_id,
        display_name=users.require_member(principal.org_id, principal.user_id).display_name,
        role="moderator",
        status="active",
        since=now,
    )
    communities.save_new_community(community, founder)
    count_business_event("CommunityCreated")
    return community


def list_communities(principal: Principal, limit: int, after: dict[str, Any] | None) -> Page[CommunityItem]:
    return communities.list_communities(principal.org_id, limit, after)


def get_community(principal: Principal, community_id: str) -> CommunityAccess:
    """The community with my current membership (none once I left or was removed)."""
    access = load_access(principal, community_id)
    if access.membership is not None and access.membership.status in memberships.PAST_STATUSES:
        return CommunityAccess(principal, access.community, None)
    return access


def change_community(principal: Principal, community_id: str, changes: dict[str, Any]) -> CommunityItem:
    access = load_access(principal, community_id).require_moderator().require_open_for_changes()
    actions: list[Action] = []
    for field_name, value in changes.items():
        if field_name == "skill_tags":
            value = normalise_tags(value)
        if field_name == "cover_media_id":
            _use_as_cover(principal, community_id, value)
        actions.append(getattr(CommunityItem, field_name).set(value))
    return communities.update_community(access.community, actions)


def _use_as_cover(principal: Principal, community_id: str, media_id: str) -> None:
    """A cover is one of the moderator's own ready images; it is then shown to the community's readers."""
    (image,) = attachable_media(principal, [media_id])
    if image.kind != "image":
        raise ValidationFailed("A cover must be an image.")
    image.update(
        actions=[MediaItem.community_id.set(community_id)],
        condition=(MediaItem.status == "ready") & MediaItem.post_id.does_not_exist(),
    )


def archive_community(principal: Principal, community_id: str) -> CommunityItem:
    """Archived communities stay readable; nothing can be posted, joined or changed any more."""
    access = load_access(principal, community_id).require_moderator()
    if access.community.archived_at is not None:
        return access.community
    return communities.update_community(access.community, [CommunityItem.archived_at.set(utc_now())])
