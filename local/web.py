"""The web app beside the API, locally: the built app at `/`, the API reference at `/docs`.

On AWS a CloudFront distribution serves the app from a private bucket and sends `/v1/*` to API
Gateway; locally the Kring server does both on one origin, so the app's code is the same in both
places. What it serves:

- `/docs` and `/docs/...`: the API reference (docs/api/: a page that renders /v1/openapi.json in
  the browser, no CDN);
- a file of the app's build (web/dist) with its content type; a path that names no file and has
  no extension is an app route: the app's index.html (the SPA fallback; never for `/v1/*`, which
  the API answers);
- without a build, `/` and app routes get a short page saying how to build it (`make web`).

Caching is the distribution's (definitions.WEB_CACHE_CONTROL): the hashed assets (`/assets/`) are
kept for good; every other file (index.html, sw.js, the manifest, the icons) is revalidated on each
use, and a revalidation of an unchanged file is a 304 without a body (an ETag, as S3 gives CloudFront).

Every answer carries the security headers the distribution sends (definitions.web_security_headers).
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Final
from urllib.parse import unquote, urlsplit

from chalicelib import definitions
from local.home import REPO_ROOT

WEB_DIST: Final = REPO_ROOT / "web" / "dist"
API_DOCS: Final = REPO_ROOT / "docs" / "api"
INDEX: Final = "index.html"
# Extensions whose types the platform's mime table may lack or get wrong.
_TYPES: Final = {
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".wasm": "application/wasm",
    ".txt": "text/plain; charset=utf-8",
}
# The build names these by content hash: they never change under the same name.
_IMMUTABLE_PREFIX: Final = "/" + definitions.WEB_HASHED_PREFIX
_BUILD_ME: Final = b"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Kring: build the web app</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body>
<h1>Kring is running; its web app is not built yet</h1>
<p>Build it once with <code>make web</code> (it needs Node.js 20), then reload this page.</p>
<p>The API answers meanwhile: <a href="/v1/health">/v1/health</a>,
the reference at <a href="/docs">/docs</a>.</p>
</body>
</html>
"""


@dataclass(frozen=True)
class LocalWeb:
    """What the local server serves besides the API, and with which headers."""

    dist: Path = WEB_DIST
    docs: Path = API_DOCS
    # The emulator's origin: the browser posts media uploads to its S3 (presigned POST).
    upload_origins: tuple[str, ...] = ()
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def for_stack(cls, emulator_url: str, dist: Path = WEB_DIST, docs: Path = API_DOCS) -> LocalWeb:
        # Cognito is reached through this origin (local/cognito_proxy.py) and so is the media
        # distribution (/media-cdn): only the uploads leave it.
        csp = definitions.web_content_security_policy(connect_origins=(emulator_url,))
        return cls(dist, docs, (emulator_url,), definitions.web_security_headers(csp, https=False))


def is_web_path(path: str) -> bool:
    """Everything that is not the API's: the API answers `/v1` and all below it."""
    return not (path == "/v1" or path.startswith("/v1/"))


def serve(handler: BaseHTTPRequestHandler, web: LocalWeb) -> None:
    if handler.command not in ("GET", "HEAD"):
        _send(
            handler,
            web,
            405,
            b"Only GET and HEAD are served here.\n",
            "text/plain; charset=utf-8",
            {"Allow": "GET, HEAD"},
        )
        return
    path = unquote(urlsplit(handler.path).path)
    found = _file_for(path, web)
    if found is not None:
        _send_file(handler, web, found, path)
    elif _has_extension(path):
        _send(handler, web, 404, b"Not found.\n", "text/plain; charset=utf-8")
    elif (web.dist / INDEX).is_file():
        _send_file(handler, web, web.dist / INDEX, "/")  # an app route: the app routes it
    else:
        _send(handler, web, 200, _BUILD_ME, _TYPES[".html"], {"Cache-Control": "no-cache"})


def _file_for(path: str, web: LocalWeb) -> Path | None:
    docs = definitions.API_DOCS_PATH
    if path in (docs, docs + "/"):
        return _inside(web.docs, INDEX)
    if path.startswith(docs + "/"):
        return _inside(web.docs, path.removeprefix(docs + "/"))
    return _inside(web.dist, INDEX if path == "/" else path.lstrip("/"))


def _inside(root: Path, relative: str) -> Path | None:
    """The file under root, never outside it (no `..`, no symlink out)."""
    if not relative or "\x00" in relative:
        return None
    try:
        base = root.resolve(strict=True)
        candidate = (base / relative).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not candidate.is_relative_to(base) or not candidate.is_file():
        return None
    return candidate


def _has_extension(path: str) -> bool:
    return "." in path.rsplit("/", 1)[-1]


def content_type(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return _TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def _send_file(handler: BaseHTTPRequestHandler, web: LocalWeb, file: Path, path: str) -> None:
    body = file.read_bytes()
    hashed = path.startswith(_IMMUTABLE_PREFIX)
    cache = definitions.WEB_HASHED_CACHE_CONTROL if hashed else definitions.WEB_CACHE_CONTROL
    headers = {"Cache-Control": cache, "ETag": f'"{hashlib.sha256(body).hexdigest()[:32]}"'}
    if _matches(handler.headers.get("If-None-Match"), headers["ETag"]):
        _send(handler, web, 304, b"", content_type(file.name), headers)
        return
    _send(handler, web, 200, body, content_type(file.name), headers)


def _matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110's weak comparison: `*`, or the tag in the list, with or without W/."""
    if not if_none_match:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag in tags


def _send(
    handler: BaseHTTPRequestHandler,
    web: LocalWeb,
    status: int,
    body: bytes,
    kind: str,
    extra: dict[str, str] | None = None,
) -> None:
    handler.send_response(status)
    for name, value in {**web.headers, **(extra or {}), "Content-Type": kind}.items():
        handler.send_header(name, value)
    if status != 304:  # a 304 has no body, and says nothing of its length
        handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    if handler.command != "HEAD" and body:
        handler.wfile.write(body)
