"""Points, teams, badges and leaderboards."""

from __future__ import annotations

import hashlib

# The item types that hold a score a leaderboard shows (a member's totals, a community score, a
# campaign score): the stream consumer mirrors their changes on the boards.
SCORE_TYPES = ("points_total", "community_score", "player_score")


def points_pk(org_id: str, user_id: str) -> str:
    """A member's points: totals, per-day counters and ledger entries; also the ledger's GSI1 partition."""
    return f"ORG#{org_id}#POINTS#{user_id}"


POINTS_TOTAL_SK = "TOTAL"
POINTS_ENTRY_SK_PREFIX = "ENTRY#"
POINTS_LEDGER_PREFIX = "LEDGER#"
POINT_RULES_SK = "POINT_RULES"


def points_entry_sk(entry_key: str) -> str:
    return f"{POINTS_ENTRY_SK_PREFIX}{entry_key}"


def points_ledger_sk(occurred_at: str) -> str:
    """GSI1 sort key of a ledger entry: newest first is one descending Query. Entries of the same
    moment need no order among them (the table's key keeps them apart and pages them)."""
    return f"{POINTS_LEDGER_PREFIX}{occurred_at}"


# Teams ----------------------------------------------------------------------------------------

TEAM_SK_PREFIX = "TEAM#"


def team_sk(team_id: str) -> str:
    """A team, in the organisation's partition (next to its members' profiles)."""
    return f"{TEAM_SK_PREFIX}{team_id}"


def team_pk(org_id: str, team_id: str) -> str:
    """A team's own partition: its memberships."""
    return f"ORG#{org_id}#TEAM#{team_id}"


TEAM_MEMBER_SK_PREFIX = "MEMBER#"


def team_member_sk(user_id: str) -> str:
    return f"{TEAM_MEMBER_SK_PREFIX}{user_id}"


BADGE_CATALOGUE_SK = "BADGE_CATALOGUE"
BADGE_AWARD_SK_PREFIX = "BADGE#"


def badge_award_sk(badge_id: str) -> str:
    """A badge a member holds, in their points partition (next to `TOTAL`)."""
    return f"{BADGE_AWARD_SK_PREFIX}{badge_id}"


# Leaderboards ---------------------------------------------------------------------------------

BOARD_SHARDS = 8  # a burst of 1,667 scoring events a second keeps each shard near 400 writes/s


def board_shard(entrant_id: str) -> int:
    """A stable shard of an entrant, so a board's writes spread over BOARD_SHARDS partitions."""
    return int(hashlib.sha256(entrant_id.encode()).hexdigest()[:8], 16) % BOARD_SHARDS


COMMUNITY_SCORE_SK_PREFIX = "COMMUNITY#"


def community_score_sk(community_id: str) -> str:
    """A member's points earned in one community, next to their totals."""
    return f"{COMMUNITY_SCORE_SK_PREFIX}{community_id}"


def board_pk(org_id: str, scope: str, period: str, shard: int) -> str:
    """One shard of a leaderboard: scope `org`, `community:<id>` or `campaign:<id>`; period
    `week:<key>`, `quarter:<key>` or `all`."""
    return f"ORG#{org_id}#BOARD#{scope}#{period}#{shard}"


BOARD_ENTRY_SK_PREFIX = "MEMBER#"


def board_entry_sk(entrant_id: str) -> str:
    """An entrant's entry on a board: one per entrant, written over as their score changes."""
    return f"{BOARD_ENTRY_SK_PREFIX}{entrant_id}"


BOARD_HIDDEN_SK = "BOARD_HIDDEN"  # in the organisation's partition: who is not on others' boards
