"""Time-driven questions: asking one schedules two one-time jobs (EventBridge Scheduler, no
polling): the escalation after the community's hours, the content request after its days. Each job
reads the question as it is then and does nothing if someone answered it (or it is gone), so a
schedule left behind is harmless and a replayed run changes nothing."""

from __future__ import annotations

from datetime import datetime

from chalicelib import scheduler
from chalicelib.ids import utc_now
from chalicelib.observability import count_business_event
from chalicelib.qa import rules
from chalicelib.store import keys
from chalicelib.store import qa as store
from chalicelib.store.models import PostItem

ESCALATE_JOB = "qa_escalate"  # chalicelib.jobs.registry.QA_ESCALATE_JOB
CONTENT_REQUEST_JOB = "qa_content_request"  # chalicelib.jobs.registry.QA_CONTENT_REQUEST_JOB


def schedule_name(kind: str, org_id: str, post_id: str) -> str:
    """One schedule per question and kind (EventBridge names: 64 characters at most)."""
    return f"qa-{kind}-{org_id[:20]}-{post_id[:26]}"[:64]


def schedule(post: PostItem, timing: rules.Timing) -> None:
    args = {"community_id": post.community_id, "post_id": post.post_id}
    for kind, job, when in (
        ("esc", ESCALATE_JOB, timing.escalate_at(post.created_at)),
        ("req", CONTENT_REQUEST_JOB, timing.request_at(post.created_at)),
    ):
        scheduler.schedule_job_once(
            schedule_name(kind, post.org_id, post.post_id), when, job, post.org_id, args
        )


def _still_unanswered(org_id: str, community_id: str, post_id: str) -> PostItem | None:
    post = store.get_posts(org_id, [(community_id, post_id)]).get(post_id)
    if not rules.is_question(post) or post is None or post.status != "published":
        return None
    return post if rules.state_of(post) == rules.UNANSWERED else None


def escalate(org_id: str, community_id: str, post_id: str) -> int:
    """Still unanswered: more people hear of it. Returns how many were told now."""
    post = _still_unanswered(org_id, community_id, post_id)
    if post is None:
        return 0
    # The jobs' code: asking a question (the API) only schedules them.
    from chalicelib.qa.routing import route_escalated

    told = route_escalated(post)
    count_business_event("QuestionEscalated")
    return told


def open_content_request(org_id: str, community_id: str, post_id: str, now: datetime | None = None) -> bool:
    """Still unanswered after the community's days: a content request for mentors and experts."""
    post = _still_unanswered(org_id, community_id, post_id)
    if post is None:
        return False
    from chalicelib.store.models import ContentRequestItem  # the job's own item type

    item = ContentRequestItem(
        keys.content_requests_pk(org_id),
        keys.content_request_sk(post_id),
        org_id=org_id,
        request_id=post_id,
        post_id=post_id,
        community_id=community_id,
        title=rules.title_of(post.body),
        skill_tags=set(post.skill_tags or []) or None,
        created_at=now or utc_now(),
    )
    opened = store.open_request(item)
    if opened:
        count_business_event("ContentRequested")
    return opened
