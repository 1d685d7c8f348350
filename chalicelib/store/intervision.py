"""Intervision groups and sessions (see the models' docstrings for the keys).

The group's partition holds only metadata (the group, its members, its sessions' times, roles and
attendance); what is said in a session lives in the session's own partition, whose key names the
group. Every content write also raises the session's `version` in the same transaction, so phones
that poll the session's small live state know when to read the content again.
"""

from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import UpdateError
from pynamodb.expressions.update import Action

from chalicelib.store import keys
from chalicelib.store.conditions import is_condition_failure
from chalicelib.store.models import (
    IntervisionActionItem,
    IntervisionCaseItem,
    IntervisionGroupItem,
    IntervisionMemberItem,
    IntervisionNoteItem,
    IntervisionSessionItem,
    IntervisionVoteItem,
    KringItem,
)
from chalicelib.store.writes import Steps, StepsRefused, versioned

ContentItem = IntervisionCaseItem | IntervisionVoteItem | IntervisionNoteItem | IntervisionActionItem


class Stale(Exception):
    """The group or session changed since it was read (a version or a phase moved on)."""


def group_key(org_id: str, group_id: str) -> tuple[str, str]:
    return keys.intervision_group_pk(org_id, group_id), keys.INTERVISION_GROUP_SK


def session_key(org_id: str, group_id: str, session_id: str) -> tuple[str, str]:
    return keys.intervision_group_pk(org_id, group_id), keys.intervision_session_sk(session_id)


# Groups and members ---------------------------------------------------------------------------


def new_group(
    org_id: str, group_id: str, name: str, method: str, by: str, now: datetime
) -> IntervisionGroupItem:
    pk, sk = group_key(org_id, group_id)
    return IntervisionGroupItem(
        pk,
        sk,
        org_id=org_id,
        group_id=group_id,
        name=name,
        method=method,
        member_ids=[],
        session_count=0,
        created_at=now,
        created_by=by,
        gsi1pk=keys.intervision_groups_pk(org_id),
        gsi1sk=group_id,
    )


def _member(group: IntervisionGroupItem, user_id: str, name: str, now: datetime) -> IntervisionMemberItem:
    return IntervisionMemberItem(
        group.pk,
        keys.intervision_member_sk(user_id),
        org_id=group.org_id,
        group_id=group.group_id,
        group_name=group.name,
        user_id=user_id,
        display_name=name,
        since=now,
        gsi1pk=keys.my_intervision_groups_pk(group.org_id, user_id),
        gsi1sk=group.group_id,
    )


def save_members(
    group: IntervisionGroupItem,
    read_version: int | None,
    members: dict[str, str],
    now: datetime,
) -> IntervisionGroupItem:
    """Put the group with exactly `members` (user id -> display name) in one transaction: the
    members who left lose their membership item (and so their access) with the same write.
    Stale when the group changed since `read_version` (None: it must be new)."""
    before = set(group.member_ids or []) if read_version is not None else set()
    group.member_ids = list(members)
    steps = Steps()
    steps.put("group", group, versioned(group, read_version))
    for user_id, name in members.items():
        if user_id not in before:
            steps.put("member", _member(group, user_id, name, now))
    for user_id in before - set(members):
        steps.delete("member", IntervisionMemberItem(group.pk, keys.intervision_member_sk(user_id)))
    try:
        steps.write()
    except StepsRefused as refused:
        raise Stale() from refused
    return group


def get_group(org_id: str, group_id: str) -> IntervisionGroupItem | None:
    try:
        return IntervisionGroupItem.get(*group_key(org_id, group_id))
    except IntervisionGroupItem.DoesNotExist:
        return None


def list_groups(org_id: str) -> list[IntervisionGroupItem]:
    """The organisation's groups (gsi1; an organisation has tens of groups, read in full)."""
    results = IntervisionGroupItem.gsi1.query(keys.intervision_groups_pk(org_id))
    return [item for item in results if isinstance(item, IntervisionGroupItem)]


def my_groups(org_id: str, user_id: str) -> list[IntervisionMemberItem]:
    results = IntervisionMemberItem.gsi1.query(keys.my_intervision_groups_pk(org_id, user_id))
    return [item for item in results if isinstance(item, IntervisionMemberItem)]


def group_partition(org_id: str, group_id: str) -> list[KringItem]:
    """The group, its members and its sessions: one Query (a group has a handful of members and
    about a dozen sessions a year)."""
    return list(KringItem.query(keys.intervision_group_pk(org_id, group_id)))


# Sessions ---------------------------------------------------------------------------------------


def add_sessions(group: IntervisionGroupItem, sessions: list[IntervisionSessionItem]) -> None:
    """Put new sessions and raise the group's count, conditioned on the count read (numbers stay unique)."""
    steps = Steps()
    read = int(group.session_count or 0)
    steps.update(
        "group",
        IntervisionGroupItem(group.pk, group.sk),
        [IntervisionGroupItem.session_count.set(read + len(sessions))],
        IntervisionGroupItem.session_count == read,
    )
    for session in sessions:
        steps.put("session", session, IntervisionSessionItem.pk.does_not_exist())
    try:
        steps.write()
    except StepsRefused as refused:
        raise Stale() from refused


def get_session(
    org_id: str, group_id: str, session_id: str, consistent: bool = False
) -> IntervisionSessionItem | None:
    try:
        return IntervisionSessionItem.get(
            *session_key(org_id, group_id, session_id), consistent_read=consistent
        )
    except IntervisionSessionItem.DoesNotExist:
        return None


