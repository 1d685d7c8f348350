"""Content feedback: learners react to a lesson, its reaction score follows, "outdated" lands in its
authors' to-do lists (with a notification) exactly once per report, and authors see completions,
drop-off per card, how its question is answered and how its poll was voted."""

from __future__ import annotations

from typing import Any

import pytest

from local.emulator import LocalResources
from tests.integration.test_lessons import published_lesson
from tests.integration.test_notifications import inbox
from tests.support.stack import ApiClient, start_test_stack
from tests.support.streams import StreamDrain
from tests.support.world import OrgWorld, Person, _person, build_org

pytestmark = pytest.mark.usefixtures("direct_emulator")  # see tests/integration/conftest.py


@pytest.fixture(scope="module")
def world(resources: LocalResources) -> OrgWorld:
    start_test_stack()
    return build_org(resources, "feedback")


@pytest.fixture(scope="module")
def expert(resources: LocalResources, world: OrgWorld) -> Person:
    return _person(resources, world.org_id, "mentor")


def react(api: ApiClient, person: Person, content_id: str, reaction: str, note: str | None = None) -> Any:
    reply = api.put(f"/v1/learning/{content_id}/reaction", person.token, {"reaction": reaction, "note": note})
    return reply


def tasks_of(api: ApiClient, person: Person) -> list[dict[str, Any]]:
    reply = api.get("/v1/me/author-tasks", person.token)
    assert reply.status == 200, reply.body
    items: list[dict[str, Any]] = reply.json()["items"]
    return items


def test_reactions_count_once_per_learner_and_move_when_changed(
    api: ApiClient, resources: LocalResources, world: OrgWorld, expert: Person
) -> None:
    lesson_id = published_lesson(api, expert, world.question_id)
    first, second = (_person(resources, world.org_id, "learner") for _ in range(2))
    assert react(api, first, lesson_id, "useful").json()["counts"]["useful"] == 1
    again = react(api, first, lesson_id, "useful").json()
    assert again["counts"] == {"useful": 1, "learned": 0, "outdated": 0, "question": 0}  # the same again
    assert react(api, second, lesson_id, "learned").json()["score"] == 2
    changed = react(api, first, lesson_id, "question", "Does this hold for remote meetings?").json()
    assert changed["counts"] == {"useful": 0, "learned": 1, "outdated": 0, "question": 1}
    assert changed["mine"]["reaction"] == "question" and changed["mine"]["note"].startswith("Does")
    seen = api.get(f"/v1/learning/{lesson_id}/reactions", second.token).json()
    assert seen["score"] == 1 and seen["mine"]["reaction"] == "learned"


def test_hostile_reactions_are_refused(api: ApiClient, world: OrgWorld, expert: Person) -> None:
    from tests.integration.test_lessons import lesson_body

    draft = api.post("/v1/lessons", expert.token, lesson_body(world.question_id))
    assert draft.status == 201, draft.body
    assert react(api, world.learner, draft.json()["id"], "outdated").status == 404  # not published
    assert react(api, world.learner, "not-a-lesson", "useful").status == 404
    assert react(api, world.learner, "../../x", "useful").status in (403, 404)
    assert react(api, world.learner, world.lesson_id, "love").status == 422
    assert react(api, world.learner, world.lesson_id, "outdated", "x" * 501).status == 422
    assert (
        api.get(f"/v1/learning/{world.lesson_id}/insights", world.learner.token).status == 404
    )  # not theirs
    assert api.post(f"/v1/me/author-tasks/{world.lesson_id}/done", world.learner.token).status == 404


