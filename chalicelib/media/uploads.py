"""Recording objects that arrive in the media bucket (EventBridge "Object Created" events).

Keys are orgs/{org_id}/media/{media_id}/{file name}; the organisation is taken from the key
the app itself signed for the upload. The wall issue adds checks of what arrived.
"""

from __future__ import annotations

import re
from typing import Any

from pynamodb.exceptions import PutError

from chalicelib.clients import aws_client
from chalicelib.ids import utc_now
from chalicelib.observability import logger
from chalicelib.store import keys
from chalicelib.store.models import MediaItem
from chalicelib.store.organisations import is_condition_failure

_MEDIA_KEY = re.compile(r"^orgs/(?P<org>[a-z0-9-]{1,40})/media/(?P<media>[A-Za-z0-9]{10,40})/[^/]{1,200}$")


def record_uploaded_object(detail: dict[str, Any]) -> MediaItem | None:
    bucket = detail.get("bucket", {}).get("name")
    key = detail.get("object", {}).get("key", "")
    match = _MEDIA_KEY.match(key)
    if not bucket or match is None:
        logger.warning("Object outside the media layout ignored", extra={"key": key})
        return None
    head = aws_client("s3").head_object(Bucket=bucket, Key=key)
    item = MediaItem(
        keys.org_pk(match["org"]),
        keys.media_sk(match["media"]),
        org_id=match["org"],
        media_id=match["media"],
        object_key=key,
        size_bytes=int(head.get("ContentLength", 0)),
        content_type=str(head.get("ContentType", "application/octet-stream")),
        etag=str(head.get("ETag", "")).strip('"'),
        status="uploaded",
        uploaded_at=utc_now(),
    )
    try:
        item.save(condition=MediaItem.pk.does_not_exist())
    except PutError as exc:
        if is_condition_failure(exc):
            return None  # a redelivered event: already recorded
        raise
    return item
