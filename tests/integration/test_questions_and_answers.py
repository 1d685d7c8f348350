"""Questions and answers: a learner asks a question tagged with a skill, the mentor with that skill
hears of it and answers, others upvote, the learner accepts, the mentor earns the points once; an
unanswered question is escalated and becomes a content request; what others may and may not do."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.communities import membership
from chalicelib.communities import use_cases as communities
from chalicelib.communities.use_cases import NewCommunity
from chalicelib.jobs.registry import run_job
from chalicelib.qa import escalation
from chalicelib.store import qa as qa_store
from local.emulator import LocalResources
from tests.support.stack import ApiClient, start_test_stack, unique
from tests.support.streams import StreamDrain
from tests.support.world import OrgWorld, Person, _person, build_org

pytestmark = pytest.mark.usefixtures("direct_emulator")  # see tests/integration/conftest.py


@pytest.fixture(scope="module")
def world(resources: LocalResources) -> OrgWorld:
    start_test_stack()
    return build_org(resources, "qa")


@pytest.fixture(scope="module")
def mentor(resources: LocalResources, world: OrgWorld) -> Person:
    person = _person(resources, world.org_id, "mentor")
    membership.join(person.principal(world.org_id), world.community_id)
    return person


@pytest.fixture(scope="module")
def colleague(resources: LocalResources, world: OrgWorld) -> Person:
    person = _person(resources, world.org_id, "learner")
    membership.join(person.principal(world.org_id), world.community_id)
    return person


def questions(world: OrgWorld) -> str:
    return f"/v1/communities/{world.community_id}/questions"


def ask(api: ApiClient, world: OrgWorld, asker: Person, body: str, tags: list[str]) -> dict[str, Any]:
    reply = api.post(questions(world), asker.token, {"body": body, "skill_tags": tags})
    assert reply.status == 201, reply.body
    return dict(reply.json())


def answer(api: ApiClient, world: OrgWorld, person: Person, question_id: str, body: str) -> dict[str, Any]:
    reply = api.post(f"{questions(world)}/{question_id}/answers", person.token, {"body": body})
    assert reply.status == 201, reply.body
    return dict(reply.json())


def page(api: ApiClient, world: OrgWorld, person: Person, question_id: str) -> dict[str, Any]:
    reply = api.get(f"{questions(world)}/{question_id}", person.token)
    assert reply.status == 200, reply.body
    return dict(reply.json())


def kinds_in_inbox(api: ApiClient, person: Person) -> list[tuple[str, str | None]]:
    items = api.get("/v1/me/notifications?limit=100", person.token).json()["items"]
    return [(n["kind"], n["post_id"]) for n in items]


def accepted_points(api: ApiClient, person: Person) -> list[int]:
    entries = api.get("/v1/me/points/ledger?limit=100", person.token).json()["items"]
    return [e["points"] for e in entries if e["action"] == "answer_accepted"]


def test_the_mentor_with_the_skill_hears_of_the_question_answers_and_earns_the_points_once(
    api: ApiClient, world: OrgWorld, mentor: Person, colleague: Person, drain_stream: StreamDrain
) -> None:
    skill = unique("sheets").lower()
    assert api.put("/v1/me/expertise", mentor.token, {"skills": [skill]}).json() == {"skills": [skill]}
    asked = ask(api, world, world.learner, "How do I freeze the top row of a spreadsheet?", [skill])
    assert asked["state"] == "unanswered" and asked["title"].startswith("How do I freeze")
    drain_stream()
    # Someone about to ask the same is shown it while typing (a few of the words are enough).
    similar = api.get(
        f"/v1/communities/{world.community_id}/similar-questions?q=freeze%20the%20header%20ro",
        colleague.token,
    )
    assert asked["id"] in [s["id"] for s in similar.json()["items"]], similar.body
    assert ("question_for_you", asked["id"]) in kinds_in_inbox(api, mentor)
    assert ("question_for_you", asked["id"]) not in kinds_in_inbox(api, colleague)  # no such skill
    routed = api.get("/v1/me/routed-questions", mentor.token).json()["items"]
    assert [(r["question"]["id"], r["reason"], r["skill"]) for r in routed] == [(asked["id"], "skill", skill)]

    theirs = answer(api, world, mentor, asked["id"], "View > Freeze > 1 row.")
    other = answer(api, world, colleague, asked["id"], "I think it is under Format.")
    listed = api.get(f"{questions(world)}?state=answered", world.learner.token).json()["items"]
    assert asked["id"] in [q["id"] for q in listed]

    # Upvotes: one per member (a retry counts nothing twice), none for one's own answer.
    vote = f"{questions(world)}/{asked['id']}/answers/{theirs['id']}/vote"
    assert api.put(vote, colleague.token).json()["vote_count"] == 1
    assert api.put(vote, colleague.token).json()["vote_count"] == 1
    assert api.put(vote, mentor.token).status == 403
    shown = page(api, world, colleague, asked["id"])
    assert [(a["id"], a["vote_count"], a["my_vote"]) for a in shown["answers"]] == [
        (theirs["id"], 1, True),
        (other["id"], 0, False),
    ]

    accept = f"{questions(world)}/{asked['id']}/answers/{theirs['id']}/accepted"
    assert api.put(accept, colleague.token).status == 403  # not the asker, not a moderator
    solved = api.put(accept, world.learner.token)
    assert solved.status == 200 and solved.json()["state"] == "solved"
    drain_stream()
    assert accepted_points(api, mentor) == [25]
    assert ("answer_accepted", asked["id"]) in kinds_in_inbox(api, mentor)

    # The learner changes their mind: the other answer is accepted and shown first; the mentor
    # keeps the points, and accepting theirs again (the same award, as a replayed record) awards
    # nothing more.
    moved = f"{questions(world)}/{asked['id']}/answers/{other['id']}/accepted"
    assert api.put(moved, world.learner.token).json()["accepted_answer_id"] == other["id"]
    assert [a["accepted"] for a in page(api, world, world.learner, asked["id"])["answers"]] == [True, False]
    assert api.put(accept, world.learner.token).json()["accepted_answer_id"] == theirs["id"]
    drain_stream()
    assert accepted_points(api, mentor) == [25]
    assert accepted_points(api, colleague) == [25]
    # Taking the acceptance back opens the question again.
    reopened = api.call("DELETE", accept, world.learner.token).json()
    assert reopened["state"] == "answered" and reopened["accepted_answer_id"] is None


def test_an_unanswered_question_is_escalated_then_becomes_a_content_request_mentors_take_and_close(
    api: ApiClient, world: OrgWorld, mentor: Person, drain_stream: StreamDrain
) -> None:
    settings = f"/v1/communities/{world.community_id}/question-settings"
    assert (
        api.put(settings, world.learner.token, {"escalate_after_hours": 2, "request_after_days": 2}).status
        == 403
    )
    change = api.put(settings, world.manager.token, {"escalate_after_hours": 2, "request_after_days": 2})
    assert change.json() == {"escalate_after_hours": 2, "request_after_days": 2}
    asked = ask(api, world, world.learner, "Which printer prints on A3 paper?", [])
    args = {"community_id": world.community_id, "post_id": asked["id"]}
    # The schedules' jobs run as the scheduler runs them (tests/e2e moves the clock instead).
    assert run_job({"job": escalation.ESCALATE_JOB, "org_id": world.org_id, "args": args})["ran"]
    run_job({"job": escalation.CONTENT_REQUEST_JOB, "org_id": world.org_id, "args": args})
    run_job({"job": escalation.CONTENT_REQUEST_JOB, "org_id": world.org_id, "args": args})  # replayed
    assert api.get("/v1/content-requests", world.learner.token).status == 403
    requests = api.get("/v1/content-requests", mentor.token).json()["items"]
    assert [(r["question_id"], r["state"]) for r in requests if r["question_id"] == asked["id"]] == [
        (asked["id"], "open")
    ]
    taken = api.post(f"/v1/content-requests/{asked['id']}/take", mentor.token)
    assert taken.json()["state"] == "taken" and taken.json()["taken_by"]["id"] == mentor.user_id
    assert api.post(f"/v1/content-requests/{asked['id']}/take", world.manager.token).status == 409
    closed = api.post(f"/v1/content-requests/{asked['id']}/close", mentor.token, {})
    assert closed.json()["state"] == "closed"
    assert asked["id"] not in [
        r["question_id"] for r in api.get("/v1/content-requests", mentor.token).json()["items"]
    ]

    # Answered in time: neither job does anything.
    answered = ask(api, world, world.learner, "Who orders new laptops?", [])
    answer(api, world, world.manager, answered["id"], "The service desk.")
    args = {"community_id": world.community_id, "post_id": answered["id"]}
    assert escalation.escalate(world.org_id, world.community_id, answered["id"]) == 0
    assert not escalation.open_content_request(world.org_id, world.community_id, answered["id"])


def test_a_question_of_an_invite_only_community_is_out_of_reach_of_those_outside_it(
    api: ApiClient, world: OrgWorld, colleague: Person
) -> None:
    closed = communities.create_community(
        world.manager.principal(world.org_id),
        NewCommunity(unique("board"), "The board", "Decisions", [], "invite_only"),
    )
    base = f"/v1/communities/{closed.community_id}/questions"
    asked = api.post(
        base, world.manager.token, {"body": "What do we decide on the budget?", "skill_tags": []}
    )
    assert asked.status == 201, asked.body
    question_id = asked.json()["id"]
    assert api.get(f"{base}/{question_id}", colleague.token).status in (403, 404)
    assert api.post(f"{base}/{question_id}/answers", colleague.token, {"body": "Spend it all"}).status in (
        403,
        404,
    )
    assert api.get(f"{base}?state=unanswered", colleague.token).status in (403, 404)
    # The question's id under an open community's path is not there.
    assert api.get(f"{questions(world)}/{question_id}", colleague.token).status == 404
    # A plain post is not a question.
    assert api.get(f"{questions(world)}/{world.post_id}", colleague.token).status == 404


def test_an_expert_puts_the_accepted_answer_in_the_knowledge_base_with_a_review_date(
    api: ApiClient, world: OrgWorld, mentor: Person, colleague: Person
) -> None:
    asked = ask(api, world, world.learner, "How do I book a meeting room for a visitor?", ["meetings"])
    given = answer(api, world, mentor, asked["id"], "Use the visitor calendar and add their name.")
    promote = f"{questions(world)}/{asked['id']}/answers/{given['id']}/promote"
    review = {"language": "en", "review_on": "2031-01-31"}
    assert api.post(promote, mentor.token, review).status == 409  # not accepted yet
    api.put(f"{questions(world)}/{asked['id']}/answers/{given['id']}/accepted", world.learner.token)
    assert api.post(promote, colleague.token, review).status == 403  # not an expert
    promoted = api.post(promote, mentor.token, review)
    assert promoted.status == 201, promoted.body
    lesson = api.get(f"/v1/lessons/{promoted.json()['content_id']}", world.learner.token)
    assert lesson.status == 200, lesson.body
    assert lesson.json()["title"] == "How do I book a meeting room for a visitor?"
    assert promoted.json()["review_on"] == "2031-01-31"


def test_an_answer_promoted_twice_or_by_two_experts_at_once_becomes_one_lesson(
    api: ApiClient, world: OrgWorld, mentor: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = ask(api, world, world.learner, "Where do I find the holiday calendar?", ["holidays"])
    given = answer(api, world, mentor, asked["id"], "On the intranet, under People.")
    api.put(f"{questions(world)}/{asked['id']}/answers/{given['id']}/accepted", world.learner.token)
    promote = f"{questions(world)}/{asked['id']}/answers/{given['id']}/promote"
    review = {"language": "en", "review_on": "2031-01-31"}

    claim = qa_store.claim_promotion
    other_click: list[Any] = []

    def the_manager_clicks_too(answer_item: Any, content_id: str) -> str:
        if not other_click:  # the community manager's click lands between the mentor's read and claim
            other_click.append(None)
            other_click[0] = api.post(promote, world.manager.token, review)
        return claim(answer_item, content_id)

    monkeypatch.setattr(qa_store, "claim_promotion", the_manager_clicks_too)
    first = api.post(promote, mentor.token, review)
    monkeypatch.undo()
    again = api.post(promote, mentor.token, review)  # a retry after a lost reply

    assert (other_click[0].status, first.status, again.status) == (201, 201, 201), first.body
    lesson_id = first.json()["content_id"]
    assert other_click[0].json()["content_id"] == again.json()["content_id"] == lesson_id
    assert first.header("location") == again.header("location") == f"/v1/lessons/{lesson_id}"
    assert api.get(f"/v1/lessons/{lesson_id}", world.learner.token).status == 200
