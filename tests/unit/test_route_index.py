"""The app finds each route through the route index, and the index says what the route modules declare."""

from __future__ import annotations

import pytest

import app as app_module
from chalicelib.api.route_index import ROUTES, Route
from chalicelib.api.routing import all_operations, declared
from tests.support.route_index import INDEX, declared_routes, render


def test_the_index_is_what_the_route_modules_declare() -> None:
    assert INDEX.read_text() == render(declared_routes()), "run: python -m tests.support.route_index"


def test_the_app_serves_exactly_the_routes_of_the_index() -> None:
    registered = {
        (method, path)
        for path, methods in app_module.app.routes.items()
        for method in methods
        if method != "OPTIONS"  # the CORS preflight every path has (chalicelib/api/cors.py)
    }
    assert registered == {(route.method, route.path) for route in ROUTES}
    assert len(ROUTES) == len(registered)  # no path and method twice


def test_every_path_of_the_index_answers_a_preflight() -> None:
    preflighted = {path for path, methods in app_module.app.routes.items() if "OPTIONS" in methods}
    assert preflighted == {route.path for route in ROUTES}


def test_every_route_of_the_index_has_its_declared_relation() -> None:
    for route, operation in zip(ROUTES, all_operations(), strict=True):
        assert operation.operation_id == route.operation_id
        assert (operation.relation.value if operation.relation else None) == route.relation


def test_a_route_whose_module_declares_another_relation_is_refused() -> None:
    """A stale index (a relation changed without regenerating it) fails closed instead of serving."""
    me = next(route for route in ROUTES if route.operation_id == "getMyProfile")
    stale = me._replace(relation="org_admin")
    with pytest.raises(RuntimeError, match="stale"):
        declared(stale)


def test_a_route_the_index_names_but_no_module_declares_is_refused() -> None:
    ghost = Route("GET", "/v1/me/ghost", "getGhost", "chalicelib.api.me", "get_ghost", "self")
    with pytest.raises(RuntimeError, match="stale"):
        declared(ghost)
