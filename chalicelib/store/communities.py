"""Communities of an organisation."""

from __future__ import annotations

from typing import Any

from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from chalicelib.store import keys
from chalicelib.store.models import CommunityItem, CommunityMemberItem, transaction_connection
from chalicelib.store.pages import Page, query_page


def save_new_community(community: CommunityItem, founder: CommunityMemberItem) -> None:
    """The community and its founder's membership (moderator), together."""
    with TransactWrite(connection=transaction_connection()) as transaction:
        transaction.save(community, condition=CommunityItem.pk.does_not_exist())
        transaction.save(founder, condition=CommunityMemberItem.pk.does_not_exist())


def get_community(org_id: str, community_id: str) -> CommunityItem | None:
    try:
        return CommunityItem.get(keys.org_pk(org_id), keys.community_sk(community_id))
    except CommunityItem.DoesNotExist:
        return None


def update_community(community: CommunityItem, actions: list[Action]) -> CommunityItem:
    community.update(actions=actions, condition=CommunityItem.archived_at.does_not_exist())
    return community


def list_communities(org_id: str, limit: int, after: dict[str, Any] | None) -> Page[CommunityItem]:
    return query_page(
        CommunityItem,
        keys.org_pk(org_id),
        keys.COMMUNITY_SK_PREFIX,
        limit=limit,
        after=after,
        ascending=True,
    )
