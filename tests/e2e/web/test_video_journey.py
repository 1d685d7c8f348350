"""Interactive video in the browser, on a phone: a required question holds the learner until it is
answered right, skipping ahead is held back until a first full viewing and free after it, and a
learner resumes a video in another browser session where they left it.

The clip is a real six-second WebM (VP8, tests/e2e/web/media/clip.webm), which Debian's Chromium
plays without proprietary codecs; its author uploads it, a poster and Dutch captions through the
media path, as the editor does.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import LocalStackProcess
from tests.e2e.web.conftest import PHONE, sign_in, wait_for_heading

MEDIA = Path(__file__).parent / "media"
AUTHOR = "mentor@demo.kring.test"
LEARNER = "learner@demo.kring.test"
DURATION = 6.0


def upload(stack: LocalStackProcess, token: str, path: Path, content_type: str) -> str:
    """Upload a file as the app does: the API's presigned POST, then wait until it is checked."""
    content = path.read_bytes()
    form = stack.post(
        "/v1/media/uploads",
        token=token,
        json_body={"content_type": content_type, "size_bytes": len(content), "file_name": path.name},
        headers={"Idempotency-Key": f"e2e-{uuid.uuid4()}"},
    )
    assert form.status == 201, form.body
    sent = requests.post(
        form.json()["url"], data=form.json()["fields"], files={"file": (path.name, content)}, timeout=30
    )
    assert sent.status_code < 300, sent.text
    media_id = str(form.json()["media_id"])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        status = stack.get(f"/v1/media/{media_id}", token=token).json()["status"]
        if status == "ready":
            return media_id
        assert status == "pending", status
        time.sleep(0.3)
    raise AssertionError(f"{path.name} was not checked in time")


def published_question(stack: LocalStackProcess, token: str) -> str:
    created = stack.post(
        "/v1/questions",
        token=token,
        json_body={
            "kind": "single",
            "language": "en",
            "prompt": "What does good feedback start with?",
            "options": [{"text": "An observation", "correct": True}, {"text": "A verdict"}],
            "explanation": "Facts first, then their effect.",
        },
    )
    assert created.status == 201, created.body
    question_id = str(created.json()["id"])
    assert stack.post(f"/v1/questions/{question_id}/publish", token=token, json_body={}).status == 200
    return question_id


def published_video(stack: LocalStackProcess, title: str, cues: list[dict[str, Any]]) -> str:
    token = stack.token(AUTHOR)
    body = {
        "language": "en",
        "variants": {"en": {"title": title, "summary": "Six seconds about feedback"}},
        "video": {
            "media_id": upload(stack, token, MEDIA / "clip.webm", "video/webm"),
            "poster_media_id": upload(stack, token, MEDIA / "poster.png", "image/png"),
            "duration": DURATION,
            "completion_threshold": 0.9,
            "block_forward_skip": True,
            "captions": {"nl": upload(stack, token, MEDIA / "clip.nl.vtt", "text/vtt")},
            "cues": cues,
        },
    }
    created = stack.post(
        "/v1/videos", token=token, json_body=body, headers={"Idempotency-Key": f"e2e-{uuid.uuid4()}"}
    )
    assert created.status == 201, created.body
    video_id = str(created.json()["id"])
    published = stack.post(f"/v1/videos/{video_id}/publish", token=token, json_body={"major": False})
    assert published.status == 200, published.body
    return video_id


def current_time(page: Page) -> float:
    return float(page.evaluate("document.querySelector('video').currentTime"))


def try_to_skip_to(page: Page, seconds: float) -> None:
    """What dragging the scrubber does: the player is asked to move there."""
    page.evaluate(f"document.querySelector('video').currentTime = {seconds}")
    page.wait_for_function("!document.querySelector('video').seeking")


def play(page: Page) -> None:
    page.evaluate("document.querySelector('video').play()")


def open_player(page: Page, video_id: str, title: str) -> None:
    page.goto(f"/#/videos/{video_id}")
    wait_for_heading(page, title)
    page.wait_for_function("document.querySelector('video').readyState >= 1")


def test_a_required_question_holds_the_learner_until_answered_and_skipping_is_free_after_a_full_viewing(
    local_stack: LocalStackProcess, phone: Page, check_screen: Callable[[Page, str], None]
) -> None:
    question_id = published_question(local_stack, local_stack.token(AUTHOR))
    title = f"Giving feedback {uuid.uuid4().hex[:6]}"
    cue = {
        "cue_id": "q1",
        "at": 2,
        "kind": "question",
        "required": True,
        "must_be_correct": True,
        "question_id": question_id,
    }
    video_id = published_video(local_stack, title, [cue])

    sign_in(phone, LEARNER)
    wait_for_heading(phone, "Your feed")
    open_player(phone, video_id, title)
    check_screen(phone, "video-player")

    # Skipping ahead before watching is held back.
    try_to_skip_to(phone, 5)
    assert current_time(phone) < 0.6
    expect(phone.get_by_text("You can skip ahead after watching the whole video once.")).to_be_visible()

    # Playback stops at the required question; neither playing on nor skipping gets past it.
    play(phone)
    question = phone.get_by_role("dialog", name="What does good feedback start with?")
    expect(question).to_be_visible(timeout=10_000)
    expect(question.get_by_text("Answer correctly to continue.")).to_be_visible()
    assert abs(current_time(phone) - 2) < 0.3
    check_screen(phone, "video-cue-question")
    try_to_skip_to(phone, 5)
    assert current_time(phone) <= 2.3
    play(phone)
    phone.wait_for_timeout(700)
    assert current_time(phone) <= 2.3 and phone.evaluate("document.querySelector('video').paused")

    # A wrong answer is not enough; the right one lets the learner continue.
    question.get_by_label("A verdict").check()
    question.get_by_role("button", name="Answer").click()
    expect(question.get_by_text("Not quite. Try again.")).to_be_visible()
    expect(question.get_by_role("button", name="Continue watching")).to_have_count(0)
    question.get_by_label("An observation").check()
    question.get_by_role("button", name="Answer").click()
    expect(question.get_by_text("Right!")).to_be_visible()
    expect(question.get_by_text("Facts first, then their effect.")).to_be_visible()
    question.get_by_role("button", name="Continue watching").click()

    # Watched to the end: the server counts it complete, and skipping is free from then on.
    expect(phone.get_by_text("Completed")).to_be_visible(timeout=15_000)
    try_to_skip_to(phone, 0.5)
    try_to_skip_to(phone, 4.5)
    assert abs(current_time(phone) - 4.5) < 0.3
    check_screen(phone, "video-completed")

    learner = local_stack.token(LEARNER)
    viewing = local_stack.get(f"/v1/videos/{video_id}/watch", token=learner).json()["viewing"]
    assert viewing["completed"] and viewing["fully_viewed"] and viewing["cues"]["q1"]["done"]


