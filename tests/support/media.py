"""Media uploads as a phone makes them: the presigned POST, then S3's "Object Created" event."""

from __future__ import annotations

import base64
import json
from typing import Any

import requests

from chalicelib.auth import Principal
from chalicelib.config import get_config
from chalicelib.media import uploads
from tests.support.events import sample

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def post_form(url: str, fields: dict[str, str], content: bytes, file_name: str = "upload.bin") -> int:
    """Upload through a presigned POST as a browser does (multipart, the file last); S3's status code."""
    reply = requests.post(url, data=fields, files={"file": (file_name, content)}, timeout=10)
    return reply.status_code


def signed_policy(fields: dict[str, str]) -> dict[str, Any]:
    """The POST policy the app signed, decoded from the form fields."""
    return json.loads(base64.b64decode(fields["policy"]))  # type: ignore[no-any-return]


def object_created(key: str, bucket: str | None = None) -> dict[str, Any]:
    """The EventBridge "Object Created" event (events/s3_media_object_created.json) for a key."""
    event = sample("s3_media_object_created.json")
    event["detail"]["bucket"]["name"] = bucket or get_config().media_bucket
    event["detail"]["object"]["key"] = key
    return event


def upload_ready_media(
    principal: Principal,
    content: bytes = PNG_BYTES,
    content_type: str = "image/png",
    file_name: str = "diagram.png",
) -> str:
    """A ready media item of the principal: the use case, the real upload, the handler's check."""
    upload = uploads.start_upload(principal, content_type, len(content), file_name)
    status = post_form(upload.form.url, upload.form.fields, content, file_name)
    if status not in (200, 201, 204):
        raise AssertionError(f"the presigned POST answered {status}")
    checked = uploads.record_uploaded_object(object_created(upload.item.object_key)["detail"])
    if checked is None or checked.status != "ready":
        raise AssertionError(f"the upload did not become ready: {checked}")
    return upload.item.media_id
