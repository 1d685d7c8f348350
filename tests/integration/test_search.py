"""The library's search as people meet it: what is pinned or spotlighted is found (a Dutch plural finds
its singular), kept in step by the stream consumer, and never shown to someone who may not read it."""

from __future__ import annotations

from typing import Any

import pytest
from chalice.test import Client

from chalicelib.store import search as search_store
from local.emulator import LocalResources
from tests.integration.test_notifications import StreamTap, consume
from tests.support.stack import ApiClient, start_test_stack, unique
from tests.support.world import OrgWorld, Person, _person, build_org

pytestmark = pytest.mark.usefixtures("direct_emulator")  # see tests/integration/conftest.py


MEETING = "Een vergadering plannen\n\nZo plan je een goede vergadering met je team: agenda, tijd en doel."


@pytest.fixture(scope="module")
def world(resources: LocalResources) -> OrgWorld:
    start_test_stack()
    return build_org(resources, "search")


@pytest.fixture(scope="module")
def outsider(resources: LocalResources, world: OrgWorld) -> Person:
    """A learner of the organisation who joined no community."""
    return _person(resources, world.org_id, "learner")


@pytest.fixture
def tap(resources: LocalResources, world: OrgWorld) -> StreamTap:
    return StreamTap(resources, world.org_id)


def community(api: ApiClient, world: OrgWorld, visibility: str = "organisation", **extra: Any) -> str:
    body = {"name": unique("Library"), "goal": "Learn together", "visibility": visibility, **extra}
    created = api.post("/v1/communities", world.manager.token, body)
    assert created.status == 201, created.body
    community_id: str = created.json()["id"]
    return community_id


def post(api: ApiClient, person: Person, community_id: str, body: str, **extra: Any) -> str:
    reply = api.post(f"/v1/communities/{community_id}/posts", person.token, {"body": body, **extra})
    assert reply.status == 201, reply.body
    post_id: str = reply.json()["id"]
    return post_id


def search(api: ApiClient, person: Person, q: str, **params: Any) -> list[dict[str, Any]]:
    query = "&".join(f"{name}={value}" for name, value in {"q": q, **params}.items())
    reply = api.get(f"/v1/search?{query}", person.token)
    assert reply.status == 200, reply.body
    items: list[dict[str, Any]] = reply.json()["items"]
    return items


def found(api: ApiClient, person: Person, q: str, **params: Any) -> list[str]:
    return [item["id"] for item in search(api, person, q, **params)]


def pin(api: ApiClient, world: OrgWorld, community_id: str, post_id: str) -> None:
    assert api.put(f"/v1/communities/{community_id}/posts/{post_id}/pin", world.manager.token).status == 204


def test_a_pinned_post_is_found_by_the_plural_of_its_title_and_a_replay_changes_nothing(
    api: ApiClient, world: OrgWorld, lambdas: Client, tap: StreamTap
) -> None:
    community_id = community(api, world)
    assert api.post(f"/v1/communities/{community_id}/join", world.learner.token).status == 200
    post_id = post(api, world.learner, community_id, MEETING, skill_tags=["meetings"])
    consume(lambdas, tap.read())
    assert found(api, world.learner, "vergaderingen") == []  # an ordinary post is not in the library

    pin(api, world, community_id, post_id)
    records = tap.read()
    consume(lambdas, records)
    (hit,) = search(api, world.learner, "vergaderingen")
    assert hit["id"] == post_id
    assert hit["kind"] == "post"
    assert hit["title"] == "Een vergadering plannen"
    assert hit["community_id"] == community_id
    assert hit["skills"] == ["meetings"]

    indexed = search_store.source_documents(world.org_id, "post", post_id)
    consume(lambdas, records)  # the same records again
    consume(lambdas, tap.read())  # and the index's own writes, which come back on the stream
    assert [d.changed_at for d in search_store.source_documents(world.org_id, "post", post_id)] == [
        d.changed_at for d in indexed
    ]

    assert (
        api.call("DELETE", f"/v1/communities/{community_id}/posts/{post_id}/pin", world.manager.token).status
        == 204
    )
    consume(lambdas, tap.read())
    assert found(api, world.learner, "vergaderingen") == []


def test_an_edit_is_found_and_a_deleted_or_hidden_post_disappears(
    api: ApiClient, world: OrgWorld, lambdas: Client, tap: StreamTap
) -> None:
    community_id = community(api, world)
    assert api.post(f"/v1/communities/{community_id}/join", world.learner.token).status == 200
    first = post(api, world.learner, community_id, "Feedback geven\n\nHoe geef je feedback die helpt?")
    second = post(api, world.learner, community_id, "Feedback vragen\n\nVraag feedback na elke presentatie.")
    assert api.put(
        f"/v1/communities/{community_id}/posts/{first}/spotlight", world.manager.token, {"reason": "Helpful"}
    ).status in (200, 204)
    pin(api, world, community_id, second)
    consume(lambdas, tap.read())
    assert sorted(found(api, world.learner, "feedback")) == sorted([first, second])

    edited = api.patch(
        f"/v1/communities/{community_id}/posts/{first}",
        world.learner.token,
        {"body": "Feedback geven\n\nHoe geef je feedback over presentaties?"},
    )
    assert edited.status == 200, edited.body
    consume(lambdas, tap.read())
    assert sorted(found(api, world.learner, "presentaties")) == sorted([first, second])
    assert found(api, world.learner, "presentaties helpt") == []  # the old text is forgotten

    assert (
        api.call("DELETE", f"/v1/communities/{community_id}/posts/{first}", world.learner.token).status == 204
    )
    hidden = api.post(
        f"/v1/communities/{community_id}/moderation/actions",
        world.manager.token,
        {"action": "hide", "target_kind": "post", "target_id": second, "reason": "Off topic"},
    )
    assert hidden.status in (200, 201, 202), hidden.body
    consume(lambdas, tap.read())
    assert found(api, world.learner, "feedback") == []
    assert found(api, world.manager, "feedback") == []  # hidden content is in nobody's library


