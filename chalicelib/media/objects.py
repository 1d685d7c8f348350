"""The media bucket: presigned uploads and downloads, and what S3 says about an object."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from chalicelib.clients import aws_client
from chalicelib.config import get_config

UPLOAD_EXPIRY_SECONDS = 10 * 60
DOWNLOAD_EXPIRY_SECONDS = 15 * 60


@dataclass(frozen=True)
class PresignedPost:
    url: str
    fields: dict[str, str]


@dataclass(frozen=True)
class StoredObject:
    size_bytes: int
    content_type: str | None
    etag: str


def presigned_post(key: str, content_type: str, max_bytes: int) -> PresignedPost:
    """A browser/phone upload form for exactly this key, this content type and at most max_bytes."""
    signed: dict[str, Any] = aws_client("s3").generate_presigned_post(
        Bucket=get_config().media_bucket,
        Key=key,
        Fields={"Content-Type": content_type},
        Conditions=[  # boto3 adds the bucket and the exact key
            {"Content-Type": content_type},
            ["content-length-range", 1, max_bytes],
        ],
        ExpiresIn=UPLOAD_EXPIRY_SECONDS,
    )
    return PresignedPost(str(signed["url"]), {str(k): str(v) for k, v in signed["fields"].items()})


def presigned_get(key: str) -> str:
    """A short-lived download URL; S3 answers Range requests on it, so video streams."""
    url = aws_client("s3").generate_presigned_url(
        "get_object",
        Params={"Bucket": get_config().media_bucket, "Key": key},
        ExpiresIn=DOWNLOAD_EXPIRY_SECONDS,
    )
    return str(url)


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


def delete(bucket: str, key: str) -> None:
    """Deleting an object that is not there succeeds too (S3 answers 204 either way)."""
    aws_client("s3").delete_object(Bucket=bucket, Key=key)
