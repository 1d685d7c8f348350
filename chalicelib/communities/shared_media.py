"""Media shared in a community (its cover, or attached to a post on its wall): who may see it.

Sharing follows the community and the post: readers of the community's wall see its ready media;
media of a post that a moderator holds or hid is for the community's moderators only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from chalicelib.communities.access import CommunityAccess
from chalicelib.errors import NotFound
from chalicelib.media import objects
from chalicelib.principal import Principal
from chalicelib.store import keys, media, memberships
from chalicelib.store.batch import get_items
from chalicelib.store.models import CommunityItem, CommunityMemberItem, MediaItem, PostItem

SHOWN_STATUSES = ("pending", "ready", "rejected", "deleting")
# A moderator may restore a post from these, so they may still look at its media.
REVIEWABLE_POST_STATUSES = ("hidden", "held")


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
