"""Teams of an organisation and their memberships.

A team is `ORG#<org>` / `TEAM#<id>`; its memberships live in the team's own partition
`ORG#<org>#TEAM#<team>` / `MEMBER#<user>`, and the member's profile names the team (`team_id`).
A member is in at most one team: joining, moving and leaving change the membership items, both
teams' `member_count` and the profile in one transaction, conditioned on the profile's old
`team_id`, so two concurrent moves cannot both win and the counts cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pynamodb.exceptions import DeleteError, TransactWriteError, UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from chalicelib.store import keys
from chalicelib.store.conditions import is_condition_failure
from chalicelib.store.models import KringItem, TeamItem, TeamMemberItem, UserItem, transaction_connection
from chalicelib.store.pages import Page, query_page


class MembershipChanged(Exception):
    """The profile's team, a membership or a team changed since it was read: read again and retry."""


@dataclass(frozen=True)
class Placement:
    """Where a member goes: from the team they are in now (None: none) to another (None: out)."""

    org_id: str
    user_id: str
    from_team_id: str | None
    to_team_id: str | None
    display_name: str
    by: str
    at: datetime


def new_team(
    org_id: str, team_id: str, name: str, description: str, created_by: str, now: datetime
) -> TeamItem:
    return TeamItem(
        keys.org_pk(org_id),
        keys.team_sk(team_id),
        org_id=org_id,
        team_id=team_id,
        name=name,
        description=description,
        member_count=0,
        created_at=now,
        created_by=created_by,
    )


def save_new_team(team: TeamItem) -> None:
    team.save(condition=TeamItem.pk.does_not_exist())


def get_team(org_id: str, team_id: str, consistent: bool = False) -> TeamItem | None:
    try:
        return TeamItem.get(keys.org_pk(org_id), keys.team_sk(team_id), consistent_read=consistent)
    except TeamItem.DoesNotExist:
        return None


def list_teams(org_id: str) -> list[TeamItem]:
    """Every team of the organisation (all pages; an organisation has tens of teams, not thousands)."""
    results = TeamItem.query(keys.org_pk(org_id), TeamItem.sk.startswith(keys.TEAM_SK_PREFIX))
    return [item for item in results if isinstance(item, TeamItem)]


def list_teams_page(org_id: str, limit: int, after: dict[str, Any] | None) -> Page[TeamItem]:
    return query_page(
        TeamItem,
        keys.org_pk(org_id),
        keys.TEAM_SK_PREFIX,
        limit=limit,
        after=after,
        ascending=True,
    )


def update_team(org_id: str, team_id: str, changes: dict[str, str], now: datetime) -> TeamItem | None:
    """Set the name and/or description of an existing team; None when there is no such team."""
    team = TeamItem(keys.org_pk(org_id), keys.team_sk(team_id))
    actions: list[Action] = [getattr(TeamItem, field).set(value) for field, value in changes.items()]
    actions.append(TeamItem.updated_at.set(now))
    try:
        team.update(actions=actions, condition=TeamItem.pk.exists())
    except UpdateError as exc:
        if is_condition_failure(exc):
            return None
        raise
    return team


def delete_team_if_empty(org_id: str, team_id: str) -> bool:
    """Delete the team if it has no members (and exists); False when the condition refused it."""
    team = TeamItem(keys.org_pk(org_id), keys.team_sk(team_id))
    try:
        team.delete(condition=TeamItem.pk.exists() & (TeamItem.member_count == 0))
    except DeleteError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


def team_and_profile(org_id: str, team_id: str, user_id: str) -> tuple[TeamItem | None, UserItem | None]:
    """The team and the member's profile, read consistently in one BatchGetItem."""
    team_key = (keys.org_pk(org_id), keys.team_sk(team_id))
    profile_key = (keys.org_pk(org_id), keys.user_sk(user_id))
    found: dict[tuple[str, str], KringItem] = {
        (item.pk, item.sk): item
        for item in KringItem.batch_get([team_key, profile_key], consistent_read=True)
    }
    team, profile = found.get(team_key), found.get(profile_key)
    return (
        team if isinstance(team, TeamItem) else None,
        profile if isinstance(profile, UserItem) else None,
    )


