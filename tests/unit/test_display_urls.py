"""Display URLs carried in wall answers: how long they live, and which posts carry them."""

from __future__ import annotations

import pytest

from chalicelib.media.objects import DISPLAY_STEP_SECONDS, display_expiry
from chalicelib.store.models import AttachmentAttribute, PostItem
from chalicelib.wall.media_urls import display_download

QUARTER = 15 * 60


@pytest.mark.parametrize("now", [1_796_000_000, 1_796_000_000 + 1, 1_796_000_899, 1_796_000_900])
def test_a_display_url_lives_at_least_an_hour_and_ends_on_a_quarter_hour(now: int) -> None:
    expires = display_expiry(now)
    assert expires % DISPLAY_STEP_SECONDS == 0
    assert 3600 <= expires - now < 3600 + QUARTER


def test_every_answer_of_a_quarter_hour_carries_the_same_url_so_the_browser_keeps_the_image() -> None:
    start = 1_796_000_100 - 1_796_000_100 % QUARTER
    assert len({display_expiry(now) for now in range(start + 1, start + QUARTER + 1)}) == 1


def photo() -> AttachmentAttribute:
    return AttachmentAttribute(  # type: ignore[no-untyped-call]
        id="01JPHOTO00000000000000000",
        kind="image",
        content_type="image/png",
        object_key="orgs/acme/media/01JPHOTO00000000000000000/team.png",
    )


@pytest.mark.parametrize("status", ["held", "hidden", "deleted"])
def test_a_post_that_is_not_published_carries_no_url_for_its_media(status: str) -> None:
    post = PostItem("COMMUNITY#acme#c1", "POST#p1", post_id="p1", status=status, attachments=[photo()])
    assert display_download(post, photo()) is None


def test_a_post_published_before_object_keys_were_kept_leaves_its_readers_to_ask_for_the_media() -> None:
    older = AttachmentAttribute(id="01JOLD0000000000000000000", kind="image", content_type="image/png")  # type: ignore[no-untyped-call]
    post = PostItem("COMMUNITY#acme#c1", "POST#p1", post_id="p1", status="published", attachments=[older])
    assert display_download(post, older) is None
