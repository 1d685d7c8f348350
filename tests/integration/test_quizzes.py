"""Quizzes end to end: authors write and publish, learners play (practice and an open campaign),
the server keeps time and the answer key, one answer per question, and the stream consumer scores,
counts and awards exactly once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
from chalice.test import Client

from chalicelib.ids import new_id, utc_now
from chalicelib.quizzes import insight
from chalicelib.store import keys
from chalicelib.store.models import CampaignItem, PlayerScoreItem, PointsTotalItem
from local.emulator import LocalResources
from tests.integration.test_notifications import StreamTap, consume
from tests.support.media import PNG_BYTES, upload_ready_media
from tests.support.stack import ApiClient, start_test_stack
from tests.support.world import OrgWorld, Person, _person, build_org

pytestmark = pytest.mark.usefixtures("direct_emulator")  # see tests/integration/conftest.py


ANSWER_FIELDS = {"correct_option_ids", "correct_number", "tolerance", "explanation", "correct"}


@pytest.fixture(scope="module")
def world(resources: LocalResources) -> OrgWorld:
    start_test_stack()
    return build_org(resources, "quiz")


def _keys_of(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys_of(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys_of(v)}
    return set()


def write_quiz(api: ApiClient, author: Person, *, practice: bool = True) -> tuple[str, list[str]]:
    drafts: list[dict[str, Any]] = [
        {
            "kind": "single",
            "language": "nl",
            "prompt": "Welke sneltoets plakt zonder opmaak?",
            "options": [{"text": "Ctrl+V"}, {"text": "Ctrl+Shift+V", "correct": True}, {"text": "Ctrl+P"}],
            "explanation": "Ctrl+Shift+V plakt zonder opmaak.",
            "variants": {
                "en": {
                    "prompt": "Which shortcut pastes without formatting?",
                    "options": ["Ctrl+V", "Ctrl+Shift+V", "Ctrl+P"],
                    "explanation": "Ctrl+Shift+V pastes without formatting.",
                }
            },
        },
        {
            "kind": "multiple",
            "language": "en",
            "prompt": "Which make a strong password?",
            "options": [
                {"text": "Length", "correct": True},
                {"text": "Your birthday"},
                {"text": "A passphrase", "correct": True},
            ],
            "explanation": "Long passphrases beat clever tricks.",
        },
        {
            "kind": "numeric",
            "language": "en",
            "prompt": "How many bits in a byte?",
            "correct_number": 8,
            "tolerance": 0.5,
            "explanation": "Eight.",
        },
        {"kind": "true_false", "language": "en", "prompt": "MFA helps.", "true_false_answer": True},
    ]
    ids = []
    for draft in drafts:
        made = api.post("/v1/questions", author.token, draft)
        assert made.status == 201, made.body
        assert made.json()["status"] == "draft"
        ids.append(made.json()["id"])
    quiz_body = {
        "title": "Digitale basis",
        "language": "nl",
        "question_ids": ids,
        "seconds_per_question": 30,
        "points_per_question": 10,
        "speed_bonus": True,
        "speed_bonus_max": 5,
        "practice": practice,
    }
    quiz = api.post("/v1/quizzes", author.token, quiz_body)
    assert quiz.status == 201, quiz.body
    quiz_id = quiz.json()["id"]
    assert api.post(f"/v1/quizzes/{quiz_id}/publish", author.token).status == 409  # drafts inside
    for question_id in ids:
        assert api.post(f"/v1/questions/{question_id}/publish", author.token).status == 200
    published = api.post(f"/v1/quizzes/{quiz_id}/publish", author.token)
    assert published.status == 200 and published.json()["status"] == "published"
    return quiz_id, ids


def test_authors_write_and_publish_and_learners_never_see_answers_first(
    api: ApiClient, world: OrgWorld
) -> None:
    learner, manager = world.learner, world.manager
    denied = api.post(
        "/v1/questions",
        learner.token,
        {"kind": "true_false", "language": "en", "prompt": "x", "true_false_answer": True},
    )
    assert denied.status == 403
    invalid = api.post(
        "/v1/questions",
        manager.token,
        {
            "kind": "single",
            "language": "en",
            "prompt": "Two right?",
            "options": [{"text": "a", "correct": True}, {"text": "b", "correct": True}],
        },
    )
    assert invalid.status == 422
    quiz_id, ids = write_quiz(api, manager)
    drafts = api.get("/v1/questions?status=draft&limit=100", manager.token).json()["items"]
    assert not {q["id"] for q in drafts} & set(ids)
    published = api.get("/v1/questions?status=published&limit=100", manager.token).json()["items"]
    assert set(ids) <= {q["id"] for q in published}
    change = api.patch(f"/v1/questions/{ids[2]}", manager.token, {"tolerance": 1})
    assert change.status == 200 and change.json()["tolerance"] == 1 and change.json()["correct_number"] == 8

    listed = api.get("/v1/quizzes", learner.token).json()["items"]
    mine = next(q for q in listed if q["id"] == quiz_id)
    assert mine["question_ids"] is None and mine["question_count"] == 4
    assert api.get("/v1/quizzes?status=draft", learner.token).status == 403
    served = api.post(f"/v1/quizzes/{quiz_id}/play/next", learner.token)
    assert served.status == 200, served.body
    assert not _keys_of(served.json()) & ANSWER_FIELDS
    question = served.json()["question"]
    assert question["prompt"] == "Welke sneltoets plakt zonder opmaak?"  # the learner reads nl
    assert [o["id"] for o in question["options"]] == ["a", "b", "c"]


def test_a_question_with_an_image_shows_it_to_the_learner_it_is_served_to(
    api: ApiClient, world: OrgWorld
) -> None:
    author = world.manager
    image = upload_ready_media(author.principal(world.org_id), file_name="router.png")
    draft = {
        "kind": "true_false",
        "language": "en",
        "prompt": "Is this the Wi-Fi router?",
        "true_false_answer": True,
        "image_media_id": image,
        "explanation": "The blinking box in the hall.",
    }
    made = api.post("/v1/questions", author.token, draft)
    assert made.status == 201, made.body
    assert made.json()["image_media_id"] == image and made.json()["image_url"]
    question_id = made.json()["id"]
    assert api.post(f"/v1/questions/{question_id}/publish", author.token).status == 200
    quiz = api.post(
        "/v1/quizzes",
        author.token,
        {"title": "Spot it", "language": "en", "question_ids": [question_id], "practice": True},
    )
    assert api.post(f"/v1/quizzes/{quiz.json()['id']}/publish", author.token).status == 200

    served = api.post(f"/v1/quizzes/{quiz.json()['id']}/play/next", world.learner.token).json()["question"]
    download = requests.get(served["image_url"], timeout=10)
    assert download.status_code == 200 and download.content == PNG_BYTES
    answered = api.post(
        f"/v1/quizzes/{quiz.json()['id']}/play/answers",
        world.learner.token,
        {"question_id": question_id, "option_ids": ["true"]},
    )
    assert answered.status == 201, answered.body
    results = api.get(f"/v1/quizzes/{quiz.json()['id']}/play/results", world.learner.token).json()
    assert results["items"][0]["image_url"]

    # Another image replaces it; removing it leaves the question without one.
    other = upload_ready_media(author.principal(world.org_id), file_name="switch.png")
    changed = api.patch(f"/v1/questions/{question_id}", author.token, {"image_media_id": other})
    assert changed.status == 200 and other in changed.json()["image_url"]
    removed = api.patch(f"/v1/questions/{question_id}", author.token, {"image_media_id": None})
    assert removed.status == 200 and removed.json()["image_url"] is None
    not_an_image = api.patch(
        f"/v1/questions/{question_id}", author.token, {"image_media_id": "01JNOSUCHMEDIA00000000000"}
    )
    assert not_an_image.status == 422 and not_an_image.json()["errors"][0]["field"] == "image_media_id"


def test_practice_answers_are_timed_by_the_server_once_per_question(
    api: ApiClient, resources: LocalResources, world: OrgWorld
) -> None:
    author, player = world.manager, _person(resources, world.org_id, "learner")
    quiz_id, ids = write_quiz(api, author)
    play = f"/v1/quizzes/{quiz_id}/play"
    assert (
        api.post(f"{play}/answers", player.token, {"question_id": ids[0], "option_ids": ["b"]}).status == 404
    )
    first = api.post(f"{play}/next", player.token).json()["question"]
    again = api.post(f"{play}/next", player.token).json()["question"]
    assert again["served_at"] == first["served_at"]  # asking again does not restart the clock
    forged = api.post(
        f"{play}/answers", player.token, {"question_id": ids[0], "option_ids": ["b"], "elapsed_ms": 1}
    )
    assert forged.status == 422  # the client cannot tell the server how long it took
    answered = api.post(f"{play}/answers", player.token, {"question_id": ids[0], "option_ids": ["b"]})
    assert answered.status == 201, answered.body
    result = answered.json()
    assert result["correct"] and result["points"] == 10 + result["speed_points"]
    assert result["correct_option_ids"] == ["b"] and result["explanation"]
    served_at = datetime.fromisoformat(first["served_at"].replace("Z", "+00:00"))
    answered_at = datetime.fromisoformat(result["answered_at"].replace("Z", "+00:00"))
    assert abs(result["elapsed_ms"] - (answered_at - served_at) / timedelta(milliseconds=1)) <= 1
    retry = api.post(f"{play}/answers", player.token, {"question_id": ids[0], "option_ids": ["b"]})
    assert retry.status == 200 and retry.json()["replayed"]
    assert {k: v for k, v in retry.json().items() if k != "replayed"} == {
        k: v for k, v in result.items() if k != "replayed"
    }
    other = api.post(f"{play}/answers", player.token, {"question_id": ids[0], "option_ids": ["a"]})
    assert other.status == 409
    # Multiple choice is all or nothing; numbers within the tolerance; true/false.
    assert api.post(f"{play}/next", player.token).json()["question"]["question_id"] == ids[1]
    partly = api.post(f"{play}/answers", player.token, {"question_id": ids[1], "option_ids": ["a"]}).json()
    assert not partly["correct"] and partly["points"] == 0 and partly["correct_option_ids"] == ["a", "c"]
    api.post(f"{play}/next", player.token)
    near = api.post(f"{play}/answers", player.token, {"question_id": ids[2], "number": 8.4}).json()
    assert near["correct"] and near["correct_number"] == 8
    nxt = api.post(f"{play}/next", player.token).json()["question"]
    assert [o["text"] for o in nxt["options"]] == ["True", "False"]  # in the language of its prompt
    assert (
        api.post(f"{play}/answers", player.token, {"question_id": ids[3], "option_ids": ["false"]}).status
        == 201
    )
    done = api.post(f"{play}/next", player.token).json()
    assert done == {"done": True, "total_questions": 4, "answered": 4, "question": None}
    results = api.get(f"{play}/results", player.token).json()
    assert results["answered"] == 4 and results["correct"] == 2
    assert [r["question_id"] for r in results["items"]] == ids
    assert results["items"][0]["explanation"] == "Ctrl+Shift+V plakt zonder opmaak."


def _campaign(org_id: str, quiz_id: str, by: str, **fields: Any) -> CampaignItem:
    campaign_id, now = new_id(), utc_now()
    item = CampaignItem(
        keys.campaigns_pk(org_id),
        keys.campaign_sk(campaign_id),
        org_id=org_id,
        campaign_id=campaign_id,
        kind="quiz",
        titles='{"nl": "Kerstquiz", "fr": "Quiz de Noël", "en": "Christmas quiz"}',
        quiz_id=quiz_id,
        audience="organisation",
        timezone="Europe/Brussels",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=1),
        status="open",
        created_by=by,
        created_at=now,
    )
    for name, value in fields.items():
        setattr(item, name, value)
    item.save()
    return item


def test_campaign_play_scores_counts_and_awards_exactly_once(
    api: ApiClient, lambdas: Client, resources: LocalResources, world: OrgWorld
) -> None:
    org = world.org_id
    quiz_id, ids = write_quiz(api, world.manager, practice=False)
    assert api.post(f"/v1/quizzes/{quiz_id}/play/next", world.learner.token).status == 409  # not practice
    campaign = _campaign(org, quiz_id, world.admin.user_id)
    other_team = _campaign(org, quiz_id, world.admin.user_id, audience="teams", team_ids=["nobody"])
    players = [_person(resources, org, "learner") for _ in range(3)]
    assert api.post(f"/v1/campaigns/{other_team.campaign_id}/play/next", players[0].token).status == 404
    tap = StreamTap(resources, org)
    play = f"/v1/campaigns/{campaign.campaign_id}/play"
    choices = [["b"], ["b"], ["a"]]
    for player, choice in zip(players, choices, strict=True):
        assert api.post(f"{play}/next", player.token).status == 200
        reply = api.post(f"{play}/answers", player.token, {"question_id": ids[0], "option_ids": choice})
        assert reply.status == 201, reply.body
    api.post(f"{play}/answers", players[0].token, {"question_id": ids[0], "option_ids": ["b"]})  # a retry
    records = tap.read()
    consume(lambdas, records)
    consume(lambdas, records)  # redelivered: changes nothing

    first = api.get(f"{play}/results", players[0].token).json()
    score = PlayerScoreItem.get(
        keys.player_pk(org, campaign.campaign_id, players[0].user_id), keys.PLAYER_SCORE_SK
    )
    assert (int(score.points), int(score.answered), int(score.correct)) == (first["points"], 1, 1)
    assert score.gsi1pk is None  # no index key: the consumer mirrors the score on the campaign's board
    wrong = PlayerScoreItem.get(
        keys.player_pk(org, campaign.campaign_id, players[2].user_id), keys.PLAYER_SCORE_SK
    )
    assert (int(wrong.points), int(wrong.answered), int(wrong.correct)) == (0, 1, 0)
    totals = PointsTotalItem.get(keys.points_pk(org, players[0].user_id), keys.POINTS_TOTAL_SK)
    assert int(totals.points) == 2  # quiz_answered, once

    stats = api.get(f"/v1/questions/{ids[0]}/stats", world.manager.token)
    assert stats.status == 200, stats.body
    body = stats.json()
    assert (body["answers"], body["correct"], body["most_chosen_wrong_option_id"]) == (3, 2, "a")
    assert body["share_correct"] == pytest.approx(2 / 3, abs=1e-3) and body["median_seconds"] is not None
    assert api.get(f"/v1/questions/{ids[0]}/stats", world.learner.token).status == 403
    hardest = insight.hardest_question(org, quiz_id)
    assert hardest is not None and hardest.question_id == ids[0]

    # Past closes_at (the sweeper has not closed it yet) and closed: 409 both.
    served = api.post(f"{play}/next", players[1].token).json()["question"]
    campaign.closes_at = datetime.now(UTC) - timedelta(seconds=1)
    campaign.save()
    late = api.post(f"{play}/answers", players[1].token, {"question_id": served["question_id"], "number": 8})
    assert late.status == 409
    campaign.status = "closed"
    campaign.save()
    assert api.post(f"{play}/next", players[2].token).status == 409
    assert api.get(f"{play}/results", players[2].token).status == 200  # results stay readable


def test_a_member_who_asks_for_the_accessible_mode_gets_extra_time_and_no_speed_points(
    api: ApiClient, resources: LocalResources, world: OrgWorld
) -> None:
    author, player = world.manager, _person(resources, world.org_id, "learner")
    quiz_id, _ = write_quiz(api, author)
    changed = api.patch("/v1/me", player.token, {"quiz_accessible": True})
    assert changed.status == 200 and changed.json()["quiz_accessible"] is True
    served = api.post(f"/v1/quizzes/{quiz_id}/play/next", player.token).json()["question"]
    plain = api.post(f"/v1/quizzes/{quiz_id}/play/next", world.learner.token).json()["question"]
    assert served["accessible"] is True and plain["accessible"] is False
    assert served["seconds_allowed"] > plain["seconds_allowed"]


def test_a_campaign_plays_only_a_published_quiz_no_other_campaign_holds(
    api: ApiClient, resources: LocalResources, world: OrgWorld
) -> None:
    from chalicelib.campaigns import use_cases as campaigns

    org, player = world.org_id, _person(resources, world.org_id, "learner")
    # A campaign that names a draft quiz (as one made before campaigns were checked could):
    # nothing of it is served, so nothing of its answers can be learnt by answering.
    draft = api.post(
        "/v1/quizzes",
        world.manager.token,
        {"title": "Unfinished", "language": "en", "question_ids": [world.question_id]},
    )
    assert draft.status == 201 and draft.json()["status"] == "draft"
    on_a_draft = _campaign(org, draft.json()["id"], world.admin.user_id)
    refused = api.post(f"/v1/campaigns/{on_a_draft.campaign_id}/play/next", player.token)
    assert refused.status == 409, refused.body
    assert not _keys_of(refused.json()) & ANSWER_FIELDS

    # A practice quiz an upcoming campaign holds: neither practice nor another campaign serves it.
    quiz_id, _ = write_quiz(api, world.manager, practice=True)
    practice = f"/v1/quizzes/{quiz_id}/play"
    early = api.post(f"{practice}/next", player.token).json()["question"]  # served before it was held
    campaigns.create_campaign(
        world.admin.principal(org),
        campaigns.CampaignDraft(
            titles={"en": "Quiz night"},
            quiz_id=quiz_id,
            opens_local=datetime(2031, 10, 6, 19),
            closes_local=datetime(2031, 10, 6, 22),
        ),
    )
    assert api.post(f"{practice}/next", world.learner.token).status == 409
    late = api.post(
        f"{practice}/answers", player.token, {"question_id": early["question_id"], "option_ids": ["b"]}
    )
    assert late.status == 409, late.body
    assert not _keys_of(late.json()) & ANSWER_FIELDS
    elsewhere = _campaign(org, quiz_id, world.admin.user_id)  # not the campaign that holds it
    assert api.post(f"/v1/campaigns/{elsewhere.campaign_id}/play/next", player.token).status == 409
