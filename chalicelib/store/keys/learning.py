"""Learning content: lessons and videos, releases, reviews, progress and feedback (issue #14)."""

from __future__ import annotations


def learning_pk(org_id: str, content_id: str) -> str:
    """One content item's partition: the author's working copy, the published release, the review."""
    return f"ORG#{org_id}#LEARN#{content_id}"


LEARNING_HEAD_SK = "HEAD"  # the working copy and its lifecycle (authors and reviewers read it)
LEARNING_RELEASE_SK = "RELEASE"  # what learners read: the published version
LEARNING_REVIEW_SK = "REVIEW"  # an open review request (in the reviewer's queue on GSI1)


def library_pk(org_id: str, community_id: str | None) -> str:
    """GSI1 partition of published content of a community, or of the organisation (no community)."""
    scope = f"COMMUNITY#{community_id}" if community_id else "ORG"
    return f"ORG#{org_id}#LIBRARY#{scope}"


LIBRARY_SK_PREFIX = "PUBLISHED#"


def library_sk(published_at: str, content_id: str) -> str:
    return f"{LIBRARY_SK_PREFIX}{published_at}#{content_id}"


def authored_pk(org_id: str, user_id: str) -> str:
    """GSI1 partition of the content a person created (their workbench), newest change first."""
    return f"ORG#{org_id}#AUTHOR#{user_id}#LEARNING"


AUTHORED_SK_PREFIX = "CHANGED#"


def authored_sk(changed_at: str, content_id: str) -> str:
    return f"{AUTHORED_SK_PREFIX}{changed_at}#{content_id}"


def reviews_pk(org_id: str, reviewer_id: str) -> str:
    """GSI1 partition of the review requests waiting for one reviewer."""
    return f"ORG#{org_id}#REVIEWER#{reviewer_id}#LEARNING"


REVIEW_REQUEST_SK_PREFIX = "ASKED#"


def review_request_sk(asked_at: str, content_id: str) -> str:
    return f"{REVIEW_REQUEST_SK_PREFIX}{asked_at}#{content_id}"


def learner_pk(org_id: str, user_id: str) -> str:
    """A learner's progress through content, one item per content item (resume on any device)."""
    return f"ORG#{org_id}#LEARNER#{user_id}"


PROGRESS_SK_PREFIX = "PROGRESS#"


def progress_sk(content_id: str) -> str:
    return f"{PROGRESS_SK_PREFIX}{content_id}"


def content_reactions_pk(org_id: str, content_id: str) -> str:
    """Learners' reactions to one content item, one item each (`USER#<user>`)."""
    return f"ORG#{org_id}#LEARN#{content_id}#REACTIONS"


def content_feedback_pk(org_id: str, content_id: str) -> str:
    """What authors see of one content item: its counts (`STATS`) and each card's (`CARD#<card>`)."""
    return f"ORG#{org_id}#LEARN#{content_id}#FEEDBACK"


CONTENT_STATS_SK = "STATS"
CONTENT_CARD_SK_PREFIX = "CARD#"


def content_card_sk(card_id: str) -> str:
    return f"{CONTENT_CARD_SK_PREFIX}{card_id}"


def lesson_card_answered_event(content_id: str, user_id: str, card_id: str) -> str:
    """The source id of a learner's answer to a lesson card: what its effects are keyed by."""
    return f"lesson-card#{content_id}#{user_id}#{card_id}"


def poll_option_prefix(card_id: str) -> str:
    """A poll card's votes, one item per option (`POLL#<card>#<option>`), in the feedback partition."""
    return f"POLL#{card_id}#"


def poll_option_sk(card_id: str, option_id: str) -> str:
    return f"{poll_option_prefix(card_id)}{option_id}"


def author_tasks_pk(org_id: str, user_id: str) -> str:
    """An author's to-do list: content learners said is outdated (`OUTDATED#<content>`)."""
    return f"ORG#{org_id}#AUTHOR#{user_id}#TASKS"


def outdated_task_sk(content_id: str) -> str:
    return f"OUTDATED#{content_id}"