def update_session(session: IntervisionSessionItem, actions: list[Action]) -> IntervisionSessionItem:
    """Change the session if it is still at the version read; Stale otherwise."""
    item = IntervisionSessionItem(session.pk, session.sk)
    try:
        item.update(
            actions=[*actions, IntervisionSessionItem.version.add(1)],
            condition=IntervisionSessionItem.version == session.version,
        )
    except UpdateError as exc:
        if is_condition_failure(exc):
            raise Stale() from exc
        raise
    return item


def move_session(session: IntervisionSessionItem, from_phase: int, actions: list[Action]) -> None:
    """Move the session on if it is still in `from_phase` (contributions written meanwhile raise the
    version but do not stand in the way); Stale when someone moved it already."""
    item = IntervisionSessionItem(session.pk, session.sk)
    try:
        item.update(
            actions=[*actions, IntervisionSessionItem.version.add(1)],
            condition=(IntervisionSessionItem.phase == from_phase)
            & (IntervisionSessionItem.status != "closed"),
        )
    except UpdateError as exc:
        if is_condition_failure(exc):
            raise Stale() from exc
        raise


def add_attendee(session: IntervisionSessionItem, user_id: str) -> None:
    """Note who attended (a set: a second call changes nothing). Not a change phones refetch for."""
    IntervisionSessionItem(session.pk, session.sk).update(
        actions=[IntervisionSessionItem.attendee_ids.add({user_id})],
        condition=IntervisionSessionItem.pk.exists(),
    )


# What is said in a session --------------------------------------------------------------------------


def content_pk(session: IntervisionSessionItem) -> str:
    return keys.intervision_content_pk(session.org_id, session.group_id, session.session_id)


def session_content(session: IntervisionSessionItem) -> list[ContentItem]:
    """Everything said in the session: one Query of its partition (strongly consistent: the phone
    that just wrote reads its own words)."""
    found = KringItem.query(content_pk(session), consistent_read=True)
    return [
        item
        for item in found
        if isinstance(
            item, IntervisionCaseItem | IntervisionVoteItem | IntervisionNoteItem | IntervisionActionItem
        )
    ]


def write_content(session: IntervisionSessionItem, item: ContentItem, phase: int) -> None:
    """Put a contribution and raise the session's version, if the session is still live in `phase`
    (a write that arrives after the facilitator moved on is refused: Stale)."""
    steps = Steps()
    steps.put("content", item)
    steps.update(
        "session",
        IntervisionSessionItem(session.pk, session.sk),
        [IntervisionSessionItem.version.add(1)],
        (IntervisionSessionItem.phase == phase) & (IntervisionSessionItem.status == "live"),
    )
    try:
        steps.write()
    except StepsRefused as refused:
        raise Stale() from refused


def group_actions(org_id: str, group_id: str) -> list[IntervisionActionItem]:
    results = IntervisionActionItem.gsi1.query(keys.intervision_actions_pk(org_id, group_id))
    return [item for item in results if isinstance(item, IntervisionActionItem)]


def get_action(org_id: str, group_id: str, session_id: str, action_id: str) -> IntervisionActionItem | None:
    try:
        return IntervisionActionItem.get(
            keys.intervision_content_pk(org_id, group_id, session_id), keys.intervision_action_sk(action_id)
        )
    except IntervisionActionItem.DoesNotExist:
        return None


def mark_action(action: IntervisionActionItem, done: bool, now: datetime) -> IntervisionActionItem:
    action.update(
        actions=[
            IntervisionActionItem.done.set(done),
            IntervisionActionItem.done_at.set(now) if done else IntervisionActionItem.done_at.remove(),
        ],
        condition=IntervisionActionItem.pk.exists(),
    )
    return action


def new_case(
    session: IntervisionSessionItem, case_id: str, author_id: str, title: str, summary: str, now: datetime
) -> IntervisionCaseItem:
    return IntervisionCaseItem(
        content_pk(session),
        keys.intervision_case_sk(case_id),
        org_id=session.org_id,
        case_id=case_id,
        author_id=author_id,
        title=title,
        summary=summary,
        created_at=now,
    )


def new_vote(session: IntervisionSessionItem, user_id: str, case_id: str) -> IntervisionVoteItem:
    return IntervisionVoteItem(
        content_pk(session),
        keys.intervision_vote_sk(user_id),
        org_id=session.org_id,
        user_id=user_id,
        case_id=case_id,
    )


def new_note(
    session: IntervisionSessionItem, note_id: str, phase_key: str, author_id: str, text: str, now: datetime
) -> IntervisionNoteItem:
    return IntervisionNoteItem(
        content_pk(session),
        keys.intervision_note_sk(phase_key, note_id),
        org_id=session.org_id,
        note_id=note_id,
        phase_key=phase_key,
        author_id=author_id,
        text=text,
        created_at=now,
    )


def new_action(
    session: IntervisionSessionItem, action_id: str, owner_id: str, text: str, now: datetime
) -> IntervisionActionItem:
    return IntervisionActionItem(
        content_pk(session),
        keys.intervision_action_sk(action_id),
        org_id=session.org_id,
        action_id=action_id,
        session_id=session.session_id,
        group_id=session.group_id,
        owner_id=owner_id,
        text=text,
        done=False,
        created_at=now,
        gsi1pk=keys.intervision_actions_pk(session.org_id, session.group_id),
        gsi1sk=keys.intervision_action_gsi1sk(now.isoformat(), action_id),
    )
