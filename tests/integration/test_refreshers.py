"""Refreshers end to end: the questions a learner answers in a quiz come back as refreshers on the
days FSRS picks (a wrong one the next day), answering one rates it, replays change nothing, the
organisation sets its retention, and the daily reminder reaches those with refreshers due."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from chalice.test import Client
from fsrs import Rating

from chalicelib import ids
from chalicelib.refreshers import reminders
from chalicelib.refreshers.deck import QuestionMet, answer_card, met_question
from chalicelib.refreshers.settings import settings_of
from chalicelib.store import refreshers as store
from local import emulator
from local.emulator import LocalResources
from tests.integration.test_notifications import StreamTap, consume, inbox
from tests.support.stack import ApiClient, start_test_stack
from tests.support.streams import StreamDrain
from tests.support.world import OrgWorld, Person, _person, build_org

pytestmark = pytest.mark.usefixtures("direct_emulator")  # see tests/integration/conftest.py


SHORTCUT = {
    "kind": "single",
    "language": "en",
    "prompt": "Which shortcut pastes without formatting?",
    "options": [{"text": "Ctrl+V"}, {"text": "Ctrl+Shift+V", "correct": True}],
    "explanation": "Ctrl+Shift+V pastes without formatting.",
}
BYTE = {
    "kind": "numeric",
    "language": "en",
    "prompt": "How many bits in a byte?",
    "correct_number": 8,
    "explanation": "Eight.",
}


@pytest.fixture(scope="module")
def world(resources: LocalResources) -> OrgWorld:
    start_test_stack()
    return build_org(resources, "refresh")


@pytest.fixture
def clock() -> Iterator[None]:
    """The tests move this process's clock to "the next day"; it is back to now afterwards."""
    yield
    ids.travel(timedelta(0))


def next_day() -> None:
    ids.travel(ids.travelled() + timedelta(days=1))


def practice_quiz(api: ApiClient, author: Person, *drafts: dict[str, Any]) -> tuple[str, list[str]]:
    question_ids = []
    for draft in drafts:
        made = api.post("/v1/questions", author.token, draft)
        assert made.status == 201, made.body
        question_ids.append(made.json()["id"])
        assert api.post(f"/v1/questions/{question_ids[-1]}/publish", author.token).status == 200
    quiz = api.post(
        "/v1/quizzes",
        author.token,
        {"title": "Basics", "language": "en", "question_ids": question_ids, "practice": True},
    )
    assert quiz.status == 201, quiz.body
    assert api.post(f"/v1/quizzes/{quiz.json()['id']}/publish", author.token).status == 200
    return quiz.json()["id"], question_ids


def play(api: ApiClient, player: Person, quiz_id: str, answers: list[dict[str, Any]]) -> None:
    for given in answers:
        served = api.post(f"/v1/quizzes/{quiz_id}/play/next", player.token).json()["question"]
        answered = api.post(
            f"/v1/quizzes/{quiz_id}/play/answers",
            player.token,
            {"question_id": served["question_id"], **given},
        )
        assert answered.status == 201, answered.body


def session(api: ApiClient, person: Person) -> dict[str, Any]:
    reply = api.get("/v1/me/refreshers?language=en", person.token)
    assert reply.status == 200, reply.body
    result: dict[str, Any] = reply.json()
    return result


