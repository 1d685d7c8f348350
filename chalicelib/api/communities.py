"""/v1/communities: the organisation's communities and their walls (first slice)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from chalicelib.api.framework import Api, ApiRequest, Created
from chalicelib.api.schemas import PageQuery, request_model_config
from chalicelib.auth import Role
from chalicelib.communities import use_cases
from chalicelib.communities.use_cases import NewCommunity
from chalicelib.ids import iso
from chalicelib.store.models import CommunityItem, PostItem

api = Api(__name__, tag="communities")
MANAGERS = frozenset({Role.COMMUNITY_MANAGER, Role.ORG_ADMIN})


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
    visibility: Literal["organisation", "invite_only"] = "organisation"


class Community(BaseModel):
    id: str
    name: str
    description: str
    goal: str
    skill_tags: list[str]
    visibility: str
    post_count: int
    created_by: str
    created_at: str

    @classmethod
    def of(cls, item: CommunityItem) -> Community:
        return cls(
            id=item.community_id,
            name=item.name,
            description=item.description,
            goal=item.goal,
            skill_tags=[str(tag) for tag in item.skill_tags],
            visibility=item.visibility,
            post_count=int(item.post_count or 0),
            created_by=item.created_by,
            created_at=iso(item.created_at),
        )


class CommunityPage(BaseModel):
    items: list[Community]
    next_cursor: str | None


class PostDraft(BaseModel):
    model_config = request_model_config({"body": "Today I learned how to share a screen in a video call."})

    body: str = Field(min_length=1, max_length=5000)


class Post(BaseModel):
    id: str
    community_id: str
    author_id: str
    body: str
    created_at: str

    @classmethod
    def of(cls, item: PostItem) -> Post:
        return cls(
            id=item.post_id,
            community_id=item.community_id,
            author_id=item.author_id,
            body=item.body,
            created_at=iso(item.created_at),
        )


class PostPage(BaseModel):
    items: list[Post]
    next_cursor: str | None


@api.route(
    "/v1/communities",
    "GET",
    operation_id="listCommunities",
    summary="Communities of my organisation",
    query=PageQuery,
    response=CommunityPage,
)
def list_communities(request: ApiRequest) -> CommunityPage:
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
    summary="Create a community",
    request=CommunityDraft,
    response=Community,
    status=201,
    roles=MANAGERS,
    idempotent=True,
)
def create_community(request: ApiRequest) -> Created:
    draft: CommunityDraft = request.body
    community = use_cases.create_community(
        request.principal,
        NewCommunity(draft.name, draft.description, draft.goal, list(draft.skill_tags), draft.visibility),
    )
    return Created(Community.of(community), f"/v1/communities/{community.community_id}")


@api.route(
    "/v1/communities/{community_id}",
    "GET",
    operation_id="getCommunity",
    summary="One community",
    response=Community,
)
def get_community(request: ApiRequest) -> Community:
    return Community.of(use_cases.get_community(request.principal, request.path_params["community_id"]))


@api.route(
    "/v1/communities/{community_id}/posts",
    "GET",
    operation_id="listCommunityPosts",
    summary="The community's wall, newest first",
    query=PageQuery,
    response=PostPage,
)
def list_posts(request: ApiRequest) -> PostPage:
    page = use_cases.community_feed(
        request.principal,
        request.path_params["community_id"],
        request.query.limit,
        request.cursor_in(request.query.cursor),
    )
    return PostPage(items=[Post.of(p) for p in page.items], next_cursor=request.cursor_out(page.last_key))


@api.route(
    "/v1/communities/{community_id}/posts",
    "POST",
    operation_id="publishPost",
    summary="Post on the community's wall",
    request=PostDraft,
    response=Post,
    status=201,
    idempotent=True,
)
def publish_post(request: ApiRequest) -> Created:
    post = use_cases.publish_post(request.principal, request.path_params["community_id"], request.body.body)
    return Created(Post.of(post), f"/v1/communities/{post.community_id}/posts/{post.post_id}")
