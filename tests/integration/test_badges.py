"""Badges end to end: the catalogue, admins' badges and edits, manual and event awards, each once, with
their notification and wall announcement. Real API calls, then the table's own stream records (as
Lambda shapes them) handed to `on_table_change`, some of them twice."""

from __future__ import annotations

from typing import Any

import pytest
from chalice.test import Client

from chalicelib.gamification import badge_awards
from chalicelib.reactors.events import BadgeAwarded, domain_events
from chalicelib.store import badges as badge_store
from chalicelib.store import keys
from chalicelib.store import points as points_store
from chalicelib.store.models import FollowerItem, KringItem
from local.emulator import LocalResources
from tests.integration.test_notifications import StreamTap, consume
from tests.support.events import sample
from tests.support.media import PNG_BYTES, object_created, post_form
from tests.support.stack import ApiClient, start_test_stack
from tests.support.world import OrgWorld, Person, _person, build_org

pytestmark = pytest.mark.usefixtures("direct_emulator")  # see tests/integration/conftest.py


REASON = "Welcomed every newcomer this month"


@pytest.fixture(scope="module")
def world(resources: LocalResources) -> OrgWorld:
    start_test_stack()
    return build_org(resources, "badges")


def community_path(world: OrgWorld) -> str:
    return f"/v1/communities/{world.community_id}"


def award_path(world: OrgWorld, badge_id: str) -> str:
    return f"{community_path(world)}/badges/{badge_id}/awards"


def badges_of(api: ApiClient, person: Person) -> dict[str, dict[str, Any]]:
    reply = api.get("/v1/badges", person.token)
    assert reply.status == 200, reply.body
    return {badge["id"]: badge for badge in reply.json()["items"]}


def my_badges(api: ApiClient, person: Person) -> list[dict[str, Any]]:
    reply = api.get("/v1/me/badges", person.token)
    assert reply.status == 200, reply.body
    return list(reply.json()["items"])


def badge_notes(api: ApiClient, person: Person) -> list[dict[str, Any]]:
    reply = api.get("/v1/me/notifications?limit=100", person.token)
    assert reply.status == 200, reply.body
    return [note for note in reply.json()["items"] if note["kind"] == "badge_awarded"]


def announcements(api: ApiClient, world: OrgWorld, person: Person) -> list[dict[str, Any]]:
    reply = api.get(f"{community_path(world)}/posts?limit=100", world.manager.token)
    assert reply.status == 200, reply.body
    return [
        post
        for post in reply.json()["items"]
        if post.get("system") and post["system"]["user_id"] == person.user_id
    ]


def post_count(api: ApiClient, world: OrgWorld) -> int:
    return int(api.get(community_path(world), world.manager.token).json()["post_count"])


def points(api: ApiClient, person: Person) -> int:
    return int(api.get("/v1/me/points", person.token).json()["points"])


def member(resources: LocalResources, api: ApiClient, world: OrgWorld) -> Person:
    person = _person(resources, world.org_id, "learner")
    assert api.post(f"{community_path(world)}/join", person.token).status in (200, 201)
    return person


def uploaded_image(api: ApiClient, lambdas: Client, person: Person) -> str:
    upload = {"content_type": "image/png", "size_bytes": len(PNG_BYTES), "file_name": "badge.png"}
    form = api.post("/v1/media/uploads", person.token, upload).json()
    assert post_form(form["url"], form["fields"], PNG_BYTES) in (200, 201, 204)
    lambdas.lambda_.invoke("on_media_uploaded", object_created(form["fields"]["key"]))
    return str(form["media_id"])


def badge_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "names": {"nl": "Vraagsteller", "fr": "Curieux", "en": "Curious mind"},
        "descriptions": {
            "nl": "Je stelde 3 vragen",
            "fr": "Vous avez posé 3 questions",
            "en": "You asked 3 questions",
        },
        "rule": {"type": "counter", "counter": "post_published", "threshold": 3},
    }
    return {**body, **changes}


