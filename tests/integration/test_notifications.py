"""Following and notifications, driven end to end: real API calls, then the table's own stream
records (read from the emulator, shaped as Lambda sends them) handed to `on_table_change`."""

from __future__ import annotations

import json
from typing import Any

import pytest
from chalice.test import Client

from chalicelib.ids import iso, utc_now
from chalicelib.notifications import texts
from chalicelib.store import keys
from chalicelib.store.models import KringItem
from local import emulator
from local.emulator import LocalResources
from local.recorder import RECORDER
from local.stream_poller import lambda_record
from tests.support.events import EVENTS
from tests.support.stack import ApiClient, start_test_stack
from tests.support.world import OrgWorld, Person, _person, build_org

pytestmark = pytest.mark.usefixtures("direct_emulator")  # see tests/integration/conftest.py


class StreamTap:
    """The table's stream records written after it was opened, for one organisation, as Lambda shapes them."""

    def __init__(self, resources: LocalResources, org_id: str) -> None:
        self._streams = emulator.client("dynamodbstreams", resources.endpoint_url)
        self._arn = resources.table_stream_arn
        self._org = org_id
        shards = self._streams.describe_stream(StreamArn=self._arn)["StreamDescription"]["Shards"]
        self._iterators = {
            shard["ShardId"]: self._streams.get_shard_iterator(
                StreamArn=self._arn, ShardId=shard["ShardId"], ShardIteratorType="LATEST"
            )["ShardIterator"]
            for shard in shards
        }

    def _mine(self, record: dict[str, Any]) -> bool:
        image = record["dynamodb"].get("NewImage") or record["dynamodb"].get("OldImage") or {}
        return bool(image.get("org_id", {}).get("S") == self._org)

    def read(self) -> list[dict[str, Any]]:
        records: list[dict[str, Any]] = []
        for shard_id, iterator in self._iterators.items():
            while True:
                response = self._streams.get_records(ShardIterator=iterator, Limit=1000)
                iterator = response["NextShardIterator"]
                raw = response.get("Records", [])
                if not raw:
                    break
                records += [lambda_record(r, self._arn, "NEW_AND_OLD_IMAGES") for r in raw]
            self._iterators[shard_id] = iterator
        return [record for record in records if self._mine(record)]


@pytest.fixture(scope="module")
def world(resources: LocalResources) -> OrgWorld:
    start_test_stack()
    return build_org(resources, "notes")


@pytest.fixture(scope="module")
def colleague(resources: LocalResources, world: OrgWorld) -> Person:
    return _person(resources, world.org_id, "learner")


def consume(lambdas: Client, records: list[dict[str, Any]]) -> None:
    for start in range(0, len(records), 100):
        with RECORDER.recording("on_table_change"):
            result = lambdas.lambda_.invoke(
                "on_table_change", {"Records": records[start : start + 100]}
            ).payload
        assert result == {"batchItemFailures": []}


def inbox(api: ApiClient, person: Person, since: str = "") -> list[dict[str, Any]]:
    """`person`'s notifications, newest first; with `since`, only those that changed after that moment."""
    reply = api.get("/v1/me/notifications?limit=100", person.token)
    assert reply.status == 200, reply.body
    items: list[dict[str, Any]] = reply.json()["items"]
    return [item for item in items if item["updated_at"] > since]


def start(api: ApiClient, *people: Person) -> str:
    """Read everyone's inbox empty; returns the moment after which new notifications count."""
    for person in people:
        assert api.post("/v1/me/notifications/read-all", person.token).json() == {"unread": 0}
    return iso(utc_now())


def unread(api: ApiClient, person: Person) -> int:
    reply = api.get("/v1/me/notifications/unread-count", person.token)
    assert reply.status == 200, reply.body
    return int(reply.json()["unread"])


