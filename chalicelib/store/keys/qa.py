"""Questions and answers (chalicelib/qa)."""

from __future__ import annotations

from chalicelib.store.keys.organisation import community_pk, org_pk


def qa_pk(org_id: str, post_id: str) -> str:
    """A question's answers and its voters (the question itself is a post of its community)."""
    return f"{org_pk(org_id)}#QA#{post_id}"


QA_ANSWER_SK_PREFIX = "ANSWER#"
QA_VOTER_SK_PREFIX = "VOTER#"


def qa_answer_sk(answer_id: str) -> str:
    return f"{QA_ANSWER_SK_PREFIX}{answer_id}"


def qa_voter_sk(user_id: str) -> str:
    return f"{QA_VOTER_SK_PREFIX}{user_id}"


def community_questions_pk(org_id: str, community_id: str, state: str) -> str:
    """GSI1: a community's questions in one state (unanswered | answered | solved), newest first."""
    return f"{community_pk(org_id, community_id)}#QUESTIONS#{state}"


def expertise_pk(org_id: str, user_id: str) -> str:
    return f"{org_pk(org_id)}#EXPERTISE#{user_id}"


EXPERT_SKILL_SK_PREFIX = "SKILL#"


def expert_skill_sk(skill: str) -> str:
    return f"{EXPERT_SKILL_SK_PREFIX}{skill}"


def experts_pk(org_id: str, skill: str) -> str:
    """GSI1: the organisation's experts of a skill."""
    return f"{org_pk(org_id)}#EXPERTS#{skill}"


def routed_pk(org_id: str, user_id: str) -> str:
    """The questions sent to an expert."""
    return f"{org_pk(org_id)}#ROUTED#{user_id}"


def content_requests_pk(org_id: str) -> str:
    return f"{org_pk(org_id)}#CONTENT_REQUESTS"


CONTENT_REQUEST_SK_PREFIX = "REQUEST#"


def content_request_sk(post_id: str) -> str:
    return f"{CONTENT_REQUEST_SK_PREFIX}{post_id}"


QA_SETTINGS_SK = "QA_SETTINGS"  # in the community's partition
