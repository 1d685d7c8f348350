"""Offline on a phone: the app shell and the last feed show with the network cut, and a reaction
made offline reaches the API exactly once when the network returns."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.conftest import LocalStackProcess
from tests.e2e.test_learners_day import eventually
from tests.e2e.web.conftest import sign_in, wait_for_heading


def test_the_app_works_offline_and_sends_a_reaction_once_when_back(
    local_stack: LocalStackProcess,
    phone_context: BrowserContext,
    phone: Page,
    check_screen: Callable[[Page, str], None],
) -> None:
    stack = local_stack
    body = f"Tip of the day {uuid.uuid4().hex[:8]}: Win+V shows the clipboard history."
    post_path = colleague_posts(stack, body)
    sign_in(phone, "learner@demo.kring.test")  # English profile
    wait_for_heading(phone, "Your feed")
    post = phone.get_by_role("article").filter(has_text=body)
    expect(post).to_be_visible()
    # The service worker has cached the app shell once it controls the page.
    phone.evaluate("navigator.serviceWorker.ready.then(() => true)")
    phone.reload()
    expect(post).to_be_visible()
    assert phone.evaluate("navigator.serviceWorker.controller !== null")

    # Network cut: the shell loads from the service worker, the feed from the last visit.
    phone_context.set_offline(True)
    phone.reload()
    wait_for_heading(phone, "Your feed")
    expect(phone.get_by_text("You are offline.")).to_be_visible()
    expect(phone.get_by_text("Showing the feed as it was last time you were online.")).to_be_visible()
    expect(post).to_be_visible()
    check_screen(phone, "feed-offline")

    # A reaction made offline waits in the outbox.
    post.get_by_role("button", name="Celebrate").click()
    expect(post.get_by_role("button", name="Celebrate")).to_have_attribute("aria-pressed", "true")
    expect(phone.get_by_text("1 waiting to be sent")).to_be_visible()
    assert celebrations(stack, post_path) == 0

    # Back online: it is sent, once.
    phone_context.set_offline(False)
    expect(phone.get_by_text("1 waiting to be sent")).to_be_hidden(timeout=15_000)
    eventually(lambda: celebrations(stack, post_path) == 1, "the offline reaction")
    phone.reload()
    wait_for_heading(phone, "Your feed")
    expect(post.get_by_role("button", name="Celebrate")).to_have_attribute("aria-pressed", "true")
    assert celebrations(stack, post_path) == 1
    assert phone.evaluate("localStorage.getItem('kring.outbox')") == "[]"


def colleague_posts(stack: LocalStackProcess, body: str) -> str:
    """A colleague posts in the digital-skills community; returns the post's path."""
    colleague = stack.token("mentor@demo.kring.test")
    communities = stack.get("/v1/me/communities", token=colleague).json()["items"]
    community_id = next(c["id"] for c in communities if c["name"] == "Digital skills")
    made = stack.post(f"/v1/communities/{community_id}/posts", token=colleague, json_body={"body": body})
    assert made.status == 201, made.body
    return f"/v1/communities/{community_id}/posts/{made.json()['id']}"


def celebrations(stack: LocalStackProcess, post_path: str) -> int:
    """How many celebrate reactions the post has, as the API tells its author."""
    post: dict[str, Any] = stack.get(post_path, token=stack.token("mentor@demo.kring.test")).json()
    return int(post["reactions"]["celebrate"])
