"""An intervision group runs a session by the incident method on three phones: Lucas facilitates
(English), Emma brings the case that is chosen (French), Marc keeps time (Dutch); Sofie, the fourth
member, takes part from elsewhere (the API). The facilitator moves the group from phase to phase,
each phone follows with the time left, and the case owner sees the advice written to her and
writes the actions she takes away. The organiser set the group up beforehand (the API)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import LocalStackProcess
from tests.e2e.web.conftest import PHONE, WAIT_MS, sign_in

FACILITATOR = "learner@demo.kring.test"  # Lucas Willems, English
CASE_OWNER = "learner2@demo.kring.test"  # Emma Claes, French
TIMEKEEPER = "mentor@demo.kring.test"  # Marc Janssens, Dutch
FOURTH = "manager@demo.kring.test"  # Sofie Maes, no phone in this journey
ORGANISER = "admin@demo.kring.test"
# A phone follows a change within the live state's longest wait (20 s after a quiet spell: it backs
# off 5, 10, 20 s while nothing moves) and a read of the session.
FOLLOW_MS = 27_000


@pytest.fixture
def phones(browser: Browser, local_stack: LocalStackProcess) -> Iterator[dict[str, Page]]:
    """Three phones (mobile browser contexts in one browser), each signed in as its member."""
    contexts, pages, errors = [], {}, []
    for email in (FACILITATOR, CASE_OWNER, TIMEKEEPER):
        context = browser.new_context(
            viewport=PHONE, is_mobile=True, has_touch=True, base_url=local_stack.base_url, bypass_csp=True
        )
        context.set_default_timeout(WAIT_MS)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        contexts.append(context)
        pages[email] = page
    yield pages
    for context in contexts:
        context.close()
    assert not errors, f"The app threw: {errors}"


def group_with_a_session(stack: LocalStackProcess) -> tuple[str, str, dict[str, str]]:
    """The organiser forms the group (the facilitator first: first to facilitate) and plans a session."""
    ids = {
        email: stack.get("/v1/me", token=stack.token(email)).json()["id"]
        for email in (FACILITATOR, TIMEKEEPER, CASE_OWNER, FOURTH)
    }
    organiser = stack.token(ORGANISER)
    body = {
        "name": f"Team leads {uuid.uuid4().hex[:4]}",
        "method": "incident",
        "member_ids": list(ids.values()),
    }
    group = stack.post("/v1/intervision/groups", token=organiser, json_body=body)
    assert group.status == 201, group.body
    group_id = group.json()["id"]
    first = (datetime.now(UTC) + timedelta(hours=2)).isoformat()
    plan = {"first_starts_at": first, "every_weeks": 4, "count": 1}
    planned = stack.post(f"/v1/intervision/groups/{group_id}/sessions", token=organiser, json_body=plan)
    assert planned.status == 201, planned.body
    return group_id, planned.json()["sessions"][0]["id"], ids


def test_a_group_runs_the_incident_method_on_three_phones_and_the_case_owner_sees_the_advice(
    local_stack: LocalStackProcess, phones: dict[str, Page], check_screen: Callable[[Page, str], None]
) -> None:
    stack = local_stack
    group_id, session_id, ids = group_with_a_session(stack)
    api_path = f"/v1/intervision/groups/{group_id}/sessions/{session_id}"
    lucas, emma, marc = phones[FACILITATOR], phones[CASE_OWNER], phones[TIMEKEEPER]
    for email, page in phones.items():  # all three sign in at once, then open the session
        sign_in(page, email)
    for page in phones.values():
        page.locator("nav").first.wait_for()
        page.evaluate(
            "hash => { location.hash = hash }", f"/intervision/groups/{group_id}/sessions/{session_id}"
        )
    expect(lucas.get_by_text("You facilitate")).to_be_visible(timeout=FOLLOW_MS)
    expect(marc.get_by_text("Jij bewaakt de tijd")).to_be_visible(timeout=FOLLOW_MS)
    expect(emma.get_by_text("La séance n'a pas encore commencé.")).to_be_visible(timeout=FOLLOW_MS)

    # Nothing moves before the start: a phone that asks with the tag it has gets a 304, no body.
    with marc.expect_response(lambda r: r.url.endswith("/live") and r.status == 304, timeout=FOLLOW_MS):
        pass

    # 1. Cases brought in: the facilitator starts; each phone follows to the first phase.
    lucas.get_by_role("button", name="Start the session").click()
    expect(emma.get_by_role("heading", name="Apporter des cas")).to_be_visible(timeout=FOLLOW_MS)
    expect(marc.get_by_role("timer")).to_contain_text(re.compile(r"nog (9|10):\d\d"), timeout=FOLLOW_MS)
    emma.get_by_label("Votre cas en une phrase").fill("Un client qui change sans cesse le brief")
    emma.get_by_role("button", name="Envoyer").click()
    other = stack.post(
        f"{api_path}/cases",
        token=stack.token(TIMEKEEPER),
        json_body={"title": "Een collega die nooit antwoordt"},
    )
    assert other.status == 201, other.body

    # 2. Choose one: two phones vote for Emma's case (Marc from elsewhere).
    lucas.get_by_role("button", name="Next phase").click()
    for page, label in ((lucas, "Choose this case"), (emma, "Choisir ce cas")):
        page.get_by_role("button", name=re.compile(f"{label}: Un client")).click()
    expect(emma.get_by_text("Votre choix")).to_be_visible(timeout=FOLLOW_MS)

    # 3. Question round, facts only: the chosen case and its owner are on every phone.
    lucas.get_by_role("button", name="Next phase").click()
    expect(marc.get_by_role("heading", name="Vragenronde: alleen feiten")).to_be_visible(timeout=FOLLOW_MS)
    expect(emma.get_by_text("Votre cas", exact=True)).to_be_visible(timeout=FOLLOW_MS)
    marc.get_by_label("Je vraag (alleen feiten)").fill("Wanneer veranderde de brief de eerste keer?")
    marc.get_by_role("button", name="Versturen").click()
    expect(marc.get_by_text("Wanneer veranderde de brief de eerste keer?")).to_be_visible()

    # 4. Analysis (the group talks), then 5. the advice round: each member writes to the case owner.
    lucas.get_by_role("button", name="Next phase").click()
    expect(lucas.get_by_role("heading", name="Analysis")).to_be_visible()
    lucas.get_by_role("button", name="Next phase").click()
    lucas.get_by_label("Your advice to Emma Claes").fill("Agree a change procedure before the next brief.")
    lucas.get_by_role("button", name="Send").click()
    marc.get_by_label("Je advies aan Emma Claes").fill("Zet elke wijziging op papier.")
    marc.get_by_role("button", name="Versturen").click()
    fourth = stack.post(
        f"{api_path}/notes", token=stack.token(FOURTH), json_body={"text": "Ask what is behind the changes."}
    )
    assert fourth.status == 201, fourth.body
    advice = emma.get_by_role("region", name="Conseils pour vous")
    for text in (
        "Agree a change procedure before the next brief.",
        "Zet elke wijziging op papier.",
        "Ask what is behind the changes.",
    ):
        expect(advice).to_contain_text(text, timeout=FOLLOW_MS)
    check_screen(emma, "intervision-advice")

    # 6. Evaluation and actions: the case owner writes what she takes away; the facilitator closes.
    lucas.get_by_role("button", name="Next phase").click()
    emma.get_by_label("Une action que vous allez entreprendre").fill(
        "Proposer une procédure de changement lundi"
    )
    emma.get_by_role("button", name="Ajouter une action").click()
    expect(emma.get_by_role("region", name="Actions retenues")).to_contain_text("Proposer une procédure")
    lucas.get_by_role("button", name="Close the session").click()
    expect(marc.get_by_text("De sessie is voorbij. Bedankt!")).to_be_visible(timeout=FOLLOW_MS)
    expect(emma.get_by_text("La séance est terminée. Merci !")).to_be_visible(timeout=FOLLOW_MS)
    expect(emma.get_by_role("region", name="Conseils pour vous")).to_contain_text(
        "Zet elke wijziging op papier.", timeout=FOLLOW_MS
    )

    # Her actions are kept with the group, to come back at the next session.
    emma.evaluate("hash => { location.hash = hash }", f"/intervision/groups/{group_id}")
    expect(emma.get_by_role("region", name="Mes actions")).to_contain_text("Proposer une procédure")

    # The organiser sees that the session was held and who attended, and nothing said in it.
    overview = stack.get(f"/v1/intervision/groups/{group_id}/overview", token=stack.token(ORGANISER))
    assert overview.status == 200, overview.body
    held = overview.json()["sessions"][0]
    assert held["status"] == "closed"
    assert {a["id"] for a in held["attendees"]} >= {ids[FACILITATOR], ids[CASE_OWNER], ids[TIMEKEEPER]}
    assert b"brief" not in overview.body and b"procedure" not in overview.body
    assert stack.get(api_path, token=stack.token(ORGANISER)).status == 403


def test_the_organiser_forms_a_group_and_plans_its_sessions_seeing_only_when_they_are(
    local_stack: LocalStackProcess, phone: Page
) -> None:
    """Anna (the admin, Dutch) forms a group of four from the organisation's people and plans two
    sessions; the group's page lists them as planned, with nobody attended yet."""
    name = f"Nieuwe leidinggevenden {uuid.uuid4().hex[:4]}"
    sign_in(phone, ORGANISER)
    phone.locator("nav").first.wait_for()
    phone.evaluate("hash => { location.hash = hash }", "/manage/intervision")
    phone.get_by_label("Naam").fill(name)
    for person in ("Lucas Willems", "Emma Claes", "Marc Janssens", "Sofie Maes"):
        phone.get_by_label(person).check()
    phone.get_by_role("button", name="De groep vormen").click()

    expect(phone.get_by_role("heading", name=name, level=1)).to_be_visible()
    expect(phone.get_by_text("Nog geen sessies gepland.")).to_be_visible()
    first = (datetime.now() + timedelta(days=7)).strftime("%Y-%m-%dT18:00")
    phone.get_by_label("Eerste sessie (jouw tijd)").fill(first)
    phone.get_by_label("Hoeveel sessies").fill("2")
    phone.get_by_role("button", name="Sessies plannen").click()
    sessions = phone.get_by_role("region", name="Sessies")
    expect(sessions.get_by_role("heading", name="Sessie 2")).to_be_visible()
    expect(sessions.get_by_text("Niemand aanwezig")).to_have_count(2)
