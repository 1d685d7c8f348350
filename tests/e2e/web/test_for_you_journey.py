"""A learner follows the author of a lesson they open; the author publishes another lesson; on the
learner's home, "For you" shows it with its reason, and the card opens the lesson."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.e2e.conftest import LocalStackProcess
from tests.e2e.web.conftest import sign_in, wait_for_heading
from tests.e2e.web.test_content_feedback_journey import published_lesson

MENTOR = "mentor@demo.kring.test"  # Marc Janssens
LEARNER = "learner@demo.kring.test"  # Lucas Willems, in English


def test_new_content_from_someone_i_follow_is_on_my_home_with_its_reason(
    local_stack: LocalStackProcess, phone: Page, check_screen: Callable[[Page, str], None]
) -> None:
    stack = local_stack
    mentor = stack.get("/v1/me", token=stack.token(MENTOR)).json()
    first = f"Running a stand-up {uuid.uuid4().hex[:6]}"
    first_id = published_lesson(stack, first)
    try:
        sign_in(phone, LEARNER)
        wait_for_heading(phone, "Your feed")
        phone.goto(f"/#/lessons/{first_id}")
        wait_for_heading(phone, first)
        phone.get_by_role("button", name="Follow the author").click()
        followed = phone.get_by_role("button", name="Following the author")
        expect(followed).to_have_attribute("aria-pressed", "true")

        second = f"Closing a stand-up {uuid.uuid4().hex[:6]}"
        second_id = published_lesson(stack, second)
        phone.goto("/#/")
        wait_for_heading(phone, "Your feed")
        for_you = phone.get_by_role("region", name="For you")
        card = for_you.get_by_role("listitem").filter(has_text=second)
        expect(card).to_contain_text("New from Marc Janssens, whom you follow")
        check_screen(phone, "for-you")
        card.get_by_role("link", name=second).click()
        wait_for_heading(phone, second)
        assert phone.url.endswith(f"/lessons/{second_id}")
    finally:
        unfollow = stack.request("DELETE", f"/v1/members/{mentor['id']}/follow", stack.token(LEARNER))
        assert unfollow.status == 204
