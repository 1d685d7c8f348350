"""What a hostile member of the same organisation tries with learning content, beyond the sweeps:
the question bank's answers reached through a lesson or a video they write, and content of an
invite-only community reached after they left it."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.quizzes import bank
from chalicelib.store import keys
from chalicelib.store.models import CommunityItem
from local.emulator import LocalResources
from tests.integration.test_lessons import lesson_body
from tests.support.media import WEBM_BYTES, upload_ready_media
from tests.support.stack import ApiClient, start_test_stack
from tests.support.world import OrgWorld, Person, _person, build_org

pytestmark = pytest.mark.usefixtures("direct_emulator")  # see tests/integration/conftest.py


@pytest.fixture(scope="module")
def world(resources: LocalResources) -> OrgWorld:
    start_test_stack()
    return build_org(resources, "content-trust")


def community_role(api: ApiClient, world: OrgWorld, person: Person, role: str) -> None:
    """A learner of the organisation who joins the community and is given a role in it."""
    community = f"/v1/communities/{world.community_id}"
    assert api.post(f"{community}/join", person.token).status in (200, 201)
    given = api.put(f"{community}/members/{person.user_id}/role", world.manager.token, {"role": role})
    assert given.status == 200, given.body


def set_visibility(world: OrgWorld, visibility: str) -> None:
    CommunityItem(keys.org_pk(world.org_id), keys.community_sk(world.community_id)).update(
        actions=[CommunityItem.visibility.set(visibility)]
    )


def without_questions(body: dict[str, Any]) -> dict[str, Any]:
    return {**body, "cards": [card for card in body["cards"] if card["type"] != "question"]}


def video_body(world: OrgWorld, media_id: str) -> dict[str, Any]:
    return {
        "community_id": world.community_id,
        "language": "nl",
        "variants": {"nl": {"title": "Feedback geven"}},
        "video": {
            "media_id": media_id,
            "duration": 60,
            "cues": [{"cue_id": "q1", "at": 20, "kind": "question", "question_id": world.question_id}],
        },
    }


def test_a_community_mentor_cannot_read_the_question_banks_answers_through_a_lesson_or_a_video(
    api: ApiClient, resources: LocalResources, world: OrgWorld
) -> None:
    # A learner of the organisation, mentor in one community, plays a quiz: its question ids are
    # shown to players. Putting one in a lesson and answering the card would show its right answer.
    guide = _person(resources, world.org_id, "learner")
    community_role(api, world, guide, "mentor")
    asking = lesson_body(world.question_id, community_id=world.community_id)
    refused = api.post("/v1/lessons", guide.token, asking)
    assert refused.status == 422, refused.body
    assert refused.json()["errors"][0]["field"] == "cards.1.question_id"

    media_id = upload_ready_media(guide.principal(world.org_id), WEBM_BYTES, "video/webm", "clip.webm")
    video = api.post("/v1/videos", guide.token, video_body(world, media_id))
    assert video.status == 422, video.body
    assert video.json()["errors"][0]["field"] == "cues[0].question_id"

    # Everything else of a lesson they write; and the bank's authors put its questions in lessons.
    plain = api.post("/v1/lessons", guide.token, without_questions(asking))
    assert plain.status == 201, plain.body
    assert api.post("/v1/lessons", world.manager.token, asking).status == 201


def test_a_community_moderator_edits_an_experts_lesson_but_adds_no_question_of_the_bank(
    api: ApiClient, resources: LocalResources, world: OrgWorld
) -> None:
    moderator = _person(resources, world.org_id, "learner")
    community_role(api, world, moderator, "moderator")
    asking = lesson_body(world.question_id, community_id=world.community_id)
    change = lesson_body(world.question_id)  # a change names no community: the lesson keeps its own
    with_question = api.post("/v1/lessons", world.manager.token, asking).json()["id"]
    kept = api.put(f"/v1/lessons/{with_question}/draft", moderator.token, {**change, "estimated_minutes": 6})
    assert kept.status == 200, kept.body  # the question the expert chose stays

    plain = api.post("/v1/lessons", world.manager.token, without_questions(asking)).json()["id"]
    assert api.put(f"/v1/lessons/{plain}/draft", moderator.token, without_questions(change)).status == 200
    added = api.put(f"/v1/lessons/{plain}/draft", moderator.token, change)
    assert added.status == 422, added.body


def test_a_mentor_who_left_an_invite_only_community_no_longer_reaches_the_content_they_wrote_there(
    api: ApiClient, resources: LocalResources, world: OrgWorld
) -> None:
    guide = _person(resources, world.org_id, "learner")
    community_role(api, world, guide, "mentor")
    body = without_questions(lesson_body(world.question_id, community_id=world.community_id))
    draft_id = api.post("/v1/lessons", guide.token, body).json()["id"]
    published_id = api.post("/v1/lessons", guide.token, body).json()["id"]
    assert api.post(f"/v1/lessons/{published_id}/publish", guide.token, {"major": False}).status == 200
    assert api.post(f"/v1/lessons/{published_id}/archive", guide.token).status == 200
    assert api.get(f"/v1/lessons/{published_id}", guide.token).status == 200  # its author, for now

    set_visibility(world, "invite_only")
    try:
        assert api.post(f"/v1/communities/{world.community_id}/leave", guide.token).status in (200, 204)
        for method, path, sent in [
            ("GET", f"/v1/lessons/{draft_id}/draft", None),
            ("GET", f"/v1/lessons/{draft_id}/preview", None),
            ("PUT", f"/v1/lessons/{draft_id}/draft", without_questions(lesson_body(world.question_id))),
            ("POST", f"/v1/lessons/{draft_id}/publish", {"major": False}),
            ("GET", f"/v1/lessons/{published_id}", None),  # archived: once for its authors only
            ("GET", f"/v1/learning/{published_id}/insights", None),
            ("POST", f"/v1/lessons/{published_id}/restore", None),
        ]:
            reply = api.call(method, path, guide.token, body=sent)
            assert reply.status == 404, (method, path, reply.status, reply.body)
        # The community's managers still do.
        assert api.get(f"/v1/lessons/{draft_id}/draft", world.manager.token).status == 200
    finally:
        set_visibility(world, "organisation")


def test_a_reviewer_who_cannot_read_an_invite_only_community_is_not_asked_to_review_its_content(
    api: ApiClient, resources: LocalResources, world: OrgWorld
) -> None:
    outsider_expert = _person(resources, world.org_id, "mentor")  # an expert, not a member
    body = without_questions(lesson_body(world.question_id, community_id=world.community_id))
    set_visibility(world, "invite_only")
    try:
        draft_id = api.post("/v1/lessons", world.manager.token, body).json()["id"]
        asked = api.post(
            f"/v1/lessons/{draft_id}/review", world.manager.token, {"reviewer_id": outsider_expert.user_id}
        )
        assert asked.status == 422, asked.body
        assert api.get(f"/v1/lessons/{draft_id}/draft", outsider_expert.token).status == 404
    finally:
        set_visibility(world, "organisation")


def big_question(world: OrgWorld, n: int) -> str:
    """A published question with texts at their limits, in four-byte characters (~19 KB)."""
    author = world.admin.principal(world.org_id)
    options = [{"text": "😀" * 299 + chr(ord("a") + i), "correct": i == 0} for i in range(6)]
    form = {
        "kind": "single",
        "language_code": "nl",
        "prompt": f"{n} " + "😀" * 990,
        "options": options,
        "explanation": "😀" * 2000,
    }
    question = bank.create_question(author, form)
    bank.publish_question(author, question.question_id)
    return question.question_id


def test_a_lesson_too_large_to_publish_with_its_questions_is_refused_and_stays_a_draft(
    api: ApiClient, world: OrgWorld
) -> None:
    # Publishing copies each question into the lesson: thirty large ones pass what one item holds.
    cards = [{"id": f"q{n}", "type": "question", "question_id": big_question(world, n)} for n in range(30)]
    body = {**lesson_body(world.question_id), "cards": cards}
    made = api.post("/v1/lessons", world.manager.token, body)
    assert made.status == 201, made.body
    lesson_id = made.json()["id"]
    published = api.post(f"/v1/lessons/{lesson_id}/publish", world.manager.token, {"major": False})
    assert published.status == 413, published.body
    assert published.json()["detail"].startswith("This lesson is too large to publish")
    draft = api.get(f"/v1/lessons/{lesson_id}/draft", world.manager.token)
    assert draft.status == 200 and draft.json()["state"] == "draft"
    assert api.get(f"/v1/lessons/{lesson_id}", world.learner.token).status == 404


def test_a_lesson_shows_only_its_authors_uploads_and_keeps_them_when_a_manager_changes_it(
    api: ApiClient, resources: LocalResources, world: OrgWorld
) -> None:
    expert = _person(resources, world.org_id, "mentor")
    someone_elses = upload_ready_media(world.learner.principal(world.org_id))  # not on a post yet
    body = without_questions(lesson_body(world.question_id))
    body["cards"][0]["media_id"] = someone_elses
    taken = api.post("/v1/lessons", expert.token, body)
    assert taken.status == 422, taken.body
    assert taken.json()["errors"][0]["field"] == "cards.0.media_id"
    # Not even by naming its owner a co-author.
    co_authored = api.post("/v1/lessons", expert.token, {**body, "co_author_ids": [world.learner.user_id]})
    assert co_authored.status == 422, co_authored.body

    body["cards"][0]["media_id"] = upload_ready_media(expert.principal(world.org_id))
    lesson_id = api.post("/v1/lessons", expert.token, body).json()["id"]
    changed = api.put(f"/v1/lessons/{lesson_id}/draft", world.manager.token, {**body, "estimated_minutes": 3})
    assert changed.status == 200, changed.body  # the author's image stays when a manager edits
    assert api.post(f"/v1/lessons/{lesson_id}/publish", world.manager.token, {"major": False}).status == 200


def test_naming_someone_a_co_author_does_not_put_their_upload_in_ones_video(
    api: ApiClient, resources: LocalResources, world: OrgWorld
) -> None:
    expert = _person(resources, world.org_id, "mentor")
    theirs = upload_ready_media(
        world.learner.principal(world.org_id), WEBM_BYTES, "video/webm", "private.webm"
    )
    body = {**video_body(world, theirs), "video": {"media_id": theirs, "duration": 60}}
    taken = api.post("/v1/videos", expert.token, {**body, "co_author_ids": [world.learner.user_id]})
    assert taken.status == 422, taken.body
    assert taken.json()["errors"][0]["field"] == "media_id"
    mine = upload_ready_media(expert.principal(world.org_id), WEBM_BYTES, "video/webm", "mine.webm")
    made = api.post("/v1/videos", expert.token, {**body, "video": {"media_id": mine, "duration": 60}})
    assert made.status == 201, made.body


def test_a_moderator_of_another_community_neither_reads_nor_changes_this_communitys_lessons(
    api: ApiClient, resources: LocalResources, world: OrgWorld
) -> None:
    from chalicelib.communities.use_cases import NewCommunity, create_community

    elsewhere = create_community(
        world.manager.principal(world.org_id),
        NewCommunity(f"Elsewhere {world.org_id}", "Another one", "Other goals", [], "organisation"),
    )
    moderator = _person(resources, world.org_id, "learner")
    assert api.post(f"/v1/communities/{elsewhere.community_id}/join", moderator.token).status in (200, 201)
    role = api.put(
        f"/v1/communities/{elsewhere.community_id}/members/{moderator.user_id}/role",
        world.manager.token,
        {"role": "moderator"},
    )
    assert role.status == 200, role.body
    body = without_questions(lesson_body(world.question_id, community_id=world.community_id))
    draft_id = api.post("/v1/lessons", world.manager.token, body).json()["id"]
    change = without_questions(lesson_body(world.question_id))
    for method, suffix, sent in [
        ("GET", "/draft", None),
        ("PUT", "/draft", change),
        ("POST", "/publish", {"major": False}),
        ("POST", "/archive", None),
    ]:
        reply = api.call(method, f"/v1/lessons/{draft_id}{suffix}", moderator.token, body=sent)
        assert reply.status == 404, (method, suffix, reply.status)
    # Its own community's lessons are theirs to manage.
    own = api.post(
        "/v1/lessons", world.manager.token, {**body, "community_id": elsewhere.community_id}
    ).json()["id"]
    assert api.put(f"/v1/lessons/{own}/draft", moderator.token, change).status == 200
