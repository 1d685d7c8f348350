"""Uploaded media."""

from __future__ import annotations

from pynamodb.attributes import (
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)

from chalicelib.store.models.base import KringItem


class MediaItem(KringItem, discriminator="media"):
    """An upload: declared when the presigned POST is issued, checked when the object arrives."""

    media_id = UnicodeAttribute()
    object_key = UnicodeAttribute()
    owner_id = UnicodeAttribute(null=True)
    file_name = UnicodeAttribute(null=True)
    kind = UnicodeAttribute(null=True)  # image | video | document
    size_bytes = NumberAttribute()  # as declared; the object must match it
    content_type = UnicodeAttribute()  # as declared; the object must match it
    # pending -> ready | rejected; ready -> deleting (its post was deleted) -> deleted
    status = UnicodeAttribute()
    created_at = UTCDateTimeAttribute(null=True)
    etag = UnicodeAttribute(null=True)
    uploaded_at = UTCDateTimeAttribute(null=True)
    rejected_reason = UnicodeAttribute(null=True)
    post_id = UnicodeAttribute(null=True)  # the post it is attached to (one post at most)
    community_id = UnicodeAttribute(null=True)  # that post's community
    deleted_at = UTCDateTimeAttribute(null=True)
