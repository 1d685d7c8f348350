"""The API behind a Lambda function URL: a 2.0 request reaches the route API Gateway would have picked,
with the REST event Chalice serves, and Chalice's answer goes back in the 2.0 format."""

from __future__ import annotations

import base64
import json
from typing import Any

from chalicelib.api.function_url import (
    MAX_PATH_CHARS,
    match_path,
    rest_event,
    serve,
    templates,
    url_response,
)
from chalicelib.api.route_index import ROUTES

INDEX = templates(
    (
        "/v1/me",
        "/v1/me/start",
        "/v1/posts/{post_id}",
        "/v1/posts/{post_id}/comments/{comment_id}",
        "/v1/communities/{community_id}/posts",
        "/v1/files/{key+}",
    )
)
APP_PATHS = tuple(template.path for template in INDEX)


def url_event(
    path: str = "/v1/me",
    method: str = "GET",
    query: str = "",
    body: str | None = None,
    *,
    base64_body: bool = False,
    headers: dict[str, str] | None = None,
    cookies: list[str] | None = None,
) -> dict[str, Any]:
    """A request as a Lambda function URL delivers it (payload format 2.0)."""
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": query,
        "headers": {"host": "abc.lambda-url.eu-west-1.on.aws", **(headers or {})},
        "requestContext": {
            "accountId": "anonymous",
            "apiId": "abc",
            "domainName": "abc.lambda-url.eu-west-1.on.aws",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "198.51.100.7",
                "userAgent": "kring-test",
            },
            "requestId": "req-1",
            "routeKey": "$default",
            "stage": "$default",
            "timeEpoch": 1_765_000_000_000,
        },
        "isBase64Encoded": base64_body,
    }
    if body is not None:
        event["body"] = body
    if cookies is not None:
        event["cookies"] = cookies
    return event


