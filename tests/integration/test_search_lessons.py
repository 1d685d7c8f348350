"""Lessons in the library's search: a published lesson is found in each of its languages (searching
"vergaderingen" finds "Een vergadering plannen"), a draft never is, an archived one leaves it, and a
community's lesson is found only by who may read that community."""

from __future__ import annotations

from typing import Any

import pytest
from chalice.test import Client

from chalicelib.store import search as search_store
from local.emulator import LocalResources
from tests.integration.test_lessons import lesson_body
from tests.integration.test_notifications import StreamTap, consume
from tests.support.stack import ApiClient, start_test_stack, unique
from tests.support.world import OrgWorld, Person, _person, build_org


@pytest.fixture(scope="module")
def world(resources: LocalResources) -> OrgWorld:
    start_test_stack()
    return build_org(resources, "searchlessons")


@pytest.fixture(scope="module")
def expert(resources: LocalResources, world: OrgWorld) -> Person:
    return _person(resources, world.org_id, "mentor")


@pytest.fixture
def tap(resources: LocalResources, world: OrgWorld) -> StreamTap:
    return StreamTap(resources, world.org_id)


def search(api: ApiClient, person: Person, q: str, **params: Any) -> list[dict[str, Any]]:
    query = "&".join(f"{name}={value}" for name, value in {"q": q, **params}.items())
    reply = api.get(f"/v1/search?{query}", person.token)
    assert reply.status == 200, reply.body
    items: list[dict[str, Any]] = reply.json()["items"]
    return items


def draft(api: ApiClient, author: Person, world: OrgWorld, **extra: Any) -> str:
    made = api.post("/v1/lessons", author.token, lesson_body(world.question_id, **extra))
    assert made.status == 201, made.body
    lesson_id: str = made.json()["id"]
    return lesson_id


def publish(api: ApiClient, author: Person, lesson_id: str) -> None:
    published = api.post(f"/v1/lessons/{lesson_id}/publish", author.token, {"major": False})
    assert published.status == 200, published.body


def test_searching_vergaderingen_finds_the_published_lesson_een_vergadering_plannen(
    api: ApiClient, world: OrgWorld, expert: Person, lambdas: Client, tap: StreamTap
) -> None:
    lesson_id = draft(api, expert, world)
    consume(lambdas, tap.read())
    assert search(api, world.learner, "vergaderingen") == []  # a draft is nobody's to find

    publish(api, expert, lesson_id)
    records = tap.read()
    consume(lambdas, records)
    (hit,) = search(api, world.learner, "vergaderingen", language="nl")
    assert (hit["kind"], hit["id"], hit["title"]) == ("lesson", lesson_id, "Een vergadering plannen")
    assert hit["skills"] == ["meetings"] and hit["community_id"] is None
    (english,) = search(api, world.learner, "meetings")
    assert (english["id"], english["title"], english["language"]) == (lesson_id, "Plan a meeting", "en")
    assert [h["id"] for h in search(api, world.learner, "agenda")] == [lesson_id]  # a card's text
    assert [h["id"] for h in search(api, world.learner, "vergad", typing="true", kind="lesson")] == [
        lesson_id
    ]
    assert search(api, world.learner, "vergaderingen", kind="post") == []

    indexed = [d.changed_at for d in search_store.source_documents(world.org_id, "lesson", lesson_id)]
    consume(lambdas, records)  # delivered again: nothing changes
    consume(lambdas, tap.read())
    assert [d.changed_at for d in search_store.source_documents(world.org_id, "lesson", lesson_id)] == indexed

    assert api.post(f"/v1/lessons/{lesson_id}/archive", expert.token).status == 200
    consume(lambdas, tap.read())
    assert search(api, world.learner, "vergaderingen") == []
    assert search(api, expert, "vergaderingen") == []  # archived: out of the library for everyone


def test_a_lesson_of_an_invite_only_community_is_found_only_by_its_readers(
    api: ApiClient,
    world: OrgWorld,
    expert: Person,
    resources: LocalResources,
    lambdas: Client,
    tap: StreamTap,
) -> None:
    created = api.post(
        "/v1/communities",
        world.manager.token,
        {"name": unique("Board"), "goal": "Decide together", "visibility": "invite_only"},
    )
    closed = created.json()["id"]
    title = {"nl": {"title": "Budgetoverleg voorbereiden", "summary": "Voor het bestuur"}}
    cards = [{"id": "why", "type": "content", "texts": {"nl": {"text": "Cijfers vooraf delen."}}}]
    lesson_id = draft(api, world.manager, world, community_id=closed, variants=title, cards=cards)
    publish(api, world.manager, lesson_id)
    consume(lambdas, tap.read())

    outsider = _person(resources, world.org_id, "learner")
    assert [h["id"] for h in search(api, world.manager, "budgetoverleg")] == [lesson_id]
    assert search(api, outsider, "budgetoverleg") == []
    assert search(api, expert, "budget", typing="true") == []
    assert search(api, outsider, "budgetoverleg", community_id=closed) == []

    invited = api.post(
        f"/v1/communities/{closed}/invitations", world.manager.token, {"user_id": outsider.user_id}
    )
    if invited.status in (200, 201):
        assert api.post(f"/v1/communities/{closed}/join", outsider.token).status == 200
        assert [h["id"] for h in search(api, outsider, "budgetoverleg")] == [lesson_id]
