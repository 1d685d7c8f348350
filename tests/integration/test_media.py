"""Media on S3: declare an upload, send it straight to S3, attach it to a post, stream it, delete it.

These tests read the policy the app signs and upload through it for real, as a phone does. The
emulator enforces the policy as S3 would (tests/integration/test_media_upload_policy.py), but
not URL expiry.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import boto3
import pytest
import requests
from chalice.test import Client

from chalicelib.config import get_config
from chalicelib.media import objects, uploads
from chalicelib.store import keys
from chalicelib.store.models import MediaItem
from local import emulator
from local.clock import LocalClock
from local.emulator import LocalResources
from tests.support.events import sample
from tests.support.media import (
    GIF_BYTES,
    HTML_BYTES,
    JPEG_BYTES,
    MP4_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    QUICKTIME_BYTES,
    SVG_BYTES,
    WEBM_BYTES,
    WEBP_BYTES,
    object_created,
    post_form,
    signed_policy,
    upload_ready_media,
)
from tests.support.stack import ApiClient, start_test_stack
from tests.support.world import OrgWorld, Person, _person, build_org

MB = 1024 * 1024


@pytest.fixture(scope="module")
def org(resources: LocalResources) -> OrgWorld:
    start_test_stack()
    return build_org(resources, "media")


def declare(api: ApiClient, token: str, content_type: str, size: int, name: str = "clip.mp4") -> Any:
    body = {"content_type": content_type, "size_bytes": size, "file_name": name}
    reply = api.post("/v1/media/uploads", token, body, headers={"Idempotency-Key": f"upload-{uuid.uuid4()}"})
    assert reply.status == 201, reply.body
    return reply.json()


def deliver(lambdas: Client, key: str) -> None:
    lambdas.lambda_.invoke("on_media_uploaded", object_created(key))


def s3(resources: LocalResources) -> Any:
    return boto3.client("s3", endpoint_url=resources.endpoint_url, region_name=emulator.LOCAL_REGION)


def object_exists(resources: LocalResources, key: str) -> bool:
    listed = s3(resources).list_objects_v2(Bucket=resources.media_bucket, Prefix=key)
    return any(obj["Key"] == key for obj in listed.get("Contents", []))


def stored(org: OrgWorld, media_id: str) -> MediaItem:
    return MediaItem.get(keys.org_pk(org.org_id), keys.media_sk(media_id), consistent_read=True)


def key_of(form: Any) -> str:
    return str(form["fields"]["key"])


# Declaring an upload -------------------------------------------------------------------------


def test_a_member_gets_an_upload_form_that_only_fits_what_they_declared(
    api: ApiClient, org: OrgWorld
) -> None:
    before = datetime.now(UTC)
    form = declare(api, org.learner.token, "video/mp4", 12 * MB, "Mijn vidéo (1).mp4")

    media_id = form["media_id"]
    key = f"orgs/{org.org_id}/media/{media_id}/Mijn-video-1.mp4"
    assert form["fields"]["key"] == key
    assert form["fields"]["Content-Type"] == "video/mp4"
    assert form["media"]["status"] == "pending" and form["media"]["url"] is None
    assert (form["media"]["kind"], form["media"]["size_bytes"]) == ("video", 12 * MB)

    policy = signed_policy(form["fields"])
    conditions = policy["conditions"]
    assert {"key": key} in conditions  # exactly this key, not a prefix
    assert {"Content-Type": "video/mp4"} in conditions
    assert ["content-length-range", 1, 500 * MB] in conditions
    assert {"bucket": "kring-local-media"} in conditions
    expiration = datetime.strptime(policy["expiration"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert timedelta(minutes=9) < expiration - before <= timedelta(minutes=11)
    assert form["expires_at"].startswith(expiration.strftime("%Y-%m-%dT%H:%M"))

    item = stored(org, media_id)
    assert (item.status, item.owner_id, item.object_key) == ("pending", org.learner.user_id, key)
    assert item.expires_at is not None  # an upload never made is forgotten


@pytest.mark.parametrize(
    ("content_type", "size", "status"),
    [
        ("text/html", 100, 422),
        ("application/x-msdownload", 100, 422),
        ("image/svg+xml", 100, 422),  # scripts inside images: not taken
        ("image/png", 0, 422),
        ("image/png", 10 * MB + 1, 413),
        ("video/mp4", 500 * MB + 1, 413),
        ("application/pdf", 20 * MB + 1, 413),
    ],
)
def test_types_outside_the_allowlist_and_sizes_above_their_maximum_are_refused(
    api: ApiClient, org: OrgWorld, content_type: str, size: int, status: int
) -> None:
    body = {"content_type": content_type, "size_bytes": size, "file_name": "x.bin"}
    reply = api.post("/v1/media/uploads", org.learner.token, body)
    assert reply.status == status
    assert reply.header("content-type") == "application/problem+json"


def test_a_retried_declaration_with_the_same_key_gets_the_same_upload(api: ApiClient, org: OrgWorld) -> None:
    body = {"content_type": "image/jpeg", "size_bytes": 2048, "file_name": "me.jpg"}
    headers = {"Idempotency-Key": f"upload-{uuid.uuid4()}"}
    first = api.post("/v1/media/uploads", org.learner.token, body, headers=headers)
    again = api.post("/v1/media/uploads", org.learner.token, body, headers=headers)
    assert first.status == again.status == 201
    assert again.header("Idempotent-Replayed") == "true"
    assert again.json()["media_id"] == first.json()["media_id"]


# Arrival -------------------------------------------------------------------------------------


def test_an_upload_through_the_form_becomes_ready_and_downloadable(
    api: ApiClient, lambdas: Client, org: OrgWorld
) -> None:
    form = declare(api, org.learner.token, "image/png", len(PNG_BYTES), "diagram.png")
    assert post_form(form["url"], form["fields"], PNG_BYTES, "diagram.png") == 204
    deliver(lambdas, key_of(form))

    media = api.get(f"/v1/media/{form['media_id']}", org.learner.token).json()
    assert media["status"] == "ready" and media["uploaded_at"]
    download = requests.get(media["url"], timeout=10)
    assert download.status_code == 200 and download.content == PNG_BYTES
    assert download.headers["Content-Type"] == "image/png"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    issued = datetime.fromisoformat(media["url_expires_at"].replace("Z", "+00:00"))
    assert timedelta(minutes=14) < issued - datetime.now(UTC) <= timedelta(minutes=15)
    # A CloudFront signed URL (canned policy) on the media distribution, valid until url_expires_at.
    url = urlsplit(media["url"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{get_config().media_cdn_url}/{key_of(form)}"
    signed = dict(parse_qsl(url.query))
    assert set(signed) == {"Expires", "Signature", "Key-Pair-Id"}
    assert int(signed["Expires"]) == int(issued.timestamp())
    assert signed["Key-Pair-Id"] == get_config().media_cdn_key_pair_id


def test_a_download_url_is_only_good_as_issued(api: ApiClient, lambdas: Client, org: OrgWorld) -> None:
    media_id = upload_ready_media(org.learner.principal(org.org_id))
    url = api.get(f"/v1/media/{media_id}", org.learner.token).json()["url"]
    assert requests.get(url, timeout=10).status_code == 200

    other_object = url.replace("/diagram.png?", "/other.png?")
    longer = re.sub(r"Expires=(\d+)", lambda m: f"Expires={int(m[1]) + 3600}", url)
    unsigned = url.split("?")[0]
    for tampered in (other_object, longer, unsigned):
        refused = requests.get(tampered, timeout=10)
        assert refused.status_code == 403, tampered
        assert refused.headers["X-Content-Type-Options"] == "nosniff"


def test_a_video_streams_with_range_requests(api: ApiClient, lambdas: Client, org: OrgWorld) -> None:
    form = declare(api, org.learner.token, "video/mp4", len(MP4_BYTES), "lesson.mp4")
    assert post_form(form["url"], form["fields"], MP4_BYTES, "lesson.mp4") == 204
    deliver(lambdas, key_of(form))
    url = api.get(f"/v1/media/{form['media_id']}", org.learner.token).json()["url"]

    part = requests.get(url, headers={"Range": "bytes=1000-1999"}, timeout=10)
    assert part.status_code == 206
    assert part.headers["Content-Range"] == f"bytes 1000-1999/{len(MP4_BYTES)}"
    assert part.content == MP4_BYTES[1000:2000]


@pytest.mark.parametrize(
    ("content", "content_type", "name", "disposition"),
    [
        (PNG_BYTES, "image/png", "diagram.png", 'inline; filename="diagram.png"'),
        (WEBM_BYTES, "video/webm", "demo.webm", 'inline; filename="demo.webm"'),
        (PDF_BYTES, "application/pdf", "Notes (v2).pdf", 'attachment; filename="Notes-v2.pdf"'),
    ],
)
def test_downloads_name_their_checked_type_and_only_images_and_video_show_inline(
    api: ApiClient, org: OrgWorld, content: bytes, content_type: str, name: str, disposition: str
) -> None:
    form = declare(api, org.learner.token, content_type, len(content), name)
    # The object itself keeps the same headers, signed into the upload form.
    assert form["fields"]["Content-Disposition"] == disposition
    assert {"Content-Disposition": disposition} in signed_policy(form["fields"])["conditions"]
    assert post_form(form["url"], form["fields"], content, name) == 204
    checked = uploads.record_uploaded_object(object_created(key_of(form))["detail"])
    assert checked is not None and checked.status == "ready"

    url = api.get(f"/v1/media/{form['media_id']}", org.learner.token).json()["url"]
    download = requests.get(url, timeout=10)
    assert download.status_code == 200 and download.content == content
    assert download.headers["Content-Type"] == content_type
    assert download.headers["Content-Disposition"] == disposition


def test_an_object_that_is_not_what_was_declared_is_rejected_and_deleted(
    api: ApiClient, lambdas: Client, resources: LocalResources, org: OrgWorld
) -> None:
    form = declare(api, org.learner.token, "image/png", 4096, "photo.png")
    # What the signed policy forbids, but a misbehaving client could try elsewhere: other type and size.
    s3(resources).put_object(
        Bucket=resources.media_bucket,
        Key=key_of(form),
        Body=b"<html>not a png</html>",
        ContentType="text/html",
    )
    deliver(lambdas, key_of(form))

    assert not object_exists(resources, key_of(form))
    media = api.get(f"/v1/media/{form['media_id']}", org.learner.token).json()
    assert (media["status"], media["url"]) == ("rejected", None)
    assert "content type" in (stored(org, form["media_id"]).rejected_reason or "")


def test_a_size_other_than_declared_is_rejected(
    api: ApiClient, lambdas: Client, resources: LocalResources, org: OrgWorld
) -> None:
    form = declare(api, org.learner.token, "image/png", 4096, "photo.png")
    assert post_form(form["url"], form["fields"], PNG_BYTES[:100], "photo.png") == 204
    deliver(lambdas, key_of(form))
    assert stored(org, form["media_id"]).status == "rejected"
    assert not object_exists(resources, key_of(form))


@pytest.mark.parametrize(
    ("content", "declared", "shown"),
    [
        (HTML_BYTES, "image/png", "no type we take"),  # a page that would run in the browser
        (SVG_BYTES, "image/png", "no type we take"),  # an image that can hold scripts
        (PNG_BYTES, "image/jpeg", "image/png"),
        (PDF_BYTES, "video/mp4", "application/pdf"),
        (HTML_BYTES, "application/pdf", "no type we take"),
    ],
)
def test_the_first_bytes_decide_the_type_and_a_mismatch_is_rejected_and_deleted(
    api: ApiClient,
    lambdas: Client,
    resources: LocalResources,
    org: OrgWorld,
    content: bytes,
    declared: str,
    shown: str,
) -> None:
    # Uploaded through the form exactly as signed: the declared type and size, only the bytes lie.
    form = declare(api, org.learner.token, declared, len(content), "innocent.png")
    assert post_form(form["url"], form["fields"], content, "innocent.png") == 204
    deliver(lambdas, key_of(form))

    assert not object_exists(resources, key_of(form))
    media = api.get(f"/v1/media/{form['media_id']}", org.learner.token).json()
    assert (media["status"], media["url"]) == ("rejected", None)
    assert media["rejected_reason"] == f"the file's content is {shown}, not the declared {declared}"


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (JPEG_BYTES, "image/jpeg"),
        (GIF_BYTES, "image/gif"),
        (WEBP_BYTES, "image/webp"),
        (QUICKTIME_BYTES, "video/quicktime"),
        (MP4_BYTES, "video/quicktime"),  # phones label the same container either way
        (PDF_BYTES, "application/pdf"),
    ],
)
def test_files_that_are_what_they_say_become_ready(org: OrgWorld, content: bytes, content_type: str) -> None:
    media_id = upload_ready_media(org.learner.principal(org.org_id), content, content_type, "file.bin")
    assert stored(org, media_id).status == "ready"


def test_the_first_bytes_are_read_from_the_object_that_was_checked(resources: LocalResources) -> None:
    key = "orgs/first-bytes/media/01JFIRSTBYTES000000000000/a.png"
    put = s3(resources).put_object(Bucket=resources.media_bucket, Key=key, Body=PNG_BYTES)
    etag = put["ETag"].strip('"')
    assert objects.first_bytes(resources.media_bucket, key, etag, 64) == PNG_BYTES[:64]
    # Replaced since it was looked at: that object is not the one checked; its own event checks it.
    s3(resources).put_object(Bucket=resources.media_bucket, Key=key, Body=HTML_BYTES)
    assert objects.first_bytes(resources.media_bucket, key, etag, 64) is None
    s3(resources).delete_object(Bucket=resources.media_bucket, Key=key)
    assert objects.first_bytes(resources.media_bucket, key, etag, 64) is None


def test_redelivered_events_change_nothing(
    api: ApiClient, lambdas: Client, resources: LocalResources, org: OrgWorld
) -> None:
    form = declare(api, org.learner.token, "image/png", len(PNG_BYTES), "again.png")
    post_form(form["url"], form["fields"], PNG_BYTES)
    deliver(lambdas, key_of(form))
    ready = stored(org, form["media_id"])
    deliver(lambdas, key_of(form))  # EventBridge delivers at least once
    replayed = stored(org, form["media_id"])
    assert replayed.status == "ready" and replayed.uploaded_at == ready.uploaded_at
    assert object_exists(resources, key_of(form))


def test_an_object_replaced_after_its_check_is_rejected_and_deleted(
    api: ApiClient, lambdas: Client, resources: LocalResources, org: OrgWorld
) -> None:
    form = declare(api, org.learner.token, "image/png", len(PNG_BYTES), "swap.png")
    post_form(form["url"], form["fields"], PNG_BYTES)
    deliver(lambdas, key_of(form))
    assert stored(org, form["media_id"]).status == "ready"
    # The form is valid for 10 minutes: a second upload through it replaces what was checked.
    swapped = PNG_BYTES[::-1]
    post_form(form["url"], form["fields"], swapped)
    deliver(lambdas, key_of(form))
    assert stored(org, form["media_id"]).status == "rejected"
    assert not object_exists(resources, key_of(form))


def test_objects_nobody_declared_are_deleted(
    api: ApiClient, lambdas: Client, resources: LocalResources, org: OrgWorld, org_b: OrgWorld
) -> None:
    form = declare(api, org.learner.token, "image/png", len(PNG_BYTES), "mine.png")
    media_id = form["media_id"]
    undeclared = [
        f"orgs/{org_b.org_id}/media/{media_id}/mine.png",  # my media id under another organisation
        f"orgs/{org.org_id}/media/01JNOSUCHMEDIA00000000000/x.png",  # no such upload
        f"orgs/{org.org_id}/media/{media_id}/not-the-signed-name.png",  # not the name it was signed for
        f"orgs/{org.org_id}/media/{media_id}/nested/page.html",  # outside the key layout
    ]
    for key in undeclared:
        s3(resources).put_object(
            Bucket=resources.media_bucket, Key=key, Body=PNG_BYTES, ContentType="image/png"
        )
        assert lambdas.lambda_.invoke("on_media_uploaded", object_created(key)).payload is None
        assert not object_exists(resources, key), key
    assert stored(org, media_id).status == "pending"  # the declared upload is still to come

    # Outside the media prefix the handler has no say (and no permission): left alone.
    s3(resources).put_object(Bucket=resources.media_bucket, Key="somewhere/else.txt", Body=b"x")
    lambdas.lambda_.invoke("on_media_uploaded", object_created("somewhere/else.txt"))
    assert object_exists(resources, "somewhere/else.txt")


def test_the_event_sample_has_the_shape_the_handler_reads() -> None:
    event = sample("s3_media_object_created.json")
    assert event["source"] == "aws.s3" and event["detail-type"] == "Object Created"
    assert event["detail"]["bucket"]["name"] and event["detail"]["object"]["key"].startswith("orgs/")


# Who sees what -------------------------------------------------------------------------------


def test_others_see_media_only_once_it_is_ready_and_on_a_wall_they_can_read(
    api: ApiClient, lambdas: Client, org: OrgWorld
) -> None:
    form = declare(api, org.learner.token, "image/png", len(PNG_BYTES), "team.png")
    media_path = f"/v1/media/{form['media_id']}"
    assert api.get(media_path, org.manager.token).status == 404  # pending: only its uploader knows it
    post_form(form["url"], form["fields"], PNG_BYTES)
    deliver(lambdas, key_of(form))
    assert api.get(media_path, org.manager.token).status == 404  # ready but not shared yet

    body = {"body": "Our team photo", "media_ids": [form["media_id"]]}
    assert api.post(f"/v1/communities/{org.community_id}/posts", org.learner.token, body).status == 201
    shared = api.get(media_path, org.manager.token)
    assert shared.status == 200 and shared.json()["url"]


# A post a moderator acts on takes its media with it ---------------------------------------


@pytest.fixture(scope="module")
def colleague(resources: LocalResources, org: OrgWorld) -> Person:
    """A learner of the same organisation who can read the community's wall, nothing more."""
    return _person(resources, org.org_id, "learner")


