"""A mentor, on a phone, writes a quiz question with an image, publishes it, and makes a quiz of it.
The demo mentor reads Dutch."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.e2e.conftest import LocalStackProcess
from tests.e2e.web.conftest import sign_in, wait_for_heading
from tests.e2e.web.test_first_day import tiny_png

MENTOR = "mentor@demo.kring.test"


def open_from_manage(page: Page, link: str) -> None:
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Beheer").click()
    wait_for_heading(page, "Beheer")
    page.locator("main").get_by_role("link", name=link, exact=True).click()
    wait_for_heading(page, link)


def test_a_mentor_writes_a_question_with_an_image_and_publishes_a_quiz_of_it(
    local_stack: LocalStackProcess, phone: Page, check_screen: Callable[[Page, str], None]
) -> None:
    stack = local_stack
    prompt = f"Welke sneltoets plakt tekst zonder opmaak? ({uuid.uuid4().hex[:6]})"
    sign_in(phone, MENTOR)
    open_from_manage(phone, "Vragenbank")

    form = phone.get_by_role("form", name="Nieuwe vraag")
    form.get_by_label("Soort vraag").select_option("single")
    form.get_by_label("Vraag", exact=True).fill(prompt)
    form.get_by_label("Afbeelding (optioneel)").set_input_files(
        files=[{"name": "sneltoets.png", "mimeType": "image/png", "buffer": tiny_png()}]
    )
    ready = form.get_by_role("status").filter(has_text="sneltoets.png is klaar.")
    expect(ready).to_be_visible(timeout=30_000)  # uploaded, and checked by the media consumer
    form.get_by_label("Antwoord 1", exact=True).fill("Ctrl+V")
    form.get_by_label("Antwoord 2", exact=True).fill("Ctrl+Shift+V")
    form.get_by_label("Antwoord 2 is juist").check()
    expect(form.get_by_label("Antwoord 1 is juist")).not_to_be_checked()  # one right answer
    form.get_by_label("Uitleg").fill("Ctrl+Shift+V plakt alleen de tekst.")
    check_screen(phone, "manage-question-new")
    form.get_by_role("button", name="Vraag bewaren").click()
    expect(form.get_by_role("status").filter(has_text="Vraag bewaard als ontwerp.")).to_be_visible()

    written = phone.get_by_role("listitem").filter(has_text=prompt)
    expect(written).to_contain_text("ontwerp")
    written.get_by_role("button", name="Publiceren").click()
    expect(phone.get_by_role("listitem").filter(has_text=prompt)).to_contain_text("gepubliceerd")
    mentor = stack.token(MENTOR)
    questions = stack.get("/v1/questions?limit=100", token=mentor).json()["items"]
    [question] = [q for q in questions if q["prompt"] == prompt]
    assert question["status"] == "published" and question["image_media_id"]
    assert [o["text"] for o in question["options"]] == ["Ctrl+V", "Ctrl+Shift+V"]
    assert len(question["correct_option_ids"]) == 1

    open_from_manage(phone, "Quizzen")
    quiz_title = f"Sneltoetsen {uuid.uuid4().hex[:6]}"
    quiz_form = phone.get_by_role("form", name="Nieuwe quiz")
    quiz_form.get_by_label("Titel").fill(quiz_title)
    quiz_form.get_by_label(prompt).check()
    quiz_form.get_by_label("Oefenquiz (iedereen, altijd)").check()
    check_screen(phone, "manage-quiz-new")
    quiz_form.get_by_role("button", name="Quiz bewaren").click()
    made = phone.get_by_role("listitem").filter(has_text=quiz_title)
    expect(made).to_contain_text("ontwerp")
    made.get_by_role("button", name="Publiceren").click()
    expect(phone.get_by_role("listitem").filter(has_text=quiz_title)).to_contain_text("gepubliceerd")
    quizzes = stack.get("/v1/quizzes?limit=100", token=mentor).json()["items"]
    [quiz] = [q for q in quizzes if q["title"] == quiz_title]
    assert (quiz["status"], quiz["practice"], quiz["question_ids"]) == ("published", True, [question["id"]])
