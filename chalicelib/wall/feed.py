"""Feeds: a community's wall, and the home feed across my communities.

Each post carries its counters and author display data (stored on the post), and the
viewer's own reaction, read for the whole page in one batch: a community feed page is
two DynamoDB requests after the route's access check (a Query, then one BatchGetItem for my
reactions and the originals of shares). Pinned posts have their own listing.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import Any

from chalicelib.communities.access import CommunityAccess
from chalicelib.communities.membership import load_access
from chalicelib.ids import utc_now
from chalicelib.principal import Principal
from chalicelib.store import keys, memberships, wall
from chalicelib.store.batch import Key, get_items
from chalicelib.store.models import (
    CommentItem,
    CommunityItem,
    CommunityMemberItem,
    KringItem,
    PostItem,
    ReactionItem,
)
from chalicelib.wall.popularity import iso_week

HOME_FEED_COMMUNITIES = 10


@dataclass(frozen=True)
class FeedPage:
    posts: list[PostItem]
    my_reactions: dict[str, str]
    last_key: dict[str, Any] | None = None
    # Wall pages also check the originals of shares: which of them are no longer there.
    originals_checked: bool = False
    gone_originals: frozenset[str] = frozenset()


def _reaction_key(org_id: str, target_id: str, user_id: str) -> Key:
    return keys.reactions_pk(org_id, target_id), keys.reaction_sk(user_id)


def my_reactions(found: dict[Key, KringItem]) -> dict[str, str]:
    return {item.target_id: item.reaction for item in found.values() if isinstance(item, ReactionItem)}


def community_feed(
    principal: Principal, community_id: str, limit: int, after: dict[str, Any] | None
) -> FeedPage:
    org_id = principal.org_id
    load_access(principal, community_id).require_wall_reader()  # a route has read it already
    page = wall.list_posts(org_id, community_id, limit, after)
    wanted = [_reaction_key(org_id, post.post_id, principal.user_id) for post in page.items]
    originals = {post.post_id: _original_key(org_id, post) for post in page.items if post.shared_post_id}
    wanted += list(originals.values())
    found = get_items(wanted)
    gone = frozenset(
        share_id
        for share_id, key in originals.items()
        if not isinstance(original := found.get(key), PostItem) or original.status != "published"
    )
    return FeedPage(
        page.items, my_reactions(found), page.last_key, originals_checked=True, gone_originals=gone
    )


def _original_key(org_id: str, share: PostItem) -> Key:
    return keys.community_pk(org_id, str(share.shared_community_id)), keys.post_sk(str(share.shared_post_id))


def thread_reactions(principal: Principal, comments: list[CommentItem]) -> dict[str, str]:
    found = get_items([_reaction_key(principal.org_id, c.comment_id, principal.user_id) for c in comments])
    return my_reactions(found)


def home_feed(principal: Principal, limit: int, before_post_id: str | None) -> FeedPage:
    """Newest posts across my communities (the first ten I joined), older than `before_post_id`.

    Requests: 1 (my communities) + 1 per community (at most 10) + 1 (my reactions) = at most 12.
    """
    org_id = principal.org_id
    mine = memberships.list_my_memberships(org_id, principal.user_id, HOME_FEED_COMMUNITIES, None)
    per_community: list[list[PostItem]] = []
    for membership in mine.items:
        if membership.status != "active":
            continue
        per_community.append(_posts_before(org_id, membership.community_id, before_post_id, limit))
    newest = heapq.merge(*per_community, key=lambda post: post.post_id, reverse=True)
    posts = [post for _, post in zip(range(limit), newest, strict=False)]
    found = get_items([_reaction_key(org_id, post.post_id, principal.user_id) for post in posts])
    return FeedPage(posts, my_reactions(found))


def _posts_before(org_id: str, community_id: str, before_post_id: str | None, limit: int) -> list[PostItem]:
    condition = (
        PostItem.sk.between(keys.POST_SK_PREFIX, keys.post_sk(before_post_id))
        if before_post_id
        else PostItem.sk.startswith(keys.POST_SK_PREFIX)
    )
    results = PostItem.query(
        keys.community_pk(org_id, community_id),
        condition,
        filter_condition=PostItem.status == "published",
        scan_index_forward=False,
        limit=limit,
    )
    return [post for post in results if isinstance(post, PostItem) and post.post_id != before_post_id]


def pinned_posts(principal: Principal, access: CommunityAccess) -> FeedPage:
    """The community's pinned posts with my reactions: one batch read."""
    org_id, community = principal.org_id, access.community
    post_keys = [
        (keys.community_pk(org_id, community.community_id), keys.post_sk(pid))
        for pid in community.pinned_post_ids
    ]
    found = get_items(
        post_keys + [_reaction_key(org_id, pid, principal.user_id) for pid in community.pinned_post_ids]
    )
    posts = [found[key] for key in post_keys if key in found]
    published = [post for post in posts if isinstance(post, PostItem) and post.status == "published"]
    return FeedPage(published, my_reactions(found))


def my_reaction_to(principal: Principal, post: PostItem) -> str | None:
    reaction = wall.get_reaction(principal.org_id, post.post_id, principal.user_id)
    return reaction.reaction if reaction else None


def popular_this_week(principal: Principal, limit: int) -> FeedPage:
    """Most engaging posts of this ISO week: one index Query of the popular entries, then one batch
    read of their posts, my reactions to them, and their communities with my membership of each.

    A post entered the index while its community was open; the community as it is now decides
    whether I may read it (an invite-only community's posts stay for its members). A page of up
    to 20 posts from up to 30 communities is one BatchGetItem (at most 100 keys); more takes one
    more per 100 keys."""
    org_id = principal.org_id
    entries = wall.popular_posts(org_id, keys.popular_pk(org_id, iso_week(utc_now())), limit)
    post_keys = [
        (keys.community_pk(org_id, entry.community_id), keys.post_sk(entry.post_id)) for entry in entries
    ]
    reaction_keys = [_reaction_key(org_id, entry.post_id, principal.user_id) for entry in entries]
    community_ids = list(dict.fromkeys(entry.community_id for entry in entries))
    readers_keys = {
        community_id: (
            (keys.org_pk(org_id), keys.community_sk(community_id)),
            memberships.membership_key(org_id, community_id, principal.user_id),
        )
        for community_id in community_ids
    }
    found = get_items(post_keys + reaction_keys + [key for pair in readers_keys.values() for key in pair])
    readable = {
        community_id
        for community_id, (community_key, membership_key) in readers_keys.items()
        if _may_read(principal, found.get(community_key), found.get(membership_key))
    }
    posts = [found[key] for key in post_keys if key in found]
    shown = [
        post
        for post in posts
        if isinstance(post, PostItem) and post.status == "published" and post.community_id in readable
    ]
    return FeedPage(shown, my_reactions(found))


def _may_read(principal: Principal, community: KringItem | None, membership: KringItem | None) -> bool:
    if not isinstance(community, CommunityItem):
        return False
    member = membership if isinstance(membership, CommunityMemberItem) else None
    return CommunityAccess(principal, community, member).can_read_wall