def shared_image(api: ApiClient, org: OrgWorld) -> tuple[str, str]:
    """A ready image of the learner, attached to a new post on the community's wall: (media, post)."""
    image = upload_ready_media(org.learner.principal(org.org_id))
    posts = f"/v1/communities/{org.community_id}/posts"
    reply = api.post(posts, org.learner.token, {"body": "Look at this", "media_ids": [image]})
    assert reply.status == 201, reply.body
    return image, reply.json()["id"]


def moderate(api: ApiClient, org: OrgWorld, action: str, post_id: str) -> None:
    body = {"action": action, "target_kind": "post", "target_id": post_id, "reason": "Not for this wall"}
    reply = api.post(f"/v1/communities/{org.community_id}/moderation/actions", org.manager.token, body)
    assert reply.status == 200, reply.body


def test_media_of_a_hidden_post_is_not_served_until_a_moderator_restores_it(
    api: ApiClient, org: OrgWorld, colleague: Person
) -> None:
    image, post_id = shared_image(api, org)
    media_path = f"/v1/media/{image}"
    assert api.get(media_path, colleague.token).json()["url"]

    moderate(api, org, "hide", post_id)
    assert api.get(media_path, colleague.token).status == 404
    mine = api.get(media_path, org.learner.token).json()
    assert (mine["status"], mine["url"]) == ("withheld", None)
    assert api.get(media_path, org.manager.token).json()["url"]  # the moderator can still review it
    assert stored(org, image).status == "ready"  # kept: a moderator may restore the post

    moderate(api, org, "restore", post_id)
    assert api.get(media_path, colleague.token).json()["url"]
    assert api.get(media_path, org.learner.token).json()["status"] == "ready"


