"""Writing, reviewing and publishing learning content, whatever its kind.

A kind (lessons here, videos beside) checks its own payload (a lesson's cards, a video's cues)
and hands the core a `ContentForm`; the core keeps the scope, the authors, the language variants,
the lifecycle (draft -> in_review -> published -> archived) and the releases learners read.

Publishing copies the working copy into the release. A release marked major starts learners over;
any other keeps their progress (see learning/progress.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from chalicelib.errors import Conflict, NotFound, PayloadTooLarge, ValidationFailed
from chalicelib.ids import new_id, utc_now
from chalicelib.learning import access, rules
from chalicelib.learning.items import title_of
from chalicelib.learning.rules import DRAFT, IN_REVIEW, PUBLISHED, Variant
from chalicelib.observability import count_business_event
from chalicelib.principal import Principal, Role
from chalicelib.store import learning, memberships, users
from chalicelib.store.learning import ChangedMeanwhile
from chalicelib.store.models import LearningHeadItem, LearningReleaseItem, LearningReviewItem
from chalicelib.store.pages import Page

RELEASE_MAX_BYTES = 350_000  # of DynamoDB's 400 KB an item, the rest for the release's other attributes
CHANGED_MEANWHILE = "Someone saved this content since you read it: reload it and apply your change again."

PublishCheck = Callable[[Principal, LearningHeadItem], None]


@dataclass(frozen=True)
class ContentForm:
    """What an author writes, the kind's payload already checked by the kind."""

    language: str
    variants: dict[str, Variant]
    payload: dict[str, Any]
    skill_tags: list[str] = field(default_factory=list)
    estimated_minutes: int = 5
    review_on: date | None = None
    co_author_ids: list[str] | None = None  # None: on a change, the authors stay as they are


def _write_form(head: LearningHeadItem, form: ContentForm) -> None:
    rules.check_language(form.language)
    head.language = form.language
    head.variants = json.dumps(
        {k: asdict(v) for k, v in form.variants.items()}, ensure_ascii=False, sort_keys=True
    )
    head.payload = json.dumps(form.payload, ensure_ascii=False, sort_keys=True)
    head.skill_tags = list(form.skill_tags)
    head.estimated_minutes = rules.check_minutes(form.estimated_minutes)
    head.review_on = form.review_on.isoformat() if form.review_on else None


def _check_co_authors(principal: Principal, co_author_ids: list[str]) -> list[str]:
    """The authors: the creator first, then co-authors who are active people of the organisation."""
    authors = [principal.user_id]
    for user_id in co_author_ids:
        if user_id in authors:
            continue
        member = users.get_member(principal.org_id, user_id)
        if member is None or member.status == "deactivated":
            raise ValidationFailed(
                "A co-author is an active person of your organisation.",
                [{"field": "co_author_ids", "message": f"No such person: {user_id}.", "code": "invalid"}],
            )
        authors.append(user_id)
    return authors


def create(
    principal: Principal,
    kind: str,
    community_id: str | None,
    form: ContentForm,
    content_id: str | None = None,
) -> LearningHeadItem:
    """New content in draft; `content_id`: an id chosen ahead (ChangedMeanwhile if it is taken)."""
    rules.check_kind(kind)
    access.may_author_in(principal, community_id)
    rules.check_review_on(form.review_on, utc_now().date())
    now = utc_now()
    head = LearningHeadItem(
        org_id=principal.org_id,
        content_id=content_id or new_id(),
        kind=kind,
        community_id=community_id,
        created_by=principal.user_id,
        author_ids=_check_co_authors(principal, form.co_author_ids or []),
        state=DRAFT,
        created_at=now,
        updated_at=now,
        version=0,
    )
    _write_form(head, form)
    learning.save_new_head(head)
    count_business_event("LearningContentCreated")
    return head


def _head(principal: Principal, content_id: str, kind: str | None) -> LearningHeadItem:
    head = learning.get_head(principal.org_id, content_id, consistent=True)
    if head is None or (kind is not None and head.kind != kind):
        raise NotFound(access.NO_SUCH_CONTENT)
    return head


def get_working_copy(principal: Principal, content_id: str, kind: str | None = None) -> LearningHeadItem:
    return access.require_working_copy_reader(principal, _head(principal, content_id, kind))


def _save(
    head: LearningHeadItem,
    read_version: int,
    release: LearningReleaseItem | None = None,
    release_read_version: int | None = None,
    review: LearningReviewItem | None = None,
    close_review: bool = False,
) -> None:
    try:
        learning.save_lifecycle(head, read_version, release, release_read_version, review, close_review)
    except ChangedMeanwhile as exc:
        raise Conflict(CHANGED_MEANWHILE) from exc


