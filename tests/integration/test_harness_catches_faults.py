"""The quality harness must catch real faults: each check is shown failing on a planted one."""

from __future__ import annotations

from chalice import Chalice
from chalice.test import Client

from chalicelib.api.framework import Api, ApiRequest, Operation
from chalicelib.api.members import Member
from chalicelib.api.middleware import http_middleware
from chalicelib.api.relations import Relation
from chalicelib.errors import Forbidden
from chalicelib.ids import utc_now
from chalicelib.store import users
from chalicelib.store.models import UserItem
from local.recorder import RECORDER
from tests.support.isolation import check_all, undeclared_routes
from tests.support.scan_guard import scans_since
from tests.support.stack import ApiClient
from tests.support.world import OrgWorld


def _planted_app(api: Api) -> Chalice:
    app = Chalice(app_name="planted")
    app.experimental_feature_flags.update({"BLUEPRINTS"})
    app.register_middleware(http_middleware, "http")
    app.register_blueprint(api.blueprint)
    return app


def test_the_isolation_check_reports_a_route_that_takes_the_organisation_from_the_client(
    resources: object, org_a: OrgWorld, org_b: OrgWorld
) -> None:
    planted: list[Operation] = []
    api = Api(__name__, tag="planted", registry=planted)

    @api.route(
        "/v1/planted/{org_id}/members/{user_id}",
        "GET",
        operation_id="leaky",
        summary="x",
        relation=Relation.ORG_MEMBER,
        response=Member,
    )
    def leaky_get_member(request: ApiRequest) -> Member:
        # The planted fault: the organisation comes from the path instead of the token.
        return Member.of(users.require_member(request.path_params["org_id"], request.path_params["user_id"]))

    with Client(_planted_app(api)) as client:
        violations = check_all(ApiClient(client), planted, victim=org_a, intruder=org_b)

    assert any(v.case == "other organisation's token" and "leaked" in v.detail for v in violations)


def test_the_isolation_check_reports_a_refused_request_that_changed_the_organisation(
    resources: object, org_a: OrgWorld, org_b: OrgWorld
) -> None:
    planted: list[Operation] = []
    api = Api(__name__, tag="planted", registry=planted)

    @api.route(
        "/v1/planted/{org_id}/members/{user_id}/touch",
        "POST",
        operation_id="touchy",
        summary="x",
        relation=Relation.ORG_MEMBER,
        status=204,
    )
    def touch_member(request: ApiRequest) -> None:
        # The planted fault: the organisation in the path is written to, then the caller is refused.
        member = users.require_member(request.path_params["org_id"], request.path_params["user_id"])
        member.update(actions=[UserItem.updated_at.set(utc_now())])
        raise Forbidden("Not yours.")

    with Client(_planted_app(api)) as client:
        violations = check_all(ApiClient(client), planted, victim=org_a, intruder=org_b)

    changed = [v for v in violations if "changed the victim's data" in v.detail]
    assert changed and org_a.learner.user_id in changed[0].detail, violations


def test_the_contract_check_reports_a_route_registered_around_the_framework() -> None:
    api = Api(__name__, tag="planted", registry=[])
    app = _planted_app(api)

    @app.route("/v1/planted/raw")
    def raw_route() -> dict[str, str]:
        return {"no": "authentication"}

    assert undeclared_routes(app, api.registry) == ["GET /v1/planted/raw"]


def test_the_scan_guard_reports_a_scan_made_while_serving_a_request(resources: object) -> None:
    start = len(RECORDER.calls)
    with RECORDER.recording("GET /v1/planted/scan"):
        list(UserItem.scan(limit=1))

    assert scans_since(start) == ["GET /v1/planted/scan"]
    del RECORDER.calls[start:]  # the planted Scan must not fail this test through the autouse guard