def test_media_of_a_post_a_moderator_removed_is_not_served_and_is_deleted_a_day_later(
    api: ApiClient, resources: LocalResources, org: OrgWorld, colleague: Person
) -> None:
    image, post_id = shared_image(api, org)
    moderate(api, org, "remove", post_id)

    media_path = f"/v1/media/{image}"
    assert api.get(media_path, colleague.token).status == 404
    assert api.get(media_path, org.manager.token).status == 404  # removed is final, for moderators too
    mine = api.get(media_path, org.learner.token).json()
    assert (mine["status"], mine["url"]) == ("deleting", None)
    schedule = schedule_named(resources, f"delete-media-{post_id}")
    assert schedule is not None
    assert json.loads(schedule["Target"]["Input"])["args"] == {"media_ids": [image], "post_id": post_id}


# Attaching to posts --------------------------------------------------------------------------


def test_a_post_attaches_my_ready_media_and_shows_id_kind_and_type(api: ApiClient, org: OrgWorld) -> None:
    principal = org.learner.principal(org.org_id)
    image = upload_ready_media(principal)
    video = upload_ready_media(principal, WEBM_BYTES, "video/webm", "demo.webm")
    posts = f"/v1/communities/{org.community_id}/posts"
    reply = api.post(posts, org.learner.token, {"body": "Two attachments", "media_ids": [image, video]})
    assert reply.status == 201, reply.body
    post = reply.json()
    assert post["media_ids"] == [image, video]
    shown = [(a["id"], a["kind"], a["content_type"], a["file_name"]) for a in post["attachments"]]
    assert shown == [
        (image, "image", "image/png", "diagram.png"),
        (video, "video", "video/webm", "demo.webm"),
    ]
    read = api.get(f"{posts}/{post['id']}", org.manager.token)
    assert read.json()["attachments"] == post["attachments"]  # with their display URLs
    assert len(read.calls) <= 3  # no read per attachment

    again = api.post(posts, org.learner.token, {"body": "Same image twice", "media_ids": [image]})
    assert again.status == 422 and "already attached" in json.dumps(again.json()["errors"])


