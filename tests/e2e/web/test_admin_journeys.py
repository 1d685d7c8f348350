"""An org admin on a phone: invites a new colleague from the People screen (who then signs in for
the first time), and schedules an Easter quiz from the preset, seeing when it opens in the
organisation's time zone. The demo admin reads Dutch, so the screens speak Dutch here."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.e2e.conftest import LocalStackProcess
from tests.e2e.test_learners_day import eventually
from tests.e2e.web.conftest import sign_in, wait_for_heading
from tests.e2e.web.test_first_day import TEMPORARY_PASSWORD, give_temporary_password

ADMIN = "admin@demo.kring.test"
MENTOR = "mentor@demo.kring.test"


def open_manage(page: Page) -> None:
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Beheer").click()
    wait_for_heading(page, "Beheer")


def follow(page: Page, link: str, heading: str | None = None) -> None:
    """Follows a link of the screen (not of the navigation) and waits for the next screen."""
    page.locator("main").get_by_role("link", name=link, exact=True).click()
    wait_for_heading(page, heading or link)


def test_an_admin_invites_a_new_colleague_from_the_people_screen(
    local_stack: LocalStackProcess, phone: Page, check_screen: Callable[[Page, str], None]
) -> None:
    stack = local_stack
    email = f"ines.invited.{uuid.uuid4().hex[:8]}@demo.kring.test"
    sign_in(phone, ADMIN)
    open_manage(phone)
    check_screen(phone, "manage-home-admin")
    follow(phone, "Overzicht van de organisatie")
    expect(phone.get_by_text("Europe/Brussels")).to_be_visible()
    check_screen(phone, "admin-overview")

    follow(phone, "Mensen")
    invite = phone.get_by_role("form", name="Een collega uitnodigen")
    invite.get_by_label("Naam", exact=True).fill("Ines Invited")
    invite.get_by_label("E-mailadres").fill(email)
    invite.get_by_label("Taal").select_option("en")
    invite.get_by_label("Mentor").check()
    check_screen(phone, "admin-people-invite")
    invite.get_by_role("button", name="Uitnodiging versturen").click()
    sent = invite.get_by_role("status").filter(has_text=f"Uitnodiging verstuurd naar {email}.")
    expect(sent).to_be_visible()
    expect(invite.get_by_label("E-mailadres")).to_have_value("")  # ready for the next colleague
    listed = phone.get_by_role("listitem").filter(has_text=email)
    expect(listed).to_contain_text("uitgenodigd")
    expect(listed).to_contain_text("Lerende, Mentor")

    members = stack.get("/v1/admin/users?limit=100", token=stack.token(ADMIN)).json()["items"]
    [invited] = [m for m in members if m["email"] == email]
    assert (invited["display_name"], invited["language"]) == ("Ines Invited", "en")
    assert invited["status"] == "invited"
    assert sorted(invited["roles"]) == ["learner", "mentor"]

    # The invitation works: the colleague signs in with the mailed temporary password, picks their
    # own, and arrives in English (the language the admin chose), with the Manage tab of a mentor.
    give_temporary_password(stack, email)
    phone.get_by_role("button", name="Afmelden").click()
    phone.evaluate("localStorage.setItem('kring.language', 'en')")  # the sign-in form of a new browser
    sign_in(phone, email, TEMPORARY_PASSWORD)
    wait_for_heading(phone, "Choose your own password")
    phone.get_by_label("New password", exact=True).fill("Ines-Own-Secret-42")
    phone.get_by_label("New password again").fill("Ines-Own-Secret-42")
    phone.get_by_role("button", name="Set password and continue").click()
    wait_for_heading(phone, "Your feed")
    navigation = phone.get_by_role("navigation", name="Main navigation")
    expect(navigation.get_by_role("link", name="Manage")).to_be_visible()


def publish_a_quiz(stack: LocalStackProcess, title: str) -> str:
    """A mentor's published quiz of one published question (the Easter campaign will hold it)."""
    mentor = stack.token(MENTOR)
    question = stack.post(
        "/v1/questions",
        token=mentor,
        json_body={
            "kind": "true_false",
            "language": "nl",
            "prompt": "Paaseieren verstoppen mag ook op het bureau.",
            "true_false_answer": True,
            "explanation": "Zolang je collega's ze terugvinden.",
        },
    )
    assert question.status == 201, question.body
    question_id = question.json()["id"]
    assert stack.post(f"/v1/questions/{question_id}/publish", token=mentor).status == 200
    quiz = stack.post(
        "/v1/quizzes",
        token=mentor,
        json_body={"title": title, "language": "nl", "question_ids": [question_id]},
    )
    assert quiz.status == 201, quiz.body
    quiz_id: str = quiz.json()["id"]
    assert stack.post(f"/v1/quizzes/{quiz_id}/publish", token=mentor).status == 200
    return quiz_id


