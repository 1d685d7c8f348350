"""An answer that asks for it (serve_next) brings the next question, served then, so a player's app
asks /play/next only to start or resume: one question at a time, under the same rules as /play/next
(the campaign open, me in its audience), and never the next question's answer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib.store import keys
from chalicelib.store.models import UserItem
from local.emulator import LocalResources
from tests.integration.test_quizzes import ANSWER_FIELDS, _campaign, _keys_of, write_quiz
from tests.support.stack import ApiClient, start_test_stack
from tests.support.world import OrgWorld, _person, build_org


@pytest.fixture(scope="module")
def world(resources: LocalResources) -> OrgWorld:
    start_test_stack()
    return build_org(resources, "quiznext")


def _at(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def test_each_answer_brings_the_next_question_served_then_and_the_last_one_says_done(
    api: ApiClient, resources: LocalResources, world: OrgWorld
) -> None:
    player = _person(resources, world.org_id, "learner")
    quiz_id, ids = write_quiz(api, world.manager)
    play = f"/v1/quizzes/{quiz_id}/play"
    question = api.post(f"{play}/next", player.token).json()["question"]  # the start
    answers: list[dict[str, Any]] = [
        {"option_ids": ["b"]},
        {"option_ids": ["a", "c"]},
        {"number": 8},
        {"option_ids": ["true"]},
    ]
    for position, given in enumerate(answers):
        assert question["question_id"] == ids[position]
        reply = api.post(
            f"{play}/answers", player.token, {"question_id": ids[position], **given, "serve_next": True}
        )
        assert reply.status == 201, reply.body
        result = reply.json()
        assert result["correct"] and result["points"] >= 10  # what this answer earned, as before
        following = result["next"]
        if position == len(ids) - 1:
            assert following == {"done": True, "total_questions": 4, "answered": 4, "question": None}
            break
        question = following["question"]
        assert (following["answered"], question["position"]) == (position + 1, position + 2)
        # Served as the answer arrived: its clock starts then, on the server.
        assert abs(_at(question["served_at"]) - _at(result["answered_at"])) < timedelta(seconds=2)
        assert not _keys_of(following) & ANSWER_FIELDS  # nothing of the next question's answer
        # /play/next (a resumed app) gets the same question with the same clock; not the one after.
        again = api.post(f"{play}/next", player.token).json()["question"]
        assert (again["question_id"], again["served_at"]) == (question["question_id"], question["served_at"])
    results = api.get(f"{play}/results", player.token).json()
    assert (results["answered"], results["correct"]) == (4, 4)


def test_without_serve_next_an_answer_serves_nothing_and_a_retry_gets_the_same_next(
    api: ApiClient, resources: LocalResources, world: OrgWorld
) -> None:
    player = _person(resources, world.org_id, "learner")
    quiz_id, ids = write_quiz(api, world.manager)
    play = f"/v1/quizzes/{quiz_id}/play"
    api.post(f"{play}/next", player.token)
    plain = api.post(f"{play}/answers", player.token, {"question_id": ids[0], "option_ids": ["b"]})
    assert plain.status == 201 and plain.json()["next"] is None
    # Nothing was served: the clock of question 2 starts only when it is asked for.
    before = datetime.now(UTC)
    second = api.post(f"{play}/next", player.token).json()["question"]
    assert second["question_id"] == ids[1] and _at(second["served_at"]) >= before - timedelta(seconds=1)

    body = {"question_id": ids[1], "option_ids": ["a"], "serve_next": True}
    key = {"Idempotency-Key": "quiz-next-retry-0001"}
    first = api.post(f"{play}/answers", player.token, body, headers=key)
    retried = api.post(f"{play}/answers", player.token, body, headers=key)
    assert retried.status == 201 and retried.header("Idempotent-Replayed") == "true"
    assert retried.json()["next"] == first.json()["next"]
    # A retry without the key is recognised as the same answer and brings the same next question.
    replayed = api.post(f"{play}/answers", player.token, body)
    assert replayed.status == 200 and replayed.json()["replayed"]
    assert replayed.json()["next"]["question"]["served_at"] == first.json()["next"]["question"]["served_at"]
    # Another answer to it is refused, and serves nothing either.
    other = api.post(f"{play}/answers", player.token, {**body, "option_ids": ["c"]})
    assert other.status == 409 and "next" not in other.json()


def test_a_campaign_serves_the_next_question_only_while_open_and_only_to_its_audience(
    api: ApiClient, resources: LocalResources, world: OrgWorld
) -> None:
    org = world.org_id
    quiz_id, ids = write_quiz(api, world.manager, practice=False)
    team = _campaign(org, quiz_id, world.admin.user_id, audience="teams", team_ids=[world.team_id])
    play = f"/v1/campaigns/{team.campaign_id}/play"
    learner = world.learner  # in the team
    assert api.post(f"{play}/next", learner.token).status == 200
    body = {"question_id": ids[0], "option_ids": ["b"], "serve_next": True}

    # Someone outside the audience cannot answer, nor get the next question by answering.
    outsider = _person(resources, org, "learner")
    refused = api.post(f"{play}/answers", outsider.token, body)
    assert refused.status == 404 and not _keys_of(refused.json()) & {"next", "question", "prompt"}

    # Taken out of the team after question 1 was served: the answer counts, nothing more is served.
    profile = UserItem.get(keys.org_pk(org), keys.user_sk(learner.user_id))
    profile.update(actions=[UserItem.team_id.set("another-team")])
    try:
        answered = api.post(f"{play}/answers", learner.token, body)
        assert answered.status == 201 and answered.json()["next"] is None
        assert api.post(f"{play}/next", learner.token).status == 404  # which says why
    finally:
        profile.update(actions=[UserItem.team_id.set(world.team_id)])

    # Back in the team: question 2 comes with the answer to question 1 (a retry brings it).
    assert (
        api.post(f"{play}/answers", learner.token, body).json()["next"]["question"]["question_id"] == ids[1]
    )
    # The campaign closes: an answer then is refused, and the next question is never sent.
    team.closes_at = datetime.now(UTC) - timedelta(seconds=1)
    team.save()
    late = api.post(
        f"{play}/answers",
        learner.token,
        {"question_id": ids[1], "option_ids": ["a", "c"], "serve_next": True},
    )
    assert late.status == 409 and not _keys_of(late.json()) & {"next", "question", "prompt"}
    team.status = "closed"
    team.save()
    closed = api.post(f"{play}/answers", learner.token, {**body, "serve_next": True})  # a retry of Q1
    assert closed.status == 409 and "next" not in closed.json()