def stored_inbox(org_id: str, person: Person) -> list[dict[str, Any]]:
    items = KringItem.query(keys.inbox_pk(org_id, person.user_id), consistent_read=True)
    stored = [
        {name: sorted(value["SS"]) if "SS" in value else value for name, value in item.serialize().items()}
        for item in items
    ]
    return sorted(stored, key=lambda item: str(item["sk"]))


def mention(person: Person, name: str) -> str:
    return f"@[{name}](user:{person.user_id})"


def test_a_learners_day(
    api: ApiClient, lambdas: Client, resources: LocalResources, world: OrgWorld, colleague: Person
) -> None:
    org, learner, manager, admin = world.org_id, world.learner, world.manager, world.admin
    community = f"/v1/communities/{world.community_id}"
    assert api.patch("/v1/me", learner.token, {"language": "fr"}).status == 200
    for person in (admin, colleague):
        assert api.post(f"{community}/join", person.token).status in (200, 201)
    since = start(api, learner, manager, admin, colleague)
    tap = StreamTap(resources, org)

    # The manager (Dutch) posts and mentions the learner (French).
    body = {"body": f"Welkom {mention(learner, 'Lea')}! Wie deelt een tip over videobellen?"}
    post = api.post(f"{community}/posts", manager.token, body)
    assert post.status == 201, post.body
    post_path = f"{community}/posts/{post.json()['id']}"
    # The learner comments: the manager hears of it, the learner follows the post from now on.
    assert (
        api.post(f"{post_path}/comments", learner.token, {"body": "Merci, je partage demain !"}).status == 201
    )
    # Three colleagues react, the author too (their own action): one digest counting three.
    for person in (learner, admin, colleague, manager):
        assert api.put(f"{post_path}/reaction", person.token, {"reaction": "like"}).status == 200
    # The manager answers on their own post: the learner (a follower now) hears of it, the manager not.
    assert api.post(f"{post_path}/comments", manager.token, {"body": "Top, tot morgen!"}).status == 201

    records = tap.read()
    assert records, "the stream carried nothing"
    consume(lambdas, records)

    learner_notes = inbox(api, learner, since)
    assert [n["kind"] for n in learner_notes] == ["comment_on_followed_post", "mention"]
    mentioned = learner_notes[1]
    assert mentioned["text"] == f"{mentioned['actor']['display_name']} vous a mentionné dans une publication"
    assert mentioned["actor"]["id"] == manager.user_id and mentioned["unread"] is True
    assert (mentioned["community_id"], mentioned["post_id"]) == (world.community_id, post.json()["id"])
    assert "a commenté une publication que vous suivez" in learner_notes[0]["text"]

    manager_notes = inbox(api, manager, since)
    kinds = sorted(n["kind"] for n in manager_notes)
    assert kinds == ["comment_on_your_post", "reaction_digest"]
    digest = next(n for n in manager_notes if n["kind"] == "reaction_digest")
    assert digest["actor_count"] == 3
    assert digest["text"].endswith("en 2 anderen hebben gereageerd op je bericht")
    assert (unread(api, learner), unread(api, manager)) == (2, 2)

    # The app's badge rides on calls it makes anyway: asked for, the count comes back with the
    # answer, the caller's own and no one else's; not asked for, failed or public, it does not.
    asking = {"Kring-Want-Unread-Count": "1"}
    assert api.get("/v1/feed?limit=1", learner.token, headers=asking).header("Kring-Unread-Count") == "2"
    assert api.get("/v1/me", admin.token, headers=asking).header("Kring-Unread-Count") == "0"
    assert api.get("/v1/feed?limit=1", learner.token).header("Kring-Unread-Count") is None
    assert api.get("/v1/health", headers=asking).header("Kring-Unread-Count") is None
    missing = api.get("/v1/communities/nope-nope", learner.token, headers=asking)
    assert missing.status == 404 and missing.header("Kring-Unread-Count") is None

    # The app opens with one request: my profile, my communities (as their own route lists them)
    # and my unread count; each person's own.
    opened = api.get("/v1/me/start", learner.token).json()
    assert opened["profile"]["id"] == learner.user_id and opened["unread"] == 2
    mine = api.get("/v1/me/communities?limit=100", learner.token).json()
    assert opened["communities"]["items"] == mine["items"] and opened["communities"]["next_cursor"] is None
    assert api.get("/v1/me/start", admin.token).json()["unread"] == 0

    first = api.get("/v1/me/notifications?limit=1", learner.token).json()
    assert first["items"][0]["id"] == learner_notes[0]["id"] and first["next_cursor"]
    second = api.get(f"/v1/me/notifications?limit=1&cursor={first['next_cursor']}", learner.token).json()
    assert second["items"][0]["id"] == mentioned["id"]
    foreign = api.get(f"/v1/me/notifications?limit=1&cursor={first['next_cursor']}", manager.token)
    assert foreign.status == 400  # another member's cursor

    # Redelivery and replay of the same records change nothing.
    before = (stored_inbox(org, learner), stored_inbox(org, manager))
    consume(lambdas, records)
    consume(lambdas, list(reversed(records)))
    assert (stored_inbox(org, learner), stored_inbox(org, manager)) == before

    # Reading: the counter drops once per notification, never below zero.
    read = f"/v1/me/notifications/{mentioned['id']}/read"
    assert api.post(read, learner.token).status == 204
    assert unread(api, learner) == 1
    assert api.post(read, learner.token, headers=asking).header("Kring-Unread-Count") == "1"
    assert unread(api, learner) == 1
    assert api.post("/v1/me/notifications/nope-nope/read", learner.token).status == 404
    assert api.post(read, manager.token).status == 404  # someone else's inbox
    assert api.post("/v1/me/notifications/read-all", learner.token).json() == {"unread": 0}
    assert api.post("/v1/me/notifications/read-all", learner.token).json() == {"unread": 0}
    assert all(not n["unread"] for n in inbox(api, learner, since))

    # Later that day: a reaction again from someone counted already changes nothing; a new person's
    # reaction counts, and makes the read digest unread again.
    assert api.post("/v1/me/notifications/read-all", manager.token).json() == {"unread": 0}
    newcomer = _person(resources, org, "learner")
    assert api.post(f"{community}/join", newcomer.token).status in (200, 201)
    tap = StreamTap(resources, org)
    assert api.call("DELETE", f"{post_path}/reaction", colleague.token).status == 204
    assert api.put(f"{post_path}/reaction", colleague.token, {"reaction": "support"}).status == 200
    assert api.put(f"{post_path}/reaction", newcomer.token, {"reaction": "celebrate"}).status == 200
    consume(lambdas, tap.read())
    digests = [n for n in inbox(api, manager, since) if n["kind"] == "reaction_digest"]
    assert len(digests) == 1 and digests[0]["actor_count"] == 4 and digests[0]["unread"] is True
    assert digests[0]["actor"]["id"] == newcomer.user_id
    assert inbox(api, manager)[0]["id"] == digests[0]["id"]  # grown: newest again
    assert unread(api, manager) == 1
    assert inbox(api, admin, since) == []