def test_the_question_i_got_wrong_comes_back_the_next_day_and_answering_rates_it(
    api: ApiClient, resources: LocalResources, world: OrgWorld, drain_stream: StreamDrain, clock: None
) -> None:
    learner = _person(resources, world.org_id, "learner")
    quiz_id, (shortcut, byte) = practice_quiz(api, world.manager, SHORTCUT, BYTE)
    play(api, learner, quiz_id, [{"option_ids": ["b"]}, {"number": 7}])  # right, then wrong
    drain_stream()

    today = session(api, learner)
    assert today["items"] == [] and not today["more_due"]  # nothing is due the day it was learnt
    assert api.get("/v1/me/refreshers/due", learner.token).json()["due"] == 0

    next_day()
    tomorrow = session(api, learner)
    assert [item["question_id"] for item in tomorrow["items"]] == [byte]  # the wrong one, not the right one
    shown = tomorrow["items"][0]
    assert shown["prompt"] == "How many bits in a byte?" and shown["kind"] == "numeric"
    assert shown["card"]["reviews"] == 1 and shown["card"]["lapses"] == 1
    assert "correct_number" not in shown and "explanation" not in shown  # the answer is not given away
    assert api.get("/v1/me/refreshers/due", learner.token).json()["due"] == 1

    answered = api.post(
        f"/v1/me/refreshers/{byte}/answer", learner.token, {"number": 8, "confidence": "easy"}
    )
    assert answered.status == 200, answered.body
    outcome = answered.json()
    assert outcome["correct"] and outcome["rating"] == "easy" and not outcome["replayed"]
    assert outcome["correct_number"] == 8 and outcome["explanation"] == "Eight."
    assert outcome["card"]["due_on"] > tomorrow["today"] and outcome["card"]["reviews"] == 2

    again = api.post(f"/v1/me/refreshers/{byte}/answer", learner.token, {"number": 8, "confidence": "easy"})
    assert again.status == 200 and again.json()["replayed"]
    assert again.json()["card"] == outcome["card"]  # a replay changes nothing
    assert session(api, learner)["items"] == []

    # The right one was rated Good: it is not due the next day, and answering it early is refused.
    early = api.post(f"/v1/me/refreshers/{shortcut}/answer", learner.token, {"option_ids": ["b"]})
    assert early.status == 409


def test_a_refresher_answered_today_counts_once_even_after_the_question_came_back_in_a_quiz(
    api: ApiClient, resources: LocalResources, world: OrgWorld, drain_stream: StreamDrain, clock: None
) -> None:
    learner = _person(resources, world.org_id, "learner")
    quiz_id, (shortcut,) = practice_quiz(api, world.manager, SHORTCUT)
    play(api, learner, quiz_id, [{"option_ids": ["a"]}])  # wrong: due tomorrow
    drain_stream()
    next_day()

    # Two answers racing from the same read of the card (a double tap): the first one counts.
    first_read, second_read = (store.get_card(world.org_id, learner.user_id, shortcut) for _ in range(2))
    assert first_read is not None and second_read is not None
    settings = settings_of(world.org_id)
    assert answer_card(first_read, Rating.Good, ids.utc_now(), settings) is not None
    assert answer_card(second_read, Rating.Good, ids.utc_now(), settings) is None

    # The same day the learner meets the question again in a quiz: a review of its own...
    met = QuestionMet(world.org_id, learner.user_id, shortcut, True, ids.utc_now(), "quiz", "quiz#again#1")
    assert met_question(met)
    # ...and the app retries the refresher answer (a lost response): it is not reviewed again.
    retried = api.post(f"/v1/me/refreshers/{shortcut}/answer", learner.token, {"option_ids": ["b"]})
    assert retried.status == 200 and retried.json()["replayed"], retried.body
    card = store.get_card(world.org_id, learner.user_id, shortcut)
    assert card is not None and int(card.reviews) == 3 and card.last_met_in == "quiz"


def test_a_replayed_quiz_answer_reviews_the_card_once(
    api: ApiClient, resources: LocalResources, world: OrgWorld, lambdas: Client
) -> None:
    learner = _person(resources, world.org_id, "learner")
    quiz_id, (shortcut,) = practice_quiz(api, world.manager, SHORTCUT)
    tap = StreamTap(resources, world.org_id)
    play(api, learner, quiz_id, [{"option_ids": ["a"]}])
    records = tap.read()
    consume(lambdas, records)
    consume(lambdas, records)  # redelivered
    card = store.get_card(world.org_id, learner.user_id, shortcut)
    assert (
        card is not None and int(card.reviews) == 1 and int(card.lapses) == 1 and card.last_met_in == "quiz"
    )


