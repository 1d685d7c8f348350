"""Interactive videos, as authors and learners meet them through the API: an author uploads a
video, its poster and captions, places cue points and publishes; a learner watches, is stopped at
a required question, resumes on another device, and completes it only as the server counts it.
A hostile member of the same organisation gets nowhere with someone else's viewing, a cue of
another video, a forged "completed", segments beyond the video or absurd bodies."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from chalice.test import Client

from chalicelib.errors import Conflict
from chalicelib.learning import video_play
from chalicelib.quizzes import bank
from chalicelib.reactors.events import QuestionAnsweredAtVideoCue, domain_events
from chalicelib.store import keys, learning
from chalicelib.store import refreshers as refresher_store
from chalicelib.store.models import PointsEntryItem, PointsTotalItem
from local.emulator import LocalResources
from tests.integration.test_notifications import StreamTap, consume
from tests.support.media import PNG_BYTES, VTT_BYTES, WEBM_BYTES, upload_ready_media
from tests.support.stack import ApiClient, start_test_stack
from tests.support.world import OrgWorld, build_org

pytestmark = pytest.mark.usefixtures("direct_emulator")  # see tests/integration/conftest.py


DURATION = 60.0


@dataclass
class VideoWorld:
    org: OrgWorld
    question_id: str
    right: str
    wrong: str
    video_media: str
    poster_media: str
    captions_media: str


@pytest.fixture(scope="module")
def world(resources: LocalResources) -> VideoWorld:
    start_test_stack()
    org = build_org(resources, "video")
    author = org.manager.principal(org.org_id)
    question = bank.create_question(
        author,
        {
            "kind": "single",
            "language_code": "en",
            "prompt": "What does a good feedback start with?",
            "options": [{"text": "An observation", "correct": True}, {"text": "A verdict"}],
            "explanation": "Facts first.",
        },
    )
    bank.publish_question(author, question.question_id)
    content = bank.content_of(question)
    right = content.correct_option_ids[0]
    wrong = next(o.id for o in content.options if o.id != right)
    return VideoWorld(
        org,
        question.question_id,
        right,
        wrong,
        upload_ready_media(author, WEBM_BYTES, "video/webm", "feedback.webm"),
        upload_ready_media(author, PNG_BYTES, "image/png", "poster.png"),
        upload_ready_media(author, VTT_BYTES, "text/vtt", "feedback.nl.vtt"),
    )


class Clock:
    """The server's clock, moved by the test: a report's plausibility depends on it."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    clock = Clock()
    monkeypatch.setattr(video_play, "utc_now", clock)
    yield clock


def video_body(world: VideoWorld, **video: Any) -> dict[str, Any]:
    return {
        "language": "nl",
        "variants": {"nl": {"title": "Feedback geven", "summary": "Een minuut over feedback"}},
        "video": {
            "media_id": world.video_media,
            "poster_media_id": world.poster_media,
            "duration": DURATION,
            "captions": {"nl": world.captions_media},
            "cues": [
                {"cue_id": "intro", "at": 5, "kind": "text", "text": "Let op de drie stappen"},
                {
                    "cue_id": "q1",
                    "at": 20,
                    "kind": "question",
                    "required": True,
                    "must_be_correct": True,
                    "question_id": world.question_id,
                },
                {"cue_id": "jump", "at": 40, "kind": "branch", "options": [{"label": "Opnieuw", "to": 20}]},
            ],
            **video,
        },
        "skill_tags": ["feedback"],
    }


def published_video(api: ApiClient, world: VideoWorld, **video: Any) -> str:
    token = world.org.manager.token
    created = api.post("/v1/videos", token, video_body(world, **video))
    assert created.status == 201, created.body
    video_id = created.json()["id"]
    published = api.post(f"/v1/videos/{video_id}/publish", token, {"major": False})
    assert published.status == 200, published.body
    return str(video_id)


def report(api: ApiClient, token: str, video_id: str, segments: list[list[float]], position: float) -> Any:
    return api.put(f"/v1/videos/{video_id}/viewing", token, {"segments": segments, "position": position})


def watch_in_steps(api: ApiClient, clock: Clock, token: str, video_id: str, start: float, end: float) -> Any:
    """Play from start to end as the web player does: a first report 15 s in, then one a minute
    (web/src/screens/video/VideoWatch.tsx), and one at the end."""
    reply = None
    at = start
    while at < end:
        step = min(15.0 if at == start else 60.0, end - at)
        clock.advance(step)
        reply = report(api, token, video_id, [[at, at + step]], at + step)
        assert reply.status == 200, reply.body
        at += step
    return reply