def test_follow_reply_spotlight_and_approval(
    api: ApiClient, lambdas: Client, resources: LocalResources, world: OrgWorld, colleague: Person
) -> None:
    org, learner, manager, admin = world.org_id, world.learner, world.manager, world.admin
    community = f"/v1/communities/{world.community_id}"
    api.post(f"{community}/join", admin.token)
    api.post(f"{community}/join", colleague.token)
    assert api.patch("/v1/me", learner.token, {"language": "fr"}).status == 200
    since = start(api, learner, manager, admin, colleague)
    tap = StreamTap(resources, org)
    post = api.post(f"{community}/posts", learner.token, {"body": "Mijn tip: deel alleen één venster."})
    post_path = f"{community}/posts/{post.json()['id']}"
    assert api.put(f"{post_path}/follow", admin.token).status == 204
    assert api.put(f"{post_path}/follow", admin.token).status == 204  # twice: no change
    comment = api.post(f"{post_path}/comments", colleague.token, {"body": "Handig, dank je!"}).json()
    reply_path = f"{post_path}/comments/{comment['id']}/replies"
    assert api.post(reply_path, manager.token, {"body": "Inderdaad!"}).status == 201
    consume(lambdas, tap.read())

    assert [n["kind"] for n in inbox(api, colleague, since)] == ["reply_to_your_comment"]
    admin_kinds = sorted(n["kind"] for n in inbox(api, admin, since))
    assert admin_kinds == ["comment_on_followed_post", "comment_on_followed_post"]
    learner_kinds = [n["kind"] for n in inbox(api, learner, since)]
    assert learner_kinds.count("comment_on_your_post") == 2

    tap = StreamTap(resources, org)
    assert api.call("DELETE", f"{post_path}/follow", admin.token).status == 204
    assert api.post(f"{post_path}/comments", colleague.token, {"body": "Nog een vraag"}).status == 201
    assert api.put(f"{post_path}/spotlight", manager.token, {"reason": "Heel duidelijk"}).status == 200
    spotlight = {"user_id": learner.user_id, "reason": "Helpt iedereen"}
    assert api.put(f"{community}/spotlight", manager.token, spotlight).status == 200
    closed = api.post(
        "/v1/communities",
        manager.token,
        {"name": "Mentors", "goal": "Help each other", "visibility": "invite_only"},
    ).json()
    assert api.post(f"/v1/communities/{closed['id']}/join", learner.token).status == 200
    approve = f"/v1/communities/{closed['id']}/members/{learner.user_id}/approve"
    assert api.post(approve, manager.token).status == 200
    consume(lambdas, tap.read())

    assert len(inbox(api, admin, since)) == 2  # unfollowed: nothing new
    assert [n["kind"] for n in inbox(api, manager, since)][:1] == [
        "comment_on_followed_post"
    ]  # replied: follows
    notes = {n["kind"]: n for n in inbox(api, learner, since)}
    assert notes["post_spotlighted"]["text"].startswith("Votre publication est mise en avant dans ")
    assert notes["member_spotlighted"]["text"].startswith("Vous êtes mis en avant dans ")
    assert notes["join_approved"]["text"] == "Vous êtes maintenant membre de Mentors"
    assert notes["join_approved"]["community_id"] == closed["id"]


