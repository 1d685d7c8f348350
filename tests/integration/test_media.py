"""Media on S3: declare an upload, send it straight to S3, attach it to a post, stream it, delete it.

The emulator does not enforce POST policies or URL expiry, so these tests read the policy the
app signs, and also upload through it for real to show the whole path works.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest
import requests
from chalice.test import Client

from chalicelib.store import keys
from chalicelib.store.models import MediaItem
from local import emulator
from local.clock import LocalClock
from local.emulator import LocalResources
from tests.support.events import sample
from tests.support.media import PNG_BYTES, object_created, post_form, signed_policy, upload_ready_media
from tests.support.stack import ApiClient, start_test_stack
from tests.support.world import OrgWorld, build_org

MB = 1024 * 1024
VIDEO = bytes(range(256)) * 40  # 10 240 bytes, every offset recognisable


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
    issued = datetime.fromisoformat(media["url_expires_at"].replace("Z", "+00:00"))
    assert timedelta(minutes=14) < issued - datetime.now(UTC) <= timedelta(minutes=15)
    assert "X-Amz-Expires=900" in media["url"]


def test_a_video_streams_with_range_requests(api: ApiClient, lambdas: Client, org: OrgWorld) -> None:
    form = declare(api, org.learner.token, "video/mp4", len(VIDEO), "lesson.mp4")
    assert post_form(form["url"], form["fields"], VIDEO, "lesson.mp4") == 204
    deliver(lambdas, key_of(form))
    url = api.get(f"/v1/media/{form['media_id']}", org.learner.token).json()["url"]

    part = requests.get(url, headers={"Range": "bytes=1000-1999"}, timeout=10)
    assert part.status_code == 206
    assert part.headers["Content-Range"] == f"bytes 1000-1999/{len(VIDEO)}"
    assert part.content == VIDEO[1000:2000]


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


def test_unknown_and_foreign_keys_are_ignored(
    api: ApiClient, lambdas: Client, resources: LocalResources, org: OrgWorld, org_b: OrgWorld
) -> None:
    form = declare(api, org.learner.token, "image/png", len(PNG_BYTES), "mine.png")
    media_id = form["media_id"]
    foreign_key = f"orgs/{org_b.org_id}/media/{media_id}/mine.png"  # my media id under another organisation
    unknown_key = f"orgs/{org.org_id}/media/01JNOSUCHMEDIA00000000000/x.png"
    other_name = f"orgs/{org.org_id}/media/{media_id}/not-the-signed-name.png"
    for key in (foreign_key, unknown_key, other_name, "somewhere/else.txt"):
        s3(resources).put_object(
            Bucket=resources.media_bucket, Key=key, Body=PNG_BYTES, ContentType="image/png"
        )
        assert lambdas.lambda_.invoke("on_media_uploaded", object_created(key)).payload is None
    other_bucket = object_created(key_of(form), bucket="someone-elses-bucket")
    lambdas.lambda_.invoke("on_media_uploaded", other_bucket)
    assert stored(org, media_id).status == "pending"


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


# Attaching to posts --------------------------------------------------------------------------


def test_a_post_attaches_my_ready_media_and_shows_id_kind_and_type(api: ApiClient, org: OrgWorld) -> None:
    principal = org.learner.principal(org.org_id)
    image = upload_ready_media(principal)
    video = upload_ready_media(principal, VIDEO, "video/webm", "demo.webm")
    posts = f"/v1/communities/{org.community_id}/posts"
    reply = api.post(posts, org.learner.token, {"body": "Two attachments", "media_ids": [image, video]})
    assert reply.status == 201, reply.body
    post = reply.json()
    assert post["media_ids"] == [image, video]
    assert post["attachments"] == [
        {"id": image, "kind": "image", "content_type": "image/png"},
        {"id": video, "kind": "video", "content_type": "video/webm"},
    ]
    read = api.get(f"{posts}/{post['id']}", org.manager.token)
    assert read.json()["attachments"] == post["attachments"]
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
