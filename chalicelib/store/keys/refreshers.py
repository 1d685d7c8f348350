"""Refreshers: a learner's cards, what is due, decks and settings."""

from __future__ import annotations


def refreshers_pk(org_id: str, user_id: str) -> str:
    """A learner's refresher cards and their deck (one partition per learner)."""
    return f"ORG#{org_id}#REFRESHERS#{user_id}"


REFRESHER_SK_PREFIX = "CARD#"
REFRESHER_DECK_SK = "DECK"


def refresher_sk(question_id: str) -> str:
    return f"CARD#{question_id}"


def refreshers_due_pk(org_id: str, user_id: str) -> str:
    """GSI1: a learner's refresher cards by the day they are due."""
    return f"ORG#{org_id}#USER#{user_id}#REFRESHERS_DUE"


def refresher_due_sk(due_on: str, question_id: str) -> str:
    return f"{due_on}#{question_id}"


def refresher_decks_pk(org_id: str) -> str:
    """GSI1: the learners of an organisation who have refreshers (the daily reminder walks them)."""
    return f"ORG#{org_id}#REFRESHER_DECKS"


def refresher_settings_pk(org_id: str) -> str:
    return f"ORG#{org_id}#REFRESHERS"


REFRESHER_SETTINGS_SK = "SETTINGS"
