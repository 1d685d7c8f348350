"""The local HTTP server: the API as its Lambda function URL serves it on AWS, and what CloudFront adds.

Every API request becomes the payload format 2.0 event a function URL makes (local/function_url.py)
and goes to the same handler as on AWS (`app.app`, chalicelib/api/function_url.py), after the
body hash check Lambda makes behind CloudFront's origin access control: a body without its
`x-amz-content-sha256` is refused here as there. The server's own errors (a malformed request
line, an unsupported method) are problem+json like the app's. It also keeps the access log quiet,
and serves the media distribution's signed URLs under /media-cdn as CloudFront serves them on AWS
(local/media_cdn.py).

With a `LocalWeb`, everything outside `/v1` is the web app's (local/web.py: the built app with its
SPA fallback, the API reference at /docs), and `POST /cognito/` passes the browser's Cognito calls
on to the emulator (local/cognito_proxy.py): one origin, as CloudFront gives on AWS.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

from chalice import Chalice
from chalice.config import Config
from chalice.local import (
    ChaliceRequestHandler,
    LambdaContext,
    LocalChalice,
    LocalDevServer,
    create_local_server,
)

from chalicelib.api.function_url import serve
from chalicelib.api.routing import KringChalice
from local import cognito_proxy, web
from local.console import request_line
from local.emulator import BROWSER_COGNITO_PATH
from local.function_url import content_hash_refusal, response_parts, url_event
from local.media_cdn import LocalDistribution, is_distribution_path
from local.media_cdn import serve as serve_media
from local.web import LocalWeb

_STATUS_TITLES = {
    400: ("bad-request", "The request is malformed"),
    403: ("forbidden", "You are not allowed to do this"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "This method is not allowed here"),
}


served = logging.getLogger("kring.http")


def _problem_body(status: int, detail: str) -> bytes:
    slug, title = _STATUS_TITLES.get(status, ("bad-request", "The request is malformed"))
    problem = {
        "type": f"https://kring.app/problems/{slug}",
        "title": title,
        "status": status,
        "detail": detail,
    }
    return json.dumps(problem).encode()


class KringRequestHandler(ChaliceRequestHandler):
    # The response goes out as two writes (headers, then body) on a kept-alive connection: with
    # Nagle's algorithm the body waits for the client's delayed ACK, about 40 ms per request.
    disable_nagle_algorithm = True

    def __init__(
        self,
        request: Any,
        client_address: Any,
        server: Any,
        app_object: Chalice,
        config: Config,
        media_distribution: LocalDistribution | None = None,
        site: LocalWeb | None = None,
        emulator_url: str | None = None,
        check_content_hash: bool = True,
    ) -> None:
        # Set first: the base class handles the request in its __init__.
        self.app_object = app_object
        self.check_content_hash = check_content_hash
        self.media_distribution = media_distribution
        self.site = site
        self.emulator_url = emulator_url
        super().__init__(request, client_address, server, app_object, config)

    def _generic_handle(self) -> None:
        path = self.path.split("?", 1)[0]
        self._started, self._status = time.perf_counter(), 0
        if self.media_distribution is not None and is_distribution_path(path):
            serve_media(self, self.media_distribution)
        elif self.emulator_url is not None and cognito_proxy.is_cognito_path(path, BROWSER_COGNITO_PATH):
            cognito_proxy.forward(self, self.emulator_url)
        elif self.site is not None and web.is_web_path(path):
            web.serve(self, self.site)
        else:
            self._serve_api()  # the app's middleware logs what it serves
            return
        self._log_served()

    def _serve_api(self) -> None:
        """The request as the API function's URL gets it on AWS, answered as the URL answers."""
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        headers = list(self.headers.items())
        refusal = content_hash_refusal(headers, body) if self.check_content_hash else None
        if refusal is not None:
            self._send_answer(*refusal)
            self._log_served()
            return
        event = url_event(
            self.command,
            self.path,
            headers,
            body,
            source_ip=self.client_address[0],
            host=self.headers.get("Host", "localhost"),
        )
        context = LambdaContext("api_handler", memory_size=1024, max_runtime_ms=29_000)
        try:
            answer = response_parts(invoke(self.app_object, event, context))
        except Exception:  # the function failed outside the app's own error handling
            served.exception("The API function failed")
            # What a function URL answers when the function raises (CloudFront passes it on).
            answer = (502, [("Content-Type", "application/json")], b'{"Message":"Internal Server Error"}')
        self._send_answer(*answer)

    def _send_answer(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.send_response(status)
        for name, value in headers:
            if name.lower() != "content-length":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _log_served(self) -> None:
        elapsed_ms = (time.perf_counter() - self._started) * 1000
        path = getattr(self, "path", None)  # absent when the request line could not be parsed
        path = path.split("?", 1)[0] if path else None
        served.info(request_line(self.command, path, self._status, elapsed_ms))

    # The base class binds its own _generic_handle to these names.
    do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = do_PATCH = do_OPTIONS = _generic_handle

    def _send_problem(self, status: int, detail: str) -> None:
        body = _problem_body(status, detail)
        self.send_response(status)
        self.send_header("Content-Type", "application/problem+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        if hasattr(self, "_started"):  # an error of the server's own, which the app never saw
            self._log_served()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # http.server's own errors: 501 for methods like TRACE, 400 for a malformed request line.
        status = 405 if code == 501 else code if code < 500 else 400
        self.close_connection = True
        self._send_problem(status, message or "The request could not be handled.")

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        self._status = int(code) if str(code).isdigit() else 0

    def log_message(self, format: str, *args: Any) -> None:
        return


def invoke(app: Chalice, event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The function URL's event served as the API function serves it on AWS."""
    if isinstance(app, KringChalice):  # the deployed API's own entry point (app.app)
        return app(event, context)
    # Another Chalice app (tests plant some): the same adapter around its REST handler.
    return serve(event, context, partial(Chalice.__call__, app), app.routes)


def create_server(
    app: Chalice,
    host: str,
    port: int,
    config: Config | None = None,
    media_distribution: LocalDistribution | None = None,
    site: LocalWeb | None = None,
    emulator_url: str | None = None,
    check_content_hash: bool = True,
) -> LocalDevServer:
    """Chalice's local server for the app (which makes current_request thread-local, once per app),
    answering its own errors as problem+json; serving the media distribution, the web app and the
    Cognito pass-through when given. `check_content_hash=False` only for a client that cannot hash
    its bodies (the fuzzer, which generates them): the front door's check is tested on its own."""
    config = config or Config(chalice_stage="dev")
    if not isinstance(app, LocalChalice):
        create_local_server(app, config, host, port).server.server_close()
    handler = partial(
        KringRequestHandler,
        media_distribution=media_distribution,
        site=site,
        emulator_url=emulator_url,
        check_content_hash=check_content_hash,
    )
    return LocalDevServer(app, config, host, port, handler_cls=handler)  # type: ignore[arg-type]


@contextmanager
def serving(
    app: Chalice,
    port: int,
    host: str = "127.0.0.1",
    media_distribution: LocalDistribution | None = None,
    site: LocalWeb | None = None,
    emulator_url: str | None = None,
    check_content_hash: bool = True,
) -> Iterator[str]:
    """Serve the app in a background thread for the duration of the block."""
    server = create_server(
        app,
        host,
        port,
        media_distribution=media_distribution,
        site=site,
        emulator_url=emulator_url,
        check_content_hash=check_content_hash,
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True, name="kring-http")
    thread.start()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
