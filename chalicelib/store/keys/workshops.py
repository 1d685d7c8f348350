"""Workshops and meetups: an occurrence, its RSVPs and its waitlist."""

from __future__ import annotations


def workshop_pk(org_id: str, workshop_id: str) -> str:
    return f"ORG#{org_id}#WORKSHOP#{workshop_id}"


WORKSHOP_SK = "WORKSHOP"
RSVP_SK_PREFIX = "RSVP#"
WAIT_SK_PREFIX = "WAIT#"


def rsvp_sk(user_id: str) -> str:
    return f"{RSVP_SK_PREFIX}{user_id}"


def wait_sk(ticket: int) -> str:
    """A place on the waitlist: tickets are numbered in the order people asked, zero-padded to sort."""
    return f"{WAIT_SK_PREFIX}{ticket:08d}"


def community_workshops_pk(org_id: str, community_id: str) -> str:
    """GSI1 partition of a community's workshops, sorted by `<starts_at>#<workshop>`."""
    return f"ORG#{org_id}#COMMUNITY#{community_id}#WORKSHOPS"


def community_workshop_sk(starts_at: str, workshop_id: str) -> str:
    """Sort key under `community_workshops_pk`: soonest first (`starts_at` in ISO 8601)."""
    return f"{starts_at}#{workshop_id}"