def test_a_post_cannot_attach_media_that_is_not_my_own_ready_upload(
    api: ApiClient, org: OrgWorld, org_b: OrgWorld
) -> None:
    mine_pending = declare(api, org.learner.token, "image/png", 10, "later.png")["media_id"]
    theirs = upload_ready_media(org.manager.principal(org.org_id))
    other_org = org_b.media_id
    bad = [mine_pending, theirs, other_org, "01JNOSUCHMEDIA00000000000", "../../etc"]
    posts = f"/v1/communities/{org.community_id}/posts"
    reply = api.post(posts, org.learner.token, {"body": "Borrowed media", "media_ids": bad})
    assert reply.status == 422
    messages = [error["message"] for error in reply.json()["errors"]]
    assert all(any(message.startswith(media_id) for message in messages) for media_id in bad)
    assert api.get(f"/v1/media/{theirs}", org.learner.token).status == 404
    assert stored(org, theirs).post_id is None


# Deleting ------------------------------------------------------------------------------------


def schedule_named(resources: LocalResources, name: str) -> dict[str, Any] | None:
    scheduler = boto3.client(
        "scheduler", endpoint_url=resources.endpoint_url, region_name=emulator.LOCAL_REGION
    )
    try:
        return scheduler.get_schedule(Name=name, GroupName=emulator.SCHEDULE_GROUP)  # type: ignore[no-any-return]
    except scheduler.exceptions.ResourceNotFoundException:
        return None


