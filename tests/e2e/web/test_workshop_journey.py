"""A workshop with 3 places and 5 RSVPs: the mentor who organises it shows the check-in code on their
phone; Lucas, who has a place, cancels it; Emma, first on the waitlist, finds she has his place (in
French) and checks in with the code. The RSVPs are made through the API to keep the journey short."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from tests.e2e.conftest import LocalStackProcess
from tests.e2e.web.conftest import sign_in, wait_for_heading
from tests.e2e.web.test_moderation_journey import digital_skills

MENTOR = "mentor@demo.kring.test"  # Marc Janssens, reads Dutch: organises the community's workshops
LUCAS = "learner@demo.kring.test"  # reads English
EMMA = "learner2@demo.kring.test"  # reads French
OTHERS = ("admin@demo.kring.test", "manager@demo.kring.test")


def test_a_cancelled_place_goes_to_the_first_on_the_waitlist_who_checks_in_with_the_code(
    local_stack: LocalStackProcess, phone: Page, check_screen: Callable[[Page, str], None]
) -> None:
    stack = local_stack
    mentor = stack.token(MENTOR)
    community_id = digital_skills(stack, mentor)
    # It starts in ten minutes: RSVPs are still open and check-in already is (from 15 minutes before).
    starts = (datetime.now(ZoneInfo("Europe/Brussels")) + timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M")
    title = f"Spreadsheets together {uuid.uuid4().hex[:4]}"

    # The mentor plans it on their phone (in Dutch).
    sign_in(phone, MENTOR)
    wait_for_heading(phone, "Jouw feed")
    phone.goto(f"/#/communities/{community_id}/workshops")
    wait_for_heading(phone, "Workshops en meetups")
    phone.get_by_role("link", name="Workshop plannen").click()
    wait_for_heading(phone, "Workshop plannen")
    phone.get_by_label("Titel", exact=True).fill(title)
    phone.get_by_label("Plaats", exact=True).fill("Room 2.01")
    phone.get_by_label("Begint (tijdzone van de organisatie)").fill(starts)
    phone.get_by_label("Duur (minuten)").fill("60")
    phone.get_by_label("Plaatsen", exact=True).fill("3")
    check_screen(phone, "workshop-plan")
    phone.get_by_role("button", name="Opslaan").click()
    wait_for_heading(phone, title)
    workshop_id = phone.url.rsplit("/", 1)[-1]
    page_path = f"/#/communities/{community_id}/workshops/{workshop_id}"

    # Five answers through the API: three places, then the waitlist.
    rsvp = f"/v1/communities/{community_id}/workshops/{workshop_id}/rsvp"
    statuses = [
        stack.request("PUT", rsvp, stack.token(email)).json()["my_status"]
        for email in (LUCAS, *OTHERS, EMMA, MENTOR)
    ]
    assert statuses == ["going", "going", "going", "waitlisted", "waitlisted"]

    # The organiser's screen: the code to show in the room, who comes and the waitlist in order.
    phone.goto(page_path + "/organise")
    wait_for_heading(phone, title)
    code = phone.locator(".check-in-code").get_attribute("data-code")
    assert code and len(code) == 6
    expect(phone.get_by_text("Inchecken kan nu.")).to_be_visible()
    expect(phone.get_by_role("heading", name="Wachtlijst (2)")).to_be_visible()
    check_screen(phone, "workshop-organise")
    phone.get_by_role("button", name="Afmelden").click()
    phone.evaluate("localStorage.setItem('kring.language', 'en')")  # the sign-in form, in English

    # Lucas finds the workshop in the community's list and gives up his place.
    sign_in(phone, LUCAS)
    wait_for_heading(phone, "Your feed")
    phone.goto(f"/#/communities/{community_id}/workshops")
    wait_for_heading(phone, "Workshops and meetups")
    expect(phone.locator(f"[data-workshop='{workshop_id}']")).to_contain_text("You're going")
    check_screen(phone, "workshop-list")
    phone.get_by_role("link", name=title).click()
    wait_for_heading(phone, title)
    expect(phone.get_by_text("You're going")).to_be_visible()
    phone.get_by_role("button", name="Cancel my place").click()
    # His place went to Emma at once: the session is full again, one still waits.
    expect(phone.get_by_role("button", name="Join the waitlist")).to_be_visible()
    expect(phone.get_by_text("Full: 1 on the waitlist")).to_be_visible()
    check_screen(phone, "workshop-page-cancelled")
    phone.get_by_role("button", name="Sign out").click()
    phone.evaluate("localStorage.setItem('kring.language', 'en')")

    # Emma has the place, in French, and checks in with the code shown in the room.
    sign_in(phone, EMMA)
    wait_for_heading(phone, "Votre fil")
    phone.goto(page_path)
    wait_for_heading(phone, title)
    expect(phone.get_by_text("Vous participez")).to_be_visible()
    check_screen(phone, "workshop-page-promoted")
    phone.get_by_label("Code affiché à l'atelier").fill("WRONG1")
    phone.get_by_role("button", name="Enregistrer ma présence").click()
    expect(phone.get_by_role("alert")).to_be_visible()  # a wrong code is refused
    phone.get_by_label("Code affiché à l'atelier").fill(code.lower())
    phone.get_by_role("button", name="Enregistrer ma présence").click()
    expect(phone.get_by_text("Présence enregistrée. Bon atelier !")).to_be_visible()
    check_screen(phone, "workshop-checked-in")

    attendees = stack.get(
        f"/v1/communities/{community_id}/workshops/{workshop_id}/attendees", token=mentor
    ).json()["items"]
    emma = next(a for a in attendees if a["display_name"] == "Emma Claes")
    assert emma["status"] == "going" and emma["attended"] is True
    assert [a["status"] for a in attendees].count("going") == 3
