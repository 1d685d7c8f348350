"""Feeds: a community's wall, and the home feed across my communities.

Each post carries its counters and author display data (stored on the post), and the
viewer's own reaction, read for the whole page in one Query of the viewer's reactions index
(store/reaction_index.py) between the page's oldest and newest post: a community feed page is
two DynamoDB requests after the route's access check (the page, my reactions), three when the
page holds shares (one BatchGetItem checks their originals). Pinned posts have their own listing.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import Any

from chalicelib.communities.access import CommunityAccess
from chalicelib.communities.membership import load_access
from chalicelib.ids import utc_now
from chalicelib.principal import Principal
from chalicelib.store import keys, memberships, reaction_index, wall
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
    mine = _my_reactions_to(principal, page.items)
    originals = {post.post_id: _original_key(org_id, post) for post in page.items if post.shared_post_id}
    found = get_items(list(originals.values()))  # no request when the page holds no share
    gone = frozenset(
        share_id
        for share_id, key in originals.items()
        if not isinstance(original := found.get(key), PostItem) or original.status != "published"
    )
    return FeedPage(page.items, mine, page.last_key, originals_checked=True, gone_originals=gone)


def _my_reactions_to(principal: Principal, posts: list[PostItem]) -> dict[str, str]:
    return reaction_index.my_reactions_to_posts(
        principal.org_id, principal.user_id, [post.post_id for post in posts]
    )


def _original_key(org_id: str, share: PostItem) -> Key:
    return keys.community_pk(org_id, str(share.shared_community_id)), keys.post_sk(str(share.shared_post_id))


def thread_reactions(principal: Principal, post_id: str, comments: list[CommentItem]) -> dict[str, str]:
    """Comment id -> my reaction, for a page of one post's thread: one Query (none for no comments)."""
    return reaction_index.my_reactions_to_comments(
        principal.org_id, principal.user_id, post_id, [comment.comment_id for comment in comments]
    )


def home_feed(principal: Principal, limit: int, before_post_id: str | None) -> FeedPage:
    """Newest posts across my communities (the first ten I joined), older than `before_post_id`.

    Each community is read from its newest post down only as far as the page can need it: first
    `_first_read` posts (a Query costs the same 0.5 RCU for one post as for the ~5 that fit in
    4 KB), then more only from a community whose oldest post read is still newer than the page's
    oldest (it may hold more of the page). Requests: 1 (my communities) + 1 per community (at most
    10) + 1 more per community that posted more than its share of the page + 1 (my reactions: one
    Query, as post ids sort by time across communities).
    """
    org_id = principal.org_id
    mine = memberships.list_my_memberships(org_id, principal.user_id, HOME_FEED_COMMUNITIES, None)
    community_ids = [membership.community_id for membership in mine.items if membership.status == "active"]
    if not community_ids:
        return FeedPage([], {})
    first_read = _first_read(limit, len(community_ids))
    reads = [
        _CommunityRead(org_id, community_id, before_post_id).more(first_read)
        for community_id in community_ids
    ]
    posts = _newest(reads, limit)
    while needy := [read for read in reads if read.may_hold_more_of(posts, limit)]:
        for read in needy:
            ahead = sum(1 for post in posts if post.post_id > read.oldest_id)
            read.more(max(POSTS_PER_READ_UNIT, limit - ahead))
        posts = _newest(reads, limit)
    return FeedPage(posts, _my_reactions_to(principal, posts))


# About how many posts fit in one 4 KB read unit: a Query of fewer costs as much.
POSTS_PER_READ_UNIT = 5


def _first_read(limit: int, communities: int) -> int:
    """Posts to read first from each community: its share of the page, at least a read unit's worth."""
    return min(limit, max(POSTS_PER_READ_UNIT, -(-limit // communities)))


class _CommunityRead:
    """One community's published posts older than the page's start, newest first, read as far as needed."""

    def __init__(self, org_id: str, community_id: str, before_post_id: str | None) -> None:
        self.org_id, self.community_id, self.before_post_id = org_id, community_id, before_post_id
        self.posts: list[PostItem] = []
        self.last_key: dict[str, Any] | None = None
        self.exhausted = False

    @property
    def oldest_id(self) -> str:
        return self.posts[-1].post_id if self.posts else self.before_post_id or "~"

    def more(self, count: int) -> _CommunityRead:
        condition = (
            PostItem.sk.between(keys.POST_SK_PREFIX, keys.post_sk(self.before_post_id))
            if self.before_post_id
            else PostItem.sk.startswith(keys.POST_SK_PREFIX)
        )
        results = PostItem.query(
            keys.community_pk(self.org_id, self.community_id),
            condition,
            filter_condition=PostItem.status == "published",
            scan_index_forward=False,
            limit=count,
            last_evaluated_key=self.last_key,
        )
        self.posts += [p for p in results if isinstance(p, PostItem) and p.post_id != self.before_post_id]
        self.last_key = results.last_evaluated_key
        self.exhausted = self.last_key is None
        return self

    def may_hold_more_of(self, page: list[PostItem], limit: int) -> bool:
        """Whether posts not read yet could still belong on `page` (newest first, at most `limit`)."""
        if self.exhausted:
            return False
        return len(page) < limit or self.oldest_id > page[-1].post_id


def _newest(reads: list[_CommunityRead], limit: int) -> list[PostItem]:
    newest = heapq.merge(*(read.posts for read in reads), key=lambda post: post.post_id, reverse=True)
    return [post for _, post in zip(range(limit), newest, strict=False)]


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