def test_an_admin_schedules_an_easter_quiz_from_the_preset_in_the_organisations_time_zone(
    local_stack: LocalStackProcess, phone: Page, check_screen: Callable[[Page, str], None]
) -> None:
    stack = local_stack
    quiz_title = f"Paasquiz digitale vaardigheden {uuid.uuid4().hex[:6]}"
    quiz_id = publish_a_quiz(stack, quiz_title)
    sign_in(phone, ADMIN)
    open_manage(phone)
    follow(phone, "Campagnes")
    form = phone.get_by_role("form", name="Een campagne plannen")
    zone = form.get_by_text("Tijden zijn in de tijdzone van de organisatie, Europe/Brussels.")
    expect(zone).to_be_visible()
    form.get_by_label("Sjabloon").select_option("easter")
    form.get_by_label("Jaar", exact=True).fill("2027")
    form.get_by_label("Quiz", exact=True).select_option(label=quiz_title)
    form.get_by_label("Elk jaar herhalen").check()
    check_screen(phone, "admin-campaigns")
    form.get_by_role("button", name="Plannen").click()

    # The campaign's page: Easter 2027 falls on the day clocks go forward, so the week opens on
    # Monday 22 March at 09:00 Brussels time (UTC+1) and closes on Easter Monday at 17:00 (UTC+2).
    wait_for_heading(phone, "Paasquiz")
    opens = phone.get_by_test_id("campaign-opens")
    expect(opens).to_contain_text("22 maart 2027")
    expect(opens).to_contain_text("09:00")
    expect(opens).to_contain_text("(Europe/Brussels)")
    expect(phone.get_by_text("Gepland", exact=True)).to_be_visible()
    expect(phone.get_by_role("button", name="Nu openen")).to_be_visible()
    check_screen(phone, "admin-campaign-easter")

    campaign_id = phone.url.rsplit("/", 1)[1]
    campaign = stack.get(f"/v1/admin/campaigns/{campaign_id}", token=stack.token(ADMIN)).json()
    assert (campaign["preset"], campaign["quiz_id"], campaign["status"]) == ("easter", quiz_id, "scheduled")
    assert (campaign["opens_local"], campaign["timezone"]) == ("2027-03-22T09:00:00", "Europe/Brussels")
    assert campaign["opens_at"].startswith("2027-03-22T08:00:00")
    assert campaign["closes_at"].startswith("2027-03-29T15:00:00")
    assert campaign["repeat_yearly"] is True

    # Back on the list, the campaign is there with its opening time, in the organisation's zone.
    follow(phone, "Campagnes")
    expect(phone.get_by_role("link", name="Paasquiz").first).to_be_visible()


def test_every_admin_screen_passes_axe_on_a_phone(
    local_stack: LocalStackProcess, phone: Page, check_screen: Callable[[Page, str], None]
) -> None:
    sign_in(phone, ADMIN)
    for link, heading, name in (
        ("Teams", "Teams", "admin-teams"),
        ("Badgecatalogus", "Badgecatalogus", "admin-badges"),
        ("Puntenregels", "Puntenregels", "admin-point-rules"),
        ("Woordenlijst", "Woordenlijst", "admin-word-list"),
    ):
        open_manage(phone)
        follow(phone, link, heading)
        expect(phone.get_by_role("status").filter(has_text="Laden")).to_have_count(0)
        check_screen(phone, name)

    # A team made here shows up in the People screen's team choice.
    open_manage(phone)
    follow(phone, "Teams")
    team = f"Klantendienst {uuid.uuid4().hex[:4]}"
    phone.get_by_label("Naam van het team").first.fill(team)
    phone.get_by_role("button", name="Team aanmaken").click()
    expect(phone.get_by_role("status").filter(has_text="Team aangemaakt.")).to_be_visible()

    open_manage(phone)
    follow(phone, "Communities starten of wijzigen")
    check_screen(phone, "manage-communities")
    for link, heading, name in (
        ("Vragenbank", "Vragenbank", "manage-questions"),
        ("Quizzen", "Quizzen", "manage-quizzes"),
    ):
        open_manage(phone)
        follow(phone, link, heading)
        check_screen(phone, name)