def test_an_author_publishes_a_video_with_its_poster_captions_and_cues(
    api: ApiClient, world: VideoWorld
) -> None:
    token = world.org.manager.token
    created = api.post("/v1/videos", token, video_body(world))
    assert created.status == 201, created.body
    draft = created.json()
    assert draft["state"] == "draft" and draft["kind"] == "video"
    assert [cue["cue_id"] for cue in draft["cues"]] == ["intro", "q1", "jump"]
    preview = draft["cues"][1]["question"]
    assert preview["prompt"] == "What does a good feedback start with?"
    assert "correct_option_ids" not in str(draft["cues"])
    assert draft["video_url"] and draft["poster_url"]

    learner = world.org.learner.token
    assert api.get(f"/v1/videos/{draft['id']}/watch", learner).status == 404  # not published yet
    assert api.get(f"/v1/videos/{draft['id']}", learner).status == 404  # nor the working copy
    assert api.post(f"/v1/videos/{draft['id']}/publish", token, {"major": False}).status == 200

    shown = api.get(f"/v1/videos/{draft['id']}/watch", learner)
    assert shown.status == 200, shown.body
    player = shown.json()
    assert player["title"] == "Feedback geven" and player["duration"] == DURATION
    assert player["caption_languages"] == ["nl"] and player["poster_url"] and player["video_url"]
    assert player["viewing"]["position"] == 0 and player["viewing"]["completed"] is False
    assert player["cues"][1]["question"]["options"]  # shown, never the answer
    captions = api.get(f"/v1/videos/{draft['id']}/captions/nl", learner)
    assert captions.status == 200 and captions.json()["vtt"].startswith("WEBVTT")
    assert api.get(f"/v1/videos/{draft['id']}/captions/fr", learner).status == 404


def test_a_learner_cannot_get_past_a_required_question_before_answering_it_right(
    api: ApiClient, world: VideoWorld, clock: Clock
) -> None:
    video_id = published_video(api, world)
    learner = world.org.learner.token
    reply = watch_in_steps(api, clock, learner, video_id, 0, 30)  # the player would stop at 20
    viewing = reply.json()["viewing"]
    assert viewing["watched"] == [[0, 20]] and viewing["position"] == 20 and viewing["seek_limit"] == 20

    cue = f"/v1/videos/{video_id}/cues/q1/answer"
    wrong = api.post(cue, learner, {"option_ids": [world.wrong]})
    assert wrong.status == 200, wrong.body
    assert wrong.json()["done"] is False and wrong.json()["correct"] is False
    assert wrong.json()["correct_option_ids"] is None  # no answer key while it must still be answered
    right = api.post(cue, learner, {"option_ids": [world.right]})
    assert right.json()["done"] is True and right.json()["attempts"] == 2
    assert (
        right.json()["correct_option_ids"] == [world.right] and right.json()["explanation"] == "Facts first."
    )
    again = api.post(cue, learner, {"option_ids": [world.wrong]})
    assert again.json()["correct"] is True  # done stays done

    reply = watch_in_steps(api, clock, learner, video_id, 20, 60)
    viewing = reply.json()["viewing"]
    assert viewing["watched"] == [[0, 60]] and viewing["completed"] is True and viewing["fully_viewed"]


def test_skipping_ahead_counts_nothing_until_a_first_full_viewing(
    api: ApiClient, world: VideoWorld, clock: Clock
) -> None:
    video_id = published_video(api, world, cues=[])
    learner = world.org.learner.token
    watch_in_steps(api, clock, learner, video_id, 0, 10)
    clock.advance(10)
    skipped = report(api, learner, video_id, [[45, 55]], 55)
    assert skipped.json()["counted_seconds"] == 0
    assert skipped.json()["viewing"]["position"] == 10 and skipped.json()["viewing"]["seek_limit"] == 10
    watch_in_steps(api, clock, learner, video_id, 10, 60)
    clock.advance(5)
    free = report(api, learner, video_id, [[30, 35]], 35).json()["viewing"]
    assert free["fully_viewed"] and free["seek_limit"] == DURATION and free["position"] == 35


def test_a_learner_resumes_on_another_device_where_they_left(
    api: ApiClient, world: VideoWorld, clock: Clock
) -> None:
    video_id = published_video(api, world, cues=[])
    learner = world.org.learner
    watch_in_steps(api, clock, learner.token, video_id, 0, 25)
    other_device = api.get(f"/v1/videos/{video_id}/watch", learner.token).json()["viewing"]
    assert other_device["position"] == 25 and other_device["watched"] == [[0, 25]]
    item = learning.get_progress(world.org.org_id, learner.user_id, video_id)
    assert item is not None and item.kind == "video"  # one item per learner and video, on every device


