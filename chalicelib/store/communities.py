"""Communities of an organisation and their posts."""

from __future__ import annotations

from typing import Any

from pynamodb.transactions import TransactWrite

from chalicelib.errors import NotFound
from chalicelib.store import keys
from chalicelib.store.models import CommunityItem, PostItem, transaction_connection
from chalicelib.store.pages import Page


def save_community(item: CommunityItem) -> CommunityItem:
    item.save(condition=CommunityItem.pk.does_not_exist())
    return item


def get_community(org_id: str, community_id: str) -> CommunityItem | None:
    try:
        return CommunityItem.get(keys.org_pk(org_id), keys.community_sk(community_id))
    except CommunityItem.DoesNotExist:
        return None


def require_community(org_id: str, community_id: str) -> CommunityItem:
    community = get_community(org_id, community_id)
    if community is None:
        raise NotFound("No community with this id in your organisation.")
    return community


def list_communities(org_id: str, limit: int, after: dict[str, Any] | None) -> Page[CommunityItem]:
    results = CommunityItem.query(
        keys.org_pk(org_id),
        CommunityItem.sk.startswith(keys.COMMUNITY_SK_PREFIX),
        limit=limit,
        last_evaluated_key=after,
    )
    return Page([item for item in results if isinstance(item, CommunityItem)], results.last_evaluated_key)


def publish_post(post: PostItem) -> None:
    """Store the post and bump its community's counter in one transaction, so they agree."""
    with TransactWrite(connection=transaction_connection()) as transaction:
        transaction.save(post, condition=PostItem.pk.does_not_exist())
        transaction.update(
            CommunityItem(keys.org_pk(post.org_id), keys.community_sk(post.community_id)),
            actions=[CommunityItem.post_count.add(1)],
            condition=CommunityItem.pk.exists(),
        )


def list_posts(org_id: str, community_id: str, limit: int, after: dict[str, Any] | None) -> Page[PostItem]:
    results = PostItem.query(
        keys.community_pk(org_id, community_id),
        PostItem.sk.startswith(keys.POST_SK_PREFIX),
        scan_index_forward=False,
        limit=limit,
        last_evaluated_key=after,
    )
    return Page([item for item in results if isinstance(item, PostItem)], results.last_evaluated_key)