def test_the_catalogue_is_the_defaults_and_the_organisations_own(api: ApiClient, world: OrgWorld) -> None:
    catalogue = badges_of(api, world.learner)
    defaults = [
        "first-post",
        "helpful",
        "mentor",
        "streak-7",
        "streak-30",
        "quiz-participant",
        "quiz-champion",
        "role-model",
        "community-hero",
    ]
    assert list(catalogue)[: len(defaults)] == defaults
    assert world.badge_id in catalogue  # build_org added a manual badge of its own
    assert catalogue["first-post"]["name"] == "Eerste bericht"  # the learner reads Dutch
    assert catalogue["helpful"]["rule"] == {
        "type": "counter",
        "counter": "reaction_received",
        "threshold": 10,
    }
    assert catalogue["quiz-champion"]["rule"] == {
        "type": "event_rank",
        "event_kind": "seasonal_quiz",
        "max_rank": 1,
    }
    assert not any(badge["held"] for badge in catalogue.values())
    assert my_badges(api, world.learner) == []
    assert api.get("/v1/admin/badges", world.learner.token).status == 403
    admin_view = api.get("/v1/admin/badges", world.admin.token).json()["items"]
    hero = next(badge for badge in admin_view if badge["id"] == "community-hero")
    assert hero["names"] == {"nl": "Communityheld", "fr": "Héros de la communauté", "en": "Community hero"}
    assert hero["default"] is True and hero["enabled"] is True


def test_an_admin_adds_a_badge_with_an_image_and_edits_a_default(
    api: ApiClient, lambdas: Client, world: OrgWorld
) -> None:
    admin = world.admin
    image = uploaded_image(api, lambdas, admin)
    created = api.post("/v1/admin/badges", admin.token, badge_body(id="curious-mind", image_media_id=image))
    assert created.status == 201, created.body
    assert created.header("location") == "/v1/admin/badges/curious-mind"
    assert created.json()["image_media_id"] == image and created.json()["image_url"]
    assert created.json()["default"] is False
    assert api.post("/v1/admin/badges", admin.token, badge_body(id="curious-mind")).status == 409
    assert api.post("/v1/admin/badges", admin.token, badge_body(id="first-post")).status == 409
    assert api.post("/v1/admin/badges", admin.token, badge_body(id="x")).status == 422  # id too short

    # Names in nl, fr and en; a counter the ledger knows; a ready image of the organisation.
    no_french = badge_body(id="half-named", names={"nl": "Half", "en": "Half"})
    assert api.post("/v1/admin/badges", admin.token, no_french).status == 422
    hugging = badge_body(id="hugger", rule={"type": "counter", "counter": "hugging", "threshold": 1})
    assert api.post("/v1/admin/badges", admin.token, hugging).status == 422
    no_image = badge_body(id="imageless", image_media_id="01JDEMOMEDIA0000000000000")
    refused = api.post("/v1/admin/badges", admin.token, no_image)
    assert refused.status == 422 and refused.json()["errors"][0]["field"] == "image_media_id"
    accepted = badge_body(
        id="answerer", rule={"type": "counter", "counter": "answer_accepted", "threshold": 1}
    )
    assert api.post("/v1/admin/badges", admin.token, accepted).status == 201
    assert api.post("/v1/admin/badges", world.learner.token, badge_body(id="mine")).status == 403

    # A default badge, edited: new names and a higher threshold.
    helpful = badge_body(
        names={"nl": "Superbehulpzaam", "fr": "Très serviable", "en": "Very helpful"},
        rule={"type": "counter", "counter": "reaction_received", "threshold": 25},
    )
    edited = api.put("/v1/admin/badges/helpful", admin.token, helpful)
    assert edited.status == 200, edited.body
    assert edited.json()["default"] is True and edited.json()["rule"]["threshold"] == 25
    assert api.put("/v1/admin/badges/no-such-badge", admin.token, helpful).status == 404
    disabled = api.put("/v1/admin/badges/streak-30", admin.token, {**badge_body(), "enabled": False})
    assert disabled.status == 200

    catalogue = badges_of(api, world.learner)
    assert catalogue["helpful"]["name"] == "Superbehulpzaam"
    assert catalogue["curious-mind"]["image_url"]
    assert "streak-30" not in catalogue  # disabled: not shown, and not earned
    admin_view = {b["id"]: b for b in api.get("/v1/admin/badges", admin.token).json()["items"]}
    assert admin_view["streak-30"]["enabled"] is False
    assert list(admin_view).index("helpful") == 1  # an edited default keeps its place


