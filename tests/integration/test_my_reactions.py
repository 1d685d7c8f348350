"""My own reactions on every page I read: the wall, the home feed and a post's comments.

Each page shows, on every post or comment, the reaction I gave it (not someone else's, not one I
took back), and reads them all in one Query of my reactions, whatever the page's length.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from bench.capacity import item_size, query_read_units, read_units
from chalicelib.store.models import ReactionItem
from local.emulator import LocalResources
from local.recorder import DynamoDBCall
from local.upgrades import index_unindexed_reactions
from tests.support.stack import ApiClient, Reply
from tests.support.streams import StreamDrain
from tests.support.world import OrgWorld, Person, _person

pytestmark = pytest.mark.usefixtures("direct_emulator")  # see tests/integration/conftest.py


@dataclass(frozen=True)
class Cast:
    """A fresh community with two fresh members: me (the viewer) and a colleague."""

    community: str
    me: Person
    colleague: Person
    moderator: Person


def _new_community(api: ApiClient, world: OrgWorld, *members: Person, name: str = "Reactions") -> str:
    created = api.post("/v1/communities", world.manager.token, {"name": name, "goal": "Learn together"})
    assert created.status == 201, created.body
    community: str = created.json()["id"]
    for member in members:
        assert api.post(f"/v1/communities/{community}/join", member.token).status == 200
    return community


@pytest.fixture
def cast(api: ApiClient, org_a: OrgWorld, resources: LocalResources) -> Cast:
    me = _person(resources, org_a.org_id, "learner")
    colleague = _person(resources, org_a.org_id, "learner")
    return Cast(_new_community(api, org_a, me, colleague), me, colleague, org_a.manager)


def _post(api: ApiClient, token: str, community: str, body: str) -> str:
    reply = api.post(f"/v1/communities/{community}/posts", token, {"body": body})
    assert reply.status == 201, reply.body
    post_id: str = reply.json()["id"]
    return post_id


def _react(api: ApiClient, person: Person, path: str, reaction: str) -> None:
    reply = api.put(f"{path}/reaction", person.token, {"reaction": reaction})
    assert reply.status == 200, reply.body


def _unreact(api: ApiClient, person: Person, path: str) -> None:
    assert api.call("DELETE", f"{path}/reaction", person.token).status == 204


def _mine(page: dict[str, Any]) -> dict[str, str | None]:
    return {item["id"]: item["my_reaction"] for item in page["items"]}


def _operations(reply: Reply) -> list[str]:
    return [call.operation for call in reply.calls]


def _my_reactions_query(reply: Reply, person: Person) -> DynamoDBCall:
    """The page's one read of my reactions: a Query of my partition of the reactions index."""
    (query,) = [
        call
        for call in reply.calls
        if call.operation == "Query"
        and call.params.get("IndexName") == "gsi1"
        and _in_my_partition(call, person)
    ]
    return query


def _in_my_partition(call: DynamoDBCall, person: Person) -> bool:
    values = call.params.get("ExpressionAttributeValues", {}).values()
    return any(str(value.get("S", "")).endswith(f"#USER#{person.user_id}#REACTIONS") for value in values)


def _read_units(call: DynamoDBCall) -> float:
    """What DynamoDB bills a read (bench/capacity.py's rules). A Query is priced on the items it
    returned: the pages read here filter nothing out (no held or hidden content in them)."""
    response = call.response or {}
    consistent = bool(call.params.get("ConsistentRead"))
    if call.operation == "GetItem":
        return read_units(item_size(response.get("Item")), consistent=consistent)
    if call.operation == "Query":
        return query_read_units([item_size(item) for item in response["Items"]], consistent=consistent)
    if call.operation == "BatchGetItem":
        wanted = sum(len(request["Keys"]) for request in call.params["RequestItems"].values())
        found = [item for items in response.get("Responses", {}).values() for item in items]
        missing = wanted - len(found)  # a key not found is billed as a read of the smallest item
        return sum(read_units(item_size(item), consistent=False) for item in found) + missing * 0.5
    raise AssertionError(f"not a read: {call.operation}")


# The community wall ---------------------------------------------------------------------------