def test_completion_comes_from_what_was_watched_never_from_the_client(
    api: ApiClient, world: VideoWorld, clock: Clock
) -> None:
    video_id = published_video(api, world, cues=[], block_forward_skip=False)
    learner = world.org.learner.token
    forged = api.put(f"/v1/videos/{video_id}/viewing", learner, {"segments": [], "completed": True})
    assert forged.status == 422  # no such field
    assert report(api, learner, video_id, [[0, 1]], 1).status == 200
    clock.advance(1)
    at_once = report(api, learner, video_id, [[1, 60]], 60)  # most of a minute in one second
    assert at_once.status == 200
    assert at_once.json()["counted_seconds"] == 5.0  # one second at 2x, plus slack
    assert at_once.json()["viewing"]["completed"] is False
    for _ in range(20):  # quick reports cannot add up to a viewing either
        report(api, learner, video_id, [[0, 60]], 60)
    assert api.get(f"/v1/videos/{video_id}/watch", learner).json()["viewing"]["completed"] is False


@pytest.mark.parametrize(
    "body",
    [
        {"segments": [[0, 61]]},  # beyond the duration
        {"segments": [[-3, 2]]},
        {"segments": [[5, 1]]},
        {"segments": [[1, 2, 3]]},
        {"segments": [[0, 1]] * 51},
        {"segments": "all of it"},
        {"position": 1e9},
        {"segments": [[0, 1e308]]},
    ],
)
def test_reports_no_player_could_send_are_refused(
    api: ApiClient, world: VideoWorld, clock: Clock, body: dict[str, Any]
) -> None:
    video_id = published_video(api, world, cues=[])
    reply = api.put(f"/v1/videos/{video_id}/viewing", world.org.learner.token, body)
    assert reply.status == 422, reply.body
    assert reply.header(
        "content-type",
    ).startswith("application/problem+json")  # type: ignore[union-attr]


def test_a_member_reaches_neither_another_videos_cue_nor_someone_elses_viewing(
    api: ApiClient, world: VideoWorld, clock: Clock
) -> None:
    first = published_video(api, world)
    second = published_video(api, world, cues=[])
    learner, other = world.org.learner, world.org.admin
    watch_in_steps(api, clock, learner.token, first, 0, 20)
    assert (
        api.post(f"/v1/videos/{second}/cues/q1/answer", learner.token, {"option_ids": [world.right]}).status
        == 404
    )
    assert api.post(f"/v1/videos/{first}/cues/nope/answer", learner.token, {}).status == 404
    # Another person's report and view touch only their own viewing.
    mine = api.get(f"/v1/videos/{first}/watch", learner.token).json()["viewing"]
    theirs = api.get(f"/v1/videos/{first}/watch", other.token).json()["viewing"]
    assert mine["position"] == 20 and theirs["position"] == 0 and theirs["cues"] == {}


def test_a_cue_is_answered_only_once_the_learner_can_have_reached_it(
    api: ApiClient, world: VideoWorld, clock: Clock
) -> None:
    video_id = published_video(api, world)
    early = api.post(
        f"/v1/videos/{video_id}/cues/q1/answer", world.org.learner.token, {"option_ids": [world.right]}
    )
    assert early.status == 409


def test_a_branch_jumps_and_the_learner_resumes_there(
    api: ApiClient, world: VideoWorld, clock: Clock
) -> None:
    cues = [
        {
            "cue_id": "jump",
            "at": 10,
            "kind": "branch",
            "required": True,
            "options": [{"label": "Verder", "to": 50}],
        }
    ]
    video_id = published_video(api, world, cues=cues)
    learner = world.org.learner.token
    watch_in_steps(api, clock, learner, video_id, 0, 10)
    taken = api.post(f"/v1/videos/{video_id}/cues/jump/answer", learner, {"option": 0})
    assert taken.status == 200 and taken.json()["jump_to"] == 50 and taken.json()["viewing"]["position"] == 50
    assert api.post(f"/v1/videos/{video_id}/cues/jump/answer", learner, {"option": 3}).json()["jump_to"] == 50
    reply = watch_in_steps(api, clock, learner, video_id, 50, 60)
    assert reply.json()["viewing"]["watched"] == [[0, 10], [50, 60]]


def test_an_author_names_only_their_own_ready_uploads(api: ApiClient, world: VideoWorld) -> None:
    someone_elses = world.org.media_id  # the learner's image, on a post
    body = video_body(world, poster_media_id=someone_elses)
    refused = api.post("/v1/videos", world.org.manager.token, body)
    assert refused.status == 422 and refused.json()["errors"][0]["field"] == "poster_media_id"
    as_captions = api.post(
        "/v1/videos", world.org.manager.token, video_body(world, captions={"nl": world.poster_media})
    )
    assert as_captions.status == 422
    as_learner = api.post("/v1/videos", world.org.learner.token, video_body(world))
    assert as_learner.status == 403


