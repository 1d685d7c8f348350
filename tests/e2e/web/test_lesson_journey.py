"""An expert (the demo mentor, who reads Dutch) writes a five-card microlearning with a question of
the bank and a photo uploaded from the device on its first card, previews it and publishes it; a
learner (who reads English) finds it in the library on a phone, sees the photo, swipes through its
cards, answers the question, comes back to where they were after a reload, completes the lesson and
earns its points."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from playwright.sync_api import Locator, Page, Request, expect

from tests.e2e.conftest import LocalStackProcess
from tests.e2e.web.conftest import sign_in, wait_for_heading
from tests.e2e.web.test_first_day import tiny_png

MENTOR = "mentor@demo.kring.test"
LEARNER = "learner@demo.kring.test"


def swipe_left(card: Locator) -> None:
    """A finger moving 150 px to the left over the card (what the player reads as "next")."""
    card.evaluate(
        """(el) => {
            const box = el.getBoundingClientRect();
            const y = box.top + box.height / 2;
            const touch = (x) => new Touch({identifier: 1, target: el, clientX: x, clientY: y});
            const send = (kind, init) => el.dispatchEvent(new TouchEvent(kind, {...init, bubbles: true}));
            send("touchstart", {touches: [touch(box.right - 20)]});
            send("touchend", {changedTouches: [touch(box.right - 170)]});
        }"""
    )


def published_question(stack: LocalStackProcess) -> str:
    mentor = stack.token(MENTOR)
    prompt = f"Wanneer deel je de agenda? ({uuid.uuid4().hex[:6]})"
    question = {
        "kind": "single",
        "language": "nl",
        "prompt": prompt,
        "options": [{"text": "Vooraf", "correct": True}, {"text": "Tijdens de vergadering"}],
        "explanation": "Wie de agenda vooraf leest, komt voorbereid.",
    }
    made = stack.post("/v1/questions", mentor, question)
    assert made.status == 201, made.body
    assert stack.post(f"/v1/questions/{made.json()['id']}/publish", mentor).status == 200
    return prompt


def test_an_expert_publishes_a_five_card_lesson_and_a_learner_completes_it_on_a_phone(
    local_stack: LocalStackProcess, phone: Page, check_screen: Callable[[Page, str], None]
) -> None:
    stack = local_stack
    prompt = published_question(stack)
    title_nl, title_en = (
        f"Een vergadering plannen {uuid.uuid4().hex[:4]}",
        f"Plan a meeting {uuid.uuid4().hex[:4]}",
    )

    # The expert writes the lesson: a text with a photo, the question, a reflection, a poll and a
    # flashcard.
    sign_in(phone, MENTOR)
    phone.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Beheer").click()
    wait_for_heading(phone, "Beheer")
    phone.locator("main").get_by_role("link", name="Lessen", exact=True).click()
    wait_for_heading(phone, "Lessen")
    phone.get_by_role("link", name="Nieuwe les").click()
    wait_for_heading(phone, "Nieuwe les")
    phone.get_by_label("Titel", exact=True).fill(title_nl)
    phone.get_by_label("Samenvatting").fill("In vijf kaarten")
    phone.get_by_text("Titels in andere talen").click()
    phone.get_by_label("Titel (EN)").fill(title_en)
    phone.get_by_label("Tekst", exact=True).fill("Begin met het doel: wat moet er beslist zijn?")
    phone.get_by_label("Afbeelding of video", exact=True).set_input_files(
        files=[{"name": "agenda.png", "mimeType": "image/png", "buffer": tiny_png()}]
    )
    ready = phone.get_by_role("status").filter(has_text="agenda.png is klaar.")
    expect(ready).to_be_visible(timeout=30_000)  # uploaded, and checked by the media consumer
    expect(phone.get_by_role("button", name="Afbeelding of video verwijderen")).to_be_visible()
    for kind in ("Vraag uit de vragenbank", "Reflectie", "Peiling", "Flashcard"):
        phone.get_by_role("button", name=f"Toevoegen: {kind}").click()
    phone.get_by_label("Vraag uit de vragenbank", exact=True).select_option(label=prompt)
    prompts = phone.get_by_label("Vraag aan de lerende")
    prompts.nth(0).fill("Wat neem je mee naar je volgende vergadering?")
    prompts.nth(1).fill("Hoe lang duurt jouw overleg meestal?")
    phone.get_by_label("Opties, één per regel").fill("30 minuten\n1 uur")
    phone.get_by_label("Voorkant").fill("De agenda?")
    phone.get_by_label("Achterkant").fill("Vooraf delen, met het doel erbij.")
    check_screen(phone, "lesson-editor-new")
    phone.get_by_role("button", name="Les bewaren").click()
    wait_for_heading(phone, title_nl)

    phone.get_by_role("button", name="Voorbeeld").click()
    preview = phone.get_by_role("region", name=f"Voorbeeld: {title_nl}")
    expect(preview.get_by_text("Kaart 1 van 5")).to_be_visible()
    expect(preview.locator("article.lesson-card img")).to_be_visible()
    check_screen(phone, "lesson-editor-preview")
    phone.locator("section").filter(has=phone.get_by_role("heading", name="Publiceren")).get_by_role(
        "button", name="Publiceren", exact=True
    ).click()
    expect(phone.get_by_text("Gepubliceerd").first).to_be_visible()
    expect(phone.get_by_text("versie 1 staat online")).to_be_visible()

    # The learner, on their phone, finds it in the library and goes through it.
    phone.context.clear_cookies()
    phone.evaluate("localStorage.clear(); sessionStorage.clear()")
    sign_in(phone, LEARNER)
    phone.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Learn").click()
    wait_for_heading(phone, "Learn")
    phone.get_by_role("link", name=title_en).click()
    wait_for_heading(phone, title_en)
    expect(phone.get_by_text("Card 1 of 5")).to_be_visible()
    card = phone.locator("article.lesson-card")
    # The photo the expert uploaded, served to the learner and actually loaded.
    photo = card.locator("img")
    expect(photo).to_be_visible()
    phone.wait_for_function("(img) => img.complete && img.naturalWidth === 8", arg=photo.element_handle())
    check_screen(phone, "lesson-player")
    swipe_left(card)
    expect(phone.get_by_text("Card 2 of 5")).to_be_visible()
    card.get_by_label("Tijdens de vergadering").check()
    card.get_by_role("button", name="Answer").click()
    expect(card.get_by_role("status")).to_contain_text("Not quite")
    expect(card).to_contain_text("Wie de agenda vooraf leest, komt voorbereid.")
    saves: list[str] = []

    def note_save(request: Request) -> None:
        if request.url.endswith("/progress"):
            saves.append(request.method)

    phone.on("request", note_save)
    swipe_left(card)
    expect(phone.get_by_text("Card 3 of 5")).to_be_visible()
    phone.remove_listener("request", note_save)
    assert saves == []  # passing a card sends nothing: the answer carried the position

    # Leaving the lesson (another screen) saves the card they were on, once.
    learn = phone.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Learn")
    with phone.expect_response(lambda r: r.url.endswith("/progress") and r.request.method == "PUT") as saved:
        learn.click()
    assert saved.value.ok

    # Back later (a reload, as on another device): the server kept the card they were on.
    phone.reload()
    wait_for_heading(phone, "Learn")
    phone.get_by_role("link", name=title_en).click()
    wait_for_heading(phone, title_en)
    expect(phone.get_by_text("Card 3 of 5")).to_be_visible()
    phone.get_by_label("Wat neem je mee naar je volgende vergadering?").fill(
        "The agenda goes out the day before."
    )
    phone.get_by_role("button", name="Save").click()
    expect(card.get_by_text("Only you can see this")).to_be_visible()
    phone.get_by_role("button", name="Next").click()
    card.get_by_role("button", name="1 uur").click()
    expect(card.get_by_text("Thank you for voting")).to_be_visible()
    expect(card.locator(".poll-results")).to_contain_text("1 uur: 100% (1)")
    phone.get_by_role("button", name="Next").click()
    card.get_by_role("button", name="Turn the card").click()
    card.get_by_role("button", name="I knew it").click()
    phone.get_by_role("button", name="Complete the lesson").click()
    expect(phone.get_by_role("status").filter(has_text="Lesson completed")).to_be_visible()
    check_screen(phone, "lesson-completed")

    # The points come from the stream: the lesson's completion and its four answered cards (other
    # journeys' lessons of the same learner may be in the ledger too: only this lesson's count).
    learner = stack.token(LEARNER)
    reasons: list[str] = []
    for _ in range(60):
        entries = stack.get("/v1/me/points/ledger?limit=50", token=learner).json()["items"]
        completed = [e["content_id"] for e in entries if e["reason"] == "You completed a lesson"]
        lesson_id = completed[0] if completed else None  # newest first: this lesson's
        reasons = [e["reason"] for e in entries if lesson_id and e["content_id"] == lesson_id]
        if reasons.count("You answered a card of a lesson") >= 4:
            break
        time.sleep(0.5)
    assert "You completed a lesson" in reasons
    assert reasons.count("You answered a card of a lesson") == 4
    phone.goto("/#/progress")
    wait_for_heading(phone, "Points and badges")
    expect(phone.get_by_text("You completed a lesson")).to_be_visible()
