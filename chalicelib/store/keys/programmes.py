"""Buddy and mentor programmes (issue #15)."""

from __future__ import annotations


# Buddy and mentor programmes (issue #15).
def programmes_pk(org_id: str) -> str:
    return f"ORG#{org_id}#PROGRAMMES"


def programme_sk(programme_id: str) -> str:
    return f"PROGRAMME#{programme_id}"


def programme_pk(org_id: str, programme_id: str) -> str:
    return f"ORG#{org_id}#PROGRAMME#{programme_id}"


def signup_sk(user_id: str) -> str:
    return f"SIGNUP#{user_id}"


SIGNUP_SK_PREFIX = "SIGNUP#"
PROPOSED_SK_PREFIX = "PROPOSED#"


def proposed_sk(first_id: str, second_id: str) -> str:
    return f"{PROPOSED_SK_PREFIX}{first_id}#{second_id}"


def pair_pk(org_id: str, pair_id: str) -> str:
    return f"ORG#{org_id}#PAIR#{pair_id}"


PAIR_SK = "PAIR"


def programme_pairs_gsi1pk(org_id: str, programme_id: str) -> str:
    return f"ORG#{org_id}#PROGRAMME#{programme_id}#PAIRS"


def pair_sk(pair_id: str) -> str:
    return f"PAIR#{pair_id}"


def my_pairs_pk(org_id: str, user_id: str) -> str:
    return f"ORG#{org_id}#USER#{user_id}#PAIRS"


def pair_space_pk(org_id: str, pair_id: str, member_ids: list[str]) -> str:
    """A pair's private space: its key names both members, so only code that holds the pair (and
    has checked the reader is one of them) can form it."""
    first, second = sorted(member_ids)
    return f"ORG#{org_id}#PAIRSPACE#{pair_id}#{first}#{second}"


def pair_message_sk(message_id: str) -> str:
    return f"MSG#{message_id}"
