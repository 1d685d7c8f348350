"""A member's inbox and its unread counter."""

from __future__ import annotations


def inbox_pk(org_id: str, user_id: str) -> str:
    """A member's notifications (and its unread counter); also their GSI1 partition, newest first."""
    return f"ORG#{org_id}#INBOX#{user_id}"


def notification_sk(notification_id: str) -> str:
    return f"NOTE#{notification_id}"


NOTIFICATION_SK_PREFIX = "NOTE#"
INBOX_COUNTER_SK = "UNREAD"
