"""What may be uploaded, how large, under which name (pure rules)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from chalicelib.errors import PayloadTooLarge, ValidationFailed
from chalicelib.media.rules import (
    ALLOWED_TYPES,
    MB,
    MediaTooLarge,
    content_disposition,
    detected_types,
    matches_content,
    matches_declared,
    media_type,
    object_key,
    safe_file_name,
)
from chalicelib.scheduler import at_expression


@pytest.mark.parametrize(
    ("content_type", "kind", "max_mb"),
    [
        ("image/jpeg", "image", 10),
        ("image/png", "image", 10),
        ("image/webp", "image", 10),
        ("image/gif", "image", 10),
        ("video/mp4", "video", 500),
        ("video/quicktime", "video", 500),
        ("video/webm", "video", 500),
        ("application/pdf", "document", 20),
        ("text/vtt", "captions", 1),
    ],
)
def test_each_allowed_type_has_a_kind_and_a_maximum(content_type: str, kind: str, max_mb: int) -> None:
    allowed = media_type(content_type, max_mb * MB)
    assert (allowed.kind, allowed.max_bytes) == (kind, max_mb * MB)
    with pytest.raises(MediaTooLarge) as refused:
        media_type(content_type, max_mb * MB + 1)
    assert refused.value.status == 413 and isinstance(refused.value, PayloadTooLarge)


def test_only_the_listed_types_are_allowed() -> None:
    assert len(ALLOWED_TYPES) == 9
    for refused in ("text/html", "image/svg+xml", "application/octet-stream", "video/x-msvideo", ""):
        with pytest.raises(ValidationFailed) as error:
            media_type(refused, 10)
        assert error.value.status == 422


def test_type_names_are_case_insensitive_and_empty_files_are_refused() -> None:
    assert media_type(" Image/PNG ", 1).content_type == "image/png"
    with pytest.raises(ValidationFailed):
        media_type("image/png", 0)


@pytest.mark.parametrize(
    ("given", "safe"),
    [
        ("screen-sharing.mp4", "screen-sharing.mp4"),
        ("Mijn vidéo (1).mp4", "Mijn-video-1.mp4"),
        ("résumé final.PDF", "resume-final.PDF"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\photo.JPG", "photo.JPG"),
        (".hidden", "file.hidden"),
        ("日本語.png", "file.png"),
        ("...", "file"),
        ("a/b?c#d%20e.png", "b-c-d-20e.png"),
        ("my__notes--final.pdf", "my__notes-final.pdf"),
    ],
)
def test_file_names_become_safe_key_parts(given: str, safe: str) -> None:
    assert safe_file_name(given) == safe


def test_long_file_names_keep_their_extension() -> None:
    long_name = safe_file_name("x" * 300 + ".jpeg")
    assert len(long_name) == 100 and long_name.endswith(".jpeg")
    assert len(safe_file_name("y" * 300)) == 100


def test_the_object_key_is_made_of_what_the_app_knows() -> None:
    assert object_key("demo", "01JMEDIA", "a.png") == "orgs/demo/media/01JMEDIA/a.png"


def test_what_arrived_must_be_what_was_declared() -> None:
    assert matches_declared("image/png", 100, "image/png", 100) is None
    assert matches_declared("image/png", 100, "IMAGE/PNG", 100) is None
    assert "content type" in (matches_declared("image/png", 100, "text/html", 100) or "")
    assert "content type" in (matches_declared("image/png", 100, None, 100) or "")
    assert "size" in (matches_declared("image/png", 100, "image/png", 99) or "")
    assert matches_declared("image/png", 11 * MB, "image/png", 11 * MB) is not None


def test_one_time_schedules_are_written_in_utc() -> None:
    brussels = timezone(timedelta(hours=1))
    assert at_expression(datetime(2026, 11, 24, 10, 30, 5, tzinfo=brussels)) == "at(2026-11-24T09:30:05)"
    assert at_expression(datetime(2026, 11, 24, 9, 30, tzinfo=UTC)) == "at(2026-11-24T09:30:00)"


@pytest.mark.parametrize(
    ("first_bytes", "types"),
    [
        (b"\xff\xd8\xff\xe1\x00\x18Exif", {"image/jpeg"}),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", {"image/png"}),
        (b"GIF87a\x01\x00", {"image/gif"}),
        (b"GIF89a\x01\x00", {"image/gif"}),
        (b"RIFF\x24\x04\x00\x00WEBPVP8 ", {"image/webp"}),
        (b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00", {"video/mp4", "video/quicktime"}),
        (b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00", {"video/mp4", "video/quicktime"}),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm", {"video/webm"}),
        (b"%PDF-1.7\n", {"application/pdf"}),
        (b"WEBVTT\n\n00:00.000 --> 00:02.000\nHallo", {"text/vtt"}),
        (b"\xef\xbb\xbfWEBVTT - captions\n", {"text/vtt"}),
        # Not taken, whatever they are called:
        (b"<!DOCTYPE html><html>", set()),
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">', set()),
        (b"<svg onload=alert(1)>", set()),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", set()),  # a still image in an ISO container
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x88matroska", set()),  # Matroska, not WebM
        (b"RIFF\x24\x04\x00\x00AVI LIST", set()),
        (b"MZ\x90\x00", set()),
        (b"WEBVTTX<script>", set()),  # not the WebVTT signature
        (b"", set()),
        (b"\xff\xd8", set()),  # too short to tell
    ],
)
def test_the_first_bytes_tell_the_real_type(first_bytes: bytes, types: set[str]) -> None:
    assert detected_types(first_bytes) == types


def test_the_first_bytes_must_be_the_declared_type() -> None:
    assert matches_content("image/png", b"\x89PNG\r\n\x1a\n") is None
    assert matches_content("video/quicktime", b"\x00\x00\x00\x18ftypisom") is None
    assert (
        matches_content("image/png", b"<html>")
        == "the file's content is no type we take, not the declared image/png"
    )
    assert (
        matches_content("image/jpeg", b"GIF89a")
        == "the file's content is image/gif, not the declared image/jpeg"
    )
    assert matches_content("image/svg+xml", b"<svg>") is not None


@pytest.mark.parametrize(
    ("content_type", "file_name", "disposition"),
    [
        ("image/png", "a.png", 'inline; filename="a.png"'),
        ("video/mp4", "clip.mp4", 'inline; filename="clip.mp4"'),
        ("video/webm", None, "inline"),
        ("application/pdf", "notes.pdf", 'attachment; filename="notes.pdf"'),
        ("image/svg+xml", "logo.svg", 'attachment; filename="logo.svg"'),  # never shown inline
        ("text/html", "page.html", 'attachment; filename="page.html"'),
        (None, None, "attachment"),
        # A name cannot end the header value and start another parameter.
        ("image/png", 'x"; filename="evil.html', 'inline; filename="x-filename-evil.html"'),
    ],
)
def test_only_safe_images_and_video_are_shown_inline(
    content_type: str | None, file_name: str | None, disposition: str
) -> None:
    assert content_disposition(content_type, file_name) == disposition
