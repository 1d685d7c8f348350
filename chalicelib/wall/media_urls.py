"""Display URLs of a post's attachments, carried in the answers that show the post.

A post's media is served to exactly those who may read the post while it is published
(chalicelib/communities/shared_media.py); every answer that carries a post has already checked
that its caller reads the post's wall. So a published post's attachments get their signed URL in
the answer itself, and a held or hidden one's get none (its moderators review it through
GET /v1/media/{id}). Signing is local CPU, no AWS call, and cached per object and quarter hour.
"""

from __future__ import annotations

from chalicelib.media import objects
from chalicelib.media.objects import SignedDownload
from chalicelib.store.models import AttachmentAttribute, PostItem


def display_download(post: PostItem, attachment: AttachmentAttribute) -> SignedDownload | None:
    """The attachment's display URL for a reader of the post, or None when the answer must not
    carry one (the post is not published) or cannot (published before its object key was kept)."""
    if post.status != "published" or not attachment.object_key:
        return None
    return objects.display_download(str(attachment.object_key))
