"""Inside one organisation, each route lets in exactly whom its declaration names.

The sweep walks every declared route with every kind of person of the organisation (an outsider
to the community, a member, a muted member, the author and someone else, a moderator of another
community, a deactivated person and one just demoted, both still holding their old token) and
holds each outcome against the relation the route declares. A route without a declaration
cannot be registered at all.
"""

from __future__ import annotations

import pytest

import app as app_module
from chalicelib.api.framework import Api
from chalicelib.api.relations import Relation
from chalicelib.api.routing import all_operations
from local.emulator import LocalResources
from tests.support.stack import ApiClient, unique
from tests.support.trust import TrustWorld, build_trust_world, sweep_route
from tests.support.world import build_org

pytestmark = pytest.mark.usefixtures("direct_emulator")  # see tests/integration/conftest.py


@pytest.fixture(scope="module")
def world(resources: LocalResources) -> TrustWorld:
    return build_trust_world(resources)


def test_every_route_but_health_the_spec_and_the_client_config_declares_a_relation() -> None:
    assert app_module.app.routes  # the app is built
    undeclared = [op.operation_id for op in all_operations() if op.relation is None and not op.public]
    assert undeclared == []
    assert sorted(op.operation_id for op in all_operations() if op.public) == [
        "getClientConfig",
        "getHealth",
        "getOpenApi",
    ]


def test_a_route_without_a_relation_cannot_be_declared() -> None:
    api = Api(__name__, "test", registry=[])
    with pytest.raises(TypeError):
        api.route("/v1/x", "GET", operation_id="x", summary="x")  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="declare a relation"):
        api.route("/v1/x", "GET", operation_id="x", summary="x", relation=None)


def test_a_relation_that_does_not_fit_its_path_cannot_be_declared() -> None:
    api = Api(__name__, "test", registry=[])
    with pytest.raises(ValueError, match="community_id"):
        api.route("/v1/posts/{post_id}", "GET", operation_id="x", summary="x", relation=Relation.POST_AUTHOR)
    with pytest.raises(ValueError, match="names no other person"):
        api.route("/v1/users/{user_id}", "GET", operation_id="x", summary="x", relation=Relation.SELF)


@pytest.mark.parametrize(
    "operation", [op for op in all_operations() if not op.public], ids=lambda op: op.operation_id
)
def test_route_admits_exactly_whom_it_declares(api: ApiClient, world: TrustWorld, operation: object) -> None:
    assert sweep_route(api, operation, world) == []  # type: ignore[arg-type]


def test_a_comment_cannot_be_edited_through_another_communitys_path(
    api: ApiClient, resources: LocalResources
) -> None:
    """Muted where the comment is, the author tries the path of a community where they may still write."""
    org = build_org(resources, "nest")
    elsewhere = api.post("/v1/communities", org.manager.token, {"name": unique("elsewhere"), "goal": "x"})
    elsewhere_id = elsewhere.json()["id"]
    assert api.post(f"/v1/communities/{elsewhere_id}/join", org.learner.token).status == 200
    muted = api.post(
        f"/v1/communities/{org.community_id}/moderation/actions",
        org.manager.token,
        {"action": "mute", "target_kind": "member", "target_id": org.learner.user_id, "reason": "Cool down"},
    )
    assert muted.status in (200, 201), muted.body
    own_path = f"/v1/communities/{org.community_id}/posts/{org.post_id}/comments/{org.comment_id}"
    assert api.patch(own_path, org.learner.token, {"body": "Edited while muted"}).status == 403

    detour = f"/v1/communities/{elsewhere_id}/posts/{org.post_id}/comments/{org.comment_id}"
    for method, body in (("PATCH", {"body": "Edited through a detour"}), ("DELETE", None)):
        reply = api.call(method, detour, org.learner.token, body=body)
        assert reply.status == 404, reply.body
    thread = api.get(f"/v1/communities/{org.community_id}/posts/{org.post_id}/comments", org.manager.token)
    (comment,) = [c for c in thread.json()["items"] if c["id"] == org.comment_id]
    assert "detour" not in comment["body"]


def test_a_post_of_another_community_is_not_there_under_this_communitys_path(
    api: ApiClient, resources: LocalResources
) -> None:
    org = build_org(resources, "nest")
    elsewhere = api.post("/v1/communities", org.manager.token, {"name": unique("elsewhere"), "goal": "x"})
    elsewhere_id = elsewhere.json()["id"]
    api.post(f"/v1/communities/{elsewhere_id}/join", org.learner.token)
    detour = f"/v1/communities/{elsewhere_id}/posts/{org.post_id}"
    assert api.get(detour, org.learner.token).status == 404
    assert api.patch(detour, org.learner.token, {"body": "Edited through a detour"}).status == 404
    assert api.put(detour + "/reaction", org.learner.token, {"reaction": "like"}).status == 404
    assert api.get(f"/v1/communities/{org.community_id}/posts/{org.post_id}", org.learner.token).status == 200


def test_what_is_said_in_intervision_reaches_only_the_groups_current_members(
    api: ApiClient, world: TrustWorld
) -> None:
    """Admins and organisers, a member of another group and a former member read no case, question
    or action of the group on any route; a current member reads them all."""
    secrets = world.intervision.secrets
    session_path = world.path(
        next(op for op in all_operations() if op.operation_id == "getIntervisionSession")
    )
    member_sees = api.get(session_path, world.people["member"].token).body.decode()
    assert all(secret in member_sees for secret in secrets)
    reads = [op for op in all_operations() if op.method == "GET" and not op.public]
    for persona in ("admin", "manager", "outsider", "other_moderator"):
        for operation in reads:
            reply = api.get(world.path(operation), world.people[persona].token)
            leaked = [secret for secret in secrets if secret in reply.body.decode(errors="replace")]
            assert leaked == [], (persona, operation.operation_id)
