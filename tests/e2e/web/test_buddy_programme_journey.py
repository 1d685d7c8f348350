"""An organiser runs a buddy programme for 12 sign-ups: creates it on a phone, lets the matcher
propose pairs, reviews them with their reasons, publishes them; each buddy then sees only their own
pair's private space. The 12 sign-ups are made through the API to keep the journey short."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator

import boto3
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from local.emulator import LOCAL_REGION
from local.seed import DEMO_PASSWORD
from tests.e2e.conftest import LocalStackProcess
from tests.e2e.web.conftest import CHROMIUM_FLAGS, PHONE, WAIT_MS, sign_in, wait_for_heading

ORGANISER = "manager@demo.kring.test"  # Sofie Maes, community manager, reads Dutch
BUDDIES = 12
SKILLS = ["excel", "presenting", "python", "sales"]


def colleagues(stack: LocalStackProcess, count: int) -> list[tuple[str, str, str]]:
    """`count` new colleagues (email, name, ID token), invited by the admin, with a password."""
    admin = stack.token("admin@demo.kring.test")
    config = stack.get("/v1/client-config").json()
    cognito = boto3.client(
        "cognito-idp",
        region_name=LOCAL_REGION,
        endpoint_url=stack.emulator_url,
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    made = []
    tag = uuid.uuid4().hex[:6]
    for n in range(count):
        email, name = f"buddy{n}.{tag}@demo.kring.test", f"Buddy {n} {tag}"
        invite = {"email": email, "display_name": name, "roles": ["learner"], "language": "en"}
        assert stack.post("/v1/admin/users", token=admin, json_body=invite).status == 201
        cognito.admin_set_user_password(
            UserPoolId=config["user_pool_id"], Username=email, Password=DEMO_PASSWORD, Permanent=True
        )
        signed = cognito.initiate_auth(
            ClientId=config["user_pool_client_id"],
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": email, "PASSWORD": DEMO_PASSWORD},
        )
        made.append((email, name, signed["AuthenticationResult"]["IdToken"]))
    return made


@pytest.fixture
def another_phone(browser: Browser, local_stack: LocalStackProcess) -> Iterator[Callable[[], Page]]:
    """Further phones (each its own browser context: another person signed in)."""
    contexts: list[BrowserContext] = []

    def open_phone() -> Page:
        context = browser.new_context(
            viewport=PHONE, is_mobile=True, has_touch=True, base_url=local_stack.base_url, bypass_csp=True
        )
        context.set_default_timeout(WAIT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_phone
    for context in contexts:
        context.close()


def test_an_organiser_pairs_twelve_buddies_and_each_sees_only_their_own_space(
    local_stack: LocalStackProcess,
    phone: Page,
    another_phone: Callable[[], Page],
    check_screen: Callable[[Page, str], None],
) -> None:
    stack = local_stack
    people = colleagues(stack, BUDDIES)
    assert CHROMIUM_FLAGS  # the phones share the package's browser

    # The organiser creates the programme on her phone.
    sign_in(phone, ORGANISER)
    wait_for_heading(phone, "Jouw feed")
    phone.goto("/#/programmes")
    wait_for_heading(phone, "Buddy's en mentoring")
    name = f"Buddy's najaar {uuid.uuid4().hex[:4]}"
    phone.get_by_label("Naam").fill(name)
    phone.get_by_role("button", name="Nieuw programma").click()
    wait_for_heading(phone, name)
    programme_id = phone.url.rsplit("/", 1)[-1]

    # Twelve colleagues sign up (through the API).
    for n, (_, _, token) in enumerate(people):
        form = {
            "role": "buddy",
            "offers": [SKILLS[n % 4]],
            "wants": [SKILLS[(n + 1) % 4]],
            "languages": ["en", "nl"] if n % 2 else ["en"],
            "time_zone": "Europe/Brussels",
            "availability": [f"{n % 5}:9-12", "2:13-15"],
            "goal": "Learn from a colleague",
        }
        signed = stack.request("PUT", f"/v1/programmes/{programme_id}/signup", token, form)
        assert signed.status == 200, signed.body

    # She matches them, reviews the proposal with its reasons, and publishes it.
    phone.reload()
    expect(phone.get_by_text("12 ingeschreven").first).to_be_visible()
    phone.get_by_role("button", name="Koppels maken").click()
    proposal = phone.get_by_role("region", name="Voorstel")
    deadline = time.monotonic() + 30
    while not proposal.is_visible() and time.monotonic() < deadline:
        refresh = phone.get_by_role("button", name="Vernieuwen")
        if refresh.is_visible():
            refresh.click()
        phone.wait_for_timeout(500)
    expect(proposal.get_by_role("listitem").filter(has_text="punten")).to_have_count(BUDDIES // 2)
    expect(proposal.get_by_text("vaardigheid").first).to_be_visible()
    check_screen(phone, "programme-review")
    proposal.get_by_role("button", name="Koppels bekendmaken").click()
    deadline = time.monotonic() + 30
    published = phone.get_by_text("De koppels zijn bekendgemaakt.")
    while not published.is_visible() and time.monotonic() < deadline:
        refresh = phone.get_by_role("button", name="Vernieuwen")
        if refresh.is_visible():
            refresh.click()
        phone.wait_for_timeout(500)
    expect(published).to_be_visible()

    # Two buddies of different pairs each see their own pair, and write in its space.
    pairs = {}
    for email, _, token in people:
        (mine,) = stack.get("/v1/me/pairs", token=token).json()["items"]
        pairs[email] = mine
    first_email = people[0][0]
    first_pair = pairs[first_email]
    other_email = next(e for e, p in pairs.items() if p["pair_id"] != first_pair["pair_id"])
    for email, secret in ((first_email, "Koffie op dinsdag?"), (other_email, "Lunch on Friday?")):
        buddy = another_phone()
        sign_in(buddy, email)
        wait_for_heading(buddy, "Your feed")
        buddy.goto("/#/programmes")
        wait_for_heading(buddy, "Buddies and mentoring")
        mine = pairs[email]
        links = buddy.get_by_role("region", name="My pairs").get_by_role("link")
        expect(links).to_have_count(1)
        links.first.click()
        wait_for_heading(buddy, f"With {mine['partner_name']}")
        buddy.get_by_label("Write a message").fill(secret)
        buddy.get_by_role("button", name="Send").click()
        expect(buddy.get_by_role("listitem").filter(has_text=secret)).to_be_visible()
        expect(
            buddy.get_by_text("Koffie op dinsdag?" if email == other_email else "Lunch on Friday?")
        ).to_have_count(0)
        if email == first_email:
            check_screen(buddy, "pair-space")

    # Nobody else gets into the first pair's space: not the other buddy, nor the organiser.
    other_token = next(t for e, _, t in people if e == other_email)
    space = f"/v1/pairs/{first_pair['pair_id']}/messages"
    assert stack.get(space, token=other_token).status in (403, 404)
    assert stack.get(space, token=stack.token(ORGANISER)).status in (403, 404)
    partner_token = next(t for _, n, t in people if n == first_pair["partner_name"])
    thread = stack.get(space, token=partner_token).json()["items"]
    assert [m["body"] for m in thread] == ["Koffie op dinsdag?"]
