"""A learner asks a question tagged with a skill on a phone; the mentor with that skill is told,
answers it from the notification, the learner accepts the answer and the mentor earns the points.
A question nobody answers becomes a content request once the configured time has passed (the
stack's clock moved ahead); the mentor takes it. The mentor reads Dutch, the learner English."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import LocalStackProcess
from tests.e2e.web.conftest import PHONE, WAIT_MS, sign_in, wait_for_heading
from tests.e2e.web.test_refresher_journey import move_clock

MENTOR = "mentor@demo.kring.test"  # Marc Janssens, in Dutch
LEARNER = "learner@demo.kring.test"  # Lucas Willems, in English
MANAGER = "manager@demo.kring.test"
LEARNER2 = "learner2@demo.kring.test"
WITHIN_SECONDS = 60


@pytest.fixture
def clock(local_stack: LocalStackProcess) -> Iterator[None]:
    yield
    move_clock(local_stack, 0)


@pytest.fixture
def mentor_phone(browser: Browser, local_stack: LocalStackProcess) -> Iterator[Page]:
    context = browser.new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        base_url=local_stack.base_url,
        locale="en-GB",
        bypass_csp=True,
    )
    context.set_default_timeout(WAIT_MS)
    yield context.new_page()
    context.close()


def eventually(what: str, check: Callable[[], Any]) -> Any:
    deadline = time.monotonic() + WITHIN_SECONDS
    while not (found := check()):
        assert time.monotonic() < deadline, what
        time.sleep(0.5)
    return found


def community_id(stack: LocalStackProcess) -> str:
    mine = stack.get("/v1/me/communities?limit=10", token=stack.token(LEARNER)).json()["items"]
    return str(mine[0]["id"])


def test_a_question_reaches_the_mentor_with_the_skill_and_an_unanswered_one_becomes_a_content_request(
    local_stack: LocalStackProcess,
    phone: Page,
    mentor_phone: Page,
    check_screen: Callable[[Page, str], None],
    clock: None,
) -> None:
    stack = local_stack
    cid = community_id(stack)
    skill = f"pivot-{uuid.uuid4().hex[:6]}"
    mentor_token = stack.token(MENTOR)

    # The mentor declares the skill in their profile.
    sign_in(mentor_phone, MENTOR)
    wait_for_heading(mentor_phone, "Jouw feed")
    mentor_phone.goto("/#/me")
    mentor_phone.get_by_label(re.compile("Vaardigheden waarmee je kunt helpen")).fill(skill)
    mentor_phone.get_by_role("button", name="Mijn vaardigheden bewaren").click()
    expect(mentor_phone.get_by_text("Bewaard")).to_be_visible()

    # The learner asks; a similar question asked before shows while they type.
    before = f"Pivot table per month in the {skill} sheet?"
    earlier = stack.post(
        f"/v1/communities/{cid}/questions",
        stack.token(LEARNER2),
        json_body={"body": before, "skill_tags": []},
    )
    assert earlier.status == 201, earlier.body
    title = f"How do I make a pivot table of {skill}?"
    sign_in(phone, LEARNER)
    wait_for_heading(phone, "Your feed")
    phone.goto(f"/#/communities/{cid}/questions/new")
    wait_for_heading(phone, "Ask the community")
    phone.get_by_label(re.compile("Your question")).fill(title + "\nI have a list of sales per month.")
    expect(phone.get_by_role("link", name=before)).to_be_visible(timeout=WITHIN_SECONDS * 1000)
    phone.get_by_label(re.compile("Skills")).fill(skill)
    check_screen(phone, "question-ask")
    phone.get_by_role("button", name="Ask", exact=True).click()
    wait_for_heading(phone, title)
    expect(phone.get_by_text("No answers yet.")).to_be_visible()
    question_id = phone.url.rsplit("/", 1)[-1]

    # The mentor is told (the stream consumer routes the question) and answers from the notification.
    eventually(
        "the mentor was not told of the question",
        lambda: [
            n
            for n in stack.get("/v1/me/notifications?limit=50", token=mentor_token).json()["items"]
            if n["kind"] == "question_for_you" and n["post_id"] == question_id
        ],
    )
    mentor_phone.goto("/#/notifications")
    mentor_phone.get_by_role("link", name=re.compile(re.escape(title))).first.click()
    wait_for_heading(mentor_phone, title)
    mentor_phone.get_by_label("Je antwoord").fill("Insert > Pivot table, then drag the month into the rows.")
    mentor_phone.get_by_role("button", name="Antwoorden", exact=True).click()
    expect(mentor_phone.get_by_text("drag the month into the rows")).to_be_visible()

    # The learner accepts it: shown first, the question solved; the mentor earns the points.
    phone.reload()
    wait_for_heading(phone, title)
    phone.get_by_role("button", name="Accept this answer").click()
    expect(phone.get_by_text("✓ Accepted answer")).to_be_visible()
    expect(phone.get_by_text("Solved", exact=False).first).to_be_visible()
    check_screen(phone, "question-solved")
    eventually(
        "the mentor did not earn the points of the accepted answer",
        lambda: [
            e
            for e in stack.get("/v1/me/points/ledger?limit=50", token=mentor_token).json()["items"]
            if e["action"] == "answer_accepted" and e["content_id"]
        ],
    )

    # The mentor puts the accepted answer in the knowledge base (a lesson with a review date).
    mentor_phone.reload()
    wait_for_heading(mentor_phone, title)
    mentor_phone.get_by_role("button", name="In de kennisbank zetten").click()
    expect(mentor_phone.get_by_role("link", name="Het is nu een les")).to_be_visible()

    # Nobody answers the next question: after the community's days it is a content request.
    settings = {"escalate_after_hours": 1, "request_after_days": 1}
    changed = stack.request(
        "PUT", f"/v1/communities/{cid}/question-settings", stack.token(MANAGER), json_body=settings
    )
    assert changed.status == 200, changed.body
    unanswered = f"Which projector works with a USB-C laptop? ({uuid.uuid4().hex[:6]})"
    asked = stack.post(
        f"/v1/communities/{cid}/questions",
        stack.token(LEARNER),
        json_body={"body": unanswered, "skill_tags": []},
    )
    assert asked.status == 201, asked.body
    move_clock(stack, 1.5)
    eventually(
        "the unanswered question did not become a content request",
        lambda: [
            r
            for r in stack.get("/v1/content-requests?limit=50", token=mentor_token).json()["items"]
            if r["question_id"] == asked.json()["id"]
        ],
    )
    mentor_phone.goto("/#/me/questions")
    wait_for_heading(mentor_phone, "Vragen voor mij")
    expect(mentor_phone.get_by_role("link", name=title)).to_be_visible()  # sent to them for their skill
    request = mentor_phone.get_by_role("listitem").filter(has_text=unanswered)
    request.get_by_role("button", name="Nemen").click()
    expect(request.get_by_text("Genomen door Marc Janssens")).to_be_visible()
    check_screen(mentor_phone, "questions-for-me")
