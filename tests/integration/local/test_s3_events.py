"""Objects created in the media bucket reach the app's EventBridge handler as AWS sends them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chalice import Chalice
from chalice.app import CloudWatchEvent

from chalicelib.ids import new_id
from chalicelib.media.uploads import start_upload
from chalicelib.principal import Principal
from chalicelib.store import keys
from chalicelib.store.models import MediaItem
from local.s3_events import S3Delivery
from tests.integration.local.conftest import Emulator, app_media_bucket


def capture_app(bucket: str) -> tuple[Chalice, list[dict[str, Any]], list[dict[str, Any]]]:
    app = Chalice(app_name="s3test")
    media: list[dict[str, Any]] = []
    elsewhere: list[dict[str, Any]] = []

    @app.on_cw_event(
        {"source": ["aws.s3"], "detail-type": ["Object Created"], "detail": {"bucket": {"name": [bucket]}}}
    )
    def on_media(event: CloudWatchEvent) -> None:
        media.append(event.to_dict())

    @app.on_cw_event({"source": ["aws.s3"], "detail": {"bucket": {"name": ["some-other-bucket"]}}})
    def on_other(event: CloudWatchEvent) -> None:
        elsewhere.append(event.to_dict())

    return app, media, elsewhere


def test_an_upload_becomes_the_object_created_event_aws_sends(
    local_emulator: Emulator, tmp_path: Path
) -> None:
    bucket = local_emulator.resources.media_bucket
    app, media, elsewhere = capture_app(bucket)
    delivery = S3Delivery(app, bucket, local_emulator.url, state_file=tmp_path / "delivered.json")
    delivery.poll_once()  # whatever earlier tests uploaded
    media.clear()
    key = f"orgs/demo/media/{new_id()}/photo.jpg"
    put = local_emulator.client("s3").put_object(Bucket=bucket, Key=key, Body=b"\xff\xd8jpeg")

    assert delivery.poll_once() == 1
    (event,) = media
    assert elsewhere == []
    assert set(event) == {
        "version",
        "id",
        "detail-type",
        "source",
        "account",
        "time",
        "region",
        "resources",
        "detail",
    }
    assert event["version"] == "0"
    assert event["detail-type"] == "Object Created"
    assert event["source"] == "aws.s3"
    assert event["account"] == "123456789012"
    assert event["region"] == "eu-west-1"
    assert event["resources"] == [f"arn:aws:s3:::{bucket}"]
    assert event["time"].endswith("Z") and "T" in event["time"]
    detail = event["detail"]
    assert set(detail) == {
        "version",
        "bucket",
        "object",
        "request-id",
        "requester",
        "source-ip-address",
        "reason",
    }
    assert detail["bucket"] == {"name": bucket}
    assert detail["object"]["key"] == key
    assert detail["object"]["size"] == 6
    assert detail["object"]["etag"] == put["ETag"].strip('"')
    assert set(detail["object"]) == {"key", "size", "etag", "sequencer"}
    assert detail["reason"] == "PutObject"

    assert delivery.poll_once() == 0
    restarted = S3Delivery(app, bucket, local_emulator.url, state_file=tmp_path / "delivered.json")
    assert restarted.poll_once() == 0
    local_emulator.client("s3").put_object(Bucket=bucket, Key=key, Body=b"replaced")
    assert restarted.poll_once() == 1  # a new ETag is a new object


def test_an_upload_under_the_media_layout_is_recorded_by_the_apps_handler(
    local_emulator: Emulator, tmp_path: Path
) -> None:
    bucket = app_media_bucket(local_emulator.app)  # the emulator's, unless app.py was imported earlier
    if bucket != local_emulator.resources.media_bucket:
        local_emulator.client("s3").create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
        )
    upload = start_upload(Principal("demo", "someone", "", frozenset()), "image/jpeg", 10, "photo.jpg")
    media_id, key = upload.item.media_id, upload.item.object_key
    local_emulator.client("s3").put_object(
        Bucket=bucket, Key=key, Body=b"\xff\xd8\xff\xe0\x00\x10JFIF", ContentType="image/jpeg"
    )

    S3Delivery(local_emulator.app, bucket, local_emulator.url, state_file=tmp_path / "d.json").poll_once()

    item = MediaItem.get(keys.org_pk("demo"), keys.media_sk(media_id))
    assert item.object_key == key
    assert item.size_bytes == 10
    assert item.content_type == "image/jpeg"
    assert item.status == "ready"


def test_a_failing_handler_is_retried_then_dead_lettered(local_emulator: Emulator, tmp_path: Path) -> None:
    from local import dead_letters

    bucket = local_emulator.resources.media_bucket
    app = Chalice(app_name="s3fail")
    calls: list[str] = []

    @app.on_cw_event({"source": ["aws.s3"]})
    def broken(event: CloudWatchEvent) -> None:
        calls.append(event.detail["object"]["key"])
        raise RuntimeError("cannot read it")

    delivery = S3Delivery(
        app,
        bucket,
        local_emulator.url,
        max_attempts=2,
        state_file=tmp_path / "delivered.json",
        dead_letter_file=tmp_path / "dead.jsonl",
    )
    key = f"orgs/demo/media/{new_id()}/broken.png"
    local_emulator.client("s3").put_object(Bucket=bucket, Key=key, Body=b"x")
    delivery.poll_once()
    delivery.poll_once()
    delivery.poll_once()
    assert calls.count(key) == 2
    assert key in [
        letter["event"]["detail"]["object"]["key"] for letter in dead_letters.read(tmp_path / "dead.jsonl")
    ]
