"""A learner plays the seeded Christmas quiz on a phone within the server's timer, reads the
explanations and finds their place on the live board; and practises a quiz. Each answer brings the
next question (one request): its verdict and explanation stay above the next question."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.e2e.conftest import LocalStackProcess
from tests.e2e.web.conftest import sign_in, wait_for_heading

RANKED_WITHIN_MS = 90_000


def open_the_seeded_christmas_quiz(stack: LocalStackProcess) -> str:
    """The seed schedules it a few minutes after the first start; the admin opens it now."""
    admin = stack.token("admin@demo.kring.test")
    campaigns = stack.get("/v1/admin/campaigns", token=admin).json()["items"]
    christmas = next(c for c in campaigns if c["preset"] == "christmas")
    if christmas["status"] == "scheduled":
        opened = stack.post(f"/v1/admin/campaigns/{christmas['id']}/open", token=admin)
        assert opened.status == 200, opened.body
    return str(christmas["id"])


def test_a_learner_plays_the_christmas_quiz_and_sees_the_live_board(
    local_stack: LocalStackProcess, phone: Page, check_screen: Callable[[Page, str], None]
) -> None:
    open_the_seeded_christmas_quiz(local_stack)
    sign_in(phone, "learner@demo.kring.test")  # English profile
    wait_for_heading(phone, "Your feed")

    phone.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Quizzes").click()
    wait_for_heading(phone, "Quizzes")
    expect(phone.get_by_text("Open now")).to_be_visible()
    check_screen(phone, "quizzes")
    asked_next: list[str] = []
    phone.on("request", lambda r: asked_next.append(r.url) if r.url.endswith("/play/next") else None)
    phone.get_by_role("link", name="Play").first.click()

    # Question 1 of 3, against the server's 30-second timer.
    expect(phone.get_by_text("Question 1 of 3")).to_be_visible()
    expect(phone.get_by_role("timer")).to_have_text(re.compile(r"\d+ seconds left"))
    check_screen(phone, "quiz-question")
    phone.get_by_label("Ctrl+Shift+V").check()
    phone.get_by_role("button", name="Answer").click()
    expect(phone.get_by_role("heading", name="Correct")).to_be_visible()
    expect(phone.get_by_text("Ctrl+Shift+V pastes plain text in most apps.")).to_be_visible()
    expect(phone.get_by_text("Question 2 of 3")).to_be_visible()  # came with the answer
    expect(phone.get_by_role("timer")).to_have_text(re.compile(r"\d+ seconds left"))

    phone.get_by_label("True").check()
    phone.get_by_role("button", name="Answer").click()
    expect(phone.get_by_text("Share a window and your notifications stay private.")).to_be_visible()
    expect(phone.get_by_text("Question 3 of 3")).to_be_visible()
    expect(phone.get_by_text("Ctrl+Shift+V pastes plain text in most apps.")).to_have_count(0)

    phone.get_by_label("Your answer").fill("24")
    phone.get_by_role("button", name="Answer").click()
    expect(phone.get_by_role("heading", name="Correct")).to_be_visible()

    assert len(asked_next) == 1  # the start; the other questions came with the answers

    # The results, every explanation, and the live board with the learner's place.
    expect(phone.get_by_text(re.compile(r"3 of 3 correct"))).to_be_visible()
    results = phone.get_by_role("region", name="Results")
    expect(results.get_by_text("An advent calendar has 24 doors.")).to_be_visible()
    # The stream consumer places the answers on the board within seconds; the app polls it meanwhile.
    expect(phone.get_by_role("row", name=re.compile(r"\(you\)"))).to_be_visible(timeout=RANKED_WITHIN_MS)
    expect(phone.get_by_text(re.compile(r"You are number \d+|Your place: \d+")).first).to_be_visible()
    check_screen(phone, "quiz-results-live-board")


def a_practice_quiz_of_two_questions(stack: LocalStackProcess) -> str:
    mentor = stack.token("mentor@demo.kring.test")
    mark = uuid.uuid4().hex[:6]
    question_ids = []
    for prompt, right, wrong, why in (
        (f"Which shortcut copies? ({mark})", "Ctrl+C", "Ctrl+X", "Ctrl+X cuts; Ctrl+C copies."),
        (f"Which shortcut undoes? ({mark})", "Ctrl+Z", "Ctrl+Y", "Ctrl+Y does it again."),
    ):
        draft = {
            "kind": "single",
            "language": "en",
            "prompt": prompt,
            "options": [{"text": wrong}, {"text": right, "correct": True}],
            "explanation": why,
        }
        made = stack.post("/v1/questions", token=mentor, json_body=draft)
        assert made.status == 201, made.body
        question_ids.append(made.json()["id"])
        assert stack.post(f"/v1/questions/{question_ids[-1]}/publish", token=mentor).status == 200
    body = {"title": f"Shortcuts {mark}", "language": "en", "question_ids": question_ids, "practice": True}
    quiz = stack.post("/v1/quizzes", token=mentor, json_body=body)
    assert quiz.status == 201, quiz.body
    assert stack.post(f"/v1/quizzes/{quiz.json()['id']}/publish", token=mentor).status == 200
    return str(quiz.json()["id"])


def test_a_learner_practises_a_quiz_and_each_answer_brings_the_next_question(
    local_stack: LocalStackProcess, phone: Page
) -> None:
    quiz_id = a_practice_quiz_of_two_questions(local_stack)
    asked_next: list[str] = []
    phone.on("request", lambda r: asked_next.append(r.url) if r.url.endswith("/play/next") else None)
    sign_in(phone, "learner@demo.kring.test")
    wait_for_heading(phone, "Your feed")
    phone.goto(f"/#/quizzes/{quiz_id}/play")

    expect(phone.get_by_text("Question 1 of 2")).to_be_visible()
    phone.get_by_label("Ctrl+X").check()  # wrong
    phone.get_by_role("button", name="Answer").click()
    expect(phone.get_by_role("heading", name="Not quite")).to_be_visible()
    expect(phone.get_by_text("Ctrl+X cuts; Ctrl+C copies.")).to_be_visible()
    expect(phone.get_by_text("Question 2 of 2")).to_be_visible()
    phone.get_by_label("Ctrl+Z").check()
    phone.get_by_role("button", name="Answer").click()
    expect(phone.get_by_role("heading", name="Correct")).to_be_visible()
    expect(phone.get_by_text(re.compile(r"1 of 2 correct"))).to_be_visible()
    assert len(asked_next) == 1  # the start only