def test_every_kind_has_texts_in_every_language() -> None:
    for kind in texts.KINDS:
        for key in texts.message_keys(kind):
            assert set(texts.TEXTS[key]) == set(texts.LANGUAGES), key


def from_sample(name: str, world: OrgWorld, **ids: str) -> dict[str, Any]:
    """A sample stream event of events/, aimed at this world's organisation and people."""
    text = (EVENTS / name).read_text()
    replacements = {
        "ORG#demo#": f"ORG#{world.org_id}#",
        '"demo"': f'"{world.org_id}"',
        "01JDEMOCOMMUNITY000000000": world.community_id,
        "01JDEMOPOST00000000000000": world.post_id,
        "00000000-0000-4000-8000-000000000001": world.learner.user_id,
        "00000000-0000-4000-8000-000000000002": world.manager.user_id,
        "00000000-0000-4000-8000-000000000003": world.admin.user_id,
        **ids,
    }
    for placeholder, value in replacements.items():
        text = text.replace(placeholder, value)
    event: dict[str, Any] = json.loads(text)
    return event


def test_the_sample_events_notify_once(api: ApiClient, lambdas: Client, world: OrgWorld) -> None:
    since = start(api, world.learner, world.admin)
    comment_id = "01JSAMPLECOMMENT0000000000"
    events = [
        from_sample("dynamodb_reaction_given.json", world),
        from_sample("dynamodb_comment_added.json", world, **{"01JDEMOCOMMENT000000000000": comment_id}),
        from_sample("dynamodb_join_approved.json", world),
    ]
    for event in events + events:  # delivered twice
        consume(lambdas, event["Records"])
    digests = [n for n in inbox(api, world.learner, since) if n["kind"] == "reaction_digest"]
    assert [(n["post_id"], n["actor_count"]) for n in digests] == [(world.post_id, 1)]
    admin_notes = {n["kind"]: n for n in inbox(api, world.admin, since)}
    assert admin_notes["mention"]["comment_id"] == comment_id
    assert admin_notes["mention"]["text"] == "Marc Dubois mentioned you in a comment"
    assert admin_notes["join_approved"]["community_id"] == world.community_id
    assert unread(api, world.admin) == 2


