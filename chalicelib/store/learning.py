"""Learning content (lessons, videos) and learners' progress.

One partition per content item, `ORG#<org>#LEARN#<id>`: `HEAD` (the authors' working copy, in its
creator's workbench on GSI1), `RELEASE` (the published version, in its scope's library on GSI1
while published) and `REVIEW` (an open review request, in the reviewer's queue on GSI1). A
learner's progress is `ORG#<org>#LEARNER#<user>` / `PROGRESS#<id>`, so opening content is one
BatchGetItem of the release and the caller's progress.

The working copy, the release and the progress are each saved whole, conditioned on the `version`
that was read: two authors (or two devices) cannot silently overwrite each other.
"""

from __future__ import annotations

from typing import Any

from pynamodb.exceptions import PutError

from chalicelib.ids import iso
from chalicelib.store import keys
from chalicelib.store.conditions import is_condition_failure
from chalicelib.store.models import (
    KringItem,
    LearningHeadItem,
    LearningProgressItem,
    LearningReleaseItem,
    LearningReviewItem,
)
from chalicelib.store.pages import Page, query_page
from chalicelib.store.writes import Steps, StepsRefused, save_versioned, versioned


class ChangedMeanwhile(Exception):
    """Someone saved the item after it was read: read again and retry (a 409 to the caller)."""


def place_head(item: LearningHeadItem) -> None:
    item.pk = keys.learning_pk(item.org_id, item.content_id)
    item.sk = keys.LEARNING_HEAD_SK
    item.gsi1pk = keys.authored_pk(item.org_id, item.created_by)
    item.gsi1sk = keys.authored_sk(iso(item.updated_at), item.content_id)


def place_release(item: LearningReleaseItem) -> None:
    """Keys of the release; in its library while it is not archived."""
    item.pk = keys.learning_pk(item.org_id, item.content_id)
    item.sk = keys.LEARNING_RELEASE_SK
    if item.archived:
        item.gsi1pk = item.gsi1sk = None
    else:
        item.gsi1pk = keys.library_pk(item.org_id, item.community_id)
        item.gsi1sk = keys.library_sk(iso(item.first_published_at), item.content_id)


def place_review(item: LearningReviewItem) -> None:
    item.pk = keys.learning_pk(item.org_id, item.content_id)
    item.sk = keys.LEARNING_REVIEW_SK
    item.gsi1pk = keys.reviews_pk(item.org_id, item.reviewer_id)
    item.gsi1sk = keys.review_request_sk(iso(item.asked_at), item.content_id)


def place_progress(item: LearningProgressItem) -> None:
    item.pk = keys.learner_pk(item.org_id, item.user_id)
    item.sk = keys.progress_sk(item.content_id)


# Reads ----------------------------------------------------------------------------------------


def get_head(org_id: str, content_id: str, consistent: bool = False) -> LearningHeadItem | None:
    try:
        return LearningHeadItem.get(
            keys.learning_pk(org_id, content_id), keys.LEARNING_HEAD_SK, consistent_read=consistent
        )
    except LearningHeadItem.DoesNotExist:
        return None


def get_release(org_id: str, content_id: str, consistent: bool = False) -> LearningReleaseItem | None:
    try:
        return LearningReleaseItem.get(
            keys.learning_pk(org_id, content_id), keys.LEARNING_RELEASE_SK, consistent_read=consistent
        )
    except LearningReleaseItem.DoesNotExist:
        return None


def get_release_and_progress(
    org_id: str, content_id: str, user_id: str, consistent: bool = False
) -> tuple[LearningReleaseItem | None, LearningProgressItem | None]:
    """The release and the learner's progress through it, in one BatchGetItem (consistent before a
    change of the progress: a write just made on another device is then seen, not refused)."""
    release_key = (keys.learning_pk(org_id, content_id), keys.LEARNING_RELEASE_SK)
    progress_key = (keys.learner_pk(org_id, user_id), keys.progress_sk(content_id))
    found = {
        (item.pk, item.sk): item
        for item in KringItem.batch_get([release_key, progress_key], consistent_read=consistent)
    }
    release, progress = found.get(release_key), found.get(progress_key)
    return (
        release if isinstance(release, LearningReleaseItem) else None,
        progress if isinstance(progress, LearningProgressItem) else None,
    )


