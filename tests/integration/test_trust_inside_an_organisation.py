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
from chalicelib.api.framework import OPERATIONS, Api
from chalicelib.api.relations import Relation
from local.emulator import LocalResources
from tests.support.stack import ApiClient
from tests.support.trust import TrustWorld, build_trust_world, sweep_route


@pytest.fixture(scope="module")
def world(resources: LocalResources) -> TrustWorld:
    return build_trust_world(resources)


def test_every_route_but_health_and_the_spec_declares_a_relation() -> None:
    assert app_module.app.routes  # the app is built
    undeclared = [op.operation_id for op in OPERATIONS if op.relation is None and not op.public]
    assert undeclared == []
    assert sorted(op.operation_id for op in OPERATIONS if op.public) == ["getHealth", "getOpenApi"]


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
    "operation", [op for op in OPERATIONS if not op.public], ids=lambda op: op.operation_id
)
def test_route_admits_exactly_whom_it_declares(api: ApiClient, world: TrustWorld, operation: object) -> None:
    assert sweep_route(api, operation, world) == []  # type: ignore[arg-type]
