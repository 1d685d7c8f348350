"""Forming intervision groups (the organiser: an org admin or a community manager), proposals,
reporting lines, and the views of a group.

A group has four to eight members and no reporting line inside it: a person's manager is set by an
admin (`UserItem.manager_id`); a group naming a manager and one of their reports is refused. The
organiser sees groups, members and when sessions happened with who attended; what is said in a
session is only for the group's current members (chalicelib/intervision/sessions.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from chalicelib.errors import Conflict, NotFound, ValidationFailed
from chalicelib.ids import new_id, utc_now
from chalicelib.intervision import proposer, rules
from chalicelib.intervision.methods import method_of
from chalicelib.observability import count_business_event
from chalicelib.principal import Principal, Role
from chalicelib.store import intervision as store
from chalicelib.store import keys, users
from chalicelib.store.batch import get_items
from chalicelib.store.models import (
    IntervisionGroupItem,
    IntervisionMemberItem,
    IntervisionSessionItem,
    UserItem,
)

ORGANISERS = frozenset({Role.ORG_ADMIN, Role.COMMUNITY_MANAGER})
PEOPLE_LIMIT = 500


def profiles(org_id: str, user_ids: list[str]) -> dict[str, UserItem]:
    """The active profiles among `user_ids` (one BatchGetItem per 100)."""
    found: dict[str, UserItem] = {}
    ids = list(dict.fromkeys(user_ids))
    for start in range(0, len(ids), 100):
        wanted = [(keys.org_pk(org_id), keys.user_sk(u)) for u in ids[start : start + 100]]
        for item in get_items(wanted).values():
            if isinstance(item, UserItem) and item.status != "deactivated":
                found[item.user_id] = item
    return found


def _checked_members(org_id: str, member_ids: list[str]) -> dict[str, str]:
    problem = rules.size_problem(member_ids)
    if problem:
        raise ValidationFailed(problem, [{"field": "member_ids", "message": problem, "code": "size"}])
    people = profiles(org_id, member_ids)
    missing = [u for u in member_ids if u not in people]
    if missing:
        raise ValidationFailed("Some members are not active people of your organisation.")
    lines = rules.reporting_lines_inside(member_ids, {u: p.manager_id or None for u, p in people.items()})
    if lines:
        raise ValidationFailed(
            "A manager and someone who reports to them cannot be in the same intervision group.",
            [
                {"field": "member_ids", "message": f"{m} manages {r}", "code": "reporting_line"}
                for m, r in lines
            ],
        )
    return {u: people[u].display_name for u in member_ids}


def create_group(principal: Principal, name: str, method: str, member_ids: list[str]) -> IntervisionGroupItem:
    method_of(method)
    members = _checked_members(principal.org_id, member_ids)
    now = utc_now()
    group = store.new_group(principal.org_id, new_id(), name.strip(), method, principal.user_id, now)
    store.save_members(group, None, members, now)
    count_business_event("IntervisionGroupFormed")
    return group


def change_group(
    principal: Principal, group_id: str, name: str, method: str, member_ids: list[str], version: int
) -> IntervisionGroupItem:
    """Rename, change the method or the members. Someone taken out loses access with this write."""
    method_of(method)
    group = require_group(principal.org_id, group_id)
    if int(group.version or 0) != version:
        raise Conflict("The group changed since you read it: read it again.")
    members = _checked_members(principal.org_id, member_ids)
    group.name, group.method = name.strip(), method
    try:
        return store.save_members(group, version, members, utc_now())
    except store.Stale as stale:
        raise Conflict("The group changed since you read it: read it again.") from stale


def require_group(org_id: str, group_id: str) -> IntervisionGroupItem:
    group = store.get_group(org_id, group_id)
    if group is None:
        raise NotFound("No such intervision group.")
    return group


@dataclass(frozen=True)
class GroupView:
    group: IntervisionGroupItem
    members: list[IntervisionMemberItem]
    sessions: list[IntervisionSessionItem]  # by start


def group_view(org_id: str, group_id: str) -> GroupView:
    """The group, its members and its sessions: one Query of the group's partition."""
    items = store.group_partition(org_id, group_id)
    groups = [i for i in items if isinstance(i, IntervisionGroupItem)]
    if not groups:
        raise NotFound("No such intervision group.")
    members = [i for i in items if isinstance(i, IntervisionMemberItem)]
    order = {u: n for n, u in enumerate(groups[0].member_ids or [])}
    members.sort(key=lambda m: order.get(m.user_id, len(order)))
    sessions = sorted((i for i in items if isinstance(i, IntervisionSessionItem)), key=lambda s: s.starts_at)
    return GroupView(groups[0], members, sessions)


def sessions_since(view: GroupView, member_since: datetime) -> GroupView:
    """The group as a member who joined at `member_since` sees it: the sessions held before they
    joined are not theirs (their content is refused to them), so they are not listed either."""
    mine = [
        s for s in view.sessions if not rules.held_before_joining(s.starts_at, s.started_at, member_since)
    ]
    return GroupView(view.group, view.members, mine)


def list_groups(principal: Principal) -> list[IntervisionGroupItem]:
    return sorted(store.list_groups(principal.org_id), key=lambda g: g.name.lower())


def my_groups(principal: Principal) -> list[IntervisionMemberItem]:
    return sorted(store.my_groups(principal.org_id, principal.user_id), key=lambda m: m.group_name.lower())


def people(principal: Principal) -> list[UserItem]:
    """The organisation's active people, to pick members from (the organiser's screen)."""
    found: list[UserItem] = []
    after = None
    while len(found) < PEOPLE_LIMIT:
        page = users.list_members(principal.org_id, 100, after)
        found.extend(p for p in page.items if p.status != "deactivated")
        after = page.last_key
        if not after:
            break
    return sorted(found[:PEOPLE_LIMIT], key=lambda p: p.display_name.lower())


def propose_groups(principal: Principal, member_ids: list[str], group_size: int) -> proposer.Proposal:
    people_found = profiles(principal.org_id, member_ids)
    if len(people_found) != len(set(member_ids)):
        raise ValidationFailed("Some people are not active people of your organisation.")
    if len(people_found) < rules.MIN_MEMBERS:
        raise ValidationFailed(f"Pick at least {rules.MIN_MEMBERS} people.")
    candidates = [
        proposer.Candidate(p.user_id, p.team_id or None, p.manager_id or None) for p in people_found.values()
    ]
    return proposer.propose(candidates, group_size)


def set_manager(principal: Principal, user_id: str, manager_id: str | None) -> UserItem:
    """An admin records who a person reports to (None: nobody), so groups keep reporting lines out."""
    users.require_member(principal.org_id, user_id)  # someone of another organisation: not found
    if manager_id == user_id:
        raise ValidationFailed("A person does not report to themselves.")
    if manager_id is not None and users.get_member(principal.org_id, manager_id) is None:
        raise ValidationFailed("The manager is not a person of your organisation.")
    return users.update_member_by_admin(
        principal.org_id, user_id, {"manager_id": manager_id or ""}, utc_now(), principal.user_id
    )
