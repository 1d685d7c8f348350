"""A learner on a phone searches the library: typing "vergaderingen" finds the lesson titled "Een
vergadering plannen" (a Dutch plural finds its singular) while they type, the type filter narrows
it, and the result opens the lesson. The lesson is written and published by the demo mentor through
the API; the stream consumer indexes it."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.e2e.conftest import LocalStackProcess
from tests.e2e.web.conftest import sign_in, wait_for_heading

MENTOR = "mentor@demo.kring.test"
LEARNER = "learner@demo.kring.test"


def publish_lesson(stack: LocalStackProcess, title: str) -> str:
    mentor = stack.token(MENTOR)
    lesson = {
        "language": "nl",
        "variants": {"nl": {"title": title, "summary": "Agenda, doel en tijd in drie kaarten"}},
        "cards": [{"id": "goal", "type": "content", "texts": {"nl": {"text": "Begin met het doel."}}}],
        "skill_tags": ["meetings"],
        "estimated_minutes": 3,
    }
    made = stack.post("/v1/lessons", mentor, lesson)
    assert made.status == 201, made.body
    lesson_id: str = made.json()["id"]
    published = stack.post(f"/v1/lessons/{lesson_id}/publish", mentor, {"major": False})
    assert published.status == 200, published.body
    return lesson_id


def wait_until_indexed(stack: LocalStackProcess, word: str, lesson_id: str) -> None:
    learner = stack.token(LEARNER)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = stack.get(f"/v1/search?q={word}", token=learner).json()["items"]
        if any(item["id"] == lesson_id for item in found):
            return
        time.sleep(0.5)
    raise AssertionError("the stream consumer did not index the lesson within 30 s")


def test_searching_vergaderingen_finds_the_lesson_een_vergadering_plannen(
    local_stack: LocalStackProcess, phone: Page, check_screen: Callable[[Page, str], None]
) -> None:
    stack = local_stack
    tag = uuid.uuid4().hex[:4]
    title = f"Een vergadering plannen {tag}"
    lesson_id = publish_lesson(stack, title)
    wait_until_indexed(stack, tag, lesson_id)

    sign_in(phone, LEARNER)
    wait_for_heading(phone, "Your feed")
    phone.get_by_role("link", name="Search the library").click()
    wait_for_heading(phone, "Search the library")
    box = phone.get_by_label("Search lessons, videos and posts")
    results = phone.get_by_role("list", name="Results")

    box.press_sequentially("vergad", delay=40)  # still typing: the word it begins is found
    expect(results.get_by_role("link", name=title)).to_be_visible()
    box.press_sequentially("eringen", delay=40)
    found = results.get_by_role("link", name=title)
    expect(found).to_be_visible()
    expect(found).to_have_attribute("href", f"#/lessons/{lesson_id}")
    check_screen(phone, "library-search")

    phone.get_by_label("Type").select_option(label="Post")
    expect(results.get_by_role("link", name=title)).to_have_count(0)
    phone.get_by_label("Type").select_option(label="Lesson")
    expect(results.get_by_role("link", name=title)).to_be_visible()

    found.click()
    wait_for_heading(phone, title)
