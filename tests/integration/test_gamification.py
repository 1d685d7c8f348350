"""Points, levels and streaks from what happened, exactly once: real API calls, then the table's own
stream records (as Lambda shapes them) handed to `on_table_change`, some of them twice."""

from __future__ import annotations

import json
from typing import Any

import pytest
from chalice.test import Client

from chalicelib.gamification import board_upkeep, ledger
from chalicelib.store import points as points_store
from local.emulator import LocalResources, client
from tests.integration.test_notifications import StreamTap, consume
from tests.support.stack import ApiClient, start_test_stack
from tests.support.world import OrgWorld, Person, _person, build_org

pytestmark = pytest.mark.usefixtures("direct_emulator")  # see tests/integration/conftest.py


@pytest.fixture(scope="module")
def world(resources: LocalResources) -> OrgWorld:
    start_test_stack()
    return build_org(resources, "points")


def my_points(api: ApiClient, person: Person) -> dict[str, Any]:
    reply = api.get("/v1/me/points", person.token)
    assert reply.status == 200, reply.body
    return dict(reply.json())


def my_ledger(api: ApiClient, person: Person) -> list[dict[str, Any]]:
    reply = api.get("/v1/me/points/ledger?limit=100", person.token)
    assert reply.status == 200, reply.body
    return list(reply.json()["items"])


def level_ups(api: ApiClient, person: Person) -> list[dict[str, Any]]:
    reply = api.get("/v1/me/notifications?limit=100", person.token)
    assert reply.status == 200, reply.body
    return [note for note in reply.json()["items"] if note["kind"] == "level_up"]


def test_point_rules_are_the_defaults_until_an_admin_changes_them(api: ApiClient, world: OrgWorld) -> None:
    assert api.get("/v1/admin/point-rules", world.learner.token).status == 403
    defaults = api.get("/v1/admin/point-rules", world.admin.token).json()
    assert defaults["customised"] is False
    assert defaults["rules"]["post_published"] == {"points": 10, "daily_cap": 50}
    bad = {"rules": {"hugging": {"points": 1, "daily_cap": 1}}}
    assert api.put("/v1/admin/point-rules", world.admin.token, bad).status in (400, 422)
    negative = {"rules": {"post_published": {"points": -1, "daily_cap": 1}}}
    assert api.put("/v1/admin/point-rules", world.admin.token, negative).status in (400, 422)


