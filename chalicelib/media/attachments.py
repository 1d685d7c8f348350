"""Media in use: who may see it, what a post may attach, and deleting it after its post is deleted."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from chalicelib.communities.access import CommunityAccess
from chalicelib.config import get_config
from chalicelib.errors import NotFound, ValidationFailed
from chalicelib.ids import utc_now
from chalicelib.jobs.schedules import schedule_job_once
from chalicelib.media import objects
from chalicelib.observability import count_business_event, logger
from chalicelib.principal import Principal
from chalicelib.store import keys, media, memberships
from chalicelib.store.batch import get_items
from chalicelib.store.models import CommunityItem, CommunityMemberItem, MediaItem, PostItem

DELETE_AFTER = timedelta(hours=24)
DELETE_MEDIA_JOB = "delete_media"
SHOWN_STATUSES = ("pending", "ready", "rejected", "deleting")
# A moderator may restore a post from these, so they may still look at its media.
REVIEWABLE_POST_STATUSES = ("hidden", "held")
_MEDIA_ID = re.compile(r"^[0-9A-Za-z]{10,40}$")


@dataclass(frozen=True)
class MediaView:
    item: MediaItem
    url: str | None
    url_expires_at: datetime | None
    status: str = ""  # as shown: the item's, or `withheld` while its post is not published

    @property
    def shown_status(self) -> str:
        return self.status or self.item.status


def view_media(principal: Principal, media_id: str) -> MediaView:
    """A media item and, when it may be served, a short-lived download URL.

    The uploader sees their own media in every state. Others see it only once it is ready and
    shared in a community whose wall they can read: as its cover, or attached to a post. Media of
    a post follows the post: served while it is published; while a moderator holds or hides it,
    only the community's moderators (reviewing it) get a URL and its uploader sees it `withheld`;
    a deleted post's media is not served at all. Anything else is simply not there for others.
    """
    item = media.get_media(principal.org_id, media_id)
    if item is None or item.status not in SHOWN_STATUSES or item.kind is None:
        raise NotFound("No media with this id in your organisation.")
    sharing = _sharing(principal, item) if item.status == "ready" and item.community_id else "unshared"
    if item.owner_id != principal.user_id and sharing != "served":
        raise NotFound("No media with this id in your organisation.")
    if item.status != "ready":
        return MediaView(item, None, None)
    if sharing == "withheld":
        return MediaView(item, None, None, status="withheld")
    download = objects.signed_download(item.object_key)
    return MediaView(item, download.url, download.expires_at)


def _sharing(principal: Principal, item: MediaItem) -> str:
    """`served` to this caller, `withheld` (its post is not published), or `unreadable` (the caller
    may not read the community). One request: the community, the caller's membership, the post."""
    org_id, community_id = principal.org_id, str(item.community_id)
    community_key = (keys.org_pk(org_id), keys.community_sk(community_id))
    membership_key = memberships.membership_key(org_id, community_id, principal.user_id)
    post_key = (keys.community_pk(org_id, community_id), keys.post_sk(item.post_id)) if item.post_id else None
    found = get_items([community_key, membership_key] + ([post_key] if post_key else []))
    community, membership = found.get(community_key), found.get(membership_key)
    if not isinstance(community, CommunityItem):
        return "unreadable"
    access = CommunityAccess(
        principal, community, membership if isinstance(membership, CommunityMemberItem) else None
    )
    post = found.get(post_key) if post_key else None
    if post_key is not None and (not isinstance(post, PostItem) or post.status != "published"):
        reviewing = isinstance(post, PostItem) and post.status in REVIEWABLE_POST_STATUSES
        return "served" if reviewing and access.is_moderator else "withheld"
    return "served" if access.can_read_wall else "unreadable"


def attachable_media(principal: Principal, media_ids: list[str]) -> list[MediaItem]:
    """The caller's own ready, unattached media, in the order given (one BatchGetItem); 422 names the rest."""
    wanted = list(dict.fromkeys(media_ids))
    if not wanted:
        return []
    valid = [media_id for media_id in wanted if _MEDIA_ID.match(media_id)]
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
        item = media.get_media(org_id, media_id, consistent=True) if _MEDIA_ID.match(media_id) else None
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
