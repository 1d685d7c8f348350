"""What may be uploaded, how large it may be, and what its object is called (pure rules, no AWS)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

from chalicelib.errors import PayloadTooLarge, ValidationFailed

MB: Final = 1024 * 1024


@dataclass(frozen=True)
class MediaType:
    content_type: str
    kind: str  # image | video | document | captions
    max_bytes: int


ALLOWED_TYPES: Final[dict[str, MediaType]] = {
    media.content_type: media
    for media in (
        MediaType("image/jpeg", "image", 10 * MB),
        MediaType("image/png", "image", 10 * MB),
        MediaType("image/webp", "image", 10 * MB),
        MediaType("image/gif", "image", 10 * MB),
        MediaType("video/mp4", "video", 500 * MB),
        MediaType("video/quicktime", "video", 500 * MB),
        MediaType("video/webm", "video", 500 * MB),
        MediaType("application/pdf", "document", 20 * MB),
        MediaType("text/vtt", "captions", 1 * MB),  # WebVTT captions of a video
    )
}

MAX_FILE_NAME_CHARS: Final = 100
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_DASHES = re.compile(r"-{2,}")
_AROUND_DOTS = re.compile(r"[-_]*\.[-_.]*")


class MediaTooLarge(PayloadTooLarge):
    slug = "media-too-large"
    title = "The file is larger than allowed for its type"


def media_type(content_type: str, size_bytes: int) -> MediaType:
    """The allowed type of an upload: 422 for a type we do not take, 413 above the type's maximum."""
    allowed = ALLOWED_TYPES.get(content_type.strip().lower())
    if allowed is None:
        raise ValidationFailed(
            "This type of file cannot be uploaded.",
            [
                {
                    "field": "content_type",
                    "message": "allowed: " + ", ".join(sorted(ALLOWED_TYPES)),
                    "code": "content_type",
                }
            ],
        )
    if size_bytes < 1:
        raise ValidationFailed(
            "An empty file cannot be uploaded.",
            [{"field": "size_bytes", "message": "at least 1 byte", "code": "size_bytes"}],
        )
    if size_bytes > allowed.max_bytes:
        raise MediaTooLarge(
            f"A {allowed.content_type} file can be at most {allowed.max_bytes // MB} MB.",
            extra={"max_bytes": allowed.max_bytes},
        )
    return allowed


def safe_file_name(name: str) -> str:
    """A file name that is safe as the last part of an S3 key and in a URL.

    Accents are folded to ASCII; anything but letters, digits, dot, dash and underscore becomes a
    dash; no leading dot (no hidden files, no `..`; a bare extension gets the name `file`); at most
    100 characters, keeping the extension.
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    ascii_name = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    cleaned = _AROUND_DOTS.sub(".", _DASHES.sub("-", _UNSAFE.sub("-", ascii_name))).strip("-_").rstrip(".")
    if not cleaned or cleaned.startswith("."):
        cleaned = "file" + cleaned
    if len(cleaned) <= MAX_FILE_NAME_CHARS:
        return cleaned
    stem, dot, extension = cleaned.rpartition(".")
    if dot and 0 < len(extension) <= 10:
        keep = MAX_FILE_NAME_CHARS - len(extension) - 1
        return f"{stem[:keep].rstrip('._-')}.{extension}"
    return cleaned[:MAX_FILE_NAME_CHARS].rstrip("._-")


def object_key(org_id: str, media_id: str, file_name: str) -> str:
    """Where an upload goes: the organisation and the media id come from the app, never the client."""
    return f"orgs/{org_id}/media/{media_id}/{file_name}"


def matches_declared(
    declared_type: str, declared_size: int, arrived_type: str | None, arrived_size: int
) -> str | None:
    """Why what arrived is not what was declared, or None when it matches."""
    if (arrived_type or "").strip().lower() != declared_type:
        return f"content type {arrived_type!r} is not the declared {declared_type!r}"
    if arrived_size != declared_size:
        return f"size {arrived_size} is not the declared {declared_size}"
    allowed = ALLOWED_TYPES.get(declared_type)
    if allowed is None or not 1 <= arrived_size <= allowed.max_bytes:
        return f"size {arrived_size} is outside what {declared_type} allows"
    return None


# What an upload's first bytes must show. A declared type is only a claim: the object is checked by
# its magic numbers, so an HTML page or an SVG declared image/png never becomes ready.
SNIFF_BYTES: Final = 64
_ISO_VIDEO: Final = frozenset({"video/mp4", "video/quicktime"})
# ISO base media files (ftyp) that hold still images, not video.
_IMAGE_BRANDS: Final = frozenset(
    {b"heic", b"heix", b"heim", b"heis", b"hevc", b"mif1", b"msf1", b"avif", b"avis"}
)
# Served inline (shown in the page); everything else is served as an attachment (downloaded).
INLINE_TYPES: Final = frozenset(
    {"image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4", "video/quicktime", "video/webm"}
)


def detected_types(head: bytes) -> frozenset[str]:
    """The allowed content types the first bytes of a file are (empty: none we take).

    MP4 and QuickTime are one container family (ISO base media, `ftyp`); phones label the same file
    either way, so either declaration matches either brand.
    """
    if head.startswith(b"\xff\xd8\xff"):
        return frozenset({"image/jpeg"})
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return frozenset({"image/png"})
    if head.startswith((b"GIF87a", b"GIF89a")):
        return frozenset({"image/gif"})
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return frozenset({"image/webp"})
    if head[4:8] == b"ftyp" and len(head) >= 12 and head[8:12] not in _IMAGE_BRANDS:
        return _ISO_VIDEO
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head:  # EBML with DocType webm
        return frozenset({"video/webm"})
    if head.startswith(b"%PDF-"):
        return frozenset({"application/pdf"})
    vtt = head.removeprefix(b"\xef\xbb\xbf")  # WebVTT: an optional BOM, WEBVTT, then a space or line end
    if vtt.startswith(b"WEBVTT") and vtt[6:7] in (b"", b" ", b"\t", b"\n", b"\r"):
        return frozenset({"text/vtt"})
    return frozenset()


def matches_content(declared_type: str, head: bytes) -> str | None:
    """Why an upload's first bytes are not the declared type, or None when they are."""
    found = detected_types(head)
    if declared_type in found:
        return None
    shown = " or ".join(sorted(found)) if found else "no type we take"
    return f"the file's content is {shown}, not the declared {declared_type}"


def content_disposition(content_type: str | None, file_name: str | None) -> str:
    """How a browser should treat a download: shown inline only for the image and video types above."""
    disposition = "inline" if content_type in INLINE_TYPES else "attachment"
    return f'{disposition}; filename="{safe_file_name(file_name)}"' if file_name else disposition