def change(
    principal: Principal,
    content_id: str,
    form: ContentForm,
    expected_version: int | None = None,
    kind: str | None = None,
) -> LearningHeadItem:
    """Replace the working copy. `expected_version`: the version the author edited (409 if older)."""
    head = access.require_editor(principal, _head(principal, content_id, kind))
    read_version = int(head.version or 0)
    if expected_version is not None and expected_version != read_version:
        raise Conflict(CHANGED_MEANWHILE)
    if form.review_on is not None and form.review_on.isoformat() != head.review_on:
        rules.check_review_on(form.review_on, utc_now().date())
    was_in_review = head.state == IN_REVIEW
    head.state = rules.state_after_edit(head.state)
    authors_changed = form.co_author_ids is not None
    if authors_changed and principal.user_id in (head.author_ids or []):
        assert form.co_author_ids is not None
        head.author_ids = _check_co_authors_keeping(principal, head, form.co_author_ids)
    _write_form(head, form)
    head.updated_at = utc_now()
    if was_in_review:
        head.reviewer_id = None
    _save(head, read_version, close_review=was_in_review)
    return head


def _check_co_authors_keeping(
    principal: Principal, head: LearningHeadItem, co_author_ids: list[str]
) -> list[str]:
    """The creator stays first; the co-authors are the form's."""
    creator = Principal(principal.org_id, head.created_by, "", frozenset())
    return _check_co_authors(creator, [u for u in co_author_ids if u != head.created_by])


def _require_reviewer_candidate(principal: Principal, head: LearningHeadItem, reviewer_id: str) -> None:
    """A second expert: an author of the scope who is not one of this content's authors."""
    if reviewer_id in (head.author_ids or []):
        raise ValidationFailed(
            "The reviewer is a second expert, not one of the authors.",
            [{"field": "reviewer_id", "message": "An author of this content.", "code": "invalid"}],
        )
    member = users.get_member(principal.org_id, reviewer_id)
    ok = member is not None and member.status != "deactivated"
    if ok and member is not None and not access.AUTHORS & set(member.roles or []):
        membership = (
            memberships.get_membership(principal.org_id, head.community_id, reviewer_id)
            if head.community_id
            else None
        )
        ok = (
            membership is not None
            and membership.status == "active"
            and membership.role in access.COMMUNITY_AUTHOR_ROLES
        )
    if ok and member is not None and head.community_id is not None:
        # Who may not read the community (an invite-only one they are not in) cannot review its content.
        reviewer = Principal(principal.org_id, reviewer_id, "", frozenset(_roles(member.roles)))
        ok = access.reads_community(reviewer, head.community_id)
    if not ok:
        raise ValidationFailed(
            "The reviewer is a mentor, expert or manager who may write content here.",
            [{"field": "reviewer_id", "message": "Not an author of this scope.", "code": "invalid"}],
        )


def _roles(names: list[str] | None) -> list[Role]:
    known = {role.value for role in Role}
    return [Role(name) for name in names or [] if name in known]


def submit_for_review(
    principal: Principal, content_id: str, reviewer_id: str, kind: str | None = None
) -> LearningHeadItem:
    head = access.require_editor(principal, _head(principal, content_id, kind))
    rules.require_move("submit", head.state)
    _require_reviewer_candidate(principal, head, reviewer_id)
    read_version = int(head.version or 0)
    now = utc_now()
    head.state, head.reviewer_id, head.review_note, head.updated_at = IN_REVIEW, reviewer_id, None, now
    review = LearningReviewItem(
        org_id=principal.org_id,
        content_id=head.content_id,
        kind=head.kind,
        community_id=head.community_id,
        reviewer_id=reviewer_id,
        asked_by=principal.user_id,
        asked_at=now,
        title=title_of(head),
    )
    _save(head, read_version, review=review)
    count_business_event("LearningReviewRequested")
    return head


def _release_of(
    principal: Principal, head: LearningHeadItem, current: LearningReleaseItem | None, major: bool
) -> LearningReleaseItem:
    nxt = rules.next_release(int(head.release_version or 0), int(head.release_major or 0), major)
    now = utc_now()
    release = LearningReleaseItem(
        org_id=head.org_id,
        content_id=head.content_id,
        kind=head.kind,
        community_id=head.community_id,
        created_by=head.created_by,
        author_ids=list(head.author_ids or []),
        language=head.language,
        variants=head.variants,
        skill_tags=list(head.skill_tags or []),
        estimated_minutes=head.estimated_minutes,
        review_on=head.review_on,
        payload=head.payload,
        release_version=nxt.version,
        major=nxt.major,
        published_at=now,
        first_published_at=current.first_published_at if current is not None else now,
        published_by=principal.user_id,
        archived=False,
    )
    head.release_version, head.release_major = nxt.version, nxt.major
    head.state, head.published_at, head.updated_at = PUBLISHED, now, now
    return release