def test_search_as_you_type_and_filters(
    api: ApiClient, world: OrgWorld, lambdas: Client, tap: StreamTap
) -> None:
    community_id = community(api, world)
    other_id = community(api, world)
    in_one = post(
        api, world.manager, community_id, "Planning maken\n\nEen planning voor de week.", skill_tags=["plan"]
    )
    in_other = post(api, world.manager, other_id, "Planning bijsturen\n\nDe planning loopt uit.")
    pin(api, world, community_id, in_one)
    pin(api, world, other_id, in_other)
    consume(lambdas, tap.read())

    assert found(api, world.learner, "plann") == []  # a finished word is a word
    assert sorted(found(api, world.learner, "plann", typing="true")) == sorted([in_one, in_other])
    assert found(api, world.learner, "planning bijs", typing="true") == [in_other]
    assert found(api, world.learner, "planning", community_id=other_id) == [in_other]
    assert found(api, world.learner, "planning", skill="plan") == [in_one]
    assert found(api, world.learner, "planning", kind="lesson") == []
    assert found(api, world.learner, "planning", organisation_only="true") == []


def test_a_hostile_member_never_finds_what_an_invite_only_community_keeps(
    api: ApiClient, world: OrgWorld, outsider: Person, lambdas: Client, tap: StreamTap
) -> None:
    closed = community(api, world, visibility="invite_only")
    secret = post(
        api, world.manager, closed, "Reorganisatie\n\nDe vertrouwelijke reorganisatie van de afdeling."
    )
    pin(api, world, closed, secret)
    opened = community(api, world)
    public = post(api, world.manager, opened, "Reorganisatie uitgelegd\n\nWat de reorganisatie betekent.")
    pin(api, world, opened, public)
    consume(lambdas, tap.read())

    assert found(api, world.manager, "reorganisatie") != []
    assert secret in found(api, world.manager, "reorganisatie")  # community managers read every community
    for q, params in [
        ("reorganisatie", {}),
        ("vertrouwelijke", {}),
        ("reorg", {"typing": "true"}),
        ("reorganisatie", {"community_id": closed}),
        ("afdeling", {"kind": "post"}),
    ]:
        assert secret not in found(api, outsider, q, **params)
    assert found(api, outsider, "reorganisatie") == [public]

    # The community closes: its content leaves other people's results at once, with no re-indexing.
    changed = api.patch(f"/v1/communities/{opened}", world.manager.token, {"visibility": "invite_only"})
    assert changed.status == 200, changed.body
    assert found(api, outsider, "reorganisatie") == []


def test_another_organisation_never_finds_this_ones_library(
    api: ApiClient, world: OrgWorld, org_b: OrgWorld, lambdas: Client, tap: StreamTap
) -> None:
    community_id = community(api, world)
    word = unique("kennisdeling").replace("-", "")
    post_id = post(api, world.manager, community_id, f"{word}\n\nAlleen voor deze organisatie.")
    pin(api, world, community_id, post_id)
    consume(lambdas, tap.read())
    assert found(api, world.learner, word) == [post_id]
    assert found(api, org_b.admin, word) == []
    assert found(api, org_b.learner, word, typing="true") == []


def test_a_cursor_pages_the_results_and_a_forged_one_is_refused(
    api: ApiClient, world: OrgWorld, lambdas: Client, tap: StreamTap
) -> None:
    community_id = community(api, world)
    ids = [
        post(api, world.manager, community_id, f"Coaching {n}\n\nOver coaching, deel {n}.") for n in range(3)
    ]
    for post_id in ids:
        pin(api, world, community_id, post_id)
    consume(lambdas, tap.read())
    first = api.get("/v1/search?q=coaching&limit=2", world.learner.token).json()
    assert len(first["items"]) == 2 and first["total"] == 3 and first["next_cursor"]
    second = api.get(
        f"/v1/search?q=coaching&limit=2&cursor={first['next_cursor']}", world.learner.token
    ).json()
    assert len(second["items"]) == 1 and second["next_cursor"] is None
    assert sorted(item["id"] for item in first["items"] + second["items"]) == sorted(ids)
    assert api.get("/v1/search?q=coaching&cursor=forged", world.learner.token).status == 400