def test_a_moderator_awards_a_badge_by_hand_once_announced_and_notified_once(
    api: ApiClient, lambdas: Client, resources: LocalResources, world: OrgWorld
) -> None:
    learner, manager = world.learner, world.manager
    outsider = _person(resources, world.org_id, "learner")  # not in the community
    tap = StreamTap(resources, world.org_id)
    count_before, points_before = post_count(api, world), points(api, learner)
    body = {"user_id": learner.user_id, "reason": REASON}

    awarded = api.post(award_path(world, "community-hero"), manager.token, body)
    assert awarded.status == 201, awarded.body
    assert awarded.json()["awarded_by"] == manager.user_id and awarded.json()["reason"] == REASON
    assert api.post(award_path(world, "community-hero"), manager.token, body).status == 409
    # Only moderators, only manual badges, a reason, and a member of the community.
    assert api.post(award_path(world, "community-hero"), learner.token, body).status == 403
    assert api.post(award_path(world, "first-post"), manager.token, body).status == 422
    assert api.post(award_path(world, "no-such-badge"), manager.token, body).status == 404
    assert (
        api.post(award_path(world, world.badge_id), manager.token, {"user_id": learner.user_id}).status == 422
    )
    not_a_member = {"user_id": outsider.user_id, "reason": REASON}
    assert api.post(award_path(world, world.badge_id), manager.token, not_a_member).status == 404

    records = tap.read()
    assert [type(e) for r in records for e in domain_events(r)].count(BadgeAwarded) == 1
    tap = StreamTap(resources, world.org_id)
    consume(lambdas, records)
    consume(lambdas, records)  # redelivered

    (note,) = badge_notes(api, learner)
    assert note["text"] == "Je kreeg de badge “Communityheld”"
    assert note["badge_id"] == "community-hero" and note["actor"]["id"] == manager.user_id
    (post,) = announcements(api, world, learner)
    assert post["author"] == {"id": "kring", "display_name": "Kring"}
    assert post["system"]["kind"] == "badge_awarded" and post["system"]["badge_id"] == "community-hero"
    learner_name = api.get("/v1/me", learner.token).json()["display_name"]
    assert post["system"]["texts"] == {
        "nl": f"{learner_name} kreeg de badge “Communityheld”: {REASON}",
        "fr": f"{learner_name} a reçu le badge « Héros de la communauté » : {REASON}",
        "en": f"{learner_name} earned the badge “Community hero”: {REASON}",
    }
    assert post["body"] == post["system"]["texts"]["en"]  # the organisation's language
    assert post_count(api, world) == count_before + 1
    (mine,) = my_badges(api, learner)
    assert (mine["id"], mine["name"], mine["reason"]) == ("community-hero", "Communityheld", REASON)
    assert badges_of(api, learner)["community-hero"]["held"] is True
    totals = points_store.get_totals(world.org_id, learner.user_id)
    assert totals is not None and "community-hero" in (totals.badges or set())

    # The announcement itself earns nobody anything: not its "author", not who reacts to it.
    fan = member(resources, api, world)
    fan_points = points(api, fan)
    announcement = f"{community_path(world)}/posts/{post['id']}"
    assert api.put(f"{announcement}/reaction", fan.token, {"reaction": "celebrate"}).status == 200
    records = tap.read()
    consume(lambdas, records)
    consume(lambdas, records)
    assert len(announcements(api, world, learner)) == 1
    assert len(badge_notes(api, learner)) == 1
    assert points(api, fan) == fan_points
    assert points(api, learner) == points_before
    followers = list(FollowerItem.query(keys.thread_pk(world.org_id, post["id"]), consistent_read=True))
    assert followers == []
    assert KringItem.count(keys.points_pk(world.org_id, "kring")) == 0