def test_the_wall_shows_my_reactions_not_a_colleagues_nor_one_i_took_back(api: ApiClient, cast: Cast) -> None:
    posts = [_post(api, cast.moderator.token, cast.community, f"post {n}") for n in range(5)]
    path = {post: f"/v1/communities/{cast.community}/posts/{post}" for post in posts}
    _react(api, cast.me, path[posts[0]], "like")
    _react(api, cast.me, path[posts[2]], "celebrate")
    _react(api, cast.me, path[posts[2]], "insightful")  # changed my mind
    _react(api, cast.me, path[posts[4]], "support")
    _unreact(api, cast.me, path[posts[4]])  # and took this one back
    _react(api, cast.colleague, path[posts[1]], "insightful")
    _react(api, cast.colleague, path[posts[2]], "support")

    wall = api.get(f"/v1/communities/{cast.community}/posts", cast.me.token)
    assert _mine(wall.json()) == {
        posts[4]: None,
        posts[3]: None,
        posts[2]: "insightful",
        posts[1]: None,
        posts[0]: "like",
    }
    (third,) = [p for p in wall.json()["items"] if p["id"] == posts[2]]
    assert third["reactions"] == {"like": 0, "insightful": 1, "celebrate": 0, "support": 1}
    # my profile, the community with my membership, the page, my reactions
    assert _operations(wall) == ["GetItem", "BatchGetItem", "Query", "Query"]

    theirs = api.get(f"/v1/communities/{cast.community}/posts", cast.colleague.token).json()
    assert _mine(theirs)[posts[1]] == "insightful" and _mine(theirs)[posts[2]] == "support"
    assert _mine(theirs)[posts[0]] is None


def test_a_page_boundary_keeps_each_pages_reactions_on_its_own_posts(api: ApiClient, cast: Cast) -> None:
    posts = [_post(api, cast.moderator.token, cast.community, f"post {n}") for n in range(6)]
    newest_first = list(reversed(posts))
    on_page = {post: f"/v1/communities/{cast.community}/posts/{post}" for post in posts}
    _react(api, cast.me, on_page[newest_first[2]], "like")  # the last post of the first page
    _react(api, cast.me, on_page[newest_first[3]], "support")  # the first post of the second page
    _react(api, cast.colleague, on_page[newest_first[4]], "celebrate")

    first = api.get(f"/v1/communities/{cast.community}/posts?limit=3", cast.me.token).json()
    second = api.get(
        f"/v1/communities/{cast.community}/posts?limit=3&cursor={first['next_cursor']}", cast.me.token
    ).json()
    assert _mine(first) == {newest_first[0]: None, newest_first[1]: None, newest_first[2]: "like"}
    assert _mine(second) == {newest_first[3]: "support", newest_first[4]: None, newest_first[5]: None}


def test_a_post_a_moderator_hid_leaves_the_wall_and_the_posts_around_it_keep_my_reactions(
    api: ApiClient, cast: Cast
) -> None:
    posts = [_post(api, cast.moderator.token, cast.community, f"post {n}") for n in range(3)]
    for post, reaction in zip(posts, ("like", "celebrate", "support"), strict=True):
        _react(api, cast.me, f"/v1/communities/{cast.community}/posts/{post}", reaction)
    hide = {"action": "hide", "target_kind": "post", "target_id": posts[1], "reason": "Off topic"}
    hidden = api.post(f"/v1/communities/{cast.community}/moderation/actions", cast.moderator.token, hide)
    assert hidden.status == 200, hidden.body

    wall = api.get(f"/v1/communities/{cast.community}/posts", cast.me.token).json()
    assert _mine(wall) == {posts[2]: "support", posts[0]: "like"}


def test_a_wall_page_of_twenty_reads_my_reactions_for_half_a_read_unit(api: ApiClient, cast: Cast) -> None:
    posts = [
        _post(api, cast.moderator.token, cast.community, f"post {n}: " + "a tip " * 40) for n in range(21)
    ]
    for post in posts[1::4]:  # a reaction of ~450 bytes to every fourth post: 5 on the page
        _react(api, cast.me, f"/v1/communities/{cast.community}/posts/{post}", "like")

    wall = api.get(f"/v1/communities/{cast.community}/posts?limit=20", cast.me.token)
    page = wall.json()
    assert len(page["items"]) == 20 and page["next_cursor"]
    assert sum(1 for reaction in _mine(page).values() if reaction == "like") == 5
    assert _operations(wall) == ["GetItem", "BatchGetItem", "Query", "Query"]
    profile, access, posts_query, reactions_query = (_read_units(call) for call in wall.calls)
    assert reactions_query == 0.5  # under 4 KB; it was a BatchGetItem of 20 keys: 10 RCU
    assert _my_reactions_query(wall, cast.me) is wall.calls[3]
    assert (profile, access) == (1, 1)  # a consistent read of my profile; the community and my membership
    assert posts_query <= 2  # 20 posts of about 300 bytes: under 8 KB, one Query


# The home feed --------------------------------------------------------------------------------