class Recorder:
    """Chalice's REST handler as the adapter sees it: remembers the event, answers what it is told."""

    def __init__(self, response: dict[str, Any] | None = None) -> None:
        self.events: list[dict[str, Any]] = []
        self.response = response or {"statusCode": 200, "headers": {}, "multiValueHeaders": {}, "body": "{}"}

    def __call__(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        self.events.append(event)
        return self.response


def test_a_literal_route_wins_over_a_parameter_and_parameters_are_named() -> None:
    assert match_path("/v1/me/start", INDEX).resource_path == "/v1/me/start"  # type: ignore[union-attr]
    nested = match_path("/v1/posts/p1/comments/c9", INDEX)
    assert nested is not None
    assert nested.resource_path == "/v1/posts/{post_id}/comments/{comment_id}"
    assert nested.path_parameters == {"post_id": "p1", "comment_id": "c9"}
    assert match_path("/v1/me", INDEX).path_parameters is None  # type: ignore[union-attr]


def test_a_greedy_parameter_takes_the_rest_of_the_path() -> None:
    match = match_path("/v1/files/orgs/o1/photo.jpg", INDEX)
    assert match is not None and match.path_parameters == {"key": "orgs/o1/photo.jpg"}
    assert match_path("/v1/files", INDEX) is None


def test_a_trailing_slash_names_the_same_resource_but_an_empty_segment_names_none() -> None:
    assert match_path("/v1/posts/p1/", INDEX).resource_path == "/v1/posts/{post_id}"  # type: ignore[union-attr]
    assert match_path("/v1//posts/p1", INDEX) is None
    assert match_path("/v1/posts/p1//", INDEX) is None


def test_encoded_segments_are_decoded_into_parameters_and_never_split_the_path() -> None:
    match = match_path("/v1/posts/a%20b%2Fc", INDEX)
    assert match is not None and match.path_parameters == {"post_id": "a b/c"}
    assert match_path("/v1/posts/%ff", INDEX) is None  # not UTF-8


def test_a_path_that_climbs_with_dot_segments_reaches_no_route() -> None:
    for hostile in (
        "/v1/posts/..",
        "/v1/posts/%2e%2e",
        "/v1/posts/%2E",
        "/v1/communities/../me",
        "/v1/files/orgs/../../secrets",
    ):
        assert match_path(hostile, INDEX) is None, hostile


def test_unknown_and_odd_paths_reach_no_route() -> None:
    for odd in ("", "v1/me", "/", "/v1", "/v2/me", "/v1/me/start/now", "/" + "a" * (MAX_PATH_CHARS + 1)):
        assert match_path(odd, INDEX) is None, odd[:40]


def test_every_route_of_the_index_is_reached_by_its_own_path() -> None:
    for route in ROUTES:
        concrete = route.path.replace("{", "x-").replace("}", "")
        match = match_path(concrete, templates(tuple(r.path for r in ROUTES)))
        assert match is not None, route.path
        # A literal sibling may win (`/v1/me/start` over `/v1/me/{x}`): then it is that route's path.
        assert match.resource_path in {r.path for r in ROUTES}


def test_query_strings_keep_every_value_in_order_and_blank_ones() -> None:
    event = rest_event(url_event(query="tag=a&tag=b%20c&empty=&limit=20"), match_path("/v1/me", INDEX))  # type: ignore[arg-type]
    assert event["multiValueQueryStringParameters"] == {"tag": ["a", "b c"], "empty": [""], "limit": ["20"]}
    assert event["queryStringParameters"] == {"tag": "b c", "empty": "", "limit": "20"}
    assert rest_event(url_event(), match_path("/v1/me", INDEX))["multiValueQueryStringParameters"] is None  # type: ignore[arg-type]


def test_the_rest_event_carries_method_headers_cookies_body_and_request_context() -> None:
    payload = base64.b64encode(b'{"text": "h\xc3\xa9"}').decode()
    event = rest_event(
        url_event(
            "/v1/posts/p1/",
            "PATCH",
            body=payload,
            base64_body=True,
            headers={"Authorization": "Bearer t", "content-type": "application/json"},
            cookies=["a=1", "b=2"],
        ),
        match_path("/v1/posts/p1/", INDEX),  # type: ignore[arg-type]
    )
    assert event["httpMethod"] == event["requestContext"]["httpMethod"] == "PATCH"
    assert event["requestContext"]["resourcePath"] == "/v1/posts/{post_id}"
    assert event["requestContext"]["path"] == "/v1/posts/p1/"
    assert event["pathParameters"] == {"post_id": "p1"}
    assert event["headers"]["authorization"] == "Bearer t"
    assert event["headers"]["cookie"] == "a=1; b=2"
    assert event["isBase64Encoded"] is True and base64.b64decode(event["body"]) == '{"text": "hé"}'.encode()
    assert event["requestContext"]["requestId"] == "req-1"
    assert event["requestContext"]["identity"]["sourceIp"] == "198.51.100.7"


def test_an_unknown_path_is_a_404_problem_without_reaching_the_app() -> None:
    handler = Recorder()
    answer = serve(url_event("/v1/nothing-here"), None, handler, APP_PATHS)
    assert handler.events == []
    assert answer["statusCode"] == 404
    assert answer["headers"]["Content-Type"] == "application/problem+json"
    problem = json.loads(answer["body"])
    assert problem["type"] == "https://kring.app/problems/not-found"
    assert problem["status"] == 404 and problem["instance"] == "/v1/nothing-here"


def test_a_known_path_with_another_method_reaches_chalice_which_answers_405() -> None:
    handler = Recorder()
    serve(url_event("/v1/me", "DELETE"), None, handler, APP_PATHS)
    (event,) = handler.events
    assert event["requestContext"]["resourcePath"] == "/v1/me"
    assert event["requestContext"]["httpMethod"] == "DELETE"


def test_the_answer_joins_multi_value_headers_and_moves_set_cookie_into_cookies() -> None:
    answer = url_response(
        {
            "statusCode": 201,
            "headers": {"Content-Type": "application/json", "Vary": "Origin"},
            "multiValueHeaders": {"Vary": ["Accept"], "Set-Cookie": ["a=1; Secure", "b=2; Secure"]},
            "body": '{"ok": true}',
        }
    )
    assert answer == {
        "statusCode": 201,
        "headers": {"Content-Type": "application/json", "Vary": "Origin, Accept"},
        "body": '{"ok": true}',
        "isBase64Encoded": False,
        "cookies": ["a=1; Secure", "b=2; Secure"],
    }


def test_a_binary_answer_stays_base64_encoded() -> None:
    answer = url_response(
        {"statusCode": 200, "headers": {"Content-Type": "image/png"}, "body": "AAE=", "isBase64Encoded": True}
    )
    assert answer["isBase64Encoded"] is True and answer["body"] == "AAE="
    assert answer["headers"] == {"Content-Type": "image/png"}


def test_an_answer_without_a_content_type_is_json_as_api_gateway_said() -> None:
    answer = url_response({"statusCode": 200, "headers": {}, "multiValueHeaders": {}, "body": "{}"})
    assert answer["headers"] == {"Content-Type": "application/json"}


def test_a_hostile_event_with_missing_or_odd_fields_is_answered_not_crashed() -> None:
    handler = Recorder()
    bare: dict[str, Any] = {"version": "2.0", "rawPath": "/v1/me"}
    serve(bare, None, handler, APP_PATHS)
    (event,) = handler.events
    assert event["httpMethod"] == "GET" and event["headers"] == {} and event["body"] is None
    huge = url_event("/v1/posts/" + "x" * 100_000)
    assert serve(huge, None, handler, APP_PATHS)["statusCode"] == 404
    assert len(json.loads(serve(huge, None, handler, APP_PATHS)["body"])["instance"]) <= MAX_PATH_CHARS