def test_an_opted_out_member_is_notified_but_not_announced(
    api: ApiClient, lambdas: Client, resources: LocalResources, world: OrgWorld
) -> None:
    quiet = member(resources, api, world)
    assert api.get("/v1/me", quiet.token).json()["announce_badges"] is True
    changed = api.patch("/v1/me", quiet.token, {"announce_badges": False})
    assert changed.status == 200 and changed.json()["announce_badges"] is False
    tap = StreamTap(resources, world.org_id)
    count_before = post_count(api, world)
    body = {"user_id": quiet.user_id, "reason": "Answered every question on the wall"}
    assert api.post(award_path(world, world.badge_id), world.manager.token, body).status == 201
    records = tap.read()
    consume(lambdas, records)
    consume(lambdas, records)
    (note,) = badge_notes(api, quiet)
    assert note["text"] == f"Je kreeg de badge “Hero of {world.org_id}”"
    assert announcements(api, world, quiet) == []
    assert post_count(api, world) == count_before


def test_event_badges_are_awarded_once(
    api: ApiClient, lambdas: Client, resources: LocalResources, world: OrgWorld
) -> None:
    winner, runner_up = member(resources, api, world), member(resources, api, world)
    ranks = [(winner.user_id, 1), (runner_up.user_id, 2), ("no-such-member", 3)]
    tap = StreamTap(resources, world.org_id)
    first = badge_awards.award_event_badges(
        world.org_id, "seasonal_quiz", "winter-2026", world.community_id, ranks
    )
    assert sorted((a.user_id, a.badge_id) for a in first) == sorted(
        [
            (winner.user_id, "quiz-participant"),
            (winner.user_id, "quiz-champion"),
            (runner_up.user_id, "quiz-participant"),
        ]
    )
    again = badge_awards.award_event_badges(
        world.org_id, "seasonal_quiz", "winter-2026", world.community_id, ranks
    )
    assert again == []  # a retried job awards nothing twice
    assert badge_awards.award_event_badges(world.org_id, "hackathon", "h1", None, ranks) == []
    records = tap.read()
    consume(lambdas, records)
    consume(lambdas, records)
    assert sorted(b["id"] for b in my_badges(api, winner)) == ["quiz-champion", "quiz-participant"]
    assert [b["id"] for b in my_badges(api, runner_up)] == ["quiz-participant"]
    assert first[0].source_id == "seasonal_quiz#winter-2026"
    assert len(badge_notes(api, winner)) == 2
    assert len(announcements(api, world, winner)) == 2
    totals = points_store.get_totals(world.org_id, winner.user_id)
    assert totals is not None and totals.badges == {"quiz-champion", "quiz-participant"}


def test_the_sample_stream_record_is_a_badge_award() -> None:
    (event,) = domain_events(sample("dynamodb_badge_awarded.json")["Records"][0])
    assert event == BadgeAwarded(
        "demo",
        "00000000-0000-4000-8000-000000000001",
        "community-hero",
        "01JDEMOCOMMUNITY000000000",
        "2026-11-23T09:15:00.000000+0000",
        "00000000-0000-4000-8000-000000000002",
        REASON,
    )


def test_a_moderator_cannot_award_themselves_a_badge(
    api: ApiClient, resources: LocalResources, world: OrgWorld
) -> None:
    moderator = _person(resources, world.org_id, "learner")
    assert api.post(f"{community_path(world)}/join", moderator.token).status in (200, 201)
    promoted = api.put(
        f"{community_path(world)}/members/{moderator.user_id}/role",
        world.manager.token,
        {"role": "moderator"},
    )
    assert promoted.status == 200, promoted.body
    to_self = {"user_id": moderator.user_id, "reason": "I welcomed everyone"}
    refused = api.post(award_path(world, world.badge_id), moderator.token, to_self)
    assert refused.status == 403, refused.body
    # Nor the community manager, who moderates every community.
    manager_self = {"user_id": world.manager.user_id, "reason": "Me again"}
    assert api.post(award_path(world, world.badge_id), world.manager.token, manager_self).status == 403
    assert (
        my_badges(api, moderator) == [] and badge_store.list_awards(world.org_id, world.manager.user_id) == []
    )
    # Someone else's work is theirs to recognise.
    other = {"user_id": moderator.user_id, "reason": REASON}
    assert api.post(award_path(world, world.badge_id), world.manager.token, other).status == 201
