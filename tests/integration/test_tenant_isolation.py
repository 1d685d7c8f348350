"""Tenancy is absolute: no route lets anyone in without a valid token of the right organisation.

Every route the app declares is walked automatically; a route added later is covered too.
"""

from __future__ import annotations

import pytest

import app as app_module
from chalicelib.api.routing import all_operations
from tests.support.isolation import check_route, undeclared_routes
from tests.support.stack import ApiClient
from tests.support.world import OrgWorld

pytestmark = pytest.mark.usefixtures("direct_emulator")  # see tests/integration/conftest.py


def test_every_route_of_the_app_is_declared_with_its_contract() -> None:
    assert undeclared_routes(app_module.app, all_operations()) == []


def test_only_health_the_openapi_document_and_the_client_config_are_public() -> None:
    public = sorted(op.path for op in all_operations() if op.public)
    assert public == ["/v1/client-config", "/v1/health", "/v1/openapi.json"]


def test_every_admin_route_needs_the_org_admin_role() -> None:
    for op in all_operations():
        if op.path.startswith("/v1/admin"):
            assert {role.value for role in op.roles} == {"org_admin"}, op.path


@pytest.mark.parametrize(
    "operation", [op for op in all_operations() if not op.public], ids=lambda op: op.operation_id
)
def test_route_keeps_other_organisations_out(
    api: ApiClient, org_a: OrgWorld, org_b: OrgWorld, operation: object
) -> None:
    violations = check_route(api, operation, victim=org_a, intruder=org_b)  # type: ignore[arg-type]
    assert violations == []
