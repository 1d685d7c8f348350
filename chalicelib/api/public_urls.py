"""The path prefix a client used to reach the API, for the URLs the API hands out.

The routes are declared at `/v1/...`, but a client may reach them under a prefix (a REST stage
such as `/api/v1/me`, should the app be served by Chalice's REST API again), or none at all
behind the CloudFront distribution that serves the web app and sends `/v1/*` to the API's
function URL. `Location` headers and the OpenAPI document's `servers` must name the URL the
client actually used.

The event puts the path as the client sent it (a REST stage included; the function URL adapter
copies the raw path) in `requestContext.path`; the route's own path is the rest. The
distribution says which prefix its viewers use in the `X-Forwarded-Prefix` header
(definitions.PUBLIC_PREFIX_HEADER; "/" for the root), which wins when present.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from chalicelib.definitions import PUBLIC_PREFIX_HEADER

_SAFE_PREFIX = re.compile(r"^(/[A-Za-z0-9._~-]+)*$")


def public_prefix(context: Mapping[str, Any] | None, headers: Mapping[str, str], resource_path: str) -> str:
    """'' or '/segment[/segment...]': what comes before the route's path in the client's URL."""
    forwarded = headers.get(PUBLIC_PREFIX_HEADER.lower())
    if forwarded is not None:
        return _clean(forwarded)
    requested = str((context or {}).get("path") or "")
    route_segments = len([s for s in resource_path.split("/") if s])
    segments = [s for s in requested.split("/") if s]
    if route_segments == 0 or len(segments) <= route_segments:
        return ""
    return _clean("/" + "/".join(segments[:-route_segments]))


def _clean(prefix: str) -> str:
    prefix = "/" + prefix.strip().strip("/")
    prefix = "" if prefix == "/" else prefix
    # A prefix that is not a plain path (a client's own header) is ignored rather than echoed back.
    return prefix if _SAFE_PREFIX.match(prefix) else ""


def with_prefix(prefix: str, location: str) -> str:
    """A path the API made (`/v1/...`) as the client reaches it; absolute URLs stay as they are."""
    return prefix + location if location.startswith("/") and not location.startswith("//") else location
