"""Images on the wall come with the answer that shows them: a wall page, the home feed, the popular
posts and the pinned ones (the same page model), one post. No request per image; the URL goes only
to those who may read the post."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from chalicelib import ids
from chalicelib.communities import use_cases as communities
from chalicelib.communities.use_cases import NewCommunity
from chalicelib.store.attachment_keys import fill_object_keys
from chalicelib.store.models import PostItem
from chalicelib.wall import posts
from chalicelib.wall.posts import PostDraft
from local.emulator import LocalResources
from local.upgrades import fill_media_keys
from tests.support.media import PNG_BYTES, upload_ready_media
from tests.support.stack import ApiClient, start_test_stack, unique
from tests.support.streams import StreamDrain
from tests.support.world import OrgWorld, Person, _person, build_org

pytestmark = pytest.mark.usefixtures("direct_emulator")  # see tests/integration/conftest.py


@pytest.fixture(scope="module")
def org(resources: LocalResources) -> OrgWorld:
    start_test_stack()
    return build_org(resources, "shown")


@pytest.fixture(scope="module")
def colleague(resources: LocalResources, org: OrgWorld) -> Person:
    """A learner of the same organisation: reads the open community's wall, belongs to no community."""
    return _person(resources, org.org_id, "learner")


@pytest.fixture(scope="module")
def photo_post(org: OrgWorld) -> str:
    """The learner's post with a photo on the community's wall."""
    principal = org.learner.principal(org.org_id)
    image = upload_ready_media(principal)
    return posts.publish_post(principal, org.community_id, PostDraft("Our whiteboard", [], [image])).post_id


def attachment_in(page: dict[str, Any], post_id: str) -> dict[str, Any]:
    (post,) = [item for item in page["items"] if item["id"] == post_id]
    return dict(post["attachments"][0])