def _require_storable(head: LearningHeadItem) -> None:
    """A release holds the texts and the payload with its questions copied in, in one item: 413
    rather than a write DynamoDB refuses (400 KB an item)."""
    size = len((head.payload or "").encode()) + len((head.variants or "").encode())
    if size > RELEASE_MAX_BYTES:
        raise PayloadTooLarge(
            f"This {head.kind} is too large to publish with its questions copied in "
            f"({size // 1000} KB of at most {RELEASE_MAX_BYTES // 1000} KB): ask fewer or shorter questions."
        )


def _publish(
    principal: Principal, head: LearningHeadItem, major: bool, check: PublishCheck | None, close_review: bool
) -> tuple[LearningHeadItem, LearningReleaseItem]:
    if check is not None:
        check(principal, head)
    _require_storable(head)
    read_version = int(head.version or 0)
    current = learning.get_release(principal.org_id, head.content_id, consistent=True)
    release = _release_of(principal, head, current, major)
    _save(
        head,
        read_version,
        release,
        int(current.version) if current is not None else None,
        close_review=close_review,
    )
    from chalicelib.learning import review_dates  # only publishing schedules the review reminder

    review_dates.schedule_reminder(head)
    count_business_event("LearningContentPublished")
    return head, release


def publish(
    principal: Principal,
    content_id: str,
    major: bool = False,
    check: PublishCheck | None = None,
    kind: str | None = None,
) -> tuple[LearningHeadItem, LearningReleaseItem]:
    """Publish the working copy (review is optional). `check`: the kind's own rules for a release."""
    head = access.require_editor(principal, _head(principal, content_id, kind))
    rules.require_move("publish", head.state)
    was_in_review = head.state == IN_REVIEW
    if was_in_review:
        head.reviewer_id = None  # published without waiting: the request is withdrawn
    return _publish(principal, head, major, check, close_review=was_in_review)


def decide_review(
    principal: Principal,
    content_id: str,
    approve: bool,
    note: str = "",
    major: bool = False,
    check: PublishCheck | None = None,
    kind: str | None = None,
) -> LearningHeadItem:
    """The reviewer approves (the content is published) or sends it back to the authors with a note."""
    head = _head(principal, content_id, kind)
    if not access.is_reviewer(principal, head):
        access.require_working_copy_reader(principal, head)
        raise NotFound("No review of this content is waiting for you.")
    rules.require_move("decide", head.state)
    head.review_note = note.strip()[:2000] or None
    if approve:
        count_business_event("LearningReviewApproved")
        return _publish(principal, head, major, check, close_review=True)[0]
    read_version = int(head.version or 0)
    head.state, head.updated_at = DRAFT, utc_now()
    _save(head, read_version, close_review=True)
    count_business_event("LearningReviewSentBack")
    return head


def archive(principal: Principal, content_id: str, kind: str | None = None) -> LearningHeadItem:
    """Out of the library; learners can no longer open it (their progress is kept)."""
    head = access.require_editor(principal, _head(principal, content_id, kind))
    rules.require_move("archive", head.state)
    read_version = int(head.version or 0)
    was_in_review = head.state == IN_REVIEW
    head.state, head.updated_at, head.reviewer_id = rules.ARCHIVED, utc_now(), None
    release = learning.get_release(principal.org_id, head.content_id, consistent=True)
    if release is not None:
        release_read = int(release.version)
        release.archived = True
        _save(head, read_version, release, release_read, close_review=was_in_review)
    else:
        _save(head, read_version, close_review=was_in_review)
    return head


def restore(principal: Principal, content_id: str, kind: str | None = None) -> LearningHeadItem:
    """Back from the archive as a draft; a release it had returns to the library."""
    head = access.require_editor(principal, _head(principal, content_id, kind))
    rules.require_move("restore", head.state)
    read_version = int(head.version or 0)
    head.state, head.updated_at = DRAFT, utc_now()
    release = learning.get_release(principal.org_id, head.content_id, consistent=True)
    if release is not None:
        release_read = int(release.version)
        release.archived = False
        _save(head, read_version, release, release_read)
    else:
        _save(head, read_version)
    return head


# Lists ----------------------------------------------------------------------------------------


def library(
    principal: Principal,
    community_id: str | None,
    limit: int,
    after: dict[str, Any] | None,
    kind: str | None = None,
) -> Page[LearningReleaseItem]:
    """Published content of a community or of the organisation, newest first (one Query)."""
    access.require_library_reader(principal, community_id)
    page = learning.list_library(principal.org_id, community_id, limit, after)
    if kind is None:
        return page
    return Page([item for item in page.items if item.kind == kind], page.last_key)


def my_workbench(principal: Principal, limit: int, after: dict[str, Any] | None) -> Page[LearningHeadItem]:
    """The content the caller created, most recently changed first."""
    return learning.list_authored(principal.org_id, principal.user_id, limit, after)


def my_review_requests(
    principal: Principal, limit: int, after: dict[str, Any] | None
) -> Page[LearningReviewItem]:
    return learning.list_review_requests(principal.org_id, principal.user_id, limit, after)