def test_a_question_card_of_a_lesson_got_wrong_comes_back_the_next_day(
    api: ApiClient, resources: LocalResources, world: OrgWorld, drain_stream: StreamDrain, clock: None
) -> None:
    from tests.integration.test_lessons import published_lesson

    expert, learner = _person(resources, world.org_id, "mentor"), _person(resources, world.org_id, "learner")
    lesson_id = published_lesson(api, expert, world.question_id)
    wrong = api.post(f"/v1/lessons/{lesson_id}/cards/ask/answer", learner.token, {"option_ids": ["b"]})
    assert wrong.status == 200 and not wrong.json()["answer"]["correct"], wrong.body
    drain_stream()
    drain_stream()  # the progress record again: still one review
    assert session(api, learner)["items"] == []
    next_day()
    [due] = session(api, learner)["items"]
    assert due["question_id"] == world.question_id and due["card"]["last_met_in"] == "lesson"
    assert due["card"]["reviews"] == 1


def test_videos_meet_questions_through_the_same_use_case(world: OrgWorld, clock: None) -> None:
    learner_id = ids.new_id()
    met = QuestionMet(
        world.org_id, learner_id, world.question_id, True, ids.utc_now(), "lesson", "lesson#x#1"
    )
    assert met_question(met)
    assert not met_question(met)  # the same event again
    later = QuestionMet(
        world.org_id, learner_id, world.question_id, False, ids.utc_now(), "video", "video#y#cue-1"
    )
    assert met_question(later)
    card = store.get_card(world.org_id, learner_id, world.question_id)
    assert card is not None and int(card.reviews) == 2 and card.last_met_in == "video"
    with pytest.raises(ValueError):
        met_question(
            QuestionMet(world.org_id, learner_id, world.question_id, True, ids.utc_now(), "wiki", "w#1")
        )


def test_hostile_members_cannot_answer_what_is_not_theirs_or_not_due_or_forge_a_rating(
    api: ApiClient, resources: LocalResources, world: OrgWorld, drain_stream: StreamDrain, clock: None
) -> None:
    learner, colleague = (_person(resources, world.org_id, "learner") for _ in range(2))
    quiz_id, (shortcut,) = practice_quiz(api, world.manager, SHORTCUT)
    play(api, learner, quiz_id, [{"option_ids": ["a"]}])  # wrong: due tomorrow
    drain_stream()
    next_day()

    # A colleague who never played that quiz: it is not among their refreshers.
    assert (
        api.post(f"/v1/me/refreshers/{shortcut}/answer", colleague.token, {"option_ids": ["b"]}).status == 404
    )
    assert session(api, colleague)["items"] == []
    # A question of the bank the learner never met, and a made-up one.
    never = api.post(f"/v1/me/refreshers/{world.question_id}/answer", learner.token, {"option_ids": ["a"]})
    assert never.status == 404
    assert (
        api.post("/v1/me/refreshers/..%2F..%2Fx/answer", learner.token, {"option_ids": ["a"]}).status == 404
    )
    # A rating that is not one of ours; an option the question does not have; a number for a choice.
    path = f"/v1/me/refreshers/{shortcut}/answer"
    assert api.post(path, learner.token, {"option_ids": ["b"], "confidence": "perfect"}).status == 422
    assert api.post(path, learner.token, {"option_ids": ["b"], "rating": "easy"}).status == 422
    assert api.post(path, learner.token, {"option_ids": ["z"]}).status == 422
    assert api.post(path, learner.token, {"number": 1}).status == 422
    # Saying "easy" does not make a wrong answer right.
    wrong = api.post(path, learner.token, {"option_ids": ["a"], "confidence": "easy"}).json()
    assert not wrong["correct"] and wrong["rating"] == "again"
    assert wrong["card"]["due_on"] > session(api, learner)["today"]  # back tomorrow, not in a week


