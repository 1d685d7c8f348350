"""Uploading media: a pending item and a presigned POST first, then the check of what arrived.

Keys are orgs/{org_id}/media/{media_id}/{file name}. The app signs the upload for exactly that
key, so an "Object Created" event for it is trusted only as far as the pending item it names:
the organisation and media id come from the key, and the object must be what was declared
(HeadObject: size and Content-Type; its first bytes: the type itself). What matches becomes
ready; anything else is rejected, with a reason its uploader sees, and its object deleted. An
object under the media prefix that no upload declared is deleted. Every change is conditional on
the item still being pending, so a redelivered event changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from chalicelib.definitions import MEDIA_KEY_PREFIX
from chalicelib.ids import new_id, utc_now
from chalicelib.media import objects, rules
from chalicelib.media.objects import PresignedPost
from chalicelib.observability import count_business_event, logger
from chalicelib.principal import Principal
from chalicelib.store import media
from chalicelib.store.models import MediaItem

_MEDIA_KEY = re.compile(r"^orgs/(?P<org>[a-z0-9-]{1,40})/media/(?P<media>[A-Za-z0-9]{10,40})/[^/]{1,200}$")


@dataclass(frozen=True)
class Upload:
    item: MediaItem
    form: PresignedPost
    expires_at: datetime


def start_upload(principal: Principal, content_type: str, size_bytes: int, file_name: str) -> Upload:
    """Declare an upload: a pending media item and a presigned POST that only fits what was declared."""
    allowed = rules.media_type(content_type, size_bytes)
    media_id = new_id()
    safe_name = rules.safe_file_name(file_name)
    key = rules.object_key(principal.org_id, media_id, safe_name)
    now = utc_now()
    item = media.new_pending(
        principal.org_id,
        media_id,
        owner_id=principal.user_id,
        object_key=key,
        file_name=safe_name,
        kind=allowed.kind,
        content_type=allowed.content_type,
        size_bytes=size_bytes,
        created_at=now,
    )
    disposition = rules.content_disposition(allowed.content_type, safe_name)
    form = objects.presigned_post(key, allowed.content_type, allowed.max_bytes, disposition)
    media.save_pending(item)
    count_business_event("MediaUploadStarted")
    return Upload(item, form, now + timedelta(seconds=objects.UPLOAD_EXPIRY_SECONDS))


def record_uploaded_object(detail: dict[str, Any]) -> MediaItem | None:
    """Check an object that arrived against its pending item: ready if it matches, else rejected.

    Returns the item when this delivery changed it, None when it was ignored or a replay.
    """
    bucket = (detail.get("bucket") or {}).get("name")
    key = str((detail.get("object") or {}).get("key", ""))
    if not bucket or not key.startswith(MEDIA_KEY_PREFIX):
        logger.warning("Object outside the media prefix ignored", extra={"bucket": bucket, "key": key})
        return None
    match = _MEDIA_KEY.match(key)
    item = media.get_media(match["org"], match["media"], consistent=True) if match else None
    if item is None or item.object_key != key:
        # Only the app's own signed forms write here, each for a declared key: anything else does not
        # belong in the bucket (and would otherwise stay there, unchecked, for ever).
        logger.warning("Object without a declared upload deleted", extra={"key": key})
        objects.delete(bucket, key)
        count_business_event("MediaUndeclaredDeleted")
        return None
    org_id, media_id = item.org_id, item.media_id
    if item.status == "rejected":
        objects.delete(bucket, key)  # a rejected upload's key holds nothing; a retry finishes the job
        return None
    if item.status == "ready":
        return _check_unchanged(item, bucket)
    if item.status != "pending":
        return None  # a redelivered event: already checked
    stored = objects.head(bucket, key)
    if stored is None:
        logger.warning("Uploaded object is gone before it was checked", extra={"key": key})
        return None
    problem = rules.matches_declared(
        item.content_type, int(item.size_bytes), stored.content_type, stored.size_bytes
    )
    if problem is None:
        head = objects.first_bytes(bucket, key, stored.etag, rules.SNIFF_BYTES)
        if head is None:
            logger.warning("Uploaded object changed before it was checked", extra={"key": key})
            return None  # the object now there has an event of its own
        problem = rules.matches_content(item.content_type, head)
    if problem is None:
        if media.mark_ready(item, stored.etag, utc_now()):
            count_business_event("MediaReady")
            return media.get_media(org_id, media_id, consistent=True)
        return None
    logger.warning("Upload rejected", extra={"key": key, "reason": problem})
    changed = media.mark_rejected(item, problem)
    objects.delete(bucket, key)
    if changed:
        count_business_event("MediaRejected")
        return media.get_media(org_id, media_id, consistent=True)
    return None


def _check_unchanged(item: MediaItem, bucket: str) -> MediaItem | None:
    """A redelivered event changes nothing; an object replaced after its check (while the upload
    form was still valid) is not what was checked, so it is rejected and deleted."""
    stored = objects.head(bucket, item.object_key)
    if stored is None or stored.etag == item.etag:
        return None
    logger.warning("Checked upload was replaced", extra={"key": item.object_key})
    changed = media.mark_replaced(item, stored.etag)
    objects.delete(bucket, item.object_key)
    if changed:
        count_business_event("MediaRejected")
        return media.get_media(item.org_id, item.media_id, consistent=True)
    return None