def test_deleting_a_post_deletes_its_media_a_day_later(
    api: ApiClient, resources: LocalResources, org: OrgWorld, tmp_path: Path
) -> None:
    image = upload_ready_media(org.learner.principal(org.org_id))
    posts = f"/v1/communities/{org.community_id}/posts"
    post = api.post(posts, org.learner.token, {"body": "Short-lived", "media_ids": [image]}).json()
    key = stored(org, image).object_key
    deleted_at = datetime.now(UTC)
    assert api.call("DELETE", f"{posts}/{post['id']}", org.learner.token).status == 204

    schedule = schedule_named(resources, f"delete-media-{post['id']}")
    assert schedule is not None
    when = datetime.strptime(schedule["ScheduleExpression"], "at(%Y-%m-%dT%H:%M:%S)").replace(tzinfo=UTC)
    assert timedelta(hours=23, minutes=59) < when - deleted_at <= timedelta(hours=24, minutes=1)
    assert schedule["ScheduleExpressionTimezone"] == "UTC"
    assert schedule["ActionAfterCompletion"] == "DELETE"
    target = schedule["Target"]
    assert target["Arn"] == emulator.SCHEDULED_JOB_FUNCTION_ARN
    assert target["RoleArn"] == emulator.SCHEDULER_ROLE_ARN
    assert target["DeadLetterConfig"] == {"Arn": emulator.SCHEDULER_DLQ_ARN}
    assert target["RetryPolicy"]["MaximumRetryAttempts"] >= 1
    assert json.loads(target["Input"]) == {
        "job": "delete_media",
        "org_id": org.org_id,
        "args": {"media_ids": [image], "post_id": post["id"]},
    }
    # Meanwhile it is no longer served, even to its uploader; the object is still there.
    waiting = api.get(f"/v1/media/{image}", org.learner.token).json()
    assert (waiting["status"], waiting["url"]) == ("deleting", None)
    assert object_exists(resources, key)

    import app as app_module

    moment = {"now": deleted_at + timedelta(hours=23)}
    clock = LocalClock(
        app_module.app,
        resources.endpoint_url,
        now=lambda: moment["now"],
        state_file=tmp_path / "fired.json",
        dead_letter_file=tmp_path / "dead-letters.json",
    )
    assert f"delete-media-{post['id']}" not in clock.tick()
    moment["now"] = deleted_at + timedelta(hours=24, minutes=2)
    assert f"delete-media-{post['id']}" in clock.tick()

    assert not object_exists(resources, key)
    assert stored(org, image).status == "deleted"
    assert api.get(f"/v1/media/{image}", org.learner.token).status == 404
    assert schedule_named(resources, f"delete-media-{post['id']}") is None  # one-time: deleted after firing
    # Deleting the post again schedules nothing more.
    assert api.call("DELETE", f"{posts}/{post['id']}", org.learner.token).status == 204
    assert schedule_named(resources, f"delete-media-{post['id']}") is None


