"""The media bucket: presigned uploads, signed downloads (through CloudFront), what S3 says of an object."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from botocore.exceptions import ClientError

from chalicelib import secrets
from chalicelib.clients import aws_client
from chalicelib.config import get_config
from chalicelib.ids import utc_now
from chalicelib.media import signed_urls

UPLOAD_EXPIRY_SECONDS = 10 * 60
DOWNLOAD_EXPIRY_SECONDS = 15 * 60
# Media shown inside an answer (a wall page, a post): good for a session's scrolling, and the same
# URL for every answer of a quarter of an hour, so the browser's cache keeps the image and a warm
# container signs each object once per quarter (docs/decisions.md, "Display URLs in the answers").
DISPLAY_MIN_SECONDS = 60 * 60
DISPLAY_STEP_SECONDS = 15 * 60


@dataclass(frozen=True)
class PresignedPost:
    url: str
    fields: dict[str, str]


@dataclass(frozen=True)
class SignedDownload:
    url: str
    expires_at: datetime


@dataclass(frozen=True)
class StoredObject:
    size_bytes: int
    content_type: str | None
    etag: str


def presigned_post(key: str, content_type: str, max_bytes: int, disposition: str) -> PresignedPost:
    """A browser/phone upload form for exactly this key, this content type and at most max_bytes.

    The object keeps the Content-Disposition it will be served with, so even a download that does
    not set one (a URL signed elsewhere, the console) does not render an attachment inline."""
    signed: dict[str, Any] = aws_client("s3").generate_presigned_post(
        Bucket=get_config().media_bucket,
        Key=key,
        Fields={"Content-Type": content_type, "Content-Disposition": disposition},
        Conditions=[  # boto3 adds the bucket and the exact key
            {"Content-Type": content_type},
            {"Content-Disposition": disposition},
            ["content-length-range", 1, max_bytes],
        ],
        ExpiresIn=UPLOAD_EXPIRY_SECONDS,
    )
    return PresignedPost(str(signed["url"]), {str(k): str(v) for k, v in signed["fields"].items()})


def signed_download(key: str) -> SignedDownload:
    """A short-lived download URL on the media distribution (CloudFront signed URL, canned policy).

    CloudFront fetches the object from the private bucket (origin access control) and answers with
    the object's own Content-Type and Content-Disposition, which the upload form signed into it (the
    checked type; `inline` only for safe image and video types), and adds the response headers
    policy's nosniff and sandboxing CSP (chalicelib/definitions.MEDIA_RESPONSE_HEADERS). Range
    requests pass through, so video streams. Anyone holding the URL may fetch the object until it
    expires: the API hands it only to those who may see the media."""
    config = get_config()
    expires = int(utc_now().timestamp()) + DOWNLOAD_EXPIRY_SECONDS
    url = f"{config.media_cdn_url}/{quote(key, safe='/')}"
    signed = signed_urls.signed_url(
        url, expires, config.media_cdn_key_pair_id, secrets.media_signing_key(config)
    )
    return SignedDownload(signed, datetime.fromtimestamp(expires, UTC))


def display_expiry(now: int) -> int:
    """When a display URL signed at `now` (epoch s) expires: at least an hour later, on a quarter hour."""
    return -(-(now + DISPLAY_MIN_SECONDS) // DISPLAY_STEP_SECONDS) * DISPLAY_STEP_SECONDS


def display_download(key: str) -> SignedDownload:
    """A download URL to put beside media in an answer (see `signed_download` for what it serves).

    Like every signed URL it is handed only to callers who may see the media; it lives longer
    (an hour or more) because the answer is read once and scrolled through."""
    config = get_config()
    expires = display_expiry(int(utc_now().timestamp()))
    url = f"{config.media_cdn_url}/{quote(key, safe='/')}"
    pem = secrets.media_signing_key(config)
    return SignedDownload(
        _signed_once(url, expires, config.media_cdn_key_pair_id, pem), datetime.fromtimestamp(expires, UTC)
    )


@lru_cache(maxsize=4096)
def _signed_once(url: str, expires: int, key_pair_id: str, pem: str) -> str:
    """One RSA signature (a few ms of CPU) per object and quarter hour in a warm container."""
    return signed_urls.signed_url(url, expires, key_pair_id, pem)


def _missing(error: ClientError) -> bool:
    code = str(error.response.get("Error", {}).get("Code", ""))
    return code in ("404", "NoSuchKey", "NotFound")


def head(bucket: str, key: str) -> StoredObject | None:
    """What S3 holds under the key, or None when nothing does (any more)."""
    try:
        found = aws_client("s3").head_object(Bucket=bucket, Key=key)
    except ClientError as exc:
        if _missing(exc):
            return None
        raise
    content_type = found.get("ContentType")
    return StoredObject(
        int(found.get("ContentLength", 0)),
        str(content_type) if content_type else None,
        str(found.get("ETag", "")).strip('"'),
    )


def first_bytes(bucket: str, key: str, etag: str, count: int) -> bytes | None:
    """The first `count` bytes of the object with this ETag (one ranged GET), or None when the key
    no longer holds that object (deleted, or replaced since it was looked at)."""
    try:
        found = aws_client("s3").get_object(
            Bucket=bucket, Key=key, Range=f"bytes=0-{count - 1}", IfMatch=etag
        )
    except ClientError as exc:
        if _missing(exc) or _changed(exc):
            return None
        raise
    return bytes(found["Body"].read())


def _changed(error: ClientError) -> bool:
    code = str(error.response.get("Error", {}).get("Code", ""))
    return code in ("412", "PreconditionFailed")


def delete(bucket: str, key: str) -> None:
    """Deleting an object that is not there succeeds too (S3 answers 204 either way)."""
    aws_client("s3").delete_object(Bucket=bucket, Key=key)


def read_small(bucket: str, key: str, max_bytes: int) -> bytes | None:
    """A small object whole (one GET of at most `max_bytes`), or None when it is not there."""
    try:
        found = aws_client("s3").get_object(Bucket=bucket, Key=key, Range=f"bytes=0-{max_bytes - 1}")
    except ClientError as exc:
        if _missing(exc):
            return None
        raise
    return bytes(found["Body"].read())
