"""The API behind a Lambda function URL: payload format 2.0 in, Chalice's REST (1.0) event out, and back.

CloudFront sends `/v1/*` to the API function's URL (infra/parts/web.py); the URL hands the function
a 2.0 event and wants a 2.0 response, while Chalice serves the REST events API Gateway used to make.
This module turns one into the other. The route that serves a path comes from the paths the app
registered (from the route index, chalicelib/api/route_index.py) and, as API Gateway did, fills
`resourcePath` and `pathParameters`. What API Gateway answered on its own before the app ran,
the app answers here:
an unknown path is a 404 problem; a known path with a method it lacks reaches Chalice, whose 405
the HTTP middleware turns into a problem with `Allow`.

Loaded by the API function on its first request: the standard library and the kernel's errors only.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import parse_qsl, unquote

from chalicelib.errors import PROBLEM_CONTENT_TYPE, NotFound

Event = dict[str, Any]
# Chalice's handler for a REST event: Chalice.__call__ as the class defines it.
RestHandler = Callable[[Event, Any], dict[str, Any]]
# Longer than any route of the index; a longer path is no route's, and is not matched segment by segment.
MAX_PATH_CHARS = 2048
_DOT_SEGMENTS = frozenset({".", ".."})


@dataclass(frozen=True)
class Template:
    """One route path, split into segments: literal text, `{name}` or a greedy last `{name+}`."""

    path: str
    segments: tuple[str, ...]

    @property
    def literal_count(self) -> int:
        return sum(1 for segment in self.segments if not segment.startswith("{"))

    @property
    def greedy(self) -> bool:
        return bool(self.segments) and self.segments[-1].endswith("+}")


@dataclass(frozen=True)
class Match:
    resource_path: str
    path_parameters: dict[str, str] | None


@cache
def templates(paths: tuple[str, ...]) -> tuple[Template, ...]:
    """The distinct route paths, most literal first: `/v1/me/start` wins over `/v1/me/{thing}`, as in
    API Gateway, and a greedy path is tried only after every exact one."""
    unique = {path: Template(path, tuple(s for s in path.split("/") if s)) for path in paths}
    return tuple(sorted(unique.values(), key=lambda t: (t.greedy, -t.literal_count, t.path)))


def match_path(raw_path: str, index: Sequence[Template]) -> Match | None:
    """The route that serves `raw_path` (as the client sent it, percent-encoded), with its decoded
    parameters; None when no route does. A trailing slash names the same resource (API Gateway);
    an empty, `.` or `..` segment (encoded or not) is no route's."""
    if len(raw_path) > MAX_PATH_CHARS or not raw_path.startswith("/"):
        return None
    path = raw_path[:-1] if raw_path.endswith("/") and raw_path != "/" else raw_path
    raw_segments = path.split("/")[1:]
    try:
        segments = [unquote(segment, errors="strict") for segment in raw_segments]
    except UnicodeDecodeError:
        return None
    if any(segment == "" or segment in _DOT_SEGMENTS for segment in segments):
        return None
    for template in index:
        parameters = _bind(template, segments)
        if parameters is not None:
            return Match(template.path, parameters or None)
    return None


def _bind(template: Template, segments: list[str]) -> dict[str, str] | None:
    wanted = template.segments
    if len(segments) < len(wanted) or (len(segments) > len(wanted) and not template.greedy):
        return None
    parameters: dict[str, str] = {}
    for position, expected in enumerate(wanted):
        if expected.endswith("+}"):
            parameters[expected[1:-2]] = "/".join(segments[position:])
            return parameters
        if expected.startswith("{"):
            parameters[expected[1:-1]] = segments[position]
        elif expected != segments[position]:
            return None
    return parameters