def test_the_home_feed_shows_my_reactions_across_my_communities_page_by_page(
    api: ApiClient, org_a: OrgWorld, resources: LocalResources
) -> None:
    me = _person(resources, org_a.org_id, "learner")
    colleague = _person(resources, org_a.org_id, "learner")
    first = _new_community(api, org_a, me, colleague, name="First")
    second = _new_community(api, org_a, me, colleague, name="Second")
    left = _new_community(api, org_a, me, name="Left behind")
    author = org_a.manager.token
    posts = [
        (community, _post(api, author, community, f"home {n}"))
        for n, community in enumerate([first, second] * 3)
    ]
    elsewhere = _post(api, author, left, "in a community I leave")
    path = {post: f"/v1/communities/{community}/posts/{post}" for community, post in posts}
    newest_first = [post for _, post in reversed(posts)]
    _react(api, me, path[newest_first[0]], "celebrate")  # second community
    _react(api, me, path[newest_first[1]], "like")  # first community
    _react(api, me, path[newest_first[2]], "support")  # the last post of the first page...
    _unreact(api, me, path[newest_first[2]])  # ...taken back
    _react(api, me, path[newest_first[3]], "insightful")  # the first post of the next page
    _react(api, colleague, path[newest_first[4]], "like")
    _react(api, me, f"/v1/communities/{left}/posts/{elsewhere}", "like")
    assert api.post(f"/v1/communities/{left}/leave", me.token).status in (200, 204)

    page = api.get("/v1/feed?limit=3", me.token)
    assert _mine(page.json()) == {
        newest_first[0]: "celebrate",
        newest_first[1]: "like",
        newest_first[2]: None,
    }
    # my profile, my communities, each community's newest posts, my reactions
    assert _operations(page) == ["GetItem", "Query", "Query", "Query", "Query"]
    assert _read_units(_my_reactions_query(page, me)) == 0.5

    rest = api.get(f"/v1/feed?limit=3&before={newest_first[2]}", me.token).json()
    assert _mine(rest) == {newest_first[3]: "insightful", newest_first[4]: None, newest_first[5]: None}
    assert elsewhere not in _mine(rest)  # I left its community: its posts leave my feed

    theirs = api.get("/v1/feed?limit=6", colleague.token).json()
    assert [reaction for reaction in _mine(theirs).values() if reaction] == ["like"]


def test_the_home_feed_reads_each_community_only_as_far_as_the_page_needs(
    api: ApiClient, org_a: OrgWorld, resources: LocalResources
) -> None:
    me = _person(resources, org_a.org_id, "learner")
    busy, *quiet = (_new_community(api, org_a, me, name=f"Community {n}") for n in range(4))
    author = org_a.manager.token
    older = [_post(api, author, community, f"quiet {n}") for n in range(3) for community in quiet]
    newer = [_post(api, author, busy, f"busy {n}") for n in range(8)]  # the busy one posted the 8 newest

    page = api.get("/v1/feed?limit=8", me.token)
    assert [p["id"] for p in page.json()["items"]] == list(reversed(newer))
    # my profile, my communities, the first 5 posts of each community (a read unit's worth), 5 more
    # of the busy one (its 5th post was newer than the page's last), my reactions
    assert _operations(page) == ["GetItem", "Query", "Query", "Query", "Query", "Query", "Query", "Query"]
    assert [_read_units(call) for call in page.calls] == [1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]

    rest = api.get(f"/v1/feed?limit=8&before={newer[0]}", me.token)
    assert [p["id"] for p in rest.json()["items"]] == list(reversed(older))[:8]
    # each community once (the busy one has nothing older), my reactions
    assert _operations(rest) == ["GetItem", "Query", "Query", "Query", "Query", "Query", "Query"]


# A post's comments ----------------------------------------------------------------------------


