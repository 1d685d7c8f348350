"""The review date: on that morning the authors of published content are asked whether it is
still right. Publishing schedules a one-time job for the date (EventBridge Scheduler, no polling);
the job checks the content still has that review date before telling anyone, so a date changed or
content archived since leaves the old schedule harmless.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from chalicelib import scheduler
from chalicelib.ids import utc_now
from chalicelib.learning.items import title_of
from chalicelib.observability import count_business_event
from chalicelib.store import learning, users
from chalicelib.store import notifications as inbox
from chalicelib.store.models import LearningHeadItem

JOB = "learning_review_due"  # chalicelib.jobs.registry.LEARNING_REVIEW_DUE_JOB
REMIND_AT = time(8, 0)  # UTC: before most people of a European organisation start their day


def schedule_name(org_id: str, content_id: str, review_on: str) -> str:
    """One schedule per content item and date (EventBridge names: 64 characters at most)."""
    return f"review-{org_id[:14]}-{content_id[:26]}-{review_on.replace('-', '')}"[:64]


def schedule_reminder(head: LearningHeadItem) -> bool:
    """Schedule the reminder for the content's review date (if any and still ahead)."""
    if not head.review_on:
        return False
    when = datetime.combine(date.fromisoformat(head.review_on), REMIND_AT, tzinfo=UTC)
    if when <= utc_now():
        return False
    return scheduler.schedule_job_once(
        schedule_name(head.org_id, head.content_id, head.review_on),
        when,
        JOB,
        head.org_id,
        {"content_id": head.content_id, "review_on": head.review_on},
    )


def remind(org_id: str, content_id: str, review_on: str) -> int:
    """Tell each author the review date has come; a replayed run tells nobody twice (the
    notification's id is the content and date). Returns how many were told now."""
    head = learning.get_head(org_id, content_id, consistent=True)
    if head is None or head.review_on != review_on or head.state == "archived" or not head.release_version:
        return 0
    told = 0
    for author_id in head.author_ids or [head.created_by]:
        profile = users.get_member(org_id, author_id)
        if profile is None or profile.status == "deactivated":
            continue
        note = inbox.new_note(
            org_id,
            author_id,
            f"review-due-{content_id}-{review_on}",
            kind=JOB,
            language=profile.language,
            community_id=head.community_id,
            content_id=content_id,
            content_title=title_of(head, profile.language),
        )
        if inbox.deliver(note):
            told += 1
            count_business_event("NotificationDelivered")
    return told
