"""Community memberships: in the community's partition, and in GSI1 per person ("my communities")."""

from __future__ import annotations

from typing import Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from chalicelib.errors import Conflict
from chalicelib.store import keys
from chalicelib.store.models import CommunityItem, CommunityMemberItem, transaction_connection
from chalicelib.store.pages import Page, query_page


def membership_key(org_id: str, community_id: str, user_id: str) -> tuple[str, str]:
    return keys.community_pk(org_id, community_id), keys.community_member_sk(user_id)


def get_membership(org_id: str, community_id: str, user_id: str) -> CommunityMemberItem | None:
    try:
        return CommunityMemberItem.get(*membership_key(org_id, community_id, user_id))
    except CommunityMemberItem.DoesNotExist:
        return None


def new_membership(org_id: str, community_id: str, user_id: str, **attributes: Any) -> CommunityMemberItem:
    pk, sk = membership_key(org_id, community_id, user_id)
    return CommunityMemberItem(
        pk,
        sk,
        org_id=org_id,
        community_id=community_id,
        user_id=user_id,
        gsi1pk=keys.my_communities_pk(org_id, user_id),
        gsi1sk=keys.community_sk(community_id),
        **attributes,
    )


def _community(org_id: str, community_id: str) -> CommunityItem:
    return CommunityItem(keys.org_pk(org_id), keys.community_sk(community_id))


def save_membership(
    membership: CommunityMemberItem, expected_status: str | None, member_count_change: int
) -> None:
    """Write the membership if it is still in the expected state (None: absent), and keep the
    community's member count in step, in one transaction. A concurrent change is a 409."""
    condition: Condition
    if expected_status is None:
        condition = CommunityMemberItem.pk.does_not_exist()
    else:
        condition = CommunityMemberItem.status == expected_status
    community = _community(membership.org_id, membership.community_id)
    try:
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.save(membership, condition=condition)
            if member_count_change:
                transaction.update(
                    community,
                    actions=[CommunityItem.member_count.add(member_count_change)],
                    condition=CommunityItem.pk.exists() & CommunityItem.archived_at.does_not_exist(),
                )
            else:
                transaction.condition_check(
                    CommunityItem,
                    community.pk,
                    community.sk,
                    condition=CommunityItem.pk.exists() & CommunityItem.archived_at.does_not_exist(),
                )
    except TransactWriteError as exc:
        raise Conflict("The membership changed meanwhile, or the community was archived; try again.") from exc


# Statuses of a membership that is over. The item stays (with its `muted` flag), so leaving and
# joining again, or being removed, cannot wipe what a moderator decided; it leaves "my communities"
# (its GSI1 keys go) and the member list (a filter).
PAST_STATUSES = ("left", "removed")
CURRENT_STATUSES = ("active", "invited", "requested")


def add_ending(transaction: TransactWrite, membership: CommunityMemberItem, status: str) -> None:
    """End a membership (`left` or `removed`) in `transaction`, if it is still as it was read; the
    community's member count follows. Its role goes back to member: a role is held while in."""
    transaction.update(
        membership,
        actions=[
            CommunityMemberItem.status.set(status),
            CommunityMemberItem.role.set("member"),
            CommunityMemberItem.gsi1pk.remove(),
            CommunityMemberItem.gsi1sk.remove(),
        ],
        condition=CommunityMemberItem.status == membership.status,
    )
    if membership.status == "active":
        community = _community(membership.org_id, membership.community_id)
        transaction.update(community, actions=[CommunityItem.member_count.add(-1)])


def end_membership(membership: CommunityMemberItem, status: str) -> None:
    try:
        with TransactWrite(connection=transaction_connection()) as transaction:
            add_ending(transaction, membership, status)
    except TransactWriteError as exc:
        raise Conflict("The membership changed meanwhile; try again.") from exc


def update_membership(membership: CommunityMemberItem, actions: list[Action]) -> CommunityMemberItem:
    membership.update(actions=actions, condition=CommunityMemberItem.pk.exists())
    return membership


def list_members(
    org_id: str, community_id: str, limit: int, after: dict[str, Any] | None
) -> Page[CommunityMemberItem]:
    """Members, invited people and requests to join; not those who left or were removed (filtered
    out by DynamoDB, so a page may be short)."""
    return query_page(
        CommunityMemberItem,
        keys.community_pk(org_id, community_id),
        keys.COMMUNITY_MEMBER_SK_PREFIX,
        limit=limit,
        after=after,
        ascending=True,
        filter_condition=CommunityMemberItem.status.is_in(*CURRENT_STATUSES),
    )


def list_my_memberships(
    org_id: str, user_id: str, limit: int, after: dict[str, Any] | None
) -> Page[CommunityMemberItem]:
    results = CommunityMemberItem.gsi1.query(
        keys.my_communities_pk(org_id, user_id), limit=limit, last_evaluated_key=after
    )
    return Page([m for m in results if isinstance(m, CommunityMemberItem)], results.last_evaluated_key)