def test_points_levels_and_streaks_exactly_once(
    api: ApiClient, lambdas: Client, resources: LocalResources, world: OrgWorld
) -> None:
    org, admin = world.org_id, world.admin
    community = f"/v1/communities/{world.community_id}"
    writer, reader = _person(resources, org, "learner"), _person(resources, org, "learner")
    for person in (writer, reader):
        assert api.post(f"{community}/join", person.token).status in (200, 201)
    rules = {
        "rules": {
            "post_published": {"points": 20, "daily_cap": 100},
            "reaction_given": {"points": 1, "daily_cap": 2},
        }
    }
    changed = api.put("/v1/admin/point-rules", admin.token, rules)
    assert changed.status == 200, changed.body
    assert changed.json()["rules"]["reaction_given"] == {"points": 1, "daily_cap": 2}
    assert changed.json()["rules"]["comment_added"] == {"points": 5, "daily_cap": 25}  # a default
    tap = StreamTap(resources, org)

    # The writer publishes three posts and likes one of them (their own: nothing for that).
    post_ids = []
    for n in range(3):
        post = api.post(f"{community}/posts", writer.token, {"body": f"Tip {n}: pauzeer je scherm"})
        assert post.status == 201, post.body
        post_ids.append(post.json()["id"])
    assert (
        api.put(f"{community}/posts/{post_ids[0]}/reaction", writer.token, {"reaction": "like"}).status == 200
    )
    # The reader likes all three (the cap stops at 2 points) and comments once.
    for post_id in post_ids:
        liked = api.put(f"{community}/posts/{post_id}/reaction", reader.token, {"reaction": "like"})
        assert liked.status == 200
    comment = api.post(f"{community}/posts/{post_ids[1]}/comments", reader.token, {"body": "Goed idee!"})
    assert comment.status == 201

    records = tap.read()
    consume(lambdas, records[: len(records) // 2])  # a batch that got half way
    consume(lambdas, records)  # retried whole
    consume(lambdas, records)  # and redelivered once more

    # Writer: 3 posts x 20 + 3 reactions received x 2 = 66: level 2, notified once.
    mine = my_points(api, writer)
    assert mine["points"] == 66
    assert mine["level"] == {"number": 2, "name": "Ontdekker", "threshold": 50, "next_level_at": 150}
    assert mine["streak"]["current"] == 1 and mine["streak"]["longest"] == 1
    (note,) = level_ups(api, writer)
    assert note["text"] == "Je bent nu niveau 2: Ontdekker"
    ledger = my_ledger(api, writer)
    assert sorted(entry["action"] for entry in ledger) == ["post_published"] * 3 + ["reaction_received"] * 3
    assert all(entry["reason"] for entry in ledger)
    assert [entry["at"] for entry in ledger] == sorted((entry["at"] for entry in ledger), reverse=True)

    # Reader: 2 reaction points (capped, the third earns 0) + a comment's 5.
    assert my_points(api, reader)["points"] == 7
    given = [entry["points"] for entry in my_ledger(api, reader) if entry["action"] == "reaction_given"]
    assert sorted(given) == [0, 1, 1]
    assert level_ups(api, reader) == []

    # The writer deletes a post: its 20 points go (once), the level drops, no second level-up later.
    tap = StreamTap(resources, org)
    assert api.call("DELETE", f"{community}/posts/{post_ids[2]}", writer.token).status == 204
    comment_path = f"{community}/posts/{post_ids[1]}/comments/{comment.json()['id']}"
    assert api.call("DELETE", comment_path, reader.token).status == 204
    records = tap.read()
    consume(lambdas, records)
    consume(lambdas, records)
    mine = my_points(api, writer)
    assert mine["points"] == 46
    assert mine["level"]["number"] == 1
    withdrawn = [entry for entry in my_ledger(api, writer) if entry["action"] == "withdrawn"]
    assert [(entry["points"], entry["content_id"]) for entry in withdrawn] == [(-20, post_ids[2])]
    assert withdrawn[0]["source_id"].startswith("content-withdrawn#")  # the withdrawal's own event
    assert len(level_ups(api, writer)) == 1
    assert my_points(api, reader)["points"] == 2  # the comment's 5 went with it
    # Both still learned today: a withdrawal does not undo the streak.
    assert my_points(api, reader)["streak"]["current"] == 1


def test_a_member_without_activity_has_nothing_yet(api: ApiClient, world: OrgWorld) -> None:
    mine = my_points(api, world.manager)
    assert mine["points"] == 0
    assert mine["level"]["number"] == 1
    assert mine["streak"] == {"current": 0, "longest": 0, "last_active_day": None}
    assert my_ledger(api, world.manager) == []


def my_badges(api: ApiClient, person: Person) -> list[str]:
    reply = api.get("/v1/me/badges", person.token)
    assert reply.status == 200, reply.body
    return sorted(badge["id"] for badge in reply.json()["items"])


def test_first_post_and_helpful_are_earned_once_however_often_the_stream_is_delivered(
    api: ApiClient, lambdas: Client, resources: LocalResources, world: OrgWorld
) -> None:
    org, community = world.org_id, f"/v1/communities/{world.community_id}"
    author = _person(resources, org, "learner")
    fans = [_person(resources, org, "learner") for _ in range(5)]
    for person in (author, *fans):
        assert api.post(f"{community}/join", person.token).status in (200, 201)
    tap = StreamTap(resources, org)
    posts = [api.post(f"{community}/posts", author.token, {"body": f"Tip {n}"}).json()["id"] for n in "ab"]
    for post_id in posts:  # 2 posts x 5 fans: the 10 reactions "helpful" asks for
        for fan in fans:
            reply = api.put(f"{community}/posts/{post_id}/reaction", fan.token, {"reaction": "support"})
            assert reply.status == 200
    records = tap.read()
    consume(lambdas, records[: len(records) // 3])
    consume(lambdas, records)
    consume(lambdas, records)

    assert my_badges(api, author) == ["first-post", "helpful"]
    assert my_badges(api, fans[0]) == []
    awards = tap.read()  # the awards' own records: a notification and a wall announcement each
    consume(lambdas, awards)
    consume(lambdas, awards)
    notes = api.get("/v1/me/notifications?limit=100", author.token).json()["items"]
    assert sorted(note["id"] for note in notes if note["kind"] == "badge_awarded") == [
        "badge-first-post",
        "badge-helpful",
    ]
    wall = api.get(f"{community}/posts?limit=100", author.token).json()["items"]
    announced = sorted(post["system"]["badge_id"] for post in wall if post["system"])
    assert announced == ["first-post", "helpful"]
    points = my_points(api, author)["points"]
    # 2 posts x 20 (this organisation's rule, set above) + 10 reactions x 2: announcements earn nothing.
    assert points == 2 * 20 + 10 * 2


def test_an_award_the_daily_cap_makes_worth_nothing_leaves_the_leaderboards_alone(
    api: ApiClient, resources: LocalResources, world: OrgWorld
) -> None:
    capped = {"rules": {"reaction_given": {"points": 1, "daily_cap": 1}}}
    assert api.put("/v1/admin/point-rules", world.admin.token, capped).status == 200
    liker = _person(resources, world.org_id, "learner")
    at = "2026-12-02T10:00:00.000Z"

    assert ledger.award(world.org_id, liker.user_id, "reaction_given", "like-1", at)
    placed = points_store.get_totals(world.org_id, liker.user_id)
    assert placed is not None and placed.points == 1
    assert placed.gsi1pk is None  # no index key to churn on every award: boards follow the stream

    # The cap is reached: the award is recorded (and counted for badges), the score did not move,
    # so the change of the totals asks nothing of the boards.
    assert ledger.award(world.org_id, liker.user_id, "reaction_given", "like-2", at)
    after = points_store.get_totals(world.org_id, liker.user_id)
    assert after is not None and after.points == 1
    assert json.loads(after.counters or "{}")["reaction_given"] == 2
    images = [item.serialize() for item in (placed, after)]
    plain = [{name: value[next(iter(value))] for name, value in image.items()} for image in images]
    assert board_upkeep.changes_of("points_total", plain[0], plain[1]) == []


def test_a_ledger_entry_stores_its_key_once_and_entries_written_before_still_list(
    api: ApiClient, resources: LocalResources, world: OrgWorld
) -> None:
    member = _person(resources, world.org_id, "learner")
    assert ledger.award(world.org_id, member.user_id, "comment_added", "comment-1", "2026-12-01T09:00:00Z")
    stored = points_store.read_state(world.org_id, member.user_id, "comment_added#comment-1", None).entry
    assert stored is not None and stored.entry_key == "comment_added#comment-1"
    image = stored.serialize()
    assert "entry_key" not in image  # the sort key says it: not stored a second time, nor in GSI1
    assert "source_id" not in image and stored.source() == "comment-1"  # so does the award's event
    assert image["gsi1sk"] == {"S": "LEDGER#2026-12-01T09:00:00.000Z"}
    # Nor the member (the partition key), the moment (GSI1's sort key), or the points before the cap
    # when the cap took nothing.
    assert not {"user_id", "occurred_at", "requested_points"} & set(image)
    assert stored.requested() == 5 and stored.moment() == ledger.moment("2026-12-01T09:00:00Z")

    # An entry as it was written before: the entry key, member, moment and requested points stored,
    # GSI1's sort key ending with the entry key.
    older = points_store.new_entry(
        world.org_id,
        member.user_id,
        "post_published#post-0",
        "2026-11-30T09:00:00.000Z",
        action="post_published",
        points=10,
        source_id="post-0",
        day="2026-11-30",
        occurred_at=ledger.moment("2026-11-30T09:00:00Z"),
        requested_points=10,
    )
    older.gsi1sk = "LEDGER#2026-11-30T09:00:00.000Z#post_published#post-0"
    raw = older.serialize() | {"entry_key": {"S": "post_published#post-0"}, "user_id": {"S": member.user_id}}
    client("dynamodb", resources.endpoint_url).put_item(TableName=resources.table_name, Item=raw)

    listed = my_ledger(api, member)
    assert [(entry["action"], entry["source_id"], entry["at"]) for entry in listed] == [
        ("comment_added", "comment-1", "2026-12-01T09:00:00.000Z"),
        ("post_published", "post-0", "2026-11-30T09:00:00.000Z"),
    ]


def test_an_event_delivered_days_late_cannot_pass_its_days_cap(
    api: ApiClient, resources: LocalResources, world: OrgWorld
) -> None:
    capped = {"rules": {"comment_added": {"points": 5, "daily_cap": 10}}}
    assert api.put("/v1/admin/point-rules", world.admin.token, capped).status == 200
    talker = _person(resources, world.org_id, "learner")
    org = world.org_id
    # Tuesday the member comments three times: the cap stops at 10 points.
    for n in range(3):
        ledger.award(org, talker.user_id, "comment_added", f"tue-{n}", "2026-12-01T10:00:00.000Z")
    # Wednesday and Thursday they comment again: the totals now keep those two days' caps.
    ledger.award(org, talker.user_id, "comment_added", "wed-0", "2026-12-02T10:00:00.000Z")
    ledger.award(org, talker.user_id, "comment_added", "thu-0", "2026-12-03T10:00:00.000Z")
    before = points_store.get_totals(org, talker.user_id)
    assert before is not None and before.points == 20

    # A comment of Tuesday whose record comes only now (a dead letter replayed days later): what
    # Tuesday earned is no longer known, so it earns nothing rather than pass Tuesday's cap.
    assert ledger.award(org, talker.user_id, "comment_added", "tue-late", "2026-12-01T11:00:00.000Z")
    after = points_store.get_totals(org, talker.user_id)
    assert after is not None and after.points == 20
    assert (after.earned_day, after.prev_earned_day) == ("2026-12-03", "2026-12-02")
    late = next(entry for entry in my_ledger(api, talker) if entry["source_id"] == "tue-late")
    assert late["points"] == 0
    # Yesterday's record still meets yesterday's cap (5 of 10 earned): it earns its 5.
    assert ledger.award(org, talker.user_id, "comment_added", "wed-late", "2026-12-02T18:00:00.000Z")
    assert points_store.get_totals(org, talker.user_id).points == 25  # type: ignore[union-attr]