def get_profile(org_id: str, user_id: str) -> UserItem | None:
    """A member's profile, read consistently (its `team_id` is the condition of the next move)."""
    try:
        return UserItem.get(keys.org_pk(org_id), keys.user_sk(user_id), consistent_read=True)
    except UserItem.DoesNotExist:
        return None


def get_membership(org_id: str, team_id: str, user_id: str) -> TeamMemberItem | None:
    try:
        return TeamMemberItem.get(keys.team_pk(org_id, team_id), keys.team_member_sk(user_id))
    except TeamMemberItem.DoesNotExist:
        return None


def new_membership(placement: Placement, team_id: str) -> TeamMemberItem:
    return TeamMemberItem(
        keys.team_pk(placement.org_id, team_id),
        keys.team_member_sk(placement.user_id),
        org_id=placement.org_id,
        team_id=team_id,
        user_id=placement.user_id,
        display_name=placement.display_name,
        since=placement.at,
        added_by=placement.by,
    )


def place_member(placement: Placement) -> None:
    """Join, move or leave in one TransactWriteItems (the new membership is `new_membership(...)`).

    Raises MembershipChanged when the profile no longer names `from_team_id`, the new team is gone,
    or a concurrent transaction touched the same items.
    """
    org_id, user_id = placement.org_id, placement.user_id
    if placement.from_team_id == placement.to_team_id:
        raise ValueError("A placement moves a member somewhere else.")
    profile = UserItem(keys.org_pk(org_id), keys.user_sk(user_id))
    was_in: Condition
    if placement.from_team_id is None:
        was_in = UserItem.team_id.does_not_exist()
    else:
        was_in = UserItem.team_id == placement.from_team_id
    profile_condition = UserItem.pk.exists() & was_in
    profile_actions: list[Action] = [UserItem.updated_at.set(placement.at)]
    try:
        with TransactWrite(connection=transaction_connection()) as transaction:
            if placement.from_team_id is not None:
                old = placement.from_team_id
                transaction.delete(
                    TeamMemberItem(keys.team_pk(org_id, old), keys.team_member_sk(user_id)),
                    condition=TeamMemberItem.pk.exists(),
                )
                transaction.update(
                    TeamItem(keys.org_pk(org_id), keys.team_sk(old)),
                    actions=[TeamItem.member_count.add(-1)],
                    condition=TeamItem.pk.exists() & (TeamItem.member_count > 0),
                )
            if placement.to_team_id is not None:
                transaction.save(
                    new_membership(placement, placement.to_team_id),
                    condition=TeamMemberItem.pk.does_not_exist(),
                )
                transaction.update(
                    TeamItem(keys.org_pk(org_id), keys.team_sk(placement.to_team_id)),
                    actions=[TeamItem.member_count.add(1)],
                    condition=TeamItem.pk.exists(),
                )
                profile_actions.append(UserItem.team_id.set(placement.to_team_id))
                # Nobody joins a team while deactivated (checked again here, against a concurrent change).
                profile_condition = profile_condition & (UserItem.status != "deactivated")
            else:
                profile_actions.append(UserItem.team_id.remove())
            transaction.update(profile, actions=profile_actions, condition=profile_condition)
    except TransactWriteError as exc:
        if is_condition_failure(exc):
            raise MembershipChanged(str(exc)) from exc
        raise


def list_members(org_id: str, team_id: str, limit: int, after: dict[str, Any] | None) -> Page[TeamMemberItem]:
    """A team's members, paged, in user id order."""
    return query_page(
        TeamMemberItem,
        keys.team_pk(org_id, team_id),
        keys.TEAM_MEMBER_SK_PREFIX,
        limit=limit,
        after=after,
        ascending=True,
    )


def list_all_members(org_id: str, team_id: str) -> list[TeamMemberItem]:
    """Every member of a team (all pages), e.g. for the team leaderboards."""
    results = TeamMemberItem.query(
        keys.team_pk(org_id, team_id), TeamMemberItem.sk.startswith(keys.TEAM_MEMBER_SK_PREFIX)
    )
    return [m for m in results if isinstance(m, TeamMemberItem)]
