"""CORS for the configured extra origins (KRING_CORS_ORIGINS): native app shells, other front ends.

The web app is served from the API's own origin and needs none, so by default no response carries
CORS headers and every preflight is refused. A preflight is answered by the function (not by API
Gateway's mock integration, which allows one fixed origin): every path gets an OPTIONS route,
registered with the routes by chalicelib/api/routing.py.
"""

from __future__ import annotations

from collections.abc import Mapping

from chalice.app import Response

from chalicelib import bootstrap
from chalicelib.api.problems import problem_response
from chalicelib.definitions import CORS_ALLOWED_HEADERS, CORS_EXPOSED_HEADERS, CORS_MAX_AGE_SECONDS
from chalicelib.errors import Forbidden


class OriginNotAllowed(Forbidden):
    slug = "origin-not-allowed"
    title = "This origin may not call the API from a browser"


def allowed_origin(headers: Mapping[str, str]) -> str | None:
    """The request's Origin when it is one of the configured ones."""
    origin = headers.get("origin")
    if origin and origin in bootstrap.ready().cors_origins:
        return origin
    return None


def cors_headers(origin: str) -> dict[str, str | list[str]]:
    """What a response to an allowed origin carries (bearer tokens, never cookies: no credentials)."""
    return {
        "Access-Control-Allow-Origin": origin,
        "Access-Control-Expose-Headers": ", ".join(CORS_EXPOSED_HEADERS),
        "Vary": "Origin",
    }


def preflight(headers: Mapping[str, str], path: str, methods: list[str]) -> Response:
    origin = allowed_origin(headers)
    if origin is None:
        return problem_response(OriginNotAllowed("Ask the operator to add it to KRING_CORS_ORIGINS."), path)
    return Response(
        body="",
        status_code=204,
        headers={
            **cors_headers(origin),
            "Access-Control-Allow-Methods": ", ".join(sorted(methods)),
            "Access-Control-Allow-Headers": ", ".join(CORS_ALLOWED_HEADERS),
            "Access-Control-Max-Age": str(CORS_MAX_AGE_SECONDS),
            "Content-Type": "text/plain",
        },
    )
