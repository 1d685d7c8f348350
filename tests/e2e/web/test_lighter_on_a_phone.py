"""Lighter on a phone's data and battery: the app opens with one request, screen changes bring the
unread badge along without requests of their own, and a large photo is sized for display before it
is uploaded."""

from __future__ import annotations

import base64
import re
import time
import uuid
from pathlib import Path

from playwright.sync_api import Page, Request, expect

from tests.e2e.conftest import LocalStackProcess
from tests.e2e.test_learners_day import eventually
from tests.e2e.web.conftest import sign_in, wait_for_heading

LEARNER = "learner@demo.kring.test"  # Lucas Willems, in English
WIDTH, HEIGHT = 3200, 2400  # a phone camera's photo, about 8 megapixels


PHOTO_LIKE = Path(__file__).with_name("photo_like.js").read_text()


def camera_photo(page: Page) -> bytes:
    """A 3200 x 2400 photo-like JPEG as a phone camera stores it (tests/e2e/web/photo_like.js)."""
    drawn = page.evaluate(
        PHOTO_LIKE, {"width": WIDTH, "height": HEIGHT, "seed": 12, "grain": 10, "texture": 0.8}
    )
    return base64.b64decode(drawn)


def test_the_badge_follows_the_screens_and_a_large_photo_is_sent_sized_for_display(
    local_stack: LocalStackProcess, phone: Page
) -> None:
    asked_alone: list[str] = []
    in_order: list[tuple[str, bool]] = []  # each API request, and whether it asked for the count
    api_paths: list[str] = []

    def seen(request: Request) -> None:
        path = request.url.split("#")[0].split("?")[0]
        if "/v1/" in path:
            api_paths.append(path[path.index("/v1/") :])
        if "/v1/me/notifications/unread-count" in request.url:
            asked_alone.append(request.url)
        if "/v1/" in path:
            asked = request.headers.get("kring-want-unread-count") == "1"
            in_order.append((path[path.index("/v1/") :], asked))

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

    # Three screens: the first request each one makes brings the count (a screen showing what it
    # already has makes none); none asks for it on its own.
    nav = phone.get_by_role("navigation", name="Main navigation")
    screens_that_asked = 0
    for link, heading in (("Communities", "Communities"), ("Learn", "Learn"), ("Home", "Your feed")):
        before = len(in_order)
        nav.get_by_role("link", name=link).click()
        wait_for_heading(phone, heading)
        asking_until = time.monotonic() + 3  # a screen loaded on first use asks once its code is in
        while len(in_order) == before and time.monotonic() < asking_until:
            phone.wait_for_timeout(100)
        phone.wait_for_load_state("networkidle")
        made = in_order[before:]
        if made:
            screens_that_asked += 1
            assert made[0][1], (link, made)
    assert asked_alone == []
    assert screens_that_asked >= 2, in_order

    # A photo from the camera roll: what is stored is at most 1290 px on its longest side, WebP
    # where the browser encodes it (Chromium does), a small fraction of the camera's file.
    original = camera_photo(phone)
    assert len(original) > 2_000_000  # as heavy as an 8 MP phone photo
    phone.get_by_role("button", name="Share something you learned").click()
    body = f"A whiteboard from today's session ({uuid.uuid4().hex[:6]})"
    phone.get_by_label("What did you learn?").fill(body)
    phone.get_by_label("Add a photo or video").set_input_files(
        files=[{"name": "whiteboard.jpg", "mimeType": "image/jpeg", "buffer": original}]
    )
    expect(phone.get_by_text("whiteboard.jpg is attached")).to_be_visible(timeout=30_000)
    phone.get_by_role("button", name="Post", exact=True).click()
    photo = phone.get_by_role("img", name=re.compile(r"^Photo: whiteboard\."))
    expect(photo.first).to_be_visible(timeout=30_000)

    def posted() -> list[str]:
        feed = local_stack.get("/v1/feed?limit=20", token=token).json()["items"]
        return next((p["media_ids"] for p in feed if p["body"] == body), [])

    media_id = eventually(posted, "the post in the feed")[0]
    stored = local_stack.get(f"/v1/media/{media_id}", token=token).json()
    assert stored["content_type"] == "image/webp"
    # bench/cost.py MEDIA prices what this measures (docs/benchmarks.md): about 113 KB.
    assert stored["size_bytes"] < 150_000, (stored["size_bytes"], len(original))
    phone.wait_for_function(
        "[...document.images].some((i) => i.alt.startsWith('Photo: whiteboard.') && i.naturalWidth)"
    )
    width, height = photo.first.evaluate("(i) => [i.naturalWidth, i.naturalHeight]")
    assert (width, height) == (1290, 968)