def test_an_admin_changes_a_colleagues_roles_and_team_and_deactivates_and_reactivates_them(
    local_stack: LocalStackProcess, phone: Page
) -> None:
    stack = local_stack
    admin = stack.token(ADMIN)
    email = f"pieter.{uuid.uuid4().hex[:8]}@demo.kring.test"
    invite = {"email": email, "display_name": "Pieter Peeters", "roles": ["learner"], "language": "nl"}
    assert stack.post("/v1/admin/users", token=admin, json_body=invite).status == 201
    team_name = f"Onthaal {uuid.uuid4().hex[:4]}"
    team = stack.post("/v1/admin/teams", token=admin, json_body={"name": team_name}).json()

    def person() -> dict[str, object]:
        members = stack.get("/v1/admin/users?limit=100", token=admin).json()["items"]
        return next(m for m in members if m["email"] == email)  # type: ignore[no-any-return]

    sign_in(phone, ADMIN)
    open_manage(phone)
    follow(phone, "Mensen")
    row = phone.get_by_role("listitem").filter(has_text=email)

    row.get_by_text("Pieter Peeters wijzigen").click()  # the tools stay open while they are used
    row.get_by_label("Communitymanager").check()
    row.get_by_role("button", name="Rollen bewaren").click()
    expect(row).to_contain_text("uitgenodigd · Lerende, Communitymanager")
    expect(row.get_by_role("status").filter(has_text="Bewaard")).to_be_visible()
    row.get_by_label("Team", exact=True).select_option(label=team_name)
    expect(row.get_by_label("Team", exact=True)).to_have_value(team["id"])
    eventually(lambda: person()["team_id"] == team["id"], "the team change", seconds=5)

    row.get_by_role("button", name="Deactiveren").click()
    expect(row).to_contain_text("gedeactiveerd ·")
    assert person()["status"] == "deactivated"
    row.get_by_role("button", name="Opnieuw activeren").click()
    expect(row.get_by_role("button", name="Deactiveren")).to_be_visible()
    assert person()["status"] != "deactivated"
    assert sorted(person()["roles"]) == ["community_manager", "learner"]  # type: ignore[arg-type]


def test_an_admin_edits_the_word_list_and_a_point_rule(local_stack: LocalStackProcess, phone: Page) -> None:
    stack = local_stack
    admin = stack.token(ADMIN)
    words_before = stack.get("/v1/admin/word-list", token=admin).json()["words"]
    rules_before = stack.get("/v1/admin/point-rules", token=admin).json()["rules"]
    word = f"zwendel{uuid.uuid4().hex[:4]}"
    sign_in(phone, ADMIN)
    try:
        open_manage(phone)
        follow(phone, "Woordenlijst")
        words = phone.get_by_label("Woorden en uitdrukkingen, één per regel")
        words.fill("\n".join([*words_before, word]))
        expect(phone.get_by_text(f"{len(words_before) + 1} op de lijst.", exact=False)).to_be_visible()
        phone.get_by_role("button", name="Bewaren").click()
        expect(phone.get_by_role("status").filter(has_text="Bewaard")).to_be_visible()
        assert stack.get("/v1/admin/word-list", token=admin).json()["words"] == [*words_before, word]

        open_manage(phone)
        follow(phone, "Puntenregels")
        phone.get_by_label("Een bericht plaatsen: Daglimiet").fill("60")
        phone.get_by_role("button", name="Bewaren").click()
        expect(phone.get_by_role("status").filter(has_text="Bewaard")).to_be_visible()
        rules = stack.get("/v1/admin/point-rules", token=admin).json()
        assert rules["customised"] and rules["rules"]["post_published"]["daily_cap"] == 60
    finally:  # other stories on this stack count on the demo's rules
        stack.request("PUT", "/v1/admin/word-list", token=admin, json_body={"words": words_before})
        stack.request("PUT", "/v1/admin/point-rules", token=admin, json_body={"rules": rules_before})
