"""Every learner screen on a phone, checked by axe-core (WCAG 2.1 A and AA: no serious or critical
violation) and photographed to build/screenshots/ for people to look at; the same in the three
languages the app speaks."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import LocalStackProcess
from tests.e2e.web.conftest import PHONE, sign_in, wait_for_heading

SCREENS = [
    ("feed", "/#/", "Your feed"),
    ("popular", "/#/popular", "Popular this week"),
    ("communities-browse", "/#/communities", "Communities"),
    ("leaderboards", "/#/leaderboards", "Leaderboards"),
    ("progress", "/#/progress", "Points and badges"),
    ("profile", "/#/me", "Profile and privacy"),
    ("notifications-list", "/#/notifications", "Notifications"),
    ("quizzes-list", "/#/quizzes", "Quizzes"),
    ("learn", "/#/learn", "Learn"),
]


def test_the_sign_in_screens_pass_axe(phone: Page, check_screen: Callable[[Page, str], None]) -> None:
    phone.goto("/")
    wait_for_heading(phone, "Sign in to Kring")
    check_screen(phone, "sign-in")
    phone.get_by_role("link", name="Forgot your password?").click()
    wait_for_heading(phone, "Reset your password")
    check_screen(phone, "forgot-password")


def test_every_learner_screen_passes_axe(phone: Page, check_screen: Callable[[Page, str], None]) -> None:
    sign_in(phone, "learner@demo.kring.test")
    wait_for_heading(phone, "Your feed")
    for name, path, heading in SCREENS:
        phone.goto(path)
        wait_for_heading(phone, heading)
        check_screen(phone, name)

    # A community's wall, a post with its comments open, the leaderboard around me.
    phone.goto("/#/communities")
    phone.get_by_role("link", name="Digital skills").first.click()
    wait_for_heading(phone, "Digital skills")
    expect(phone.get_by_role("article").first).to_be_visible()
    check_screen(phone, "community")
    phone.get_by_role("link", name="Open post").first.click()
    expect(phone.get_by_role("region", name="Comments")).to_be_visible()
    check_screen(phone, "post-with-comments")
    phone.goto("/#/leaderboards")
    phone.get_by_role("button", name="Around me").click()
    expect(phone.get_by_role("button", name="Around me")).to_have_attribute("aria-pressed", "true")
    check_screen(phone, "leaderboard-around-me")


def test_the_app_follows_the_profiles_language(
    browser: Browser, local_stack: LocalStackProcess, check_screen: Callable[[Page, str], None]
) -> None:
    # The seeded manager reads Dutch and the second learner French; the browser itself says English.
    for email, heading, name in (
        ("manager@demo.kring.test", "Jouw feed", "feed-nl"),
        ("learner2@demo.kring.test", "Votre fil", "feed-fr"),
    ):
        context = browser.new_context(
            viewport=PHONE, base_url=local_stack.base_url, bypass_csp=True, locale="en-GB"
        )
        page = context.new_page()
        sign_in(page, email)
        wait_for_heading(page, heading)
        check_screen(page, name)
        context.close()
