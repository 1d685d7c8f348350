"""The question bank, quizzes, play and per-question statistics (issue #6)."""

from __future__ import annotations

import hashlib


def questions_pk(org_id: str) -> str:
    """An organisation's question bank."""
    return f"ORG#{org_id}#QUESTIONS"


QUESTION_SK_PREFIX = "QUESTION#"


def question_sk(question_id: str) -> str:
    return f"{QUESTION_SK_PREFIX}{question_id}"


def questions_by_status_pk(org_id: str, status: str) -> str:
    """GSI1 partition of the organisation's questions in one status (draft | published)."""
    return f"ORG#{org_id}#QUESTIONS#{status}"


def quizzes_pk(org_id: str) -> str:
    """An organisation's quizzes."""
    return f"ORG#{org_id}#QUIZZES"


QUIZ_SK_PREFIX = "QUIZ#"


def quiz_sk(quiz_id: str) -> str:
    return f"{QUIZ_SK_PREFIX}{quiz_id}"


def quizzes_by_status_pk(org_id: str, status: str) -> str:
    """GSI1 partition of the organisation's quizzes in one status (draft | published)."""
    return f"ORG#{org_id}#QUIZZES#{status}"


def practice_context(quiz_id: str) -> str:
    """The play context of a practice quiz (a campaign's is the campaign id)."""
    return f"practice-{quiz_id}"


def practice_quiz_id(context_id: str) -> str | None:
    """The quiz of a practice play context (None: not one)."""
    prefix = "practice-"
    return context_id[len(prefix) :] if context_id.startswith(prefix) else None


SERVED_SK_PREFIX = "SERVED#"
ANSWER_SK_PREFIX = "ANSWER#"


def served_sk(question_id: str) -> str:
    return f"{SERVED_SK_PREFIX}{question_id}"


def answer_sk(question_id: str) -> str:
    return f"{ANSWER_SK_PREFIX}{question_id}"


QUESTION_STATS_SHARDS = 8


def question_stats_shard(user_id: str) -> int:
    """A stable shard of a player, so a question's statistics spread over QUESTION_STATS_SHARDS items."""
    return int(hashlib.sha256(user_id.encode()).hexdigest()[8:16], 16) % QUESTION_STATS_SHARDS


def question_stats_pk(org_id: str, question_id: str) -> str:
    """One question's answer statistics, in QUESTION_STATS_SHARDS items."""
    return f"ORG#{org_id}#QSTATS#{question_id}"


def question_stats_sk(shard: int) -> str:
    return f"SHARD#{shard}"
