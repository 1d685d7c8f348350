"""Lighter on a phone's data and battery: the app opens with one request, screen changes bring the
unread badge along without requests of their own, and a large photo is sized for display before it
is uploaded."""

from __future__ import annotations

import random
import re
import struct
import uuid
import zlib

from playwright.sync_api import Page, Request, expect

from tests.e2e.conftest import LocalStackProcess
from tests.e2e.test_learners_day import eventually
from tests.e2e.web.conftest import sign_in, wait_for_heading

LEARNER = "learner@demo.kring.test"  # Lucas Willems, in English
WIDTH, HEIGHT = 3200, 2400  # a phone camera's photo, about 8 megapixels


def large_png() -> bytes:
    """A 3200 x 2400 photo-like PNG: shades with grain, so that it stays as heavy as a photo."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    grain = random.Random(12)
    rows = bytearray()
    for y in range(HEIGHT):
        shade = bytes(((value & 0x07) + 40 + y // 12) & 0xFF for value in range(256))
        rows += b"\x00" + grain.randbytes(WIDTH * 3).translate(shade)
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 1))
        + chunk(b"IEND", b"")
    )


def test_the_badge_follows_the_screens_and_a_large_photo_is_sent_sized_for_display(
    local_stack: LocalStackProcess, phone: Page
) -> None:
    asked_alone: list[str] = []
    carried: list[str] = []
    api_paths: list[str] = []

    def seen(request: Request) -> None:
        path = request.url.split("#")[0].split("?")[0]
        if "/v1/" in path:
            api_paths.append(path[path.index("/v1/") :])
        if "/v1/me/notifications/unread-count" in request.url:
            asked_alone.append(request.url)
        if request.headers.get("kring-want-unread-count") == "1":
            carried.append(request.url)

    phone.on("request", seen)
    sign_in(phone, LEARNER)
    wait_for_heading(phone, "Your feed")
    token = local_stack.token(LEARNER)
    unread = local_stack.get("/v1/me/notifications/unread-count", token=token).json()["unread"]
    badge = f"Notifications, {unread} unread" if unread else "Notifications"
    expect(phone.get_by_role("link", name=badge, exact=True)).to_be_visible()
    # The app opened with one request for my profile, my communities and the count.
    phone.wait_for_load_state("networkidle")
    assert api_paths.count("/v1/me/start") == 1
    assert "/v1/me" not in api_paths and "/v1/me/communities" not in api_paths, api_paths

    # Three screens: each one's first request brings the count; none asks for it on its own.
    nav = phone.get_by_role("navigation", name="Main navigation")
    for link, heading in (("Communities", "Communities"), ("Learn", "Learn"), ("Home", "Your feed")):
        nav.get_by_role("link", name=link).click()
        wait_for_heading(phone, heading)
    phone.wait_for_load_state("networkidle")
    assert asked_alone == []
    assert len(carried) >= 3, carried  # each screen's first request

    # A large photo from the camera roll: what is stored is at most 1600 px wide, a fraction of it.
    original = large_png()
    phone.get_by_role("button", name="Share something you learned").click()
    body = f"A whiteboard from today's session ({uuid.uuid4().hex[:6]})"
    phone.get_by_label("What did you learn?").fill(body)
    phone.get_by_label("Add a photo or video").set_input_files(
        files=[{"name": "whiteboard.png", "mimeType": "image/png", "buffer": original}]
    )
    expect(phone.get_by_text("whiteboard.png is attached")).to_be_visible(timeout=30_000)
    phone.get_by_role("button", name="Post", exact=True).click()
    photo = phone.get_by_role("img", name=re.compile(r"^Photo: whiteboard\."))
    expect(photo.first).to_be_visible(timeout=30_000)

    def posted() -> list[str]:
        feed = local_stack.get("/v1/feed?limit=20", token=token).json()["items"]
        return next((p["media_ids"] for p in feed if p["body"] == body), [])

    media_id = eventually(posted, "the post in the feed")[0]
    stored = local_stack.get(f"/v1/media/{media_id}", token=token).json()
    assert stored["content_type"] in ("image/webp", "image/jpeg")
    assert stored["size_bytes"] < len(original) / 4, (stored["size_bytes"], len(original))
    phone.wait_for_function(
        "[...document.images].some((i) => i.alt.startsWith('Photo: whiteboard.') && i.naturalWidth)"
    )
    width, height = photo.first.evaluate("(i) => [i.naturalWidth, i.naturalHeight]")
    assert (width, height) == (1600, 1200)
