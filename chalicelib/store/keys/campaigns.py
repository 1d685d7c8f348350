"""Campaigns and their players' scores (issue #6)."""

from __future__ import annotations


def campaigns_pk(org_id: str) -> str:
    """An organisation's campaigns (quiz events, challenges, nudges)."""
    return f"ORG#{org_id}#CAMPAIGNS"


def campaign_sk(campaign_id: str) -> str:
    return f"CAMPAIGN#{campaign_id}"


CAMPAIGN_SK_PREFIX = "CAMPAIGN#"
CAMPAIGNS_DUE_PK = "CAMPAIGNS_DUE"  # GSI1: campaigns of every organisation by their next transition


def campaign_due_sk(next_at: str, org_id: str, campaign_id: str) -> str:
    return f"{next_at}#{org_id}#{campaign_id}"


def player_pk(org_id: str, context_id: str, user_id: str) -> str:
    """One member's play of one campaign (or practice quiz): served questions, answers, score."""
    return f"ORG#{org_id}#PLAY#{context_id}#{user_id}"


PLAYER_SCORE_SK = "SCORE"
