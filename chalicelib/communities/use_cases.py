"""Creating communities, publishing posts and reading the community feed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.auth import Principal
from chalicelib.ids import new_id, utc_now
from chalicelib.observability import count_business_event
from chalicelib.store import communities, keys
from chalicelib.store.models import CommunityItem, PostItem
from chalicelib.store.pages import Page


@dataclass(frozen=True)
class NewCommunity:
    name: str
    description: str
    goal: str
    skill_tags: list[str]
    visibility: str


def create_community(principal: Principal, new: NewCommunity) -> CommunityItem:
    community_id = new_id()
    item = CommunityItem(
        keys.org_pk(principal.org_id),
        keys.community_sk(community_id),
        org_id=principal.org_id,
        community_id=community_id,
        name=new.name,
        description=new.description,
        goal=new.goal,
        skill_tags=sorted(set(new.skill_tags)),
        visibility=new.visibility,
        created_by=principal.user_id,
        created_at=utc_now(),
    )
    communities.save_community(item)
    count_business_event("CommunityCreated")
    return item


def list_communities(principal: Principal, limit: int, after: dict[str, Any] | None) -> Page[CommunityItem]:
    return communities.list_communities(principal.org_id, limit, after)


def get_community(principal: Principal, community_id: str) -> CommunityItem:
    return communities.require_community(principal.org_id, community_id)


def publish_post(principal: Principal, community_id: str, body: str) -> PostItem:
    communities.require_community(principal.org_id, community_id)
    post_id = new_id()
    post = PostItem(
        keys.community_pk(principal.org_id, community_id),
        keys.post_sk(post_id),
        org_id=principal.org_id,
        post_id=post_id,
        community_id=community_id,
        author_id=principal.user_id,
        body=body,
        created_at=utc_now(),
    )
    communities.publish_post(post)
    count_business_event("PostPublished")
    return post


def community_feed(
    principal: Principal, community_id: str, limit: int, after: dict[str, Any] | None
) -> Page[PostItem]:
    communities.require_community(principal.org_id, community_id)
    return communities.list_posts(principal.org_id, community_id, limit, after)