def rest_event(event: Event, match: Match) -> Event:
    """The REST (1.0) event API Gateway would have sent for the function URL's request."""
    context = event.get("requestContext") or {}
    http = context.get("http") or {}
    method = str(http.get("method", "GET")).upper()
    raw_path = str(event.get("rawPath", "/"))
    headers = {str(k).lower(): str(v) for k, v in (event.get("headers") or {}).items()}
    cookies = [str(cookie) for cookie in event.get("cookies") or []]
    if cookies:  # the 2.0 format moves them out of the header
        headers["cookie"] = "; ".join(cookies)
    query = _multi_value_query(str(event.get("rawQueryString") or ""))
    return {
        "resource": match.resource_path,
        "path": raw_path,
        "httpMethod": method,
        "headers": headers,
        "multiValueHeaders": {name: [value] for name, value in headers.items()},
        "queryStringParameters": {k: v[-1] for k, v in query.items()} if query else None,
        "multiValueQueryStringParameters": query or None,
        "pathParameters": match.path_parameters,
        "stageVariables": None,
        "body": event.get("body"),
        "isBase64Encoded": bool(event.get("isBase64Encoded", False)),
        "requestContext": {
            "resourcePath": match.resource_path,
            "httpMethod": method,
            "path": raw_path,
            "stage": str(context.get("stage", "$default")),
            "requestId": str(context.get("requestId", "")),
            "requestTimeEpoch": context.get("timeEpoch"),
            "domainName": context.get("domainName"),
            "accountId": context.get("accountId"),
            "apiId": context.get("apiId"),
            "protocol": http.get("protocol"),
            "identity": {"sourceIp": http.get("sourceIp"), "userAgent": http.get("userAgent")},
        },
    }


def _multi_value_query(raw: str) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for name, value in parse_qsl(raw, keep_blank_values=True):
        values.setdefault(name, []).append(value)
    return values


def url_response(response: Mapping[str, Any]) -> dict[str, Any]:
    """Chalice's REST response as a function URL's (2.0): multi-value headers joined with commas,
    except Set-Cookie, which goes into `cookies` (one entry a cookie, as browsers need them)."""
    headers: dict[str, str] = {}
    cookies: list[str] = []
    merged: list[tuple[str, Any]] = [
        *((name, [value]) for name, value in (response.get("headers") or {}).items()),
        *(response.get("multiValueHeaders") or {}).items(),
    ]
    for name, values in merged:
        if name.lower() == "set-cookie":
            cookies.extend(str(value) for value in values)
            continue
        joined = ", ".join(str(value) for value in values)
        headers[name] = f"{headers[name]}, {joined}" if name in headers else joined
    if not any(name.lower() == "content-type" for name in headers):
        headers["Content-Type"] = "application/json"  # what API Gateway said of Chalice's JSON bodies
    answer: dict[str, Any] = {
        "statusCode": int(response.get("statusCode", 200)),
        "headers": headers,
        "body": response.get("body") or "",
        "isBase64Encoded": bool(response.get("isBase64Encoded", False)),
    }
    if cookies:
        answer["cookies"] = cookies
    return answer


def not_found(raw_path: str, request_id: str) -> dict[str, Any]:
    """What an unknown path gets (API Gateway's gateway response did this before): a 404 problem."""
    problem = NotFound("There is no such route.").to_problem(raw_path[:MAX_PATH_CHARS] or "/")
    problem["request_id"] = request_id
    return {
        "statusCode": 404,
        "headers": {"Content-Type": PROBLEM_CONTENT_TYPE, "Cache-Control": "no-store"},
        "body": json.dumps(problem),
        "isBase64Encoded": False,
    }


def serve(event: Event, context: Any, handler: RestHandler, paths: Iterable[str]) -> dict[str, Any]:
    """Serve a function URL's request with Chalice's REST handler for an app with these route paths."""
    raw_path = str(event.get("rawPath", "/"))
    match = match_path(raw_path, templates(tuple(paths)))
    if match is None:
        request_id = str((event.get("requestContext") or {}).get("requestId", ""))
        return not_found(raw_path, request_id)
    return url_response(handler(rest_event(event, match), context))
