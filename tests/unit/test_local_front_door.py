"""`make run`'s front door makes of a request what the API's Lambda function URL makes of it on AWS,
and refuses a body CloudFront could not have signed for."""

from __future__ import annotations

import base64
import hashlib
import json

from chalicelib.api.function_url import match_path, rest_event, templates, url_response
from local.function_url import content_hash_refusal, response_parts, url_event

BODY = json.dumps({"text": "Hallo iedereen"}).encode()


def test_a_body_passes_only_with_the_hex_sha256_of_its_own_bytes() -> None:
    right = hashlib.sha256(BODY).hexdigest()
    assert content_hash_refusal([("X-Amz-Content-Sha256", right)], BODY) is None
    for headers in ([], [("x-amz-content-sha256", hashlib.sha256(b"{}").hexdigest())]):
        refused = content_hash_refusal(headers, BODY)
        assert refused is not None
        status, answer_headers, body = refused
        assert status == 403 and ("x-amzn-ErrorType", "InvalidSignatureException") in answer_headers
        assert "signature we calculated does not match" in json.loads(body)["Message"]
    # Twice the header (a client and a proxy both adding it) is not a signature either.
    assert content_hash_refusal([("x-amz-content-sha256", right)] * 2, BODY) is not None


def test_a_request_without_a_body_needs_no_hash_but_a_wrong_one_is_still_refused() -> None:
    assert content_hash_refusal([("Authorization", "Bearer t")], b"") is None
    assert content_hash_refusal([("x-amz-content-sha256", "0" * 64)], b"") is not None


def test_the_event_is_what_a_function_url_sends_and_the_adapter_reads_it_back() -> None:
    image = bytes(range(256))
    event = url_event(
        "put",
        "/v1/posts/p%201?tag=a&tag=b",
        [
            ("Content-Type", "application/octet-stream"),
            ("Cookie", "a=1; b=2"),
            ("Accept", "x"),
            ("Accept", "y"),
        ],
        image,
        source_ip="127.0.0.1",
        host="localhost:8000",
    )
    assert event["version"] == "2.0" and event["rawPath"] == "/v1/posts/p%201"
    assert event["cookies"] == ["a=1", "b=2"] and "cookie" not in event["headers"]
    assert event["headers"]["accept"] == "x,y"
    assert event["isBase64Encoded"] is True and base64.b64decode(event["body"]) == image
    rest = rest_event(event, match_path(event["rawPath"], templates(("/v1/posts/{post_id}",))))  # type: ignore[arg-type]
    assert rest["httpMethod"] == "PUT" and rest["pathParameters"] == {"post_id": "p 1"}
    assert rest["multiValueQueryStringParameters"] == {"tag": ["a", "b"]}
    assert rest["headers"]["cookie"] == "a=1; b=2"
    assert rest["requestContext"]["identity"]["sourceIp"] == "127.0.0.1"


def test_a_json_body_travels_as_text() -> None:
    event = url_event(
        "POST", "/v1/x", [("Content-Type", "application/json")], BODY, source_ip="::1", host="localhost"
    )
    assert event["isBase64Encoded"] is False and event["body"] == BODY.decode()


def test_the_answer_goes_out_with_each_cookie_on_its_own_line() -> None:
    answer = url_response(
        {
            "statusCode": 200,
            "headers": {"Content-Type": "text/plain"},
            "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]},
            "body": "ok",
        }
    )
    status, headers, body = response_parts(answer)
    assert status == 200 and body == b"ok"
    assert [value for name, value in headers if name == "Set-Cookie"] == ["a=1", "b=2"]