def get_progress(
    org_id: str, user_id: str, content_id: str, consistent: bool = False
) -> LearningProgressItem | None:
    try:
        return LearningProgressItem.get(
            keys.learner_pk(org_id, user_id), keys.progress_sk(content_id), consistent_read=consistent
        )
    except LearningProgressItem.DoesNotExist:
        return None


def list_library(
    org_id: str, community_id: str | None, limit: int, after: dict[str, Any] | None
) -> Page[LearningReleaseItem]:
    """Published content of a community (or of the organisation), newest first: one GSI1 Query."""
    pk = keys.library_pk(org_id, community_id)
    return query_page(
        LearningReleaseItem,
        pk,
        keys.LIBRARY_SK_PREFIX,
        limit=limit,
        after=after,
        on_gsi1=True,
    )


def list_authored(
    org_id: str, user_id: str, limit: int, after: dict[str, Any] | None
) -> Page[LearningHeadItem]:
    """The content a person created, most recently changed first: one GSI1 Query."""
    pk = keys.authored_pk(org_id, user_id)
    return query_page(
        LearningHeadItem,
        pk,
        keys.AUTHORED_SK_PREFIX,
        limit=limit,
        after=after,
        on_gsi1=True,
    )


def list_review_requests(
    org_id: str, reviewer_id: str, limit: int, after: dict[str, Any] | None
) -> Page[LearningReviewItem]:
    """What waits for one reviewer, oldest request first: one GSI1 Query."""
    pk = keys.reviews_pk(org_id, reviewer_id)
    return query_page(
        LearningReviewItem,
        pk,
        keys.REVIEW_REQUEST_SK_PREFIX,
        limit=limit,
        after=after,
        on_gsi1=True,
        ascending=True,
    )


def list_progress(
    org_id: str, user_id: str, limit: int, after: dict[str, Any] | None
) -> Page[LearningProgressItem]:
    """A learner's progress items (what they started, on any device): one Query."""
    pk = keys.learner_pk(org_id, user_id)
    return query_page(
        LearningProgressItem,
        pk,
        keys.PROGRESS_SK_PREFIX,
        limit=limit,
        after=after,
        ascending=True,
    )


# Writes ---------------------------------------------------------------------------------------


def save_new_head(item: LearningHeadItem) -> None:
    """Put new content; ChangedMeanwhile when content with its id exists already (only an id chosen
    ahead, such as a promoted answer's, can meet one)."""
    place_head(item)
    try:
        item.save(condition=LearningHeadItem.pk.does_not_exist())
    except PutError as exc:
        if is_condition_failure(exc):
            raise ChangedMeanwhile() from exc
        raise


def save_head(item: LearningHeadItem, read_version: int) -> None:
    """Save a changed working copy; ChangedMeanwhile if someone saved it since `read_version`."""
    place_head(item)
    if not save_versioned(item, read_version):
        raise ChangedMeanwhile()


def save_lifecycle(
    head: LearningHeadItem,
    head_read_version: int,
    release: LearningReleaseItem | None = None,
    release_read_version: int | None = None,
    review: LearningReviewItem | None = None,
    close_review: bool = False,
) -> None:
    """One transaction for a step of the lifecycle: the working copy (versioned), and with it the
    release (versioned: None read means new), a review request to open, or the open one to close.
    ChangedMeanwhile when any of them changed since read."""
    place_head(head)
    steps = Steps()
    steps.put("head", head, versioned(head, head_read_version))
    if release is not None:
        place_release(release)
        steps.put("release", release, versioned(release, release_read_version))
    if review is not None:
        place_review(review)
        steps.put("review", review)
    elif close_review:
        closing = LearningReviewItem(keys.learning_pk(head.org_id, head.content_id), keys.LEARNING_REVIEW_SK)
        steps.delete("review", closing)
    try:
        steps.write()
    except StepsRefused as refused:
        raise ChangedMeanwhile() from refused


def save_progress(item: LearningProgressItem, read_version: int | None) -> bool:
    """Save a learner's progress whole in one write, if no other device saved it since it was read
    (`read_version` None: there was none). False when one did."""
    place_progress(item)
    return save_versioned(item, read_version)