def test_people_who_lost_access_to_a_community_hear_nothing_more_of_its_threads(
    api: ApiClient, lambdas: Client, resources: LocalResources, world: OrgWorld
) -> None:
    org, manager = world.org_id, world.manager
    closed = api.post(
        "/v1/communities",
        manager.token,
        {"name": "Confidential intervision", "goal": "Speak freely", "visibility": "invite_only"},
    )
    assert closed.status == 201, closed.body
    community = f"/v1/communities/{closed.json()['id']}"
    stays, leaves, removed, deactivated, mentioned = (_person(resources, org, "learner") for _ in range(5))
    everyone = (stays, leaves, removed, deactivated, mentioned)
    for person in everyone:
        invited = api.post(f"{community}/invitations", manager.token, {"user_id": person.user_id})
        assert invited.status == 200, invited.body
        assert api.post(f"{community}/join", person.token).status == 200  # accepts the invitation
    post = api.post(f"{community}/posts", manager.token, {"body": "How do you handle a difficult client?"})
    post_path = f"{community}/posts/{post.json()['id']}"
    tap = StreamTap(resources, org)
    comments = {}
    for person in (stays, leaves, removed, deactivated):  # each follows the thread by commenting
        made = api.post(f"{post_path}/comments", person.token, {"body": "I listen first."})
        assert made.status == 201, made.body
        comments[person.user_id] = made.json()["id"]
    consume(lambdas, tap.read())

    # They lose access: one leaves, one is removed, one is deactivated. The mention is written
    # while the last is still a member, and reaches the consumer after they left.
    tap = StreamTap(resources, org)
    mention_body = {"body": f"{mention(mentioned, 'Mo')}, what do you think?"}
    assert api.post(f"{post_path}/comments", manager.token, mention_body).status == 201
    assert api.post(f"{community}/leave", mentioned.token).status in (200, 204)
    since = start(api, *everyone)
    assert api.post(f"{community}/leave", leaves.token).status in (200, 204)
    removal = {
        "action": "remove_member",
        "target_kind": "member",
        "target_id": removed.user_id,
        "reason": "x",
    }
    assert api.post(f"{community}/moderation/actions", manager.token, removal).status == 200
    assert api.post(f"/v1/admin/users/{deactivated.user_id}/deactivate", world.admin.token).status == 200
    # New replies in the thread, one to each of their comments.
    for person in (stays, leaves, removed, deactivated):
        reply = api.post(
            f"{post_path}/comments/{comments[person.user_id]}/replies", manager.token, {"body": "Thanks!"}
        )
        assert reply.status == 201, reply.body
    consume(lambdas, tap.read())

    kinds = [n["kind"] for n in inbox(api, stays, since)]  # the mention's comment and the 4 replies
    assert sorted(kinds) == ["comment_on_followed_post"] * 4 + ["reply_to_your_comment"]
    for person in (leaves, removed, mentioned):
        assert inbox(api, person, since) == [], person
    assert [n for n in stored_inbox(org, deactivated) if n.get("updated_at", {}).get("S", "") > since] == []


def test_the_fan_out_and_the_wall_agree_on_who_moderates_every_community() -> None:
    from chalicelib.communities import access, audience

    # The fan-out (no token code in the stream consumer) names the roles the wall's rule holds.
    assert {role.value for role in access.ORG_MODERATORS} == audience.ORG_MODERATOR_ROLES
