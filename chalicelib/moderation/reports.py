"""Reporting posts and comments, and the queue and log moderators read."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chalicelib.communities.membership import load_access
from chalicelib.errors import Conflict, ValidationFailed
from chalicelib.ids import utc_now
from chalicelib.observability import count_business_event
from chalicelib.principal import Principal
from chalicelib.store import moderation as store
from chalicelib.store.models import CommentItem, ContentItem, ModerationCaseItem, ModerationLogItem
from chalicelib.store.pages import Page
from chalicelib.wall.published import public_comment_id, require_comment, require_post

MAX_NOTES_PER_CASE = 20  # the count goes on; the notes of the first reports are kept
ATTEMPTS = 4


@dataclass(frozen=True)
class Report:
    target_kind: str
    post_id: str
    comment_id: str | None
    reason: str
    note: str
    reported_at: datetime


def target_key(target: ContentItem) -> str:
    if isinstance(target, CommentItem):
        return store.comment_target_key(target.post_id, target.comment_id, public_comment_id(target))
    return store.post_target_key(target.post_id)  # type: ignore[attr-defined]


def report(
    principal: Principal, community_id: str, post_id: str, comment_id: str | None, reason: str, note: str
) -> Report:
    """Anyone who can read the wall reports a post or comment; one open report per person and target."""
    if reason not in store.REASONS:
        raise ValidationFailed(f"A reason is one of {', '.join(store.REASONS)}.")
    load_access(principal, community_id).require_wall_reader()
    post = require_post(principal, community_id, post_id)
    target: ContentItem = require_comment(principal, post, comment_id) if comment_id else post
    key = target_key(target)
    now = utc_now()
    mine = Report("comment" if comment_id else "post", post_id, comment_id, reason, note, now)
    for _ in range(ATTEMPTS):
        case = store.get_case(principal.org_id, community_id, key)
        if case is None:
            if store.open_case(_new_case(principal, community_id, key, target, mine)):
                count_business_event("ContentReported")
                return mine
            continue
        if principal.user_id in (case.reporter_ids or set()):
            return mine  # reporting again changes nothing while the first report is open
        if store.add_report(case, _report_actions(principal, case, mine)):
            count_business_event("ContentReported")
            return mine
    raise Conflict("Many reports arrive at once; try again in a moment.")


def _note_json(report: Report) -> str:
    return json.dumps({"reason": report.reason, "note": report.note, "at": report.reported_at.isoformat()})


def _new_case(
    principal: Principal, community_id: str, key: str, target: ContentItem, report: Report
) -> ModerationCaseItem:
    pk, sk = store.case_key(principal.org_id, community_id, key)
    case = ModerationCaseItem(
        pk,
        sk,
        org_id=principal.org_id,
        community_id=community_id,
        target_kind=report.target_kind,
        post_id=report.post_id,
        comment_id=public_comment_id(target) if isinstance(target, CommentItem) else None,
        author_id=target.author_id,
        author_name=target.author_name,
        body=target.body,
        report_count=1,
        reporter_ids={principal.user_id},
        report_notes=[_note_json(report)],
        opened_at=report.reported_at,
        last_reported_at=report.reported_at,
    )
    setattr(case, f"{report.reason}_count", 1)
    return case


def _report_actions(principal: Principal, case: ModerationCaseItem, report: Report) -> list[Any]:
    actions = [
        ModerationCaseItem.reporter_ids.add({principal.user_id}),
        ModerationCaseItem.report_count.add(1),
        getattr(ModerationCaseItem, f"{report.reason}_count").add(1),
        ModerationCaseItem.last_reported_at.set(report.reported_at),
    ]
    if len(case.report_notes) < MAX_NOTES_PER_CASE:
        actions.append(ModerationCaseItem.report_notes.set([*case.report_notes, _note_json(report)]))
    return actions


def report_notes(case: ModerationCaseItem) -> list[dict[str, str]]:
    notes = []
    for raw in case.report_notes:
        try:
            value = json.loads(raw)
        except ValueError:
            continue
        if isinstance(value, dict):
            notes.append({k: str(v) for k, v in value.items()})
    return notes


def queue(
    principal: Principal, community_id: str, limit: int, after: dict[str, Any] | None
) -> Page[ModerationCaseItem]:
    """Open reports grouped per post or comment, and what the word list held: one Query."""
    load_access(principal, community_id).require_moderator()
    return store.list_cases(principal.org_id, community_id, limit, after)


def log(
    principal: Principal, community_id: str, limit: int, after: dict[str, Any] | None
) -> Page[ModerationLogItem]:
    load_access(principal, community_id).require_moderator()
    return store.list_log(principal.org_id, community_id, limit, after)
