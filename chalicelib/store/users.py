"""Member profiles of an organisation, keyed by the Cognito user id (sub)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pynamodb.exceptions import PutError, UpdateError

from chalicelib.errors import Conflict, Forbidden, NotFound
from chalicelib.store import keys
from chalicelib.store.conditions import is_condition_failure
from chalicelib.store.models import UserItem
from chalicelib.store.pages import Page, query_page
from chalicelib.store.writes import Steps, StepsRefused

ORG_ADMIN = "org_admin"  # chalicelib.principal.Role.ORG_ADMIN


def add_member(
    org_id: str,
    user_id: str,
    email: str,
    display_name: str,
    language: str,
    timezone: str,
    roles: list[str],
    status: str,
    now: datetime,
) -> UserItem:
    item = UserItem(
        keys.org_pk(org_id),
        keys.user_sk(user_id),
        org_id=org_id,
        user_id=user_id,
        email=email,
        display_name=display_name,
        language=language,
        timezone=timezone,
        roles=roles,
        status=status,
        created_at=now,
        updated_at=now,
    )
    try:
        item.save(condition=UserItem.pk.does_not_exist())
    except PutError as exc:
        if is_condition_failure(exc):
            raise Conflict("This person is already a member.") from exc
        raise
    return item


def get_member(org_id: str, user_id: str, consistent: bool = False) -> UserItem | None:
    try:
        return UserItem.get(keys.org_pk(org_id), keys.user_sk(user_id), consistent_read=consistent)
    except UserItem.DoesNotExist:
        return None


def require_member(org_id: str, user_id: str) -> UserItem:
    member = get_member(org_id, user_id)
    if member is None:
        raise NotFound("No member with this id in your organisation.")
    return member


def list_members(org_id: str, limit: int, after: dict[str, Any] | None) -> Page[UserItem]:
    return query_page(
        UserItem,
        keys.org_pk(org_id),
        keys.USER_SK_PREFIX,
        limit=limit,
        after=after,
        ascending=True,
    )


def update_member(
    org_id: str, user_id: str, changes: dict[str, Any], now: datetime, was_deactivated: bool = False
) -> UserItem:
    """Set the given profile fields; the member must exist. A change of the leaderboard opt-out, a
    deactivation or (`was_deactivated`) a reactivation updates who is hidden from the boards in the
    same transaction, so the two always agree."""
    item = UserItem(keys.org_pk(org_id), keys.user_sk(user_id))
    actions = [getattr(UserItem, field).set(value) for field, value in changes.items()]
    actions.append(UserItem.updated_at.set(now))
    from chalicelib.store import leaderboards  # board code only for a profile change: reads skip it

    hidden = leaderboards.hidden_change(org_id, user_id, changes, was_deactivated)
    if hidden is None:
        try:
            item.update(actions=actions, condition=UserItem.pk.exists())
        except UpdateError as exc:
            if is_condition_failure(exc):
                raise NotFound("No member with this id in your organisation.") from exc
            raise
        return item
    steps = Steps()
    steps.update("member", item, actions, UserItem.pk.exists())
    steps.update("hidden", hidden[0], hidden[1])
    try:
        steps.write()
    except StepsRefused as refused:
        raise NotFound("No member with this id in your organisation.") from refused
    return UserItem.get(item.pk, item.sk, consistent_read=True)  # a transaction returns no item


def update_member_by_admin(
    org_id: str, user_id: str, changes: dict[str, Any], now: datetime, admin_id: str
) -> UserItem:
    """Set profile fields of another member, if `admin_id` is still an active org admin when it is
    written: one transaction of the update and a check of the admin's profile. So two admins who
    demote or deactivate each other at once cannot both succeed: the organisation keeps an admin."""
    item = UserItem(keys.org_pk(org_id), keys.user_sk(user_id))
    actions = [getattr(UserItem, field).set(value) for field, value in changes.items()]
    actions.append(UserItem.updated_at.set(now))
    admin = UserItem(keys.org_pk(org_id), keys.user_sk(admin_id))
    still_admin = UserItem.roles.contains(ORG_ADMIN) & (UserItem.status != "deactivated")
    from chalicelib.store import leaderboards  # board code only for a profile change: reads skip it

    hidden = leaderboards.hidden_change(org_id, user_id, changes)
    if admin_id == user_id and hidden is None:  # one item: a transaction may not name it twice
        try:
            item.update(actions=actions, condition=UserItem.pk.exists() & still_admin)
        except UpdateError as exc:
            if is_condition_failure(exc):
                raise Forbidden("You are no longer an active admin of this organisation.") from exc
            raise
        return item
    steps = Steps()
    if admin_id == user_id:
        steps.update("admin", item, actions, UserItem.pk.exists() & still_admin)
    else:
        steps.update("member", item, actions, UserItem.pk.exists())
        steps.check("admin", UserItem, admin.pk, admin.sk, still_admin)
    if hidden is not None:  # who is hidden from the boards changes with the profile, atomically
        steps.update("hidden", hidden[0], hidden[1])
    try:
        steps.write()
    except StepsRefused as refused:
        if "admin" in refused:
            raise Forbidden("You are no longer an active admin of this organisation.") from refused
        raise NotFound("No member with this id in your organisation.") from refused
    return UserItem.get(item.pk, item.sk, consistent_read=True)  # a transaction returns no item
