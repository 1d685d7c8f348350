"""A learner follows an expert; the expert publishes a lesson; on the learner's home, "For you" shows
it with its reason, and the card opens the lesson."""

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
    follow = f"/v1/members/{mentor['id']}/follow"
    assert stack.request("PUT", follow, stack.token(LEARNER)).status == 200
    title = f"Running a stand-up {uuid.uuid4().hex[:6]}"
    lesson_id = published_lesson(stack, title)
    try:
        sign_in(phone, LEARNER)
        wait_for_heading(phone, "Your feed")
        for_you = phone.get_by_role("region", name="For you")
        card = for_you.get_by_role("listitem").filter(has_text=title)
        expect(card).to_contain_text("New from Marc Janssens, whom you follow")
        check_screen(phone, "for-you")
        card.get_by_role("link", name=title).click()
        wait_for_heading(phone, title)
        assert phone.url.endswith(f"/lessons/{lesson_id}")
    finally:
        assert stack.request("DELETE", follow, stack.token(LEARNER)).status == 204