def test_completion_earns_points_once_and_questions_answered_at_cues_become_refreshers(
    api: ApiClient, resources: LocalResources, world: VideoWorld, clock: Clock, lambdas: Client
) -> None:
    video_id = published_video(api, world)
    person = world.org.learner
    tap = StreamTap(resources, world.org.org_id)
    watch_in_steps(api, clock, person.token, video_id, 0, 20)
    cue = f"/v1/videos/{video_id}/cues/q1/answer"
    api.post(cue, person.token, {"option_ids": [world.wrong]})
    api.post(cue, person.token, {"option_ids": [world.right]})
    watch_in_steps(api, clock, person.token, video_id, 20, 60)

    records = tap.read()
    answered = [
        event
        for record in records
        for event in domain_events(record)
        if isinstance(event, QuestionAnsweredAtVideoCue) and event.content_id == video_id
    ]
    assert {(e.user_id, e.question_id, e.correct, e.attempt) for e in answered} == {
        (person.user_id, world.question_id, False, 1),
        (person.user_id, world.question_id, True, 2),
    }
    pk = keys.points_pk(world.org.org_id, person.user_id)
    before = {
        e.sk for e in PointsEntryItem.query(pk, PointsEntryItem.sk.startswith(keys.POINTS_ENTRY_SK_PREFIX))
    }
    consume(lambdas, records)
    consume(lambdas, records)  # redelivered: changes nothing
    entries = [
        e
        for e in PointsEntryItem.query(pk, PointsEntryItem.sk.startswith(keys.POINTS_ENTRY_SK_PREFIX))
        if e.sk not in before
    ]
    assert [(e.action, int(e.points)) for e in entries] == [("video_completed", 10)]
    assert PointsTotalItem.get(pk, keys.POINTS_TOTAL_SK) is not None
    # Both attempts at the cue's question met it: it is now among the learner's refreshers.
    card = refresher_store.get_card(world.org.org_id, person.user_id, world.question_id)
    assert card is not None and card.last_met_in == "video" and int(card.reviews) == 2


def test_two_devices_reporting_at_once_cannot_overwrite_each_other(
    api: ApiClient, world: VideoWorld, clock: Clock
) -> None:
    """The second write of a race is refused (409); the player sends its report again and both count."""
    video_id = published_video(api, world, cues=[], block_forward_skip=False)
    learner = world.org.learner
    principal = learner.principal(world.org.org_id)
    watch_in_steps(api, clock, learner.token, video_id, 0, 10)
    laptop = video_play.open_video(principal, video_id, for_change=True)  # read, then the phone saves
    clock.advance(10)
    assert report(api, learner.token, video_id, [[10, 20]], 20).status == 200
    with pytest.raises(Conflict):
        video_play.save_viewing(laptop, laptop.viewing)
    clock.advance(10)
    again = report(api, learner.token, video_id, [[40, 50]], 50)
    assert again.json()["viewing"]["watched"] == [[0, 20], [40, 50]]


def test_a_second_expert_reviews_a_video_before_learners_see_it_and_archiving_takes_it_away(
    api: ApiClient, world: VideoWorld, clock: Clock
) -> None:
    author, reviewer, learner = world.org.manager, world.org.admin, world.org.learner
    created = api.post("/v1/videos", author.token, video_body(world))
    video_id = created.json()["id"]
    path = f"/v1/videos/{video_id}"
    asked = api.post(f"{path}/review", author.token, {"reviewer_id": reviewer.user_id})
    assert asked.status == 200 and asked.json()["state"] == "in_review"
    assert api.get(path, reviewer.token).status == 200  # the reviewer reads the draft
    assert api.post(f"{path}/review/decision", learner.token, {"approve": True}).status == 404
    assert api.get(f"{path}/watch", learner.token).status == 404  # not published before approval
    approved = api.post(f"{path}/review/decision", reviewer.token, {"approve": True, "note": "Klaar"})
    assert approved.status == 200 and approved.json()["state"] == "published"
    assert api.get(f"{path}/watch", learner.token).status == 200

    assert api.post(f"{path}/archive", learner.token).status == 404  # not theirs to archive
    assert api.post(f"{path}/archive", author.token).json()["state"] == "archived"
    assert api.get(f"{path}/watch", learner.token).status == 404
    assert report(api, learner.token, video_id, [[0, 5]], 5).status == 404
    restored = api.post(f"{path}/restore", author.token)
    assert restored.json()["state"] == "draft"
    assert api.get(f"{path}/watch", learner.token).status == 200  # its release is back
