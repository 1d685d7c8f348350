"""Onboarding organisations and managing their members."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.errors import Conflict, NotFound, ValidationFailed
from chalicelib.identity import current
from chalicelib.identity.directory import UserDirectory
from chalicelib.identity.rules import check_org_id, normalise_roles
from chalicelib.ids import utc_now
from chalicelib.observability import count_business_event
from chalicelib.principal import Principal, Role
from chalicelib.store import organisations, users
from chalicelib.store.models import OrganisationItem, UserItem
from chalicelib.store.pages import Page


@dataclass(frozen=True)
class NewMember:
    email: str
    display_name: str
    roles: list[str]
    language: str
    timezone: str


def onboard_organisation(
    directory: UserDirectory,
    org_id: str,
    name: str,
    admin: NewMember,
    timezone: str,
    default_language: str,
    temporary_password: str | None = None,
) -> tuple[OrganisationItem, UserItem]:
    """Create the organisation's record and its first admin (account and profile)."""
    check_org_id(org_id)
    organisation = organisations.create_organisation(org_id, name, timezone, default_language, utc_now())
    roles = sorted(set(admin.roles) | {Role.ORG_ADMIN.value})
    try:
        member = invite_member(
            directory,
            org_id,
            NewMember(admin.email, admin.display_name, roles, admin.language, admin.timezone),
            temporary_password,
        )
    except Exception:
        # An organisation without its first admin is unreachable: undo, so the onboarding can be retried.
        organisations.delete_organisation(org_id)
        raise
    count_business_event("OrganisationOnboarded")
    return organisation, member


def invite_member(
    directory: UserDirectory, org_id: str, new: NewMember, temporary_password: str | None = None
) -> UserItem:
    if organisations.get_organisation(org_id) is None:
        raise NotFound(f"The organisation '{org_id}' does not exist.")
    roles = normalise_roles(new.roles)
    email = new.email.strip().lower()
    user_id = directory.create_account(email, org_id, roles, temporary_password)
    try:
        member = users.add_member(
            org_id, user_id, email, new.display_name, new.language, new.timezone, roles, "invited", utc_now()
        )
    except Exception:
        # Without a profile the account is an orphan that would block a retry: remove it.
        directory.delete_account(user_id)
        raise
    count_business_event("MemberInvited")
    return member


def my_profile(principal: Principal) -> UserItem:
    """The signed-in member's profile; the first visit marks an invited member active."""
    member = users.require_member(principal.org_id, principal.user_id)
    if member.status == "invited":
        member = users.update_member(principal.org_id, principal.user_id, {"status": "active"}, utc_now())
    return member


def update_my_profile(principal: Principal, changes: dict[str, Any]) -> UserItem:
    allowed = {
        "display_name",
        "language",
        "timezone",
        "announce_badges",
        "leaderboard_opt_out",
        "quiz_accessible",
    }
    unexpected = set(changes) - allowed
    if unexpected:
        raise ValidationFailed(f"These fields cannot be changed here: {', '.join(sorted(unexpected))}.")
    # An opt-out changes who is hidden from the boards in the same transaction (names are read with
    # each board: nothing else is kept for them).
    return users.update_member(principal.org_id, principal.user_id, changes, utc_now())


def list_members(principal: Principal, limit: int, after: dict[str, Any] | None) -> Page[UserItem]:
    return users.list_members(principal.org_id, limit, after)


def get_member(principal: Principal, user_id: str) -> UserItem:
    return users.require_member(principal.org_id, user_id)


def change_roles(directory: UserDirectory, principal: Principal, user_id: str, roles: list[str]) -> UserItem:
    member = users.require_member(principal.org_id, user_id)
    wanted = normalise_roles(roles)
    if user_id == principal.user_id and Role.ORG_ADMIN.value not in wanted:
        raise Conflict("You cannot remove your own admin role; ask another admin.")
    # The profile first, and only while the caller is still an admin; the user pool follows it.
    updated = users.update_member_by_admin(
        principal.org_id, user_id, {"roles": wanted}, utc_now(), principal.user_id
    )
    current.forget(principal.org_id, user_id)
    directory.set_roles(member.user_id, wanted)
    return updated


def deactivate_member(directory: UserDirectory, principal: Principal, user_id: str) -> UserItem:
    member = users.require_member(principal.org_id, user_id)
    if user_id == principal.user_id:
        raise Conflict("You cannot deactivate yourself.")
    # The profile first: it is what every request checks, so access ends even if Cognito fails.
    updated = users.update_member_by_admin(
        principal.org_id, user_id, {"status": "deactivated"}, utc_now(), principal.user_id
    )
    current.forget(principal.org_id, user_id)
    directory.disable(member.user_id)
    return updated


def reactivate_member(directory: UserDirectory, principal: Principal, user_id: str) -> UserItem:
    member = users.require_member(principal.org_id, user_id)
    directory.enable(member.user_id)
    updated = users.update_member(
        principal.org_id,
        user_id,
        {"status": "active"},
        utc_now(),
        was_deactivated=member.status == "deactivated",
    )
    current.forget(principal.org_id, user_id)
    return updated
