"""The API's front door locally, as on AWS: a request becomes the Lambda function URL's event.

On AWS, CloudFront signs each `/v1/*` request for the API function's URL (origin access control);
Lambda checks the signature, which covers the body only through the `x-amz-content-sha256` header
the client sends (Lambda takes no unsigned payloads). A body without it, or with the hash of
another body, is refused by Lambda before the function runs. The local server refuses it the same
way, so a client that forgets the header fails here first; then it builds the same payload 2.0
event the URL would and hands it to the same handler (chalicelib/api/function_url.py).
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
import uuid
from collections.abc import Iterable
from typing import Any, Final

CONTENT_HASH_HEADER: Final = "x-amz-content-sha256"
# What Lambda answers when the signature CloudFront made does not hold for the body it got.
SIGNATURE_MISMATCH: Final = {
    "Message": "The request signature we calculated does not match the signature you provided. Check "
    "your AWS Secret Access Key and signing method. Consult the service documentation for details."
}
_TEXT_TYPES: Final = (
    "text/",
    "application/json",
    "+json",
    "application/xml",
    "+xml",
    "x-www-form-urlencoded",
)


Answer = tuple[int, list[tuple[str, str]], bytes]  # status, header lines, body


def content_hash_refusal(headers: Iterable[tuple[str, str]], body: bytes) -> Answer | None:
    """Lambda's 403 when the body is not the one its hash says (or has none); None when it is."""
    sent = [value.strip() for name, value in headers if name.lower() == CONTENT_HASH_HEADER]
    if not body and not sent:
        return None
    if len(sent) == 1 and sent[0] == hashlib.sha256(body).hexdigest():
        return None
    headers_out = [("Content-Type", "application/json"), ("x-amzn-ErrorType", "InvalidSignatureException")]
    return 403, headers_out, json.dumps(SIGNATURE_MISMATCH).encode()


def url_event(
    method: str,
    target: str,
    headers: Iterable[tuple[str, str]],
    body: bytes,
    *,
    source_ip: str,
    host: str,
) -> dict[str, Any]:
    """The payload format 2.0 event a function URL makes of this request (`target`: path?query)."""
    raw_path, _, raw_query = target.partition("?")
    joined: dict[str, str] = {}
    cookies: list[str] = []
    for name, value in headers:
        key = name.lower()
        if key == "cookie":  # the 2.0 format carries cookies on their own
            cookies.extend(part.strip() for part in value.split(";") if part.strip())
            continue
        joined[key] = f"{joined[key]},{value}" if key in joined else value
    now_ms = int(time.time() * 1000)
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": raw_path or "/",
        "rawQueryString": raw_query,
        "headers": joined,
        "requestContext": {
            "accountId": "anonymous",
            "apiId": "local",
            "domainName": host,
            "domainPrefix": host.split(".", 1)[0],
            "http": {
                "method": method.upper(),
                "path": raw_path or "/",
                "protocol": "HTTP/1.1",
                "sourceIp": source_ip,
                "userAgent": joined.get("user-agent", ""),
            },
            "requestId": str(uuid.uuid4()),
            "routeKey": "$default",
            "stage": "$default",
            "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now_ms / 1000)),
            "timeEpoch": now_ms,
        },
        "isBase64Encoded": False,
    }
    if cookies:
        event["cookies"] = cookies
    if body:
        content_type = joined.get("content-type", "").lower()
        textual = any(kind in content_type for kind in _TEXT_TYPES)
        try:
            event["body"] = body.decode() if textual else None
        except UnicodeDecodeError:
            event["body"] = None
        if event["body"] is None:
            event["body"] = base64.b64encode(body).decode("ascii")
            event["isBase64Encoded"] = True
    return event


def response_parts(answer: dict[str, Any]) -> Answer:
    """A function URL's 2.0 answer as the status, header lines and body bytes it sends."""
    headers = [(str(k), str(v)) for k, v in (answer.get("headers") or {}).items()]
    headers += [("Set-Cookie", str(cookie)) for cookie in answer.get("cookies") or []]
    body = answer.get("body") or ""
    raw = base64.b64decode(body) if answer.get("isBase64Encoded") else str(body).encode()
    return int(answer.get("statusCode", 200)), headers, raw