def test_admins_set_the_desired_retention_within_its_range(api: ApiClient, world: OrgWorld) -> None:
    path = "/v1/admin/refreshers/settings"
    assert api.get(path, world.learner.token).status == 403
    assert (
        api.put(
            path,
            world.learner.token,
            {"desired_retention": 0.8, "daily_size": 5, "remind_at": "08:00", "version": 0},
        ).status
        == 403
    )
    current = api.get(path, world.admin.token).json()
    assert current["desired_retention"] == 0.9 and current["timezone"] == "Europe/Brussels"
    change = {"desired_retention": 0.85, "daily_size": 3, "remind_at": "07:30", "version": current["version"]}
    for wrong in (
        {"desired_retention": 0.5},
        {"desired_retention": 1.0},
        {"daily_size": 0},
        {"remind_at": "7:30"},
    ):
        assert api.put(path, world.admin.token, {**change, **wrong}).status == 422
    saved = api.put(path, world.admin.token, change)
    assert saved.status == 200, saved.body
    assert saved.json()["desired_retention"] == 0.85 and saved.json()["version"] == current["version"] + 1
    assert api.put(path, world.admin.token, change).status == 409  # an admin's stale read
    assert api.get(path, world.admin.token).json()["daily_size"] == 3


def test_the_daily_reminder_reaches_learners_with_refreshers_due_once_and_respects_quiet_hours(
    api: ApiClient, resources: LocalResources, drain_stream: StreamDrain, clock: None
) -> None:
    world = build_org(resources, "remind")
    scheduler = emulator.client("scheduler", resources.endpoint_url)
    name = reminders.schedule_name(world.org_id)

    def schedule() -> dict[str, Any] | None:
        try:
            found: dict[str, Any] = scheduler.get_schedule(Name=name, GroupName=emulator.SCHEDULE_GROUP)
        except scheduler.exceptions.ResourceNotFoundException:
            return None
        return found

    assert schedule() is None  # no refreshers yet: no schedule, nothing runs for this organisation
    learner, night_owl, opted_out = (_person(resources, world.org_id, "learner") for _ in range(3))
    quiz_id, _ = practice_quiz(api, world.manager, SHORTCUT, BYTE)
    for person in (learner, night_owl, opted_out):
        play(api, person, quiz_id, [{"option_ids": ["a"]}, {"number": 1}])  # both wrong
    drain_stream()
    made = schedule()
    assert made is not None
    assert (
        made["ScheduleExpression"] == "cron(0 8 * * ? *)"
        and made["ScheduleExpressionTimezone"] == "Europe/Brussels"
    )

    # The admin moves it to 07:30.
    current = api.get("/v1/admin/refreshers/settings", world.admin.token).json()
    assert current["reminder_scheduled"]
    change = {"desired_retention": 0.9, "daily_size": 5, "remind_at": "07:30", "version": current["version"]}
    assert api.put("/v1/admin/refreshers/settings", world.admin.token, change).status == 200
    moved = schedule()
    assert moved is not None and moved["ScheduleExpression"] == "cron(30 7 * * ? *)"

    always_quiet = {"reminders": True, "quiet_from": "00:00", "quiet_until": "23:59"}
    assert api.put("/v1/me/refreshers/preferences", night_owl.token, always_quiet).status == 200
    assert api.put("/v1/me/refreshers/preferences", opted_out.token, {"reminders": False}).status == 200
    half = {"reminders": True, "quiet_from": "22:00"}
    assert api.put("/v1/me/refreshers/preferences", learner.token, half).status == 422
    assert api.get("/v1/me/refreshers/preferences", opted_out.token).json()["reminders"] is False

    assert reminders.send_daily_reminders(world.org_id)["sent"] == 0  # nothing is due on the first day
    next_day()
    sent = reminders.send_daily_reminders(world.org_id)
    assert sent["sent"] == 1
    texts = [n["text"] for n in inbox(api, learner) if n["kind"] == "refreshers_due"]
    assert texts == ["2 opfrissers staan klaar voor vandaag"]  # the learner reads Dutch
    assert not [n for n in inbox(api, night_owl) if n["kind"] == "refreshers_due"]
    assert not [n for n in inbox(api, opted_out) if n["kind"] == "refreshers_due"]
    assert reminders.send_daily_reminders(world.org_id)["sent"] == 0  # run again: nobody twice
    assert len([n for n in inbox(api, learner) if n["kind"] == "refreshers_due"]) == 1