def test_the_comments_show_my_reactions_to_comments_and_replies_page_by_page(
    api: ApiClient, cast: Cast
) -> None:
    post = _post(api, cast.moderator.token, cast.community, "Ask me anything")
    comments = f"/v1/communities/{cast.community}/posts/{post}/comments"

    def comment(person: Person, body: str, reply_to: str | None = None) -> str:
        where = f"{comments}/{reply_to}/replies" if reply_to else comments
        reply = api.post(where, person.token, {"body": body})
        assert reply.status == 201, reply.body
        public_id: str = reply.json()["id"]
        return public_id

    first = comment(cast.colleague, "First question")
    answer = comment(cast.moderator, "An answer", reply_to=first)
    second = comment(cast.colleague, "Second question")
    third = comment(cast.moderator, "A remark")
    late_answer = comment(cast.me, "A late answer to the first", reply_to=first)  # shown after `answer`
    _react(api, cast.me, f"{comments}/{first}", "like")
    _react(api, cast.me, f"{comments}/{answer}", "celebrate")
    _react(api, cast.me, f"{comments}/{third}", "support")
    _unreact(api, cast.me, f"{comments}/{third}")
    _react(api, cast.colleague, f"{comments}/{second}", "insightful")
    _react(api, cast.colleague, f"{comments}/{late_answer}", "like")

    page = api.get(f"{comments}?limit=2", cast.me.token)
    assert _mine(page.json()) == {first: "like", answer: "celebrate"}
    # my profile, the community with my membership and the post, the comments, my reactions:
    # the post the access check read is not read again
    assert _operations(page) == ["GetItem", "BatchGetItem", "Query", "Query"]
    assert _read_units(_my_reactions_query(page, cast.me)) == 0.5

    rest = api.get(f"{comments}?limit=5&cursor={page.json()['next_cursor']}", cast.me.token).json()
    assert _mine(rest) == {late_answer: None, second: None, third: None}

    theirs = api.get(comments, cast.colleague.token).json()
    assert {cid: r for cid, r in _mine(theirs).items() if r} == {second: "insightful", late_answer: "like"}


def test_a_comment_page_without_comments_reads_no_reactions(api: ApiClient, cast: Cast) -> None:
    post = _post(api, cast.moderator.token, cast.community, "Nobody answered yet")
    page = api.get(f"/v1/communities/{cast.community}/posts/{post}/comments", cast.me.token)
    assert page.json()["items"] == []
    assert _operations(page) == ["GetItem", "BatchGetItem", "Query"]


# Reactions written before the index --------------------------------------------------------------


def _as_written_before_the_index(org_id: str, target_id: str, user_id: str) -> None:
    """Take the index keys off a stored reaction: how every reaction written before them looks."""
    from chalicelib.store import keys

    stored = ReactionItem.get(
        keys.reactions_pk(org_id, target_id), keys.reaction_sk(user_id), consistent_read=True
    )
    stored.update(actions=[ReactionItem.gsi1pk.remove(), ReactionItem.gsi1sk.remove()])


def test_reactions_written_before_the_index_show_once_indexed_and_award_nothing_again(
    api: ApiClient, org_a: OrgWorld, cast: Cast, drain_stream: StreamDrain
) -> None:
    posts = [_post(api, cast.colleague.token, cast.community, f"post {n}") for n in range(2)]
    post_path = f"/v1/communities/{cast.community}/posts/{posts[0]}"
    comment = api.post(f"{post_path}/comments", cast.colleague.token, {"body": "A comment"}).json()["id"]
    _react(api, cast.me, post_path, "insightful")
    _react(api, cast.me, f"{post_path}/comments/{comment}", "like")
    _react(api, cast.me, f"/v1/communities/{cast.community}/posts/{posts[1]}", "support")
    drain_stream()
    points = {
        person.user_id: api.get("/v1/me/points", person.token).json() for person in (cast.me, cast.colleague)
    }
    unread = api.get("/v1/me/notifications/unread-count", cast.colleague.token).json()
    for target in (posts[0], comment, posts[1]):
        _as_written_before_the_index(org_a.org_id, target, cast.me.user_id)
    _unreact(api, cast.me, f"/v1/communities/{cast.community}/posts/{posts[1]}")  # undone before indexing

    def on_the_wall() -> dict[str, str | None]:  # the colleague's posts (a badge announcement may join them)
        wall = api.get(f"/v1/communities/{cast.community}/posts", cast.me.token).json()
        return {post: reaction for post, reaction in _mine(wall).items() if post in posts}

    assert on_the_wall() == {posts[1]: None, posts[0]: None}  # not in the index yet

    report = index_unindexed_reactions()
    assert report.indexed >= 2
    assert index_unindexed_reactions().indexed == 0  # once indexed, nothing left to do

    assert on_the_wall() == {posts[1]: None, posts[0]: "insightful"}
    thread = api.get(f"{post_path}/comments", cast.me.token).json()
    assert _mine(thread) == {comment: "like"}
    seen = api.get(post_path, cast.me.token).json()
    assert seen["reactions"]["insightful"] == 1  # counters untouched

    drain_stream()  # the indexing's MODIFY records reach the consumer, which does nothing with them
    assert {
        person.user_id: api.get("/v1/me/points", person.token).json() for person in (cast.me, cast.colleague)
    } == points
    assert api.get("/v1/me/notifications/unread-count", cast.colleague.token).json() == unread
