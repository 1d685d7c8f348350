""" "For you", as a learner sees it: content recommended by transparent rules, each with its reason
(what my team completed, new content from people I follow, the skills of my communities), my
refreshers due; never what I may not read, never what I completed, once each, strongest first."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.communities import membership
from chalicelib.communities import use_cases as communities
from chalicelib.communities.use_cases import NewCommunity
from chalicelib.teams import use_cases as teams
from local.emulator import LocalResources
from tests.integration.test_lessons import lesson_body, published_lesson
from tests.support.stack import ApiClient, start_test_stack, unique
from tests.support.streams import StreamDrain
from tests.support.world import OrgWorld, Person, _person, build_org

pytestmark = pytest.mark.usefixtures("direct_emulator")  # see tests/integration/conftest.py


@pytest.fixture(scope="module")
def world(resources: LocalResources) -> OrgWorld:
    start_test_stack()
    return build_org(resources, "foryou")


@pytest.fixture(scope="module")
def expert(resources: LocalResources, world: OrgWorld) -> Person:
    return _person(resources, world.org_id, "mentor")


def for_you(api: ApiClient, person: Person, language: str = "en") -> dict[str, Any]:
    reply = api.get(f"/v1/me/for-you?language={language}", person.token)
    assert reply.status == 200, reply.body
    found: dict[str, Any] = reply.json()
    return found


def reasons_by_id(found: dict[str, Any]) -> dict[str, list[str]]:
    return {item["content"]["content_id"]: [r["kind"] for r in item["reasons"]] for item in found["items"]}


def complete(api: ApiClient, learner: Person, lesson_id: str) -> None:
    path = f"/v1/lessons/{lesson_id}"
    for card, answer in (
        ("ask", {"option_ids": ["a"]}),
        ("think", {"text": "Agenda first."}),
        ("vote", {"option_id": "a"}),
        ("recall", {"knew": True}),
    ):
        assert api.post(f"{path}/cards/{card}/answer", learner.token, answer).status == 200
    assert api.post(f"{path}/complete", learner.token, {}).status == 200


def colleague_of(resources: LocalResources, world: OrgWorld, team_id: str) -> Person:
    person = _person(resources, world.org_id, "learner")
    teams.put_member_in_team(world.admin.principal(world.org_id), team_id, person.user_id)
    return person


def test_a_lesson_my_colleague_completed_is_recommended_with_their_name(
    api: ApiClient, resources: LocalResources, world: OrgWorld, expert: Person, drain_stream: StreamDrain
) -> None:
    lesson_id = published_lesson(api, expert, world.question_id, skill_tags=["onboarding"])
    colleague = colleague_of(resources, world, world.team_id)
    complete(api, colleague, lesson_id)
    drain_stream()
    drain_stream()  # a replayed completion counts once

    [item] = [i for i in for_you(api, world.learner)["items"] if i["content"]["content_id"] == lesson_id]
    assert item["content"]["title"] == "Plan a meeting"  # in the language asked for
    assert item["reasons"] == [
        {"kind": "team_completed", "people": ["learner of " + world.org_id], "skills": [], "communities": []}
    ]
    # The colleague completed it: it is not recommended to them.
    assert lesson_id not in reasons_by_id(for_you(api, colleague))


def test_completions_in_another_team_do_not_count(
    api: ApiClient, resources: LocalResources, world: OrgWorld, expert: Person, drain_stream: StreamDrain
) -> None:
    lesson_id = published_lesson(api, expert, world.question_id, skill_tags=["bookkeeping"])
    other_team = teams.create_team(world.admin.principal(world.org_id), unique("sales"), "Another team")
    stranger = colleague_of(resources, world, other_team.team_id)
    complete(api, stranger, lesson_id)
    drain_stream()
    assert lesson_id not in reasons_by_id(for_you(api, world.learner))
    # Their own team sees it.
    teammate = colleague_of(resources, world, other_team.team_id)
    assert reasons_by_id(for_you(api, teammate))[lesson_id] == ["team_completed"]


def test_new_content_from_people_i_follow_and_skills_of_my_communities(
    api: ApiClient, resources: LocalResources, world: OrgWorld, drain_stream: StreamDrain
) -> None:
    author = _person(resources, world.org_id, "mentor")
    learner = _person(resources, world.org_id, "learner")
    membership.join(learner.principal(world.org_id), world.community_id)  # its skill: digital
    followed = api.put(f"/v1/members/{author.user_id}/follow", learner.token)
    assert followed.status == 200, followed.body
    assert followed.json()["display_name"] == "mentor of " + world.org_id
    assert api.put(f"/v1/members/{author.user_id}/follow", learner.token).status == 200  # again: the same
    people = api.get("/v1/me/following", learner.token).json()["items"]
    assert [p["user_id"] for p in people] == [author.user_id]

    by_followed = published_lesson(api, author, world.question_id, skill_tags=["cooking"])
    on_skill = published_lesson(api, world.manager, world.question_id, skill_tags=["Digital", "cooking"])
    both = published_lesson(api, author, world.question_id, skill_tags=["digital"])
    draft = api.post("/v1/lessons", author.token, lesson_body(world.question_id, skill_tags=["digital"]))
    assert draft.status == 201

    found = for_you(api, learner)
    reasons = reasons_by_id(found)
    assert reasons[by_followed] == ["followed_author"]
    assert reasons[on_skill] == ["community_skill"]
    assert reasons[both] == ["followed_author", "community_skill"]  # once, the strongest reason first
    assert draft.json()["id"] not in reasons  # a draft is never recommended
    skill = next(i for i in found["items"] if i["content"]["content_id"] == on_skill)["reasons"][0]
    assert skill["skills"] == ["digital"] and len(skill["communities"]) == 1
    ids = [item["content"]["content_id"] for item in found["items"]]
    assert ids.index(both) < ids.index(on_skill) and ids.index(by_followed) < ids.index(on_skill)
    assert for_you(api, learner) == found  # a stable order

    # What I wrote is not recommended to me; what I complete disappears; unfollowing drops the reason.
    membership.join(author.principal(world.org_id), world.community_id)  # the skill is theirs too
    assert both not in reasons_by_id(for_you(api, author))
    complete(api, learner, on_skill)
    assert on_skill not in reasons_by_id(for_you(api, learner))
    assert api.call("DELETE", f"/v1/members/{author.user_id}/follow", learner.token).status == 204
    assert api.get("/v1/me/following", learner.token).json()["items"] == []
    reasons = reasons_by_id(for_you(api, learner))
    assert by_followed not in reasons and reasons[both] == ["community_skill"]


def test_a_closed_communitys_lesson_never_appears_to_who_is_not_in_it(
    api: ApiClient, resources: LocalResources, world: OrgWorld, drain_stream: StreamDrain
) -> None:
    manager = world.manager.principal(world.org_id)
    closed = communities.create_community(
        manager, NewCommunity(unique("board"), "The board", "Decide", ["digital"], "invite_only")
    )
    insider = colleague_of(resources, world, world.team_id)  # in the learner's team, and in the board
    membership.invite(manager, closed.community_id, insider.user_id)
    membership.join(insider.principal(world.org_id), closed.community_id)
    assert api.put(f"/v1/members/{world.manager.user_id}/follow", world.learner.token).status == 200
    secret = published_lesson(
        api, world.manager, world.question_id, community_id=closed.community_id, skill_tags=["digital"]
    )
    complete(api, insider, secret)
    drain_stream()

    assert secret in reasons_by_id(for_you(api, _member_of(api, resources, world, closed.community_id)))
    # Followed author, a colleague completed it, a skill of my community: still never shown to me.
    assert secret not in reasons_by_id(for_you(api, world.learner))
    unfollowed = api.call("DELETE", f"/v1/members/{world.manager.user_id}/follow", world.learner.token)
    assert unfollowed.status == 204


def _member_of(api: ApiClient, resources: LocalResources, world: OrgWorld, community_id: str) -> Person:
    manager = world.manager.principal(world.org_id)
    member = _person(resources, world.org_id, "learner")
    membership.invite(manager, community_id, member.user_id)
    membership.join(member.principal(world.org_id), community_id)
    return member


def test_another_organisation_never_appears_and_its_people_cannot_be_followed(
    api: ApiClient, resources: LocalResources, world: OrgWorld
) -> None:
    other = build_org(resources, "foryou-other")
    theirs = published_lesson(api, other.manager, other.question_id, skill_tags=["digital"])
    assert theirs not in reasons_by_id(for_you(api, world.learner))
    assert api.put(f"/v1/members/{other.manager.user_id}/follow", world.learner.token).status == 404
    assert api.put(f"/v1/members/{world.learner.user_id}/follow", world.learner.token).status == 422  # myself
    assert api.put("/v1/members/nobody/follow", world.learner.token).status == 404
    assert (
        api.call("DELETE", f"/v1/members/{other.manager.user_id}/follow", world.learner.token).status == 404
    )
    assert api.get("/v1/me/for-you?language=de", world.learner.token).status == 400  # a bad query


def test_my_refreshers_due_are_counted_as_the_session_counts_them(api: ApiClient, world: OrgWorld) -> None:
    due = api.get("/v1/me/refreshers/due", world.learner.token)
    assert due.status == 200, due.body
    assert for_you(api, world.learner)["refreshers_due"] == due.json()["due"]
