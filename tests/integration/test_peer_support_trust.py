"""Peer support against a hostile colleague: what someone who was let in once, or never, still
gets out of questions and answers, pairs, intervision groups and workshops."""

from __future__ import annotations

import pytest

from chalicelib.communities import membership
from chalicelib.communities import use_cases as communities
from chalicelib.communities.use_cases import NewCommunity
from local.emulator import LocalResources
from tests.support.stack import ApiClient, start_test_stack, unique
from tests.support.streams import StreamDrain
from tests.support.world import Person, _person


class World:
    def __init__(self, resources: LocalResources) -> None:
        self.org_id = unique("peer")
        self.admin = _person(resources, self.org_id, "org_admin", admin=True)
        self.manager = _person(resources, self.org_id, "community_manager")
        self.mentor = _person(resources, self.org_id, "mentor")
        self.learner = _person(resources, self.org_id, "learner")
        community = communities.create_community(
            self.manager.principal(self.org_id),
            NewCommunity(unique("closed"), "By invitation", "Learn", ["digital"], "invite_only"),
        )
        self.community_id = community.community_id
        for person in (self.mentor, self.learner):
            membership.invite(self.manager.principal(self.org_id), self.community_id, person.user_id)
            membership.join(person.principal(self.org_id), self.community_id)


@pytest.fixture(scope="module")
def world(resources: LocalResources) -> World:
    start_test_stack()
    return World(resources)


def in_routed(api: ApiClient, person: Person) -> list[str]:
    reply = api.get("/v1/me/routed-questions", person.token)
    assert reply.status == 200, reply.body
    return [r["question"]["id"] for r in reply.json()["items"]]


def test_an_expert_who_left_a_closed_community_no_longer_reads_its_questions_sent_to_them(
    api: ApiClient, world: World, drain_stream: StreamDrain
) -> None:
    skill = unique("payroll").lower()
    assert api.put("/v1/me/expertise", world.mentor.token, {"skills": [skill]}).status == 200
    body = unique("Why was my salary paid late") + "?"
    asked = api.post(
        f"/v1/communities/{world.community_id}/questions",
        world.learner.token,
        {"body": body, "skill_tags": [skill]},
    )
    assert asked.status == 201, asked.body
    drain_stream()
    assert asked.json()["id"] in in_routed(api, world.mentor)

    membership.leave(world.mentor.principal(world.org_id), world.community_id)
    # The question as it is now (edits included) is only for those who may read the community.
    reply = api.get("/v1/me/routed-questions", world.mentor.token)
    assert asked.json()["id"] not in in_routed(api, world.mentor)
    assert body.encode() not in reply.body
