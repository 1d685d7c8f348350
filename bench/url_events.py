"""The events AWS hands the API function: a Lambda function URL's payload format 2.0 events, as
CloudFront's signed requests make them (docs/decisions.md, "The API behind a Lambda function URL").

The bench measures what AWS runs: such an event goes through the app's entry point, `app.app`,
whose adapter (chalicelib/api/function_url.py) routes it into Chalice. The event is the one the
local server builds for the same request (local/function_url.py), with the headers CloudFront
forwards: the viewer's bearer token, the body's hash that origin access control needs, its own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from local.function_url import CONTENT_HASH_HEADER, url_event

URL_HOST = "abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws"
VIEWER_IP = "203.0.113.7"


def url_request_event(
    method: str,
    path: str,
    *,
    token: str | None = None,
    body: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The 2.0 event of `method path` (path?query) with `token` as bearer and `body` as JSON."""
    raw = (body or "").encode()
    sent = [
        ("host", URL_HOST),
        ("content-type", "application/json"),
        ("user-agent", "Amazon CloudFront"),
        ("via", "2.0 0123456789abcdef.cloudfront.net (CloudFront)"),
        ("x-forwarded-for", VIEWER_IP),
        ("x-amz-cf-id", "bench-cloudfront-request"),
    ]
    if token:
        sent.append(("authorization", f"Bearer {token}"))
    if raw:
        sent.append((CONTENT_HASH_HEADER, hashlib.sha256(raw).hexdigest()))
    sent.extend((name.lower(), value) for name, value in (headers or {}).items())
    return url_event(method, path, sent, raw, source_ip=VIEWER_IP, host=URL_HOST)
