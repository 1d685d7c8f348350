"""Authors' to-do list: content learners said is outdated, opened by the stream consumer (one task per
content item and author, counting the reports), closed by the author."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib.errors import NotFound
from chalicelib.feedback import rules
from chalicelib.learning.items import title_of
from chalicelib.notifications.texts import CONTENT_OUTDATED
from chalicelib.observability import count_business_event
from chalicelib.principal import Principal
from chalicelib.store import feedback as store
from chalicelib.store import learning, notifications, users
from chalicelib.store.models import AuthorTaskItem
from chalicelib.store.pages import Page


def my_tasks(principal: Principal, limit: int, after: dict[str, Any] | None) -> Page[AuthorTaskItem]:
    results = store.open_tasks(principal.org_id, principal.user_id, limit, after)
    items = [item for item in results if isinstance(item, AuthorTaskItem)]
    return Page(items, results.last_evaluated_key)


def close_task(principal: Principal, content_id: str) -> None:
    """Mark my task about this content done (it is gone from my list; a new report opens it again)."""
    if not store.close_task(principal.org_id, principal.user_id, rules.require_content_id(content_id)):
        raise NotFound("No open task about this content in your to-do list.")
    count_business_event("AuthorTaskClosed")


def report_outdated(
    org_id: str, content_id: str, reporter_id: str, note: str | None, at: datetime, source_event: str
) -> int:
    """A learner said the content is outdated: each of its authors gets the task (or one more report
    on it) and, the first time this learner reports it, a notification. Once per event."""
    release = learning.get_release(org_id, content_id)
    if release is None:
        return 0
    opened = 0
    for author_id in dict.fromkeys(release.author_ids or [release.created_by]):
        if author_id == reporter_id:
            continue  # an author's own remark is a note to self, not a task
        profile = users.get_member(org_id, author_id)
        if profile is None or profile.status == "deactivated":
            continue
        if not store.report_outdated_once(
            org_id, author_id, content_id, title_of(release, profile.language), note, source_event, at
        ):
            continue
        opened += 1
        note_item = notifications.new_note(
            org_id,
            author_id,
            f"outdated-{content_id}-{reporter_id}",
            kind=CONTENT_OUTDATED,
            language=profile.language,
            community_id=release.community_id,
            content_id=content_id,
            content_title=title_of(release, profile.language),
        )
        if notifications.deliver(note_item):  # once per reporter and content, however often they toggle
            count_business_event("NotificationDelivered")
    if opened:
        count_business_event("ContentReportedOutdated")
    return opened
