"""A learner votes in a lesson's poll and sees how colleagues voted, then says the lesson is outdated,
on a phone; it appears in its author's to-do list (the author reads Dutch), who looks at the lesson's
insights (the poll's votes) and marks the task done."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.e2e.conftest import LocalStackProcess
from tests.e2e.web.conftest import sign_in, wait_for_heading

MENTOR = "mentor@demo.kring.test"  # Marc Janssens, in Dutch
LEARNER = "learner@demo.kring.test"  # Lucas Willems, in English
WITHIN_SECONDS = 60


def published_lesson(stack: LocalStackProcess, title: str) -> str:
    mentor = stack.token(MENTOR)
    question = stack.post(
        "/v1/questions",
        token=mentor,
        json_body={
            "kind": "true_false",
            "language": "en",
            "prompt": f"A meeting room is booked in the old tool. ({title[-6:]})",
            "true_false_answer": False,
        },
    )
    assert question.status == 201, question.body
    assert stack.post(f"/v1/questions/{question.json()['id']}/publish", token=mentor).status == 200
    body = {
        "language": "en",
        "variants": {"en": {"title": title, "summary": "Three cards"}},
        "cards": [
            {"id": "how", "type": "content", "texts": {"en": {"text": "Book the room in the old tool."}}},
            {"id": "ask", "type": "question", "question_id": question.json()["id"]},
            {
                "id": "vote",
                "type": "poll",
                "texts": {
                    "en": {"prompt": "Which tool do you book in?", "options": ["Old tool", "Calendar"]}
                },
            },
        ],
    }
    lesson = stack.post("/v1/lessons", token=mentor, json_body=body)
    assert lesson.status == 201, lesson.body
    published = stack.post(
        f"/v1/lessons/{lesson.json()['id']}/publish", token=mentor, json_body={"major": False}
    )
    assert published.status == 200, published.body
    return str(lesson.json()["id"])


def test_an_outdated_reaction_lands_in_the_authors_to_do_list(
    local_stack: LocalStackProcess, phone: Page, check_screen: Callable[[Page, str], None]
) -> None:
    stack = local_stack
    title = f"Booking a meeting room {uuid.uuid4().hex[:6]}"
    lesson_id = published_lesson(stack, title)

    sign_in(phone, LEARNER)
    wait_for_heading(phone, "Your feed")
    phone.goto(f"/#/lessons/{lesson_id}")
    wait_for_heading(phone, title)
    for _ in range(2):
        phone.get_by_role("button", name="Next").click()
    expect(phone.get_by_text("Card 3 of 3")).to_be_visible()
    phone.get_by_role("button", name="Calendar").click()
    results = phone.locator(".poll-results")
    expect(results).to_contain_text("How colleagues voted (1 votes, yours included)")
    expect(results).to_contain_text("Calendar: 100% (1)")
    expect(results).to_contain_text("Old tool: 0% (0)")
    feedback = phone.get_by_role("form", name="Your feedback")
    feedback.get_by_label("Outdated").check()
    feedback.get_by_label("What is outdated?").fill("Rooms are booked in the new calendar now.")
    check_screen(phone, "content-feedback")
    feedback.get_by_role("button", name="Send feedback").click()
    expect(feedback.get_by_role("status")).to_have_text("Thank you: the authors will look at it.")

    # The stream consumer opens the task; then the author finds it in their to-do list.
    mentor = stack.token(MENTOR)
    deadline = time.monotonic() + WITHIN_SECONDS
    while not any(
        t["content_id"] == lesson_id for t in stack.get("/v1/me/author-tasks", token=mentor).json()["items"]
    ):
        assert time.monotonic() < deadline, "the outdated report did not reach the author"
        time.sleep(1)
    phone.context.clear_cookies()
    phone.evaluate("localStorage.clear(); sessionStorage.clear()")
    sign_in(phone, MENTOR)
    phone.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Beheer").click()
    wait_for_heading(phone, "Beheer")
    phone.locator("main").get_by_role("link", name="Mijn takenlijst").click()
    wait_for_heading(phone, "Mijn takenlijst")
    task = phone.get_by_role("listitem").filter(has_text=title)
    expect(task).to_contain_text("Verouderd, volgens 1")
    expect(task).to_contain_text("Rooms are booked in the new calendar now.")
    check_screen(phone, "author-to-do-list")

    # The poll was voted before the report was sent, so the consumer has counted it by now.
    task.get_by_role("link", name="Inzichten").click()
    wait_for_heading(phone, f"Inzichten: {title}")
    poll = phone.locator("li[data-card=vote]")
    expect(poll).to_contain_text("Which tool do you book in?")
    expect(poll).to_contain_text("Calendar: 1")
    expect(poll).to_contain_text("Old tool: 0")
    check_screen(phone, "content-insights")
    phone.go_back()
    wait_for_heading(phone, "Mijn takenlijst")
    task = phone.get_by_role("listitem").filter(has_text=title)
    task.get_by_role("button", name="Gedaan").click()
    expect(phone.get_by_role("listitem").filter(has_text=title)).to_have_count(0)
