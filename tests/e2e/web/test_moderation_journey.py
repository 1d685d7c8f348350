"""A community manager, on a phone, hides a reported post with a reason; its author sees why in
their notifications. The manager reads Dutch, the author English."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.e2e.conftest import LocalStackProcess
from tests.e2e.test_learners_day import eventually
from tests.e2e.web.conftest import sign_in, wait_for_heading

MANAGER = "manager@demo.kring.test"
AUTHOR = "learner@demo.kring.test"  # Lucas Willems
REPORTER = "learner2@demo.kring.test"
REASON = "Reclame voor een webshop hoort niet in deze community"


def digital_skills(stack: LocalStackProcess, token: str) -> str:
    communities = stack.get("/v1/communities", token=token).json()["items"]
    return str(next(c["id"] for c in communities if c["name"] == "Digital skills"))


def test_a_community_manager_hides_a_reported_post_and_the_author_sees_why(
    local_stack: LocalStackProcess, phone: Page, check_screen: Callable[[Page, str], None]
) -> None:
    stack = local_stack
    author = stack.token(AUTHOR)
    community_id = digital_skills(stack, author)
    body = f"Get 50% off laptops at my cousin's web shop! ({uuid.uuid4().hex[:6]})"
    posted = stack.post(f"/v1/communities/{community_id}/posts", token=author, json_body={"body": body})
    assert posted.status == 201, posted.body
    post_id = posted.json()["id"]
    report = {"reason": "spam", "note": "Advertising"}
    reports = f"/v1/communities/{community_id}/posts/{post_id}/reports"
    reported = stack.post(reports, token=stack.token(REPORTER), json_body=report)
    assert reported.status == 202, reported.body

    # The manager finds it in the community's moderation queue, with the report's reason and note.
    sign_in(phone, MANAGER)
    phone.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Beheer").click()
    wait_for_heading(phone, "Beheer")
    check_screen(phone, "manage-home-manager")
    phone.locator("main").get_by_role("link", name="Digital skills modereren").click()
    wait_for_heading(phone, "Digital skills modereren")
    case = phone.get_by_role("article", name="Bericht van Lucas Willems").filter(has_text=body)
    expect(case).to_contain_text("1 keer gemeld")
    expect(case).to_contain_text("Spam · 1")
    expect(case).to_contain_text("Advertising")
    hide = case.get_by_role("button", name="Verbergen")
    expect(hide).to_be_disabled()  # not without a reason
    case.get_by_label("Reden", exact=True).fill(REASON)
    check_screen(phone, "moderation-queue")
    hide.click()
    expect(case).to_have_count(0)  # settled: out of the queue

    # The log keeps who did what and why.
    phone.get_by_role("button", name="Logboek").click()
    entry = phone.get_by_role("listitem").filter(has_text=REASON).first
    expect(entry).to_contain_text("Verbergen · bericht · Sofie Maes")
    check_screen(phone, "moderation-log")
    # A manual badge for the colleague who reported it.
    phone.get_by_role("button", name="Badges", exact=True).click()
    phone.get_by_label("Badge", exact=True).select_option(label="Communityheld")
    phone.get_by_label("Lid", exact=True).select_option(label="Emma Claes")
    phone.get_by_label("Waarom die verdiend is").fill("Meldde reclame snel en vriendelijk")
    check_screen(phone, "moderation-badge-awards")
    phone.get_by_role("button", name="Badge toekennen").click()
    expect(phone.get_by_role("status").filter(has_text="Badge toegekend.")).to_be_visible()

    def awarded() -> bool:
        held = stack.get("/v1/me/badges", token=stack.token(REPORTER)).json()["items"]
        return "community-hero" in [b["id"] for b in held]

    eventually(awarded, "the reporter's badge", seconds=15)

    for tab, name in (
        ("Vastzetten en in de kijker", "moderation-pin-spotlight"),
        ("Leden", "moderation-members"),
        ("Campagnes", "moderation-campaigns"),
    ):
        phone.get_by_role("button", name=tab, exact=True).click()
        expect(phone.get_by_role("status").filter(has_text="Laden")).to_have_count(0)
        check_screen(phone, name)
    assert stack.get(f"/v1/communities/{community_id}/posts/{post_id}", token=author).status == 404

    # The author signs in and reads, in their own language, what happened and why.
    phone.get_by_role("button", name="Afmelden").click()
    phone.evaluate("localStorage.setItem('kring.language', 'en')")
    sign_in(phone, AUTHOR)
    wait_for_heading(phone, "Your feed")
    navigation = phone.get_by_role("navigation", name="Main navigation")
    expect(navigation.get_by_role("link", name="Home")).to_be_visible()
    expect(navigation.get_by_role("link", name="Manage")).to_have_count(0)  # a learner moderates nothing
    told = f"A moderator hid your post in Digital skills: {REASON}"

    def notified() -> bool:
        phone.goto("/#/notifications")
        wait_for_heading(phone, "Notifications")
        phone.wait_for_load_state("networkidle")
        return phone.get_by_text(told).count() > 0

    eventually(notified, "the author's notification", seconds=30)
    check_screen(phone, "notifications-post-hidden")


def test_a_community_manager_runs_a_community_challenge_and_pins_a_post(
    local_stack: LocalStackProcess, phone: Page
) -> None:
    stack = local_stack
    manager = stack.token(MANAGER)
    community_id = digital_skills(stack, manager)
    sign_in(phone, MANAGER)
    phone.goto(f"/#/manage/communities/{community_id}")
    wait_for_heading(phone, "Digital skills modereren")

    # A challenge with its own times, entered as Brussels wall-clock times.
    phone.get_by_role("button", name="Campagnes", exact=True).click()
    form = phone.get_by_role("form", name="Een campagne plannen")
    form.get_by_label("Soort").select_option("challenge")
    title = f"Deel elke dag een tip {uuid.uuid4().hex[:4]}"
    form.get_by_label("In het Nederlands").fill(title)
    form.get_by_label("Opent").fill("2030-05-06T09:00")
    form.get_by_label("Sluit").fill("2030-05-17T17:00")
    form.get_by_role("button", name="Plannen").click()
    wait_for_heading(phone, title)
    expect(phone.get_by_test_id("campaign-opens")).to_contain_text("6 mei 2030")
    expect(phone.get_by_test_id("campaign-opens")).to_contain_text("09:00 (Europe/Brussels)")
    campaign_id = phone.url.rsplit("/", 1)[1]
    path = f"/v1/communities/{community_id}/campaigns/{campaign_id}"
    assert stack.get(path, token=manager).json()["opens_at"].startswith("2030-05-06T07:00:00")  # UTC+2

    phone.get_by_role("button", name="Nu openen").click()
    expect(phone.get_by_text("Nu open", exact=True)).to_be_visible()
    expect(phone.get_by_role("heading", name="Live ranglijst")).to_be_visible()
    phone.once("dialog", lambda dialog: dialog.accept())
    phone.get_by_role("button", name="Campagne annuleren").click()
    expect(phone.get_by_role("button", name="Campagne annuleren")).to_have_count(0)
    assert stack.get(path, token=manager).json()["status"] == "cancelled"

    # Pin a post to the top of the wall, and take it down again.
    phone.goto(f"/#/manage/communities/{community_id}")
    phone.get_by_role("button", name="Vastzetten en in de kijker", exact=True).click()
    first = phone.get_by_role("article").first
    post_id = first.get_attribute("aria-labelledby").removeprefix("p-")  # type: ignore[union-attr]
    # Held by its id: the list may reorder meanwhile (a badge announcement arriving from the stream).
    first = phone.locator(f'article[aria-labelledby="p-{post_id}"]')
    first.get_by_role("button", name="Vastzetten").click()
    expect(first.get_by_role("button", name="Losmaken")).to_be_visible()

    def pinned() -> list[str]:
        community = stack.get(f"/v1/communities/{community_id}", token=manager).json()
        return list(community["pinned_post_ids"])

    assert post_id in pinned()
    first.get_by_role("button", name="Losmaken").click()
    expect(first.get_by_role("button", name="Vastzetten")).to_be_visible()
    assert post_id not in pinned()
