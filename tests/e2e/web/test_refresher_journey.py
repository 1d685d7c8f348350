"""A learner who got a quiz question wrong finds it among their refreshers the next day (the stack's
clock moved a day ahead), answers it right on a phone, says it was easy, and sees when it comes back.
The learner reads French."""

from __future__ import annotations

import re
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import KRING, LocalStackProcess
from tests.e2e.web.conftest import sign_in, wait_for_heading

MENTOR = "mentor@demo.kring.test"
LEARNER = "learner2@demo.kring.test"  # Emma Claes, in French
WITHIN_SECONDS = 60


def move_clock(stack: LocalStackProcess, days: float) -> None:
    """`kring clock --ahead-days N`: the running stack's time, N days ahead (0: back to now)."""
    done = subprocess.run(
        [str(KRING), "clock", "--ahead-days", str(days)],
        env=stack.env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture
def clock(local_stack: LocalStackProcess) -> Iterator[None]:
    """The test may move the stack's clock; it is back to now afterwards."""
    yield
    move_clock(local_stack, 0)


def wrong_answer_to_a_new_question(stack: LocalStackProcess) -> tuple[str, str]:
    """The mentor writes a French question and a practice quiz of it; the learner gets it wrong."""
    mentor, learner = stack.token(MENTOR), stack.token(LEARNER)
    prompt = f"Quel raccourci colle un texte sans sa mise en forme ? ({uuid.uuid4().hex[:6]})"
    draft = {
        "kind": "single",
        "language": "fr",
        "prompt": prompt,
        "options": [{"text": "Ctrl+V"}, {"text": "Ctrl+Maj+V", "correct": True}],
        "explanation": "Ctrl+Maj+V colle le texte seul.",
    }
    question = stack.post("/v1/questions", token=mentor, json_body=draft)
    assert question.status == 201, question.body
    question_id = question.json()["id"]
    assert stack.post(f"/v1/questions/{question_id}/publish", token=mentor).status == 200
    quiz_body: dict[str, Any] = {
        "title": f"Raccourcis {prompt[-7:-1]}",
        "language": "fr",
        "question_ids": [question_id],
        "practice": True,
    }
    quiz = stack.post("/v1/quizzes", token=mentor, json_body=quiz_body)
    assert quiz.status == 201, quiz.body
    play = f"/v1/quizzes/{quiz.json()['id']}/play"
    assert stack.post(f"/v1/quizzes/{quiz.json()['id']}/publish", token=mentor).status == 200
    assert stack.post(f"{play}/next", token=learner).status == 200
    answered = stack.post(
        f"{play}/answers", token=learner, json_body={"question_id": question_id, "option_ids": ["a"]}
    )
    assert answered.status == 201 and not answered.json()["correct"], answered.body
    return question_id, prompt


def due_question_ids(stack: LocalStackProcess) -> list[str]:
    session = stack.get("/v1/me/refreshers?language=fr", token=stack.token(LEARNER))
    assert session.status == 200, session.body
    return [item["question_id"] for item in session.json()["items"]]


def test_the_question_got_wrong_comes_back_the_next_day_and_is_rated(
    local_stack: LocalStackProcess, phone: Page, check_screen: Callable[[Page, str], None], clock: None
) -> None:
    stack = local_stack
    question_id, prompt = wrong_answer_to_a_new_question(stack)
    assert question_id not in due_question_ids(stack)  # not today
    move_clock(stack, 1)
    # The stream consumer makes the refresher; the clock's next tick makes it tomorrow.
    deadline = time.monotonic() + WITHIN_SECONDS
    while question_id not in due_question_ids(stack):
        assert time.monotonic() < deadline, "the refresher did not come the next day"
        time.sleep(1)

    sign_in(phone, LEARNER)
    wait_for_heading(phone, "Votre fil")
    phone.get_by_role("link", name=re.compile(r"rappels? vous attend")).click()
    wait_for_heading(phone, "Rappels")
    # Refreshers of other days' journeys may come first: answer them until ours shows.
    for _ in range(5):
        heading = phone.locator("form legend h2")
        expect(heading).to_be_visible()
        if heading.inner_text() == prompt:
            break
        phone.locator("form .option input[name='refresher-answer']").first.check()
        phone.get_by_role("button", name="Répondre").click()
        phone.get_by_role("button", name=re.compile("Rappel suivant|Terminé")).click()
    expect(phone.get_by_role("heading", name=prompt)).to_be_visible()
    check_screen(phone, "refresher-question")

    phone.get_by_label("Ctrl+Maj+V").check()
    phone.get_by_label("Facile").check()
    phone.get_by_role("button", name="Répondre").click()
    expect(phone.get_by_role("heading", name="Correct")).to_be_visible()
    expect(phone.get_by_text("Ctrl+Maj+V colle le texte seul.")).to_be_visible()
    expect(phone.get_by_text(re.compile(r"Elle revient le "))).to_be_visible()
    check_screen(phone, "refresher-outcome")

    # Rated easy: it is gone from today's session, back some days later; answering it again today
    # only repeats the outcome.
    assert question_id not in due_question_ids(stack)
    again = stack.post(
        f"/v1/me/refreshers/{question_id}/answer", token=stack.token(LEARNER), json_body={"option_ids": ["a"]}
    )
    assert again.status == 200 and again.json()["replayed"], again.body
    assert again.json()["correct"] and again.json()["rating"] == "easy"
    assert (
        again.json()["card"]["due_on"]
        > stack.get("/v1/me/refreshers", token=stack.token(LEARNER)).json()["today"]
    )
