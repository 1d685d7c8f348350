"""Media in use: what a post (or a community's cover) may attach, and deleting it after its post is
deleted. Who may see media shared in a community: chalicelib/communities/shared_media.py."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from chalicelib.config import get_config
from chalicelib.errors import ValidationFailed
from chalicelib.ids import utc_now
from chalicelib.media import objects
from chalicelib.observability import count_business_event, logger
from chalicelib.principal import Principal
from chalicelib.scheduler import schedule_job_once
from chalicelib.store import media
from chalicelib.store.batch import get_items
from chalicelib.store.models import MediaItem

DELETE_AFTER = timedelta(hours=24)
DELETE_MEDIA_JOB = "delete_media"
MEDIA_ID = re.compile(r"^[0-9A-Za-z]{10,40}$")


def attachable_media(principal: Principal, media_ids: list[str]) -> list[MediaItem]:
    """The caller's own ready, unattached media, in the order given (one BatchGetItem); 422 names the rest."""
    wanted = list(dict.fromkeys(media_ids))
    if not wanted:
        return []
    valid = [media_id for media_id in wanted if MEDIA_ID.match(media_id)]
    found = get_items([media.media_key(principal.org_id, media_id) for media_id in valid])
    attachable: list[MediaItem] = []
    problems: list[dict[str, Any]] = []
    for media_id in wanted:
        item = found.get(media.media_key(principal.org_id, media_id)) if media_id in valid else None
        reason = _why_not_attachable(principal, item)
        if reason is None and isinstance(item, MediaItem):
            attachable.append(item)
        else:
            problems.append({"field": "media_ids", "message": f"{media_id}: {reason}", "code": "media"})
    if problems:
        raise ValidationFailed("Only your own uploaded media that is ready can be attached.", problems)
    return attachable


def _why_not_attachable(principal: Principal, item: object) -> str | None:
    if not isinstance(item, MediaItem) or item.status == "deleted":
        return "no such media"
    if item.owner_id != principal.user_id:
        return "not your upload"
    if item.status != "ready":
        return f"not ready ({item.status})"
    if item.post_id:
        return "already attached to another post"
    return None


def schedule_deletion(
    org_id: str, post_id: str, media_ids: list[str], now: datetime | None = None, retry: bool = False
) -> bool:
    """The media of a deleted post stops being served now and is deleted a day later.

    Idempotent: marking is conditional and the schedule's name is the post's, so calling it again
    changes nothing. `retry` (the post was already deleted) first checks that some of its media is
    still waiting, so a finished deletion is not scheduled again.
    """
    if not media_ids:
        return False
    if retry:
        found = get_items([media.media_key(org_id, media_id) for media_id in media_ids])
        if not any(
            isinstance(item, MediaItem) and item.status in ("ready", "deleting") and item.post_id == post_id
            for item in found.values()
        ):
            return False
    for media_id in media_ids:
        media.mark_deleting(org_id, media_id, post_id)
    when = (now or utc_now()) + DELETE_AFTER
    return schedule_job_once(
        f"delete-media-{post_id}",
        when,
        DELETE_MEDIA_JOB,
        org_id,
        {"media_ids": list(media_ids), "post_id": post_id},
    )


def delete_media(org_id: str, media_ids: list[str], post_id: str | None = None) -> dict[str, int]:
    """The scheduled job: delete the objects and mark the items deleted. Safe to run again."""
    bucket = get_config().media_bucket
    deleted = skipped = 0
    for media_id in dict.fromkeys(str(m) for m in media_ids):
        item = media.get_media(org_id, media_id, consistent=True) if MEDIA_ID.match(media_id) else None
        if item is None or item.status == "deleted" or (post_id is not None and item.post_id != post_id):
            skipped += 1
            continue
        objects.delete(bucket, item.object_key)
        if media.mark_deleted(item, utc_now()):
            deleted += 1
        else:
            skipped += 1
    if deleted:
        count_business_event("MediaDeleted")
    logger.info("Media deleted", extra={"org_id": org_id, "deleted": deleted, "skipped": skipped})
    return {"deleted": deleted, "skipped": skipped}
