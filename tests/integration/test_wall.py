"""The wall as a community member experiences it: posting, reacting, commenting, sharing."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from local.emulator import LocalResources
from tests.support.stack import ApiClient
from tests.support.streams import StreamDrain
from tests.support.world import OrgWorld, _person

pytestmark = pytest.mark.usefixtures("direct_emulator")  # see tests/integration/conftest.py


@pytest.fixture
def community(api: ApiClient, org_a: OrgWorld) -> str:
    """A fresh open community with the manager (moderator) and the learner in it."""
    created = api.post("/v1/communities", org_a.manager.token, {"name": "Wall", "goal": "Learn together"})
    community_id: str = created.json()["id"]
    assert api.post(f"/v1/communities/{community_id}/join", org_a.learner.token).status == 200
    return community_id


def post(api: ApiClient, token: str, community: str, body: str = "What I learned today", **extra: Any) -> Any:
    reply = api.post(f"/v1/communities/{community}/posts", token, {"body": body, **extra})
    assert reply.status == 201, reply.body
    return reply.json()


def test_a_member_posts_with_a_mention_and_tags(api: ApiClient, org_a: OrgWorld, community: str) -> None:
    body = f"Thanks @[Sofie](user:{org_a.manager.user_id}) for the **tip**! https://example.com"
    created = post(api, org_a.learner.token, community, body, skill_tags=["Excel", "#data", "excel"])
    assert created["mentions"] == [org_a.manager.user_id]
    assert created["skill_tags"] == ["data", "excel"]
    assert created["author"] == {"id": org_a.learner.user_id, "display_name": f"learner of {org_a.org_id}"}


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("<script>alert(1)</script>", "html"),
        ("[click](javascript:alert(1))", "unsafe_link"),
        ("[a [b] c](javascript:alert(1))", "unsafe_link"),
        ("[x]: JaVaScRiPt:alert(1)\n\nClick [x]", "unsafe_link"),
        ("[x]: data&colon;text/html,hello\n\nClick [x]", "unsafe_link"),
        ("x" * 5001, None),
    ],
)
def test_unsafe_or_oversized_posts_are_refused(
    api: ApiClient, org_a: OrgWorld, community: str, body: str, code: str | None
) -> None:
    reply = api.post(f"/v1/communities/{community}/posts", org_a.learner.token, {"body": body})
    assert reply.status == 422
    if code:
        assert reply.json()["errors"][0]["code"] == code


def test_only_members_can_be_mentioned(api: ApiClient, org_a: OrgWorld, community: str) -> None:
    body = f"Hi @[Admin](user:{org_a.admin.user_id})"  # the admin never joined this community
    assert api.post(f"/v1/communities/{community}/posts", org_a.learner.token, {"body": body}).status == 422


def test_non_members_cannot_post_but_can_read_an_open_community(
    api: ApiClient, org_a: OrgWorld, community: str
) -> None:
    assert api.post(f"/v1/communities/{community}/posts", org_a.admin.token, {"body": "hello"}).status == 403
    assert api.get(f"/v1/communities/{community}/posts", org_a.admin.token).status == 200


def test_the_author_edits_and_the_post_shows_it_was_edited(
    api: ApiClient, org_a: OrgWorld, community: str
) -> None:
    created = post(api, org_a.learner.token, community)
    path = f"/v1/communities/{community}/posts/{created['id']}"
    assert api.patch(path, org_a.manager.token, {"body": "not mine"}).status == 403
    edited = api.patch(path, org_a.learner.token, {"body": "What I learned today (corrected)"}).json()
    assert edited["body"].endswith("(corrected)") and edited["edited_at"] is not None


def test_a_deleted_post_leaves_the_wall_and_its_count(
    api: ApiClient, org_a: OrgWorld, community: str
) -> None:
    created = post(api, org_a.learner.token, community)
    before = api.get(f"/v1/communities/{community}", org_a.learner.token).json()["post_count"]
    path = f"/v1/communities/{community}/posts/{created['id']}"
    assert api.call("DELETE", path, org_a.learner.token).status == 204
    assert api.call("DELETE", path, org_a.learner.token).status == 204  # twice changes nothing
    assert api.get(path, org_a.learner.token).status == 404
    wall = api.get(f"/v1/communities/{community}/posts", org_a.learner.token).json()["items"]
    assert created["id"] not in {p["id"] for p in wall}
    assert api.get(f"/v1/communities/{community}", org_a.learner.token).json()["post_count"] == before - 1


def test_reactions_are_one_per_person_changeable_and_removable(
    api: ApiClient, org_a: OrgWorld, community: str
) -> None:
    created = post(api, org_a.manager.token, community)
    path = f"/v1/communities/{community}/posts/{created['id']}"
    assert api.put(path + "/reaction", org_a.learner.token, {"reaction": "like"}).json() == {
        "reaction": "like"
    }
    api.put(path + "/reaction", org_a.learner.token, {"reaction": "like"})
    seen = api.get(path, org_a.learner.token).json()
    assert seen["reactions"]["like"] == 1 and seen["my_reaction"] == "like"

    api.put(path + "/reaction", org_a.learner.token, {"reaction": "insightful"})
    seen = api.get(path, org_a.learner.token).json()
    assert (seen["reactions"]["like"], seen["reactions"]["insightful"]) == (0, 1)

    assert api.call("DELETE", path + "/reaction", org_a.learner.token).status == 204
    seen = api.get(path, org_a.learner.token).json()
    assert seen["reactions"]["insightful"] == 0 and seen["my_reaction"] is None


def test_a_reaction_clicked_twice_at_once_counts_once(
    api: ApiClient, org_a: OrgWorld, community: str
) -> None:
    created = post(api, org_a.manager.token, community)
    path = f"/v1/communities/{community}/posts/{created['id']}/reaction"
    statuses: list[int] = []

    def click() -> None:
        statuses.append(api.put(path, org_a.learner.token, {"reaction": "celebrate"}).status)

    clicks = [threading.Thread(target=click) for _ in range(4)]
    for thread in clicks:
        thread.start()
    for thread in clicks:
        thread.join()
    assert set(statuses) <= {200, 409, 503}
    seen = api.get(f"/v1/communities/{community}/posts/{created['id']}", org_a.manager.token).json()
    assert seen["reactions"]["celebrate"] == 1


def test_the_feed_carries_my_own_reactions(api: ApiClient, org_a: OrgWorld, community: str) -> None:
    first = post(api, org_a.manager.token, community, "first")
    second = post(api, org_a.manager.token, community, "second")
    api.put(
        f"/v1/communities/{community}/posts/{first['id']}/reaction",
        org_a.learner.token,
        {"reaction": "support"},
    )
    wall = api.get(f"/v1/communities/{community}/posts", org_a.learner.token).json()["items"]
    mine = {p["id"]: p["my_reaction"] for p in wall}
    assert mine[first["id"]] == "support" and mine[second["id"]] is None


def test_comments_and_one_level_of_replies_keep_their_counts(
    api: ApiClient, org_a: OrgWorld, community: str
) -> None:
    created = post(api, org_a.manager.token, community)
    comments = f"/v1/communities/{community}/posts/{created['id']}/comments"
    comment = api.post(comments, org_a.learner.token, {"body": "Good one"}).json()
    reply = api.post(f"{comments}/{comment['id']}/replies", org_a.manager.token, {"body": "Thanks!"}).json()
    assert reply["reply_to"] == comment["id"] and reply["id"].startswith(comment["id"] + "-")
    assert (
        api.post(f"{comments}/{reply['id']}/replies", org_a.learner.token, {"body": "deeper"}).status == 404
    )
    second = api.post(comments, org_a.learner.token, {"body": "Another"}).json()

    thread = api.get(comments, org_a.learner.token).json()["items"]
    assert [c["id"] for c in thread] == [comment["id"], reply["id"], second["id"]]
    assert thread[0]["reply_count"] == 1
    assert (
        api.get(f"/v1/communities/{community}/posts/{created['id']}", org_a.learner.token).json()[
            "comment_count"
        ]
        == 3
    )

    edited = api.patch(f"{comments}/{reply['id']}", org_a.manager.token, {"body": "Thanks a lot!"}).json()
    assert edited["edited_at"] is not None
    assert api.call("DELETE", f"{comments}/{second['id']}", org_a.learner.token).status == 204
    thread = api.get(comments, org_a.learner.token).json()["items"]
    assert [c["deleted"] for c in thread] == [False, False, True]
    assert (
        api.get(f"/v1/communities/{community}/posts/{created['id']}", org_a.learner.token).json()[
            "comment_count"
        ]
        == 2
    )


def test_a_comment_reaction_counts_on_the_comment(api: ApiClient, org_a: OrgWorld, community: str) -> None:
    created = post(api, org_a.manager.token, community)
    comments = f"/v1/communities/{community}/posts/{created['id']}/comments"
    comment = api.post(comments, org_a.manager.token, {"body": "Question?"}).json()
    api.put(f"{comments}/{comment['id']}/reaction", org_a.learner.token, {"reaction": "insightful"})
    thread = api.get(comments, org_a.learner.token).json()["items"]
    assert thread[0]["reactions"]["insightful"] == 1 and thread[0]["my_reaction"] == "insightful"


def test_a_post_is_shared_into_another_community_with_a_comment(
    api: ApiClient, org_a: OrgWorld, community: str
) -> None:
    other = api.post("/v1/communities", org_a.manager.token, {"name": "Other", "goal": "Share"}).json()["id"]
    api.post(f"/v1/communities/{other}/join", org_a.learner.token)
    original = post(api, org_a.manager.token, community)
    share = api.post(
        f"/v1/communities/{community}/posts/{original['id']}/shares",
        org_a.learner.token,
        {"to_community_id": other, "comment": "Worth a read"},
    )
    assert share.status == 201
    assert share.json()["shared"] == {"community_id": community, "post_id": original["id"], "available": None}
    seen = api.get(f"/v1/communities/{community}/posts/{original['id']}", org_a.learner.token).json()
    assert seen["share_count"] == 1

    api.call("DELETE", f"/v1/communities/{community}/posts/{original['id']}", org_a.manager.token)
    wall = api.get(f"/v1/communities/{other}/posts", org_a.learner.token)
    (shown,) = [p for p in wall.json()["items"] if p["id"] == share.json()["id"]]
    assert shown["shared"]["available"] is False  # the share stays; the app shows its original is gone
    # my profile, the community with my membership, the page, my reactions, the originals of its shares
    assert [call.operation for call in wall.calls] == [
        "GetItem",
        "BatchGetItem",
        "Query",
        "Query",
        "BatchGetItem",
    ]


def test_moderators_pin_and_spotlight_with_an_explanation(
    api: ApiClient, org_a: OrgWorld, community: str
) -> None:
    created = post(api, org_a.learner.token, community)
    path = f"/v1/communities/{community}/posts/{created['id']}"
    assert api.put(path + "/pin", org_a.learner.token).status == 403
    assert api.put(path + "/pin", org_a.manager.token).status == 204
    assert api.get(f"/v1/communities/{community}", org_a.learner.token).json()["pinned_post_ids"] == [
        created["id"]
    ]
    pinned = api.get(f"/v1/communities/{community}/pinned", org_a.learner.token).json()["items"]
    assert [p["id"] for p in pinned] == [created["id"]]

    spotlit = api.put(path + "/spotlight", org_a.manager.token, {"reason": "Clear and helpful"}).json()
    assert spotlit["spotlight"]["reason"] == "Clear and helpful"
    member = api.put(
        f"/v1/communities/{community}/spotlight",
        org_a.manager.token,
        {"user_id": org_a.learner.user_id, "reason": "Role model of the week"},
    ).json()
    assert member["spotlight"]["user_id"] == org_a.learner.user_id


def test_the_home_feed_merges_my_communities_newest_first(api: ApiClient, org_b: OrgWorld) -> None:
    first = api.post("/v1/communities", org_b.manager.token, {"name": "One", "goal": "g"}).json()["id"]
    second = api.post("/v1/communities", org_b.manager.token, {"name": "Two", "goal": "g"}).json()["id"]
    bodies = []
    for number, community in enumerate([first, second, first, second]):
        bodies.append(post(api, org_b.manager.token, community, f"home {number}")["body"])
    page = api.get("/v1/feed?limit=3", org_b.manager.token)
    assert [p["body"] for p in page.json()["items"]] == ["home 3", "home 2", "home 1"]
    rest = api.get(f"/v1/feed?limit=3&before={page.json()['items'][-1]['id']}", org_b.manager.token).json()
    assert [p["body"] for p in rest["items"]][:1] == ["home 0"]


def test_popular_this_week_ranks_open_community_posts_by_engagement(
    api: ApiClient, org_b: OrgWorld, drain_stream: StreamDrain
) -> None:
    open_community = api.post("/v1/communities", org_b.manager.token, {"name": "Open", "goal": "g"}).json()[
        "id"
    ]
    closed = api.post(
        "/v1/communities", org_b.manager.token, {"name": "Closed", "goal": "g", "visibility": "invite_only"}
    ).json()["id"]
    api.post(f"/v1/communities/{open_community}/join", org_b.learner.token)
    quiet = post(api, org_b.manager.token, open_community, "quiet post")
    loved = post(api, org_b.manager.token, open_community, "loved post")
    secret = post(api, org_b.manager.token, closed, "secret post")
    api.put(
        f"/v1/communities/{open_community}/posts/{loved['id']}/reaction",
        org_b.learner.token,
        {"reaction": "like"},
    )
    for person in (org_b.learner, org_b.manager):  # a like and two comments: engaging enough to be popular
        api.post(
            f"/v1/communities/{open_community}/posts/{loved['id']}/comments", person.token, {"body": "Yes!"}
        )
    api.put(
        f"/v1/communities/{closed}/posts/{secret['id']}/reaction", org_b.manager.token, {"reaction": "like"}
    )
    drain_stream()
    drain_stream()  # the consumer's own index writes come back on the stream and change nothing

    popular = api.get("/v1/feed/popular?limit=50", org_b.learner.token)
    ids = [p["id"] for p in popular.json()["items"]]
    assert loved["id"] in ids
    assert quiet["id"] not in ids  # nobody responded to it (yet): not among the week's popular posts
    assert secret["id"] not in ids
    assert [call.operation for call in popular.calls] == ["GetItem", "Query", "BatchGetItem"]


def _muted(api: ApiClient, world: OrgWorld, community: str, user_id: str) -> None:
    mute = {"action": "mute", "target_kind": "member", "target_id": user_id, "reason": "Cooling off"}
    reply = api.post(f"/v1/communities/{community}/moderation/actions", world.manager.token, mute)
    assert reply.status == 200, reply.body


def test_a_comment_is_only_reached_through_its_own_post_and_community(
    api: ApiClient, org_a: OrgWorld, community: str
) -> None:
    """The learner is muted in `other`, where they commented; `community` is where they may still
    post. Naming `other`'s post and comment under `community`'s path reaches nothing."""
    other = api.post("/v1/communities", org_a.manager.token, {"name": "Other", "goal": "g"}).json()["id"]
    api.post(f"/v1/communities/{other}/join", org_a.learner.token)
    theirs = post(api, org_a.manager.token, other, "A post in the other community")
    thread = f"/v1/communities/{other}/posts/{theirs['id']}/comments"
    comment = api.post(thread, org_a.learner.token, {"body": "My first words"}).json()
    _muted(api, org_a, other, org_a.learner.user_id)
    assert api.patch(f"{thread}/{comment['id']}", org_a.learner.token, {"body": "Edited"}).status == 403

    detour = f"/v1/communities/{community}/posts/{theirs['id']}/comments/{comment['id']}"
    edited = api.patch(detour, org_a.learner.token, {"body": "Edited while muted"})
    reacted = api.put(f"{detour}/reaction", org_a.learner.token, {"reaction": "like"})
    replied = api.post(f"{detour}/replies", org_a.learner.token, {"body": "A reply while muted"})
    reported = api.post(f"{detour}/reports", org_a.learner.token, {"reason": "spam"})
    listed = api.get(f"/v1/communities/{community}/posts/{theirs['id']}/comments", org_a.learner.token)

    assert [edited.status, reacted.status, replied.status, reported.status, listed.status] == [404] * 5
    (shown,) = api.get(thread, org_a.manager.token).json()["items"]
    assert shown["body"] == "My first words" and shown["edited_at"] is None and shown["reply_count"] == 0
    assert shown["reactions"]["like"] == 0


def test_a_comment_is_not_deleted_through_another_communitys_path(
    api: ApiClient, org_a: OrgWorld, community: str
) -> None:
    other = api.post("/v1/communities", org_a.manager.token, {"name": "Other", "goal": "g"}).json()["id"]
    theirs = post(api, org_a.manager.token, other, "A post in the other community")
    thread = f"/v1/communities/{other}/posts/{theirs['id']}/comments"
    comment = api.post(thread, org_a.manager.token, {"body": "The moderator's comment"}).json()
    detour = f"/v1/communities/{community}/posts/{theirs['id']}/comments/{comment['id']}"
    # The learner moderates `community` only: that gives them nothing in `other`.
    role = api.put(
        f"/v1/communities/{community}/members/{org_a.learner.user_id}/role",
        org_a.manager.token,
        {"role": "moderator"},
    )
    assert role.status == 200, role.body

    assert api.call("DELETE", detour, org_a.learner.token).status == 404
    assert api.call("DELETE", detour, org_a.manager.token).status == 404  # even its author: wrong path
    (shown,) = api.get(thread, org_a.manager.token).json()["items"]
    assert shown["deleted"] is False
    assert (
        api.get(f"/v1/communities/{other}/posts/{theirs['id']}", org_a.manager.token).json()["comment_count"]
        == 1
    )


def test_a_post_is_only_reached_through_its_own_community(
    api: ApiClient, org_a: OrgWorld, community: str
) -> None:
    other = api.post("/v1/communities", org_a.manager.token, {"name": "Other", "goal": "g"}).json()["id"]
    api.post(f"/v1/communities/{other}/join", org_a.learner.token)
    mine = post(api, org_a.learner.token, other, "My post in the other community")
    _muted(api, org_a, other, org_a.learner.user_id)
    detour = f"/v1/communities/{community}/posts/{mine['id']}"

    assert api.get(detour, org_a.learner.token).status == 404
    assert api.patch(detour, org_a.learner.token, {"body": "Edited while muted"}).status == 404
    assert api.put(f"{detour}/reaction", org_a.learner.token, {"reaction": "like"}).status == 404
    assert api.post(f"{detour}/comments", org_a.learner.token, {"body": "While muted"}).status == 404
    shared = api.post(f"{detour}/shares", org_a.learner.token, {"to_community_id": community, "comment": ""})
    assert shared.status == 404
    assert api.call("DELETE", detour, org_a.learner.token).status in (204, 404)  # nothing there to delete
    seen = api.get(f"/v1/communities/{other}/posts/{mine['id']}", org_a.manager.token).json()
    assert seen["body"] == "My post in the other community" and seen["edited_at"] is None


def test_popular_this_week_only_shows_posts_of_communities_the_reader_may_read_now(
    api: ApiClient, org_b: OrgWorld, drain_stream: StreamDrain, resources: LocalResources
) -> None:
    community = api.post("/v1/communities", org_b.manager.token, {"name": "Soon closed", "goal": "g"}).json()[
        "id"
    ]
    api.post(f"/v1/communities/{community}/join", org_b.learner.token)
    loved = post(api, org_b.manager.token, community, "loved, then closed")
    path = f"/v1/communities/{community}/posts/{loved['id']}"
    api.put(f"{path}/reaction", org_b.learner.token, {"reaction": "like"})
    for person in (org_b.learner, org_b.manager):
        api.post(f"{path}/comments", person.token, {"body": "Yes!"})
    drain_stream()
    outsider = _person(resources, org_b.org_id, "learner")
    assert loved["id"] in [
        p["id"] for p in api.get("/v1/feed/popular?limit=50", outsider.token).json()["items"]
    ]

    closed = api.patch(f"/v1/communities/{community}", org_b.manager.token, {"visibility": "invite_only"})
    assert closed.status == 200, closed.body
    drain_stream()

    for_outsider = api.get("/v1/feed/popular?limit=20", outsider.token)
    for_member = api.get("/v1/feed/popular?limit=20", org_b.learner.token)
    assert loved["id"] not in [p["id"] for p in for_outsider.json()["items"]]
    assert loved["id"] in [p["id"] for p in for_member.json()["items"]]  # its members still read it
    assert [call.operation for call in for_outsider.calls] == ["GetItem", "Query", "BatchGetItem"]