def test_a_learner_resumes_a_video_where_they_left_it_in_another_browser_session(
    local_stack: LocalStackProcess, browser: Browser
) -> None:
    title = f"Resuming {uuid.uuid4().hex[:6]}"
    video_id = published_video(local_stack, title, [])

    def session() -> Page:
        # As the phone fixture: bypass_csp lets the test's own scripts read the player's state.
        context = browser.new_context(
            viewport=PHONE,
            is_mobile=True,
            has_touch=True,
            base_url=local_stack.base_url,
            locale="en-GB",
            bypass_csp=True,
        )
        page = context.new_page()
        sign_in(page, LEARNER)
        wait_for_heading(page, "Your feed")
        return page

    first = session()
    open_player(first, video_id, title)
    play(first)
    first.wait_for_function("document.querySelector('video').currentTime >= 3", timeout=10_000)
    # Leaving the player while it plays (the player reports once a minute) sends what was played.
    left_at = current_time(first)
    first.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Home").click()
    wait_for_heading(first, "Your feed")
    learner = local_stack.token(LEARNER)
    deadline = time.monotonic() + 10
    while True:
        viewing = local_stack.get(f"/v1/videos/{video_id}/watch", token=learner).json()["viewing"]
        if viewing["position"] >= 3:
            break
        assert time.monotonic() < deadline, "leaving the player did not report what it played"
        time.sleep(0.2)
    assert viewing["watched"][0][0] < 0.5 and viewing["watched"][-1][1] >= 3
    first.context.close()

    second = session()
    open_player(second, video_id, title)
    expect(second.get_by_text("You continue where you left off (0:03).")).to_be_visible()
    second.wait_for_function("document.querySelector('video').currentTime > 2.5")
    assert abs(current_time(second) - left_at) < 0.5
    second.context.close()


def test_an_expert_places_a_required_question_on_a_video_previews_it_and_publishes_it(
    local_stack: LocalStackProcess, phone: Page, check_screen: Callable[[Page, str], None]
) -> None:
    """The cue-point editor, in Dutch (the expert's language): upload, a cue, its preview, publish."""
    question_id = published_question(local_stack, local_stack.token(AUTHOR))
    title = f"Feedback in zes seconden {uuid.uuid4().hex[:6]}"
    sign_in(phone, AUTHOR)
    phone.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Beheer").click()
    wait_for_heading(phone, "Beheer")
    phone.locator("main").get_by_role("link", name="Nieuwe interactieve video", exact=True).click()
    wait_for_heading(phone, "Nieuwe interactieve video")
    phone.get_by_label("Titel", exact=True).fill(title)
    phone.get_by_label("Videobestand (WebM of MP4)").set_input_files(str(MEDIA / "clip.webm"))
    publish = phone.get_by_role("button", name="Publiceren")
    expect(publish).to_be_enabled(timeout=30_000)  # uploaded, checked, and its duration read

    phone.get_by_role("button", name="Cue toevoegen op 0:00").click()
    phone.get_by_label("Op (seconden)").fill("2")
    phone.get_by_label("Vraag uit de vragenbank").select_option(value=question_id)
    expect(phone.get_by_label("Verplicht")).to_be_checked()
    phone.get_by_role("button", name="Concept bewaren").click()
    expect(phone.get_by_text("Bewaard.")).to_be_visible()
    video_id = phone.url.rsplit("/", 1)[-1]

    phone.get_by_role("button", name="Voorbeeld op 0:02").click()
    preview = phone.get_by_role("dialog", name="What does good feedback start with?")
    expect(preview).to_be_visible()
    expect(preview.get_by_text("An observation")).to_be_visible()
    check_screen(phone, "video-editor")

    publish.click()
    expect(phone.get_by_text("Gepubliceerd.", exact=False)).to_be_visible()
    player = local_stack.get(f"/v1/videos/{video_id}/watch", token=local_stack.token(LEARNER)).json()
    assert player["title"] == title and player["duration"] == DURATION
    (cue,) = player["cues"]
    assert (cue["at"], cue["kind"], cue["required"], cue["question_id"]) == (2, "question", True, question_id)
