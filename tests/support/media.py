"""Media uploads as a phone makes them: the presigned POST, then S3's "Object Created" event."""

from __future__ import annotations

import base64
import json
from typing import Any

import requests

from chalicelib.config import get_config
from chalicelib.media import uploads
from chalicelib.principal import Principal
from tests.support.events import sample

# Files as their first bytes make them (the magic numbers the upload check reads), then filler.
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4
GIF_BYTES = b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + bytes(range(256)) * 4
WEBP_BYTES = b"RIFF\x24\x04\x00\x00WEBPVP8 " + bytes(range(256)) * 4
QUICKTIME_BYTES = b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  " + bytes(range(256)) * 40
MP4_BYTES = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(range(256)) * 40
WEBM_BYTES = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm" + bytes(range(256)) * 40
VTT_BYTES = b"WEBVTT\n\n00:00.000 --> 00:05.000\nWelkom bij deze video\n"
PDF_BYTES = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 4
HTML_BYTES = b"<!DOCTYPE html><html><body><script>alert(document.domain)</script></body></html>"
SVG_BYTES = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


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
