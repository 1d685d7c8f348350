"""The rules of questions and answers, as plain functions (no I/O)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from chalicelib.errors import NotFound
from chalicelib.store.models import PostItem, QaAnswerItem

QUESTION = "question"
UNANSWERED, ANSWERED, SOLVED = "unanswered", "answered", "solved"
STATES = (UNANSWERED, ANSWERED, SOLVED)
ANSWER_MAX_CHARS = 5000
TITLE_CHARS = 120

DEFAULT_ESCALATE_AFTER_HOURS = 24
DEFAULT_REQUEST_AFTER_DAYS = 3
MAX_ESCALATE_AFTER_HOURS = 24 * 14
MAX_REQUEST_AFTER_DAYS = 60
MAX_SKILLS = 20


def is_question(post: PostItem | None) -> bool:
    return post is not None and post.post_kind == QUESTION


def require_question(post: PostItem | None) -> PostItem:
    """The question if others may see it (answering, voting and promoting check it first)."""
    if not is_question(post) or post is None or post.status != "published":
        raise NotFound("This question is not there (any more).")
    return post


def state_of(post: PostItem) -> str:
    if post.accepted_answer_id:
        return SOLVED
    return ANSWERED if int(post.answer_count or 0) > 0 else UNANSWERED


def title_of(body: str) -> str:
    """A question's title is its first line (as a wall post's library document has)."""
    first = body.strip().splitlines()[0].strip() if body.strip() else ""
    return first if len(first) <= TITLE_CHARS else first[: TITLE_CHARS - 1].rstrip() + "…"


def answers_in_order(answers: Sequence[QaAnswerItem], accepted_id: str | None) -> list[QaAnswerItem]:
    """The accepted answer first, then the most upvoted, then the oldest (ULIDs sort by time)."""
    shown = [a for a in answers if a.status == "published"]
    return sorted(shown, key=lambda a: (a.answer_id != accepted_id, -int(a.vote_count or 0), a.answer_id))


@dataclass(frozen=True)
class Timing:
    """When a community's unanswered question is escalated, and when it becomes a content request."""

    escalate_after_hours: int = DEFAULT_ESCALATE_AFTER_HOURS
    request_after_days: int = DEFAULT_REQUEST_AFTER_DAYS

    def escalate_at(self, asked_at: datetime) -> datetime:
        return asked_at + timedelta(hours=self.escalate_after_hours)

    def request_at(self, asked_at: datetime) -> datetime:
        return asked_at + timedelta(days=self.request_after_days)


def check_timing(escalate_after_hours: int, request_after_days: int) -> list[dict[str, str]]:
    """What is wrong with a community's timing (empty: nothing)."""
    problems = []
    if not 1 <= escalate_after_hours <= MAX_ESCALATE_AFTER_HOURS:
        problems.append(
            {
                "field": "escalate_after_hours",
                "message": f"1 to {MAX_ESCALATE_AFTER_HOURS} hours",
                "code": "range",
            }
        )
    if not 1 <= request_after_days <= MAX_REQUEST_AFTER_DAYS:
        problems.append(
            {"field": "request_after_days", "message": f"1 to {MAX_REQUEST_AFTER_DAYS} days", "code": "range"}
        )
    elif request_after_days * 24 <= escalate_after_hours:
        problems.append(
            {"field": "request_after_days", "message": "after the escalation, not before", "code": "order"}
        )
    return problems


def earns_accept_points(answer_author_id: str, asker_id: str, accepted_by: str | None) -> bool:
    """Nothing for answering one's own question, nor for accepting one's own answer (a moderator)."""
    return answer_author_id != asker_id and answer_author_id != accepted_by


def skills_change(current: Sequence[str], wanted: Sequence[str]) -> tuple[list[str], list[str]]:
    """The skills to add and to remove to go from `current` to `wanted`."""
    have, want = set(current), set(wanted)
    return sorted(want - have), sorted(have - want)
