"""Media items: one per upload, in the organisation's partition (`ORG#<org>` / `MEDIA#<id>`).

Every change of state is a conditional write on the state the caller expects, so redelivered
events and retried jobs change nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pynamodb.exceptions import PutError, UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action

from chalicelib.store import keys
from chalicelib.store.batch import Key
from chalicelib.store.conditions import is_condition_failure
from chalicelib.store.models import AttachmentAttribute, MediaItem

# An upload never made is forgotten after a day; a deleted item's record after 30 days.
PENDING_TTL = timedelta(days=1)
DELETED_TTL = timedelta(days=30)


def media_key(org_id: str, media_id: str) -> Key:
    return keys.org_pk(org_id), keys.media_sk(media_id)


def new_pending(
    org_id: str,
    media_id: str,
    *,
    owner_id: str,
    object_key: str,
    file_name: str,
    kind: str,
    content_type: str,
    size_bytes: int,
    created_at: datetime,
) -> MediaItem:
    return MediaItem(
        *media_key(org_id, media_id),
        org_id=org_id,
        media_id=media_id,
        object_key=object_key,
        owner_id=owner_id,
        file_name=file_name,
        kind=kind,
        content_type=content_type,
        size_bytes=size_bytes,
        status="pending",
        created_at=created_at,
        expires_at=created_at + PENDING_TTL,
    )


def attachment_of(item: MediaItem) -> AttachmentAttribute:
    """What a post keeps of an attached media item."""
    return AttachmentAttribute(  # type: ignore[no-untyped-call]
        id=item.media_id, kind=item.kind or "", content_type=item.content_type, object_key=item.object_key
    )


def save_pending(item: MediaItem) -> None:
    item.save(condition=MediaItem.pk.does_not_exist())


def get_media(org_id: str, media_id: str, consistent: bool = False) -> MediaItem | None:
    try:
        return MediaItem.get(*media_key(org_id, media_id), consistent_read=consistent)
    except MediaItem.DoesNotExist:
        return None


def _update_if(item: MediaItem, actions: list[Action], condition: Condition) -> bool:
    """True when the write happened; False when the item was not in the expected state."""
    try:
        item.update(actions=actions, condition=condition)
    except (UpdateError, PutError) as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


def mark_ready(item: MediaItem, etag: str, uploaded_at: datetime) -> bool:
    return _update_if(
        item,
        [
            MediaItem.status.set("ready"),
            MediaItem.etag.set(etag),
            MediaItem.uploaded_at.set(uploaded_at),
            MediaItem.expires_at.remove(),
        ],
        (MediaItem.status == "pending") & (MediaItem.object_key == item.object_key),
    )


def mark_rejected(item: MediaItem, reason: str) -> bool:
    return _update_if(
        item,
        [MediaItem.status.set("rejected"), MediaItem.rejected_reason.set(reason[:500])],
        (MediaItem.status == "pending") & (MediaItem.object_key == item.object_key),
    )


def mark_replaced(item: MediaItem, new_etag: str) -> bool:
    """A ready item whose object was overwritten after it was checked is rejected."""
    return _update_if(
        item,
        [
            MediaItem.status.set("rejected"),
            MediaItem.rejected_reason.set(f"replaced after it was checked (ETag {new_etag[:64]})"),
        ],
        (MediaItem.status == "ready") & (MediaItem.etag == (item.etag or "")),
    )


def mark_deleting(org_id: str, media_id: str, post_id: str) -> bool:
    """Ready media of a deleted post waits for its deletion; media of other posts is left alone."""
    item = MediaItem(*media_key(org_id, media_id))
    return _update_if(
        item,
        [MediaItem.status.set("deleting")],
        (MediaItem.status == "ready") & (MediaItem.post_id == post_id),
    )


def mark_deleted(item: MediaItem, deleted_at: datetime) -> bool:
    return _update_if(
        item,
        [
            MediaItem.status.set("deleted"),
            MediaItem.deleted_at.set(deleted_at),
            MediaItem.expires_at.set(deleted_at + DELETED_TTL),
        ],
        MediaItem.status.is_in("deleting", "ready", "rejected", "pending"),
    )
