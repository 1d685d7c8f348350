"""Intervision groups: metadata in the group's partition, what is said in the session's."""

from __future__ import annotations


def intervision_group_pk(org_id: str, group_id: str) -> str:
    """A group's partition: the group, its memberships and its sessions (times, roles, attendance)."""
    return f"ORG#{org_id}#IVG#{group_id}"


INTERVISION_GROUP_SK = "GROUP"
INTERVISION_MEMBER_SK_PREFIX = "MEMBER#"
INTERVISION_SESSION_SK_PREFIX = "SESSION#"


def intervision_member_sk(user_id: str) -> str:
    return f"{INTERVISION_MEMBER_SK_PREFIX}{user_id}"


def intervision_session_sk(session_id: str) -> str:
    return f"{INTERVISION_SESSION_SK_PREFIX}{session_id}"


def intervision_groups_pk(org_id: str) -> str:
    """GSI1 partition of the organisation's intervision groups (the organiser's list)."""
    return f"ORG#{org_id}#IVGROUPS"


def my_intervision_groups_pk(org_id: str, user_id: str) -> str:
    """GSI1 partition of a person's intervision memberships ("my groups")."""
    return f"ORG#{org_id}#USER#{user_id}#IVGROUPS"


def intervision_content_pk(org_id: str, group_id: str, session_id: str) -> str:
    """What is said in one session (cases, votes, notes, actions). The group is part of the key, so
    a session can only be read under the group it belongs to, by that group's current members."""
    return f"ORG#{org_id}#IVG#{group_id}#SES#{session_id}"


def intervision_actions_pk(org_id: str, group_id: str) -> str:
    """GSI1 partition of a group's actions, oldest first (they come back at the next session)."""
    return f"ORG#{org_id}#IVG#{group_id}#ACTIONS"


# What is said in a session, in its content partition (`intervision_content_pk`).
INTERVISION_CASE_SK_PREFIX = "CASE#"
INTERVISION_VOTE_SK_PREFIX = "VOTE#"
INTERVISION_NOTE_SK_PREFIX = "NOTE#"
INTERVISION_ACTION_SK_PREFIX = "ACTION#"


def intervision_case_sk(case_id: str) -> str:
    return f"{INTERVISION_CASE_SK_PREFIX}{case_id}"


def intervision_vote_sk(user_id: str) -> str:
    """One vote per member: a new vote is a Put on the same key and replaces the last."""
    return f"{INTERVISION_VOTE_SK_PREFIX}{user_id}"


def intervision_note_sk(phase_key: str, note_id: str) -> str:
    """Notes grouped by the phase they were written in, in the order of their ULIDs."""
    return f"{INTERVISION_NOTE_SK_PREFIX}{phase_key}#{note_id}"


def intervision_action_sk(action_id: str) -> str:
    return f"{INTERVISION_ACTION_SK_PREFIX}{action_id}"


def intervision_action_gsi1sk(created_at: str, action_id: str) -> str:
    """Sort key under `intervision_actions_pk`: oldest first (`created_at` in ISO 8601)."""
    return f"{created_at}#{action_id}"
