"""/v1/communities: communities, their members and roles."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from chalicelib.api.framework import Api, ApiRequest, Created
from chalicelib.api.relations import Relation
from chalicelib.api.schemas import PageQuery, request_model_config
from chalicelib.communities import membership as membership_use_cases
from chalicelib.errors import ValidationFailed
from chalicelib.ids import iso
from chalicelib.principal import Principal, Role
from chalicelib.store import keys
from chalicelib.store.batch import get_items
from chalicelib.store.models import CommunityItem, CommunityMemberItem

api = Api(__name__, tag="communities")
MANAGERS = frozenset({Role.COMMUNITY_MANAGER, Role.ORG_ADMIN})
Visibility = Literal["organisation", "invite_only"]
CommunityRole = Literal["member", "mentor", "moderator"]


class CommunityDraft(BaseModel):
    model_config = request_model_config(
        {
            "name": "Digital skills",
            "description": "Learn the tools of the digital workplace together.",
            "goal": "Everyone confident with our digital tools by June",
            "skill_tags": ["digital"],
            "visibility": "organisation",
        }
    )

    name: str = Field(min_length=1, max_length=80)
    description: str = Field("", max_length=2000)
    goal: str = Field(min_length=1, max_length=280)
    skill_tags: list[str] = Field(default_factory=list, max_length=10)
    visibility: Visibility = "organisation"


class CommunityChange(BaseModel):
    model_config = request_model_config({"goal": "Everyone confident with our digital tools by September"})

    name: str | None = Field(None, min_length=1, max_length=80)
    description: str | None = Field(None, max_length=2000)
    goal: str | None = Field(None, min_length=1, max_length=280)
    skill_tags: list[str] | None = Field(None, max_length=10)
    visibility: Visibility | None = None
    cover_media_id: str | None = Field(
        None, pattern=r"^[0-9A-HJKMNP-TV-Z]{26}$", description="One of your uploaded, ready images."
    )


class MyMembership(BaseModel):
    role: CommunityRole
    status: Literal["active", "invited", "requested"]
    muted: bool


class SpotlightedMember(BaseModel):
    user_id: str
    reason: str
    since: str


class Community(BaseModel):
    id: str
    name: str
    description: str
    goal: str
    skill_tags: list[str]
    visibility: Visibility
    post_count: int
    member_count: int
    pinned_post_ids: list[str]
    cover_media_id: str | None
    spotlight: SpotlightedMember | None
    archived: bool
    created_by: str
    created_at: str
    my_membership: MyMembership | None

    @classmethod
    def of(cls, item: CommunityItem, membership: CommunityMemberItem | None = None) -> Community:
        spotlight = None
        if item.spotlight_user_id and item.spotlight_user_at:
            spotlight = SpotlightedMember(
                user_id=item.spotlight_user_id,
                reason=item.spotlight_user_reason or "",
                since=iso(item.spotlight_user_at),
            )
        mine = None
        if membership is not None:
            mine = MyMembership(role=membership.role, status=membership.status, muted=bool(membership.muted))  # type: ignore[arg-type]
        return cls(
            id=item.community_id,
            name=item.name,
            description=item.description,
            goal=item.goal,
            skill_tags=[str(tag) for tag in item.skill_tags],
            visibility=item.visibility,  # type: ignore[arg-type]
            post_count=int(item.post_count or 0),
            member_count=int(item.member_count or 0),
            pinned_post_ids=[str(pid) for pid in item.pinned_post_ids],
            cover_media_id=item.cover_media_id,
            spotlight=spotlight,
            archived=item.archived_at is not None,
            created_by=item.created_by,
            created_at=iso(item.created_at),
            my_membership=mine,
        )


class CommunityPage(BaseModel):
    items: list[Community]
    next_cursor: str | None


class CommunityMember(BaseModel):
    user_id: str
    display_name: str
    role: CommunityRole
    status: Literal["active", "invited", "requested"]
    muted: bool
    since: str

    @classmethod
    def of(cls, item: CommunityMemberItem) -> CommunityMember:
        return cls(
            user_id=item.user_id,
            display_name=item.display_name,
            role=item.role,  # type: ignore[arg-type]
            status=item.status,  # type: ignore[arg-type]
            muted=bool(item.muted),
            since=iso(item.since),
        )


class CommunityMemberPage(BaseModel):
    items: list[CommunityMember]
    next_cursor: str | None


class InvitationToCommunity(BaseModel):
    model_config = request_model_config({"user_id": "0b6a2f4e-3c1d-4e5f-8a9b-1c2d3e4f5a6b"})

    user_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")


class RoleInCommunity(BaseModel):
    model_config = request_model_config({"role": "mentor"})

    role: CommunityRole


class Spotlight(BaseModel):
    model_config = request_model_config(
        {
            "user_id": "0b6a2f4e-3c1d-4e5f-8a9b-1c2d3e4f5a6b",
            "reason": "Helped five colleagues with Excel this week",
        }
    )

    user_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    reason: str = Field(min_length=1, max_length=280)


@api.route(
    "/v1/communities",
    "GET",
    operation_id="listCommunities",
    relation=Relation.ORG_MEMBER,
    summary="Communities of my organisation",
    query=PageQuery,
    response=CommunityPage,
)
def list_communities(request: ApiRequest) -> CommunityPage:
    from chalicelib.communities import use_cases  # with media: not loaded by my communities or members

    page = use_cases.list_communities(
        request.principal, request.query.limit, request.cursor_in(request.query.cursor)
    )
    return CommunityPage(
        items=[Community.of(c) for c in page.items], next_cursor=request.cursor_out(page.last_key)
    )


@api.route(
    "/v1/communities",
    "POST",
    operation_id="createCommunity",
    relation=Relation.ORG_MEMBER,
    summary="Create a community (I moderate it)",
    request=CommunityDraft,
    response=Community,
    status=201,
    roles=MANAGERS,
    idempotent=True,
)
def create_community(request: ApiRequest) -> Created:
    from chalicelib.communities import use_cases
    from chalicelib.communities.use_cases import NewCommunity

    draft: CommunityDraft = request.body
    community = use_cases.create_community(
        request.principal,
        NewCommunity(draft.name, draft.description, draft.goal, list(draft.skill_tags), draft.visibility),
    )
    founder = membership_use_cases.load_access(request.principal, community.community_id).membership
    return Created(Community.of(community, founder), f"/v1/communities/{community.community_id}")


@api.route(
    "/v1/communities/{community_id}",
    "GET",
    operation_id="getCommunity",
    relation=Relation.ORG_MEMBER,
    summary="One community, with my membership",
    response=Community,
)
def get_community(request: ApiRequest) -> Community:
    from chalicelib.communities import use_cases  # with media: not loaded by my communities or members

    access = use_cases.get_community(request.principal, request.path_params["community_id"])
    return Community.of(access.community, access.membership)


@api.route(
    "/v1/communities/{community_id}",
    "PATCH",
    operation_id="changeCommunity",
    relation=Relation.COMMUNITY_MODERATOR,
    summary="Change a community's name, description, goal, tags or visibility (moderators)",
    request=CommunityChange,
    response=Community,
)
def change_community(request: ApiRequest) -> Community:
    from chalicelib.communities import use_cases  # with media: not loaded by my communities or members

    changes = request.body.model_dump(exclude_none=True)
    if not changes:
        raise ValidationFailed("Send at least one field to change.")
    community = use_cases.change_community(request.principal, request.path_params["community_id"], changes)
    return Community.of(community)


@api.route(
    "/v1/communities/{community_id}/archive",
    "POST",
    operation_id="archiveCommunity",
    relation=Relation.COMMUNITY_MODERATOR,
    summary="Archive a community: readable, but closed for changes (moderators)",
    response=Community,
)
def archive_community(request: ApiRequest) -> Community:
    from chalicelib.communities import use_cases  # with media: not loaded by my communities or members

    return Community.of(use_cases.archive_community(request.principal, request.path_params["community_id"]))


@api.route(
    "/v1/me/communities",
    "GET",
    operation_id="listMyCommunities",
    relation=Relation.SELF,
    summary="Communities I belong to, was invited to or asked to join",
    query=PageQuery,
    response=CommunityPage,
)
def list_my_communities(request: ApiRequest) -> CommunityPage:
    items, last_key = my_communities_page(
        request.principal, request.query.limit, request.cursor_in(request.query.cursor)
    )
    return CommunityPage(items=items, next_cursor=request.cursor_out(last_key))


def my_communities_page(
    principal: Principal, limit: int, after: dict[str, Any] | None
) -> tuple[list[Community], dict[str, Any] | None]:
    """A page of my communities (also the app's start, chalicelib/api/start.py) and where it ended."""
    page = membership_use_cases.my_memberships(principal, limit, after)
    community_keys = {
        m.community_id: (keys.org_pk(principal.org_id), keys.community_sk(m.community_id)) for m in page.items
    }
    found = get_items(list(community_keys.values()))
    items = [
        Community.of(found[community_keys[m.community_id]], m)  # type: ignore[arg-type]
        for m in page.items
        if isinstance(found.get(community_keys[m.community_id]), CommunityItem)
    ]
    return items, page.last_key


@api.route(
    "/v1/communities/{community_id}/join",
    "POST",
    operation_id="joinCommunity",
    relation=Relation.ORG_MEMBER,
    summary="Join (open community), ask to join (invite-only) or accept an invitation",
    response=CommunityMember,
)
def join_community(request: ApiRequest) -> CommunityMember:
    return CommunityMember.of(
        membership_use_cases.join(request.principal, request.path_params["community_id"])
    )


@api.route(
    "/v1/communities/{community_id}/leave",
    "POST",
    operation_id="leaveCommunity",
    relation=Relation.ORG_MEMBER,
    summary="Leave a community (or withdraw a request)",
)
def leave_community(request: ApiRequest) -> None:
    membership_use_cases.leave(request.principal, request.path_params["community_id"])


@api.route(
    "/v1/communities/{community_id}/members",
    "GET",
    operation_id="listCommunityMembers",
    relation=Relation.COMMUNITY_READER,
    summary="Members of a community with their roles",
    query=PageQuery,
    response=CommunityMemberPage,
)
def list_members(request: ApiRequest) -> CommunityMemberPage:
    page = membership_use_cases.list_members(
        request.principal,
        request.path_params["community_id"],
        request.query.limit,
        request.cursor_in(request.query.cursor),
    )
    return CommunityMemberPage(
        items=[CommunityMember.of(m) for m in page.items], next_cursor=request.cursor_out(page.last_key)
    )


@api.route(
    "/v1/communities/{community_id}/invitations",
    "POST",
    operation_id="inviteToCommunity",
    relation=Relation.COMMUNITY_MODERATOR,
    summary="Invite a colleague (moderators); approves a pending request",
    request=InvitationToCommunity,
    response=CommunityMember,
)
def invite_to_community(request: ApiRequest) -> CommunityMember:
    member = membership_use_cases.invite(
        request.principal, request.path_params["community_id"], request.body.user_id
    )
    return CommunityMember.of(member)


@api.route(
    "/v1/communities/{community_id}/members/{user_id}/approve",
    "POST",
    operation_id="approveJoinRequest",
    relation=Relation.COMMUNITY_MODERATOR,
    summary="Let someone who asked to join in (moderators)",
    response=CommunityMember,
)
def approve_request(request: ApiRequest) -> CommunityMember:
    member = membership_use_cases.approve(
        request.principal, request.path_params["community_id"], request.path_params["user_id"]
    )
    return CommunityMember.of(member)


@api.route(
    "/v1/communities/{community_id}/members/{user_id}/role",
    "PUT",
    operation_id="setCommunityRole",
    relation=Relation.COMMUNITY_MODERATOR,
    summary="Make a member a mentor/expert, a moderator or a plain member (moderators)",
    request=RoleInCommunity,
    response=CommunityMember,
)
def set_role(request: ApiRequest) -> CommunityMember:
    member = membership_use_cases.set_role(
        request.principal,
        request.path_params["community_id"],
        request.path_params["user_id"],
        request.body.role,
    )
    return CommunityMember.of(member)


@api.route(
    "/v1/communities/{community_id}/spotlight",
    "PUT",
    operation_id="spotlightMember",
    relation=Relation.COMMUNITY_MODERATOR,
    summary="Put a member in the spotlight as role model, with the reason shown to everyone (moderators)",
    request=Spotlight,
    response=Community,
)
def spotlight_member(request: ApiRequest) -> Community:
    from chalicelib.wall import posts  # only this route reaches the wall's code

    community = posts.spotlight_member(
        request.principal, request.path_params["community_id"], request.body.user_id, request.body.reason
    )
    return Community.of(community)
