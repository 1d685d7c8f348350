"""Object keys for the attachments of posts published before posts kept them.

A post copies each attachment's object key from its media item when it is published, so an answer
that shows the post signs the display URL without reading the media item (docs/decisions.md,
"display URLs in the answers"). Posts published before that have none: their readers ask
`GET /v1/media/{id}` for each image. `fill_object_keys` gives such a post the keys of its media
items; it is called by a one-off operator command (`kring fill-media-keys`, local/upgrades.py),
never by a request or the consumer.
"""

from __future__ import annotations

from dataclasses import dataclass

from pynamodb.exceptions import UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.operand import Path
from pynamodb.expressions.update import Action

from chalicelib.store.conditions import is_condition_failure
from chalicelib.store.media import get_media
from chalicelib.store.models import PostItem

# A media item on its way out (its post was deleted): its object is gone or going, nothing to show.
GONE_MEDIA = ("deleting", "deleted")


@dataclass(frozen=True)
class Filled:
    keys: int = 0  # attachments given their object key
    without_media: int = 0  # attachments whose media item is gone: left as they are
    changed_meanwhile: bool = False  # the post changed under us: left as it is now


def _attachment(index: int, field: str) -> Path:
    """A field of the post's attachment at `index` (`attachments[1].object_key`)."""
    return Path([f"{PostItem.attachments.attr_name}[{index}]", field])


def needs_keys(post: PostItem) -> bool:
    return post.status != "deleted" and any(not attachment.object_key for attachment in post.attachments)


def fill_object_keys(post: PostItem) -> Filled:
    """Copy the object key of each attachment's media item into the post, on the condition that
    the post is still there and each attachment at its place is still the same media item without
    a key: a post deleted, edited or filled meanwhile is left as it is, so running it again (or
    beside live traffic) changes nothing more. The stream consumer reads nothing of this change."""
    actions: list[Action] = []
    conditions: list[Condition] = [PostItem.pk.exists()]
    without_media = 0
    for index, attachment in enumerate(post.attachments):
        if attachment.object_key:
            continue
        media = get_media(post.org_id, attachment.id, consistent=True)
        if media is None or media.status in GONE_MEDIA or not media.object_key:
            without_media += 1
            continue
        actions.append(_attachment(index, "object_key").set(media.object_key))
        conditions.append(_attachment(index, "id") == attachment.id)
        conditions.append(_attachment(index, "object_key").does_not_exist())
    if not actions:
        return Filled(without_media=without_media)
    condition = conditions[0]
    for more in conditions[1:]:
        condition &= more
    try:
        post.update(actions=actions, condition=condition)
    except UpdateError as exc:
        if not is_condition_failure(exc):
            raise
        return Filled(without_media=without_media, changed_meanwhile=True)
    return Filled(keys=len(actions), without_media=without_media)