def test_the_delete_media_job_can_run_twice(
    lambdas: Client, resources: LocalResources, org: OrgWorld
) -> None:
    image = upload_ready_media(org.learner.principal(org.org_id))
    item = stored(org, image)
    item.update(actions=[MediaItem.post_id.set("01JSOMEPOST00000000000000")])
    payload = sample("scheduler_delete_media.json")  # what the schedule's target Input holds
    payload["org_id"] = org.org_id
    payload["args"] = {
        "media_ids": [image, "01JNOSUCHMEDIA00000000000"],
        "post_id": "01JSOMEPOST00000000000000",
    }
    first = lambdas.lambda_.invoke("run_scheduled_job", payload).payload
    second = lambdas.lambda_.invoke("run_scheduled_job", payload).payload
    assert first["result"] == {"deleted": 1, "skipped": 1}
    assert second["result"] == {"deleted": 0, "skipped": 2}
    assert not object_exists(resources, item.object_key)
    # Media of another post is never touched by a job for this one.
    other = upload_ready_media(org.learner.principal(org.org_id))
    payload["args"] = {"media_ids": [other], "post_id": "01JSOMEPOST00000000000000"}
    assert lambdas.lambda_.invoke("run_scheduled_job", payload).payload["result"] == {
        "deleted": 0,
        "skipped": 1,
    }
    assert stored(org, other).status == "ready"