def expires(attachment: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(str(attachment["url_expires_at"]).replace("Z", "+00:00"))


def test_a_wall_page_the_home_feed_and_the_post_carry_the_photo_to_show(
    api: ApiClient, org: OrgWorld, colleague: Person, photo_post: str
) -> None:
    post_id = photo_post
    wall = api.get(f"/v1/communities/{org.community_id}/posts?limit=5", colleague.token).json()
    shown = attachment_in(wall, post_id)
    assert (shown["kind"], shown["content_type"], shown["file_name"]) == ("image", "image/png", "diagram.png")
    download = requests.get(shown["url"], timeout=10)
    assert download.status_code == 200 and download.content == PNG_BYTES
    # Good for a session's scrolling.
    assert expires(shown) - datetime.now(UTC) >= timedelta(hours=1)
    assert dict(parse_qsl(urlsplit(shown["url"]).query))["Expires"] == str(int(expires(shown).timestamp()))

    one = api.get(f"/v1/communities/{org.community_id}/posts/{post_id}", colleague.token).json()
    home = api.get("/v1/feed?limit=5", org.learner.token).json()
    # The same URL in every answer of the quarter hour: the browser's cache keeps the image.
    assert one["attachments"][0]["url"] == shown["url"]
    assert attachment_in(home, post_id)["url"] == shown["url"]
    # The author sees a new post's photo straight away.
    image = upload_ready_media(org.learner.principal(org.org_id), file_name="new.png")
    body = {"body": "One more", "media_ids": [image]}
    published = api.post(f"/v1/communities/{org.community_id}/posts", org.learner.token, body).json()
    assert requests.get(published["attachments"][0]["url"], timeout=10).content == PNG_BYTES


def test_a_reader_of_a_page_of_photos_makes_no_request_per_photo(
    api: ApiClient, org: OrgWorld, colleague: Person, photo_post: str
) -> None:
    principal = org.learner.principal(org.org_id)
    for n in range(3):
        image = upload_ready_media(principal, file_name=f"step-{n}.png")
        posts.publish_post(principal, org.community_id, PostDraft(f"Step {n}", [], [image]))
    one = api.get(f"/v1/communities/{org.community_id}/posts?limit=1", colleague.token)
    wall = api.get(f"/v1/communities/{org.community_id}/posts?limit=4", colleague.token)
    shown = [a for post in wall.json()["items"] for a in post["attachments"]]
    assert len(shown) == 4 and all(a["url"] for a in shown)
    # The same reads for one photo or four, none of a media item, no other AWS call: signing is local.
    assert [c.operation for c in wall.calls] == [c.operation for c in one.calls]
    assert "MEDIA#" not in json.dumps([c.params for c in wall.calls], default=str)


def test_a_member_of_another_community_gets_no_photo_url_through_these_answers(
    api: ApiClient, org: OrgWorld, org_b: OrgWorld, colleague: Person
) -> None:
    manager = org.manager.principal(org.org_id)
    board = communities.create_community(
        manager, NewCommunity(unique("board"), "The board", "Decide", ["digital"], "invite_only")
    )
    image = upload_ready_media(manager, file_name="budget.png")
    secret = posts.publish_post(manager, board.community_id, PostDraft("Next year's budget", [], [image]))
    board_wall = f"/v1/communities/{board.community_id}/posts"
    assert attachment_in(api.get(board_wall, org.manager.token).json(), secret.post_id)["url"]

    answers = [
        api.get(board_wall, colleague.token),
        api.get(f"{board_wall}/{secret.post_id}", colleague.token),
        api.get(f"/v1/communities/{board.community_id}/pinned", colleague.token),
        api.get("/v1/feed?limit=50", colleague.token),
        api.get("/v1/feed/popular?limit=50", colleague.token),
        api.get(board_wall, org_b.learner.token),
        api.get(f"{board_wall}/{secret.post_id}", org_b.learner.token),
        api.get("/v1/feed?limit=50", org_b.learner.token),
    ]
    for answer in answers:
        text = json.dumps(answer.json())
        assert image not in text, answer.body  # the id is in the URL's path too


def test_a_hidden_post_takes_its_photo_url_out_of_the_answers(
    api: ApiClient, org: OrgWorld, colleague: Person
) -> None:
    principal = org.learner.principal(org.org_id)
    image = upload_ready_media(principal, file_name="hidden.png")
    post = posts.publish_post(principal, org.community_id, PostDraft("Soon hidden", [], [image]))
    action = {"action": "hide", "target_kind": "post", "target_id": post.post_id, "reason": "Off topic"}
    hidden = api.post(f"/v1/communities/{org.community_id}/moderation/actions", org.manager.token, action)
    assert hidden.status == 200, hidden.body

    for token in (colleague.token, org.learner.token, org.manager.token):
        wall = api.get(f"/v1/communities/{org.community_id}/posts?limit=50", token).json()
        assert image not in json.dumps(wall)
        assert api.get(f"/v1/communities/{org.community_id}/posts/{post.post_id}", token).status == 404
    # Its moderators review it through the media itself.
    assert api.get(f"/v1/media/{image}", org.manager.token).json()["url"]


def test_an_expired_photo_url_is_replaced_by_reading_again_or_asking_for_the_media(
    api: ApiClient, org: OrgWorld, colleague: Person, photo_post: str
) -> None:
    post_path = f"/v1/communities/{org.community_id}/posts/{photo_post}"
    before = api.get(post_path, colleague.token).json()["attachments"][0]
    ids.travel(expires(before) - datetime.now(UTC) + timedelta(minutes=1))
    try:
        later = api.get(post_path, colleague.token).json()["attachments"][0]
        fresh = api.get(f"/v1/media/{before['id']}", colleague.token).json()
    finally:
        ids.travel(timedelta(0))
    assert later["url"] != before["url"] and expires(later) > expires(before) + timedelta(minutes=59)
    assert fresh["url"] and datetime.fromisoformat(fresh["url_expires_at"].replace("Z", "+00:00")) > expires(
        before
    )


# Posts published before they kept their images' object keys ------------------------------------


def _as_published_before_object_keys(post: PostItem) -> None:
    """Take the object keys off a stored post's attachments: how every post published before looks."""
    post.update(actions=[PostItem.attachments[n].object_key.remove() for n in range(len(post.attachments))])


def test_photos_of_posts_published_before_object_keys_come_with_the_answers_once_filled(
    api: ApiClient, org: OrgWorld, colleague: Person, drain_stream: StreamDrain
) -> None:
    principal = org.learner.principal(org.org_id)
    album = [upload_ready_media(principal, file_name=f"old-{n}.png") for n in range(2)]
    old = posts.publish_post(principal, org.community_id, PostDraft("Last year's offsite", [], album))
    gone = posts.publish_post(
        principal, org.community_id, PostDraft("Deleted since", [], [upload_ready_media(principal)])
    )
    drain_stream()
    points = api.get("/v1/me/points", org.learner.token).json()
    for post in (old, gone):
        _as_published_before_object_keys(post)
    posts.delete_post(principal, org.community_id, gone.post_id)
    post_path = f"/v1/communities/{org.community_id}/posts/{old.post_id}"
    before = api.get(post_path, colleague.token).json()
    assert [a.get("url") for a in before["attachments"]] == [None, None]  # readers would ask getMedia

    report = fill_media_keys()
    assert report.keys >= 2 and report.changed_meanwhile == 0
    assert fill_media_keys().keys == 0  # once filled, nothing left to do

    after = api.get(post_path, colleague.token)
    shown = after.json()["attachments"]
    assert [a["id"] for a in shown] == album
    assert all(requests.get(a["url"], timeout=10).content == PNG_BYTES for a in shown)
    assert "MEDIA#" not in json.dumps([c.params for c in after.calls], default=str)  # no media read
    # Nothing else of the post changed, and the deleted post got nothing.
    assert {k: v for k, v in after.json().items() if k != "attachments"} == {
        k: v for k, v in before.items() if k != "attachments"
    }
    stored = PostItem.get(gone.pk, gone.sk, consistent_read=True)
    assert [a.object_key for a in stored.attachments] == [None]
    drain_stream()  # the MODIFY records reach the consumer, which notifies and awards nothing
    assert api.get("/v1/me/points", org.learner.token).json() == points


def test_filling_object_keys_leaves_a_post_edited_meanwhile_as_it_is(org: OrgWorld) -> None:
    principal = org.learner.principal(org.org_id)
    post = posts.publish_post(
        principal, org.community_id, PostDraft("Swapped", [], [upload_ready_media(principal)])
    )
    _as_published_before_object_keys(post)
    read_by_the_scan = PostItem.get(post.pk, post.sk, consistent_read=True)
    # Meanwhile the attachment at that place became another media item (as an edit could make it).
    other = upload_ready_media(principal, file_name="other.png")
    post.update(actions=[PostItem.attachments[0].id.set(other)])

    assert fill_object_keys(read_by_the_scan).changed_meanwhile
    stored = PostItem.get(post.pk, post.sk, consistent_read=True)
    assert (stored.attachments[0].id, stored.attachments[0].object_key) == (other, None)
