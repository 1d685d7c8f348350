"""The app's HTTP routes, registered from the route index; a route's module loads on its first request.

Chalice needs every path and method when the app is built, but not the code behind them. The
route index (chalicelib/api/route_index.py, generated from the route modules' own declarations
by `python -m tests.support.route_index`, checked by a unit test) names each route's method,
path, module and relation, so building the app imports neither the route modules nor pydantic
nor token code: the stream and media consumers and the jobs, which share app.py with the API,
pay for none of it, and the API imports a route's module (and builds its models) when that
route is first asked for.

A route module's own declaration stays the one that serves: the index only says where it is, and
a route whose module declares something else than the index (a stale index) is refused.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from chalice.app import Chalice, Response

from chalicelib.api.route_index import ROUTES, Route

if TYPE_CHECKING:
    from chalicelib.api.framework import Handler, Operation

JSON_CONTENT_TYPE = "application/json"


class KringChalice(Chalice):
    """Chalice, also served by a Lambda function URL: CloudFront reaches the API function through
    its URL (payload format 2.0), which chalicelib/api/function_url.py turns into the REST event
    Chalice serves. REST events (`chalice invoke`, Chalice's own tooling) are served as before.

    `lambda_entries`: the handler ("<module>.<function>") each non-HTTP function is deployed with
    instead of this app (chalicelib/entry); the local stack calls the same ones."""

    def __init__(self, app_name: str, lambda_entries: Mapping[str, str] | None = None) -> None:
        super().__init__(app_name=app_name)
        self.lambda_entries: dict[str, str] = dict(lambda_entries or {})

    def __call__(self, event: Any, context: Any) -> dict[str, Any]:
        if isinstance(event, dict) and event.get("version") == "2.0" and "rawPath" in event:
            from chalicelib.api.function_url import serve

            return serve(event, context, super().__call__, self.routes)
        return super().__call__(event, context)


def register_api(app: Chalice) -> None:
    """The HTTP middleware and every route of the index, each served by its module once loaded."""
    app.register_middleware(_http_middleware, "http")
    for route in ROUTES:
        app.route(
            route.path, methods=[route.method], content_types=[JSON_CONTENT_TYPE], name=route.operation_id
        )(_view(app, route))
    _add_preflight_routes(app)


def _http_middleware(event: Any, get_response: Callable[[Any], Response]) -> Response:
    from chalicelib.api.middleware import http_middleware

    return http_middleware(event, get_response)


def _add_preflight_routes(app: Chalice) -> None:
    """An OPTIONS route for every path the app serves (API Gateway needs a method to route to); CORS
    for the configured origins is decided in chalicelib/api/cors.py, loaded on the first preflight."""
    for number, (path, methods) in enumerate(list(app.routes.items())):
        if "OPTIONS" in methods:
            continue
        allowed = sorted(methods)

        def view(_allowed: list[str] = allowed, _path: str = path, **_: str) -> Response:
            from chalicelib.api.cors import preflight

            request = app.current_request
            return preflight(request.headers if request is not None else {}, _path, _allowed)

        app.route(path, methods=["OPTIONS"], name=f"preflight_{number}")(view)


def _view(app: Chalice, route: Route) -> Callable[..., Response]:
    def view(**path_params: str) -> Response:
        from chalicelib.api.framework import serve

        request = app.current_request
        if request is None:  # Chalice sets it before it calls a view
            raise RuntimeError("A route was called outside a request.")
        operation, handler = declared(route)
        return serve(request, operation, handler, path_params)

    view.__name__ = route.operation_id
    return view


@cache
def declared(route: Route) -> tuple[Operation, Handler]:
    """The route's contract and handler, as its module declares them (imported on first use)."""
    importlib.import_module(route.module)
    from chalicelib.api.framework import HANDLERS, OPERATIONS

    handler = HANDLERS.get(route.operation_id)
    operation = next((op for op in OPERATIONS if op.operation_id == route.operation_id), None)
    if operation is None or handler is None or route_of(operation, handler) != route:
        raise RuntimeError(
            f"The route index is stale for {route.operation_id}: run python -m tests.support.route_index"
        )
    return operation, handler


def route_of(operation: Operation, handler: Handler) -> Route:
    """The index entry a declared route should have."""
    return Route(
        method=operation.method,
        path=operation.path,
        operation_id=operation.operation_id,
        module=handler.__module__,
        function=handler.__name__,
        relation=None if operation.relation is None else operation.relation.value,
    )


def all_operations() -> list[Operation]:
    """Every route's contract, in index order; imports every route module (the OpenAPI document,
    the security page and the sweeps need them all)."""
    return [declared(route)[0] for route in ROUTES]
