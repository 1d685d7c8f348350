"""Microlearnings end to end: experts write lessons of cards, a second expert reviews them, they
are published (minor and major versions), learners open, resume, answer and complete them, and
the stream consumer gives the points exactly once. And what a hostile member of the same
organisation tries."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from chalice.test import Client

from chalicelib.ids import utc_now
from chalicelib.store import keys
from chalicelib.store.models import PointsEntryItem, PointsTotalItem
from local.emulator import LocalResources
from tests.integration.test_notifications import StreamTap, consume, inbox
from tests.support.media import upload_ready_media
from tests.support.stack import ApiClient, start_test_stack, unique
from tests.support.world import OrgWorld, Person, _person, build_org

pytestmark = pytest.mark.usefixtures("direct_emulator")  # see tests/integration/conftest.py


@pytest.fixture(scope="module")
def world(resources: LocalResources) -> OrgWorld:
    start_test_stack()
    return build_org(resources, "lessons")


@pytest.fixture(scope="module")
def expert(resources: LocalResources, world: OrgWorld) -> Person:
    return _person(resources, world.org_id, "mentor")


@pytest.fixture(scope="module")
def second_expert(resources: LocalResources, world: OrgWorld) -> Person:
    return _person(resources, world.org_id, "mentor")


def five_cards(question_id: str, media_id: str | None = None) -> list[dict[str, Any]]:
    content: dict[str, Any] = {
        "id": "goal",
        "type": "content",
        "texts": {"nl": {"text": "Begin met het doel."}, "en": {"text": "Start with the goal."}},
    }
    if media_id:
        content["media_id"] = media_id
    return [
        content,
        {"id": "ask", "type": "question", "question_id": question_id},
        {
            "id": "think",
            "type": "reflection",
            "shareable": True,
            "texts": {"nl": {"prompt": "Wat neem je mee?"}},
        },
        {
            "id": "vote",
            "type": "poll",
            "texts": {"nl": {"prompt": "Hoe lang duurt jouw vergadering?", "options": ["30 min", "1 uur"]}},
        },
        {"id": "recall", "type": "flashcard", "texts": {"nl": {"front": "Agenda?", "back": "Vooraf delen."}}},
    ]


def lesson_body(question_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "language": "nl",
        "variants": {
            "nl": {"title": "Een vergadering plannen", "summary": "In vijf kaarten"},
            "en": {"title": "Plan a meeting", "summary": "In five cards"},
        },
        "cards": five_cards(question_id),
        "skill_tags": ["Meetings"],
        "estimated_minutes": 4,
        **extra,
    }


def published_lesson(api: ApiClient, author: Person, question_id: str, **extra: Any) -> str:
    made = api.post("/v1/lessons", author.token, lesson_body(question_id, **extra))
    assert made.status == 201, made.body
    lesson_id: str = made.json()["id"]
    published = api.post(f"/v1/lessons/{lesson_id}/publish", author.token, {"major": False})
    assert published.status == 200, published.body
    return lesson_id


def library_ids(api: ApiClient, person: Person, path: str = "/v1/library") -> list[str]:
    reply = api.get(f"{path}?limit=100", person.token)
    assert reply.status == 200, reply.body
    return [item["id"] for item in reply.json()["items"]]


# Writing, reviewing, publishing -----------------------------------------------------------------


def test_an_expert_writes_a_lesson_a_second_expert_reviews_it_and_learners_find_it_published(
    api: ApiClient, world: OrgWorld, expert: Person, second_expert: Person
) -> None:
    made = api.post("/v1/lessons", expert.token, lesson_body(world.question_id))
    assert made.status == 201, made.body
    draft = made.json()
    lesson_id = draft["id"]
    assert (draft["state"], draft["release_version"], draft["skill_tags"]) == ("draft", 0, ["meetings"])
    assert [card["type"] for card in draft["cards"]] == [
        "content",
        "question",
        "reflection",
        "poll",
        "flashcard",
    ]

    # A draft is for its authors: learners and other experts are told it does not exist.
    assert api.get(f"/v1/lessons/{lesson_id}", world.learner.token).status == 404
    assert api.get(f"/v1/lessons/{lesson_id}/draft", world.learner.token).status == 404
    assert api.get(f"/v1/lessons/{lesson_id}/draft", second_expert.token).status == 404
    assert lesson_id not in library_ids(api, world.learner)

    # The reviewer is a second expert: not the author, not a learner.
    review = f"/v1/lessons/{lesson_id}/review"
    assert api.post(review, expert.token, {"reviewer_id": expert.user_id}).status == 422
    assert api.post(review, expert.token, {"reviewer_id": world.learner.user_id}).status == 422
    asked = api.post(review, expert.token, {"reviewer_id": second_expert.user_id})
    assert asked.status == 200, asked.body
    assert asked.json()["state"] == "in_review"
    waiting = api.get("/v1/learning/reviews", second_expert.token).json()["items"]
    assert [(r["content_id"], r["title"]) for r in waiting] == [(lesson_id, "Een vergadering plannen")]

    # The reviewer reads it and its preview, but changes nothing but the decision.
    assert api.get(f"/v1/lessons/{lesson_id}/draft", second_expert.token).status == 200
    preview = api.get(f"/v1/lessons/{lesson_id}/preview?language=en", second_expert.token)
    assert preview.status == 200, preview.body
    assert preview.json()["title"] == "Plan a meeting"
    change = {**lesson_body(world.question_id), "estimated_minutes": 9}
    assert api.put(f"/v1/lessons/{lesson_id}/draft", second_expert.token, change).status == 403
    assert api.post(f"{review}/decision", expert.token, {"approve": True}).status == 404

    sent_back = api.post(
        f"{review}/decision", second_expert.token, {"approve": False, "note": "Kaart 1 korter."}
    )
    assert sent_back.status == 200, sent_back.body
    assert (sent_back.json()["state"], sent_back.json()["review_note"]) == ("draft", "Kaart 1 korter.")
    assert api.get("/v1/learning/reviews", second_expert.token).json()["items"] == []

    assert api.post(review, expert.token, {"reviewer_id": second_expert.user_id}).status == 200
    approved = api.post(f"{review}/decision", second_expert.token, {"approve": True})
    assert approved.status == 200, approved.body
    assert (approved.json()["state"], approved.json()["release_version"]) == ("published", 1)
    assert lesson_id in library_ids(api, world.learner)
    authored = api.get("/v1/learning/authored", expert.token).json()["items"]
    assert (authored[0]["id"], authored[0]["state"]) == (lesson_id, "published")

    opened = api.get(f"/v1/lessons/{lesson_id}?language=en", world.learner.token)
    assert opened.status == 200, opened.body
    lesson = opened.json()
    assert (lesson["title"], lesson["language"], lesson["release_version"]) == ("Plan a meeting", "en", 1)
    assert lesson["progress"] == {
        "started": False,
        "version": 0,
        "position": 0,
        "completed_at": None,
        "answers": [],
    }
    question = lesson["cards"][1]
    assert question["prompt"].startswith("Which community is") and len(question["options"]) == 2
    assert "correct_option_ids" not in str(lesson) and "explanation" not in str(lesson)
    assert lesson["cards"][2]["prompt"] == "Wat neem je mee?"  # no English variant: the author's


def test_a_learner_resumes_on_another_device_and_completion_earns_points_exactly_once(
    api: ApiClient, lambdas: Client, resources: LocalResources, world: OrgWorld, expert: Person
) -> None:
    lesson_id = published_lesson(api, expert, world.question_id)
    learner = _person(resources, world.org_id, "learner")
    tap = StreamTap(resources, world.org_id)
    path = f"/v1/lessons/{lesson_id}"

    moved = api.put(f"{path}/progress", learner.token, {"position": 2})
    assert moved.status == 200, moved.body
    version = moved.json()["progress"]["version"]
    phone = api.get(path, learner.token).json()["progress"]  # another device: the same progress
    assert (phone["started"], phone["position"], phone["version"]) == (True, 2, version)
    stale = api.put(f"{path}/progress", learner.token, {"position": 3, "expected_version": version - 1})
    assert stale.status == 409

    early = api.post(f"{path}/complete", learner.token, {})
    assert early.status == 409
    assert early.json()["unanswered_card_ids"] == ["ask", "vote"]

    wrong = api.post(f"{path}/cards/ask/answer", learner.token, {"option_ids": ["b"]})
    assert wrong.status == 200, wrong.body
    feedback = wrong.json()["answer"]
    assert (feedback["correct"], feedback["correct_option_ids"], feedback["explanation"]) == (
        False,
        ["a"],
        "It is this one.",
    )
    again = api.post(f"{path}/cards/ask/answer", learner.token, {"option_ids": ["b"]})
    assert again.status == 200 and again.json()["answer"]["at"] == feedback["at"]  # a retry
    assert api.post(f"{path}/cards/ask/answer", learner.token, {"option_ids": ["a"]}).status == 409
    assert api.post(f"{path}/cards/vote/answer", learner.token, {"option_id": "b"}).status == 200
    assert api.post(f"{path}/cards/recall/answer", learner.token, {"knew": True}).status == 200
    private = api.post(f"{path}/cards/think/answer", learner.token, {"text": "Agenda vooraf."})
    assert (
        private.json()["answer"]["text"] == "Agenda vooraf."
        and private.json()["answer"]["shared_post_id"] is None
    )

    done = api.post(f"{path}/complete", learner.token, {})
    assert done.status == 200, done.body
    completed_at = done.json()["progress"]["completed_at"]
    assert completed_at is not None and done.json()["progress"]["position"] == 4
    assert api.post(f"{path}/complete", learner.token, {}).json()["progress"]["completed_at"] == completed_at
    started = api.get("/v1/learning/progress", learner.token).json()["items"]
    assert [(s["content_id"], s["completed_at"]) for s in started] == [(lesson_id, completed_at)]

    records = tap.read()
    consume(lambdas, records)
    consume(lambdas, records)  # redelivered: changes nothing
    totals = PointsTotalItem.get(keys.points_pk(world.org_id, learner.user_id), keys.POINTS_TOTAL_SK)
    assert int(totals.points) == 15 + 4 * 1  # completed, and four cards answered (each once)
    entries = list(
        PointsEntryItem.query(
            keys.points_pk(world.org_id, learner.user_id),
            PointsEntryItem.sk.startswith(keys.POINTS_ENTRY_SK_PREFIX),
        )
    )
    assert sorted(e.action for e in entries) == ["lesson_card_answered"] * 4 + ["lesson_completed"]


def test_an_answer_saves_where_the_learner_is_so_another_device_resumes_there_without_a_move(
    api: ApiClient, resources: LocalResources, world: OrgWorld, expert: Person
) -> None:
    lesson_id = published_lesson(api, expert, world.question_id)
    learner = _person(resources, world.org_id, "learner")
    path = f"/v1/lessons/{lesson_id}"

    # Passing the first card saves nothing; answering the question on card 2 saves the answer and
    # the position in one write.
    answered = api.post(f"{path}/cards/ask/answer", learner.token, {"option_ids": ["a"], "position": 1})
    assert answered.status == 200, answered.body
    assert len([c for c in answered.calls if c.operation in ("PutItem", "UpdateItem")]) == 1
    assert api.get(path, learner.token).json()["progress"]["position"] == 1
    # Gone back to the first card to vote on a later one? The answer says where they are; a
    # position past the lesson is the last card.
    voted = api.post(f"{path}/cards/vote/answer", learner.token, {"option_id": "a", "position": 0})
    assert voted.json()["progress"]["position"] == 0
    recalled = api.post(f"{path}/cards/recall/answer", learner.token, {"knew": True, "position": 30})
    assert recalled.json()["progress"]["position"] == 4
    thought = api.post(f"{path}/cards/think/answer", learner.token, {"text": "Agenda vooraf."})
    assert thought.json()["progress"]["position"] == 4  # without it: the card answered, or further
    # Leaving the lesson on the third card (the player's save on leaving) is what the phone resumes.
    assert api.put(f"{path}/progress", learner.token, {"position": 2}).status == 200
    assert api.get(path, learner.token).json()["progress"]["position"] == 2


def test_a_minor_change_keeps_progress_and_a_major_one_starts_learners_over(
    api: ApiClient, resources: LocalResources, world: OrgWorld, expert: Person
) -> None:
    lesson_id = published_lesson(api, expert, world.question_id)
    learner = _person(resources, world.org_id, "learner")
    path = f"/v1/lessons/{lesson_id}"
    assert api.post(f"{path}/cards/ask/answer", learner.token, {"option_ids": ["a"]}).status == 200
    assert api.post(f"{path}/cards/recall/answer", learner.token, {"knew": False}).status == 200

    # The author drops the flashcard and republishes: a minor change.
    cards = [card for card in five_cards(world.question_id) if card["id"] != "recall"]
    changed = api.put(f"{path}/draft", expert.token, {**lesson_body(world.question_id), "cards": cards})
    assert changed.status == 200 and changed.json()["state"] == "draft"
    assert api.get(path, learner.token).json()["release_version"] == 1  # still live, unchanged
    assert api.post(f"{path}/publish", expert.token, {"major": False}).json()["release_version"] == 2
    after_minor = api.get(path, learner.token).json()
    assert after_minor["release_version"] == 2 and len(after_minor["cards"]) == 4
    assert [a["card_id"] for a in after_minor["progress"]["answers"]] == [
        "ask"
    ]  # the removed card's answer is gone

    assert api.put(f"{path}/draft", expert.token, lesson_body(world.question_id)).status == 200
    major = api.post(f"{path}/publish", expert.token, {"major": True}).json()
    assert (major["release_version"], major["release_major"]) == (3, 2)
    after_major = api.get(path, learner.token).json()
    assert after_major["major"] == 2 and after_major["progress"]["answers"] == []
    assert api.post(f"{path}/cards/ask/answer", learner.token, {"option_ids": ["b"]}).status == 200  # again

    # Publishing an unchanged, published lesson is refused; so is a stale edit.
    assert api.post(f"{path}/publish", expert.token, {"major": False}).status == 409
    stale = {**lesson_body(world.question_id), "expected_version": 1}
    assert api.put(f"{path}/draft", expert.token, stale).status == 409


def test_a_shared_reflection_becomes_a_post_on_the_communitys_wall(api: ApiClient, world: OrgWorld) -> None:
    lesson_id = published_lesson(api, world.manager, world.question_id, community_id=world.community_id)
    assert lesson_id in library_ids(api, world.learner, f"/v1/communities/{world.community_id}/library")
    assert lesson_id not in library_ids(api, world.learner)  # the organisation's library is another one
    text = unique("what-i-take-away")
    shared = api.post(
        f"/v1/lessons/{lesson_id}/cards/think/answer", world.learner.token, {"text": text, "share": True}
    )
    assert shared.status == 200, shared.body
    post_id = shared.json()["answer"]["shared_post_id"]
    post = api.get(f"/v1/communities/{world.community_id}/posts/{post_id}", world.learner.token)
    assert post.status == 200 and post.json()["body"] == text


def test_the_review_date_reminds_the_authors_once(
    api: ApiClient, lambdas: Client, resources: LocalResources, world: OrgWorld, expert: Person
) -> None:
    review_on = (utc_now() + timedelta(days=90)).date().isoformat()
    lesson_id = published_lesson(api, expert, world.question_id, review_on=review_on)
    from chalicelib.learning.review_dates import schedule_name
    from local import emulator

    scheduler = emulator.client("scheduler", resources.endpoint_url)
    name = schedule_name(world.org_id, lesson_id, review_on)
    schedule = scheduler.get_schedule(Name=name, GroupName=emulator.SCHEDULE_GROUP)
    assert schedule["ScheduleExpression"] == f"at({review_on}T08:00:00)"

    payload = {
        "job": "learning_review_due",
        "org_id": world.org_id,
        "args": {"content_id": lesson_id, "review_on": review_on},
    }
    assert lambdas.lambda_.invoke("run_scheduled_job", payload).payload["result"] == 1
    assert lambdas.lambda_.invoke("run_scheduled_job", payload).payload["result"] == 0  # a replay
    notes = [n for n in inbox(api, expert) if n["kind"] == "learning_review_due"]
    assert [(n["content_id"], n["text"]) for n in notes] == [
        (lesson_id, "Tijd om “Een vergadering plannen” na te kijken: is het nog juist?")
    ]
    other_date = {**payload, "args": {"content_id": lesson_id, "review_on": "2030-01-01"}}
    assert (
        lambdas.lambda_.invoke("run_scheduled_job", other_date).payload["result"] == 0
    )  # date changed since


# A hostile member of the same organisation ------------------------------------------------------


def test_learners_do_not_write_lessons_and_community_mentors_write_only_in_their_community(
    api: ApiClient, resources: LocalResources, world: OrgWorld
) -> None:
    assert api.post("/v1/lessons", world.learner.token, lesson_body(world.question_id)).status == 403
    body = lesson_body(world.question_id, community_id=world.community_id)
    assert api.post("/v1/lessons", world.learner.token, body).status == 403
    guide = _person(resources, world.org_id, "learner")
    assert api.post(f"/v1/communities/{world.community_id}/join", guide.token).status in (200, 201)
    role = api.put(
        f"/v1/communities/{world.community_id}/members/{guide.user_id}/role",
        world.manager.token,
        {"role": "mentor"},
    )
    assert role.status == 200, role.body
    # Without the question card: its question is the bank's, which a community mentor may not read.
    body["cards"] = [card for card in body["cards"] if card["type"] != "question"]
    assert api.post("/v1/lessons", guide.token, body).status == 201
    assert api.post("/v1/lessons", guide.token, lesson_body(world.question_id)).status == 403


def test_what_a_hostile_member_tries_is_refused(
    api: ApiClient, resources: LocalResources, world: OrgWorld, expert: Person, second_expert: Person
) -> None:
    path = f"/v1/lessons/{world.lesson_id}"
    hostile = _person(resources, world.org_id, "mentor")

    # Another expert's draft: not readable, not changeable, not publishable.
    draft_id = api.post("/v1/lessons", expert.token, lesson_body(world.question_id)).json()["id"]
    for method, suffix, body in [
        ("GET", "/draft", None),
        ("GET", "/preview", None),
        ("PUT", "/draft", lesson_body(world.question_id)),
        ("POST", "/publish", {"major": False}),
        ("POST", "/archive", None),
        ("POST", "/review", {"reviewer_id": second_expert.user_id}),
    ]:
        reply = api.call(method, f"/v1/lessons/{draft_id}{suffix}", hostile.token, body=body)
        assert reply.status == 404, (method, suffix, reply.status)
    # Answering a card of a lesson that was never published.
    assert (
        api.post(
            f"/v1/lessons/{draft_id}/cards/ask/answer", world.learner.token, {"option_ids": ["a"]}
        ).status
        == 404
    )

    # Another community's lesson: the sample lesson is in an invite-only community now.
    from chalicelib.store.models import CommunityItem

    CommunityItem(keys.org_pk(world.org_id), keys.community_sk(world.community_id)).update(
        actions=[CommunityItem.visibility.set("invite_only")]
    )
    try:
        assert api.get(path, hostile.token).status == 404
        assert (
            api.post(f"{path}/cards/{world.card_id}/answer", hostile.token, {"option_ids": ["a"]}).status
            == 404
        )
        assert api.get(f"/v1/communities/{world.community_id}/library", hostile.token).status in (403, 404)
        assert api.get(path, world.learner.token).status == 200  # a member reads it
    finally:
        CommunityItem(keys.org_pk(world.org_id), keys.community_sk(world.community_id)).update(
            actions=[CommunityItem.visibility.set("organisation")]
        )

    # Tampering: a card that is not there, an option the question does not offer, a made-up position.
    assert api.post(f"{path}/cards/nope/answer", hostile.token, {"option_ids": ["a"]}).status == 404
    assert (
        api.post(f"{path}/cards/{world.card_id}/answer", hostile.token, {"option_ids": ["z"]}).status == 422
    )
    assert api.post(f"{path}/cards/intro/answer", hostile.token, {}).status == 409  # a content card
    far = api.put(f"{path}/progress", hostile.token, {"position": 30})
    assert far.status == 200 and far.json()["progress"]["position"] == 1  # the last card, not beyond
    assert api.post(f"{path}/complete", hostile.token, {}).status == 409  # the question is unanswered

    # A reflection of an organisation lesson is private: nothing to share it to.
    org_lesson = published_lesson(api, expert, world.question_id)
    shared = api.post(
        f"/v1/lessons/{org_lesson}/cards/think/answer", hostile.token, {"text": "x", "share": True}
    )
    assert shared.status == 409

    # An archived lesson: out of the library, and no longer opened or answered by learners.
    assert api.post(f"/v1/lessons/{org_lesson}/archive", expert.token).status == 200
    assert org_lesson not in library_ids(api, hostile)
    assert api.get(f"/v1/lessons/{org_lesson}", hostile.token).status == 404
    assert api.get(f"/v1/lessons/{org_lesson}", expert.token).status == 200  # its author still can
    restored = api.post(f"/v1/lessons/{org_lesson}/restore", expert.token)
    assert restored.status == 200 and org_lesson in library_ids(api, hostile)


def test_a_lesson_shows_only_media_and_questions_of_its_organisation(
    api: ApiClient, resources: LocalResources, world: OrgWorld, expert: Person
) -> None:
    other = build_org(resources, "elsewhere")
    foreign_question = lesson_body(other.question_id)
    assert api.post("/v1/lessons", expert.token, foreign_question).status == 422
    attached = lesson_body(world.question_id)
    attached["cards"] = five_cards(world.question_id, media_id=world.media_id)  # attached to a post
    assert api.post("/v1/lessons", expert.token, attached).status == 422
    image = upload_ready_media(expert.principal(world.org_id))
    with_image = lesson_body(world.question_id)
    with_image["cards"] = five_cards(world.question_id, media_id=image)
    lesson_id = api.post("/v1/lessons", expert.token, with_image).json()["id"]
    assert api.post(f"/v1/lessons/{lesson_id}/publish", expert.token, {"major": False}).status == 200
    card = api.get(f"/v1/lessons/{lesson_id}", world.learner.token).json()["cards"][0]
    assert card["media"]["kind"] == "image" and card["media"]["url"].startswith("http")


def test_co_authors_write_together_and_stay_authors_when_the_draft_changes(
    api: ApiClient, resources: LocalResources, world: OrgWorld, expert: Person
) -> None:
    colleague = _person(resources, world.org_id, "mentor")
    made = api.post(
        "/v1/lessons", expert.token, lesson_body(world.question_id, co_author_ids=[colleague.user_id])
    )
    assert made.status == 201 and made.json()["author_ids"] == [expert.user_id, colleague.user_id]
    lesson_id = made.json()["id"]
    changed = api.put(
        f"/v1/lessons/{lesson_id}/draft",
        colleague.token,
        {**lesson_body(world.question_id), "estimated_minutes": 7},
    )
    assert changed.status == 200, changed.body
    assert changed.json()["author_ids"] == [expert.user_id, colleague.user_id]  # no co_author_ids: kept
    review = api.post(f"/v1/lessons/{lesson_id}/review", expert.token, {"reviewer_id": colleague.user_id})
    assert review.status == 422  # a co-author is not a second expert
    nobody = {**lesson_body(world.question_id), "co_author_ids": ["not-a-person"]}
    assert api.put(f"/v1/lessons/{lesson_id}/draft", expert.token, nobody).status == 422