def test_outdated_lands_in_the_authors_to_do_list_once_per_report(
    api: ApiClient, resources: LocalResources, world: OrgWorld, expert: Person, drain_stream: StreamDrain
) -> None:
    lesson_id = published_lesson(api, expert, world.question_id)
    first, second = (_person(resources, world.org_id, "learner") for _ in range(2))
    assert react(api, first, lesson_id, "outdated", "The booking tool changed.").status == 200
    assert react(api, expert, lesson_id, "outdated").status == 200  # the author's own remark: no task
    drain_stream()
    drain_stream()  # nothing new: nothing changes
    [task] = [t for t in tasks_of(api, expert) if t["content_id"] == lesson_id]
    assert (task["reports"], task["last_note"], task["title"]) == (
        1,
        "The booking tool changed.",
        "Een vergadering plannen",
    )
    told = [n for n in inbox(api, expert) if n["kind"] == "content_outdated"]
    assert len(told) == 1 and told[0]["content_id"] == lesson_id
    assert "verouderd" in told[0]["text"] or "outdated" in told[0]["text"]

    # A second learner reports it; the first changes their note (still outdated: no new report).
    assert react(api, second, lesson_id, "outdated").status == 200
    assert react(api, first, lesson_id, "outdated", "And the room names.").status == 200
    drain_stream()
    [task] = [t for t in tasks_of(api, expert) if t["content_id"] == lesson_id]
    assert task["reports"] == 2
    assert len([n for n in inbox(api, expert) if n["kind"] == "content_outdated"]) == 2
    assert tasks_of(api, first) == []  # learners have no such list

    done = api.post(f"/v1/me/author-tasks/{lesson_id}/done", expert.token)
    assert done.status == 200 and done.json()["done"]
    assert [t for t in tasks_of(api, expert) if t["content_id"] == lesson_id] == []
    assert api.post(f"/v1/me/author-tasks/{lesson_id}/done", expert.token).status == 404


def test_authors_see_completions_drop_off_and_how_the_question_is_answered(
    api: ApiClient, resources: LocalResources, world: OrgWorld, expert: Person, drain_stream: StreamDrain
) -> None:
    lesson_id = published_lesson(api, expert, world.question_id)
    path = f"/v1/lessons/{lesson_id}"
    learners = [_person(resources, world.org_id, "learner") for _ in range(3)]
    # All three answer the question (one right); two vote; one goes on to the end and completes.
    for n, learner in enumerate(learners):
        answer = {"option_ids": ["a" if n == 0 else "b"]}
        assert api.post(f"{path}/cards/ask/answer", learner.token, answer).status == 200
    # A voter sees how everyone voted so far, their own vote included even before it is counted.
    first_vote = api.post(f"{path}/cards/vote/answer", learners[0].token, {"option_id": "a"})
    assert first_vote.status == 200, first_vote.body
    assert first_vote.json()["poll"] == {
        "votes": [{"option_id": "a", "votes": 1}, {"option_id": "b", "votes": 0}],
        "total": 1,
    }
    drain_stream()
    second_vote = api.post(f"{path}/cards/vote/answer", learners[1].token, {"option_id": "b"}).json()
    assert [v["votes"] for v in second_vote["poll"]["votes"]] == [1, 1]
    drain_stream()
    retried = api.post(f"{path}/cards/vote/answer", learners[1].token, {"option_id": "b"}).json()
    assert retried["poll"] == second_vote["poll"]  # counted now, and not twice
    assert (
        api.post(f"{path}/cards/ask/answer", learners[1].token, {"option_ids": ["b"]}).json()["poll"] is None
    )
    finisher = learners[0]
    assert api.post(f"{path}/cards/think/answer", finisher.token, {"text": "Agenda first."}).status == 200
    assert api.post(f"{path}/cards/recall/answer", finisher.token, {"knew": True}).status == 200
    assert api.post(f"{path}/complete", finisher.token, {}).status == 200
    drain_stream()
    drain_stream()

    seen = api.get(f"/v1/learning/{lesson_id}/insights", expert.token)
    assert seen.status == 200, seen.body
    figures = seen.json()
    assert figures["completed"] == 1
    cards = {c["card_id"]: (c["answered"], c["correct"], c["drop_off"]) for c in figures["cards"]}
    assert cards == {"ask": (3, 1, 0), "think": (1, None, 2), "vote": (2, None, 0), "recall": (1, None, 1)}
    assert [c["card_id"] for c in figures["cards"]] == ["ask", "think", "vote", "recall"]  # lesson order
    [poll] = [c for c in figures["cards"] if c["card_id"] == "vote"]
    assert poll["prompt"] == "Hoe lang duurt jouw vergadering?"
    assert poll["options"] == [
        {"option_id": "a", "text": "30 min", "votes": 1},
        {"option_id": "b", "text": "1 uur", "votes": 1},
    ]
    assert api.get(f"/v1/learning/{lesson_id}/insights", learners[1].token).status == 404
    assert api.get(f"/v1/learning/{lesson_id}/insights", world.admin.token).status == 200  # a manager
