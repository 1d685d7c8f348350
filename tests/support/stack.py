"""The test stack: one in-process emulator per test session, provisioned like `make run` does."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from chalice.test import Client

from local import emulator, media_cdn
from local.recorder import RECORDER, DynamoDBCall
from tests.support import ports

DEMO_PASSWORD = "Test-Passw0rd-2026"
_started: emulator.LocalResources | None = None


def start_test_stack() -> emulator.LocalResources:
    """Start the emulator once per session and point this process at it."""
    global _started
    # Tests and the bench post far more than a person may; tests/integration/test_moderation.py
    # sets the real limits where it checks them.
    os.environ.setdefault("KRING_POST_RATE_PER_MINUTE", "100000")
    os.environ.setdefault("KRING_POST_RATE_PER_DAY", "1000000")
    # Every request reads the caller's profile (no warm-container cache): a change to a person takes
    # effect at their very next request, and the requests each route makes are the same every run.
    os.environ.setdefault("KRING_PROFILE_CACHE_SECONDS", "0")
    os.environ.setdefault("KRING_SEARCH_REFRESH_SECONDS", "0")
    # Likewise an organisation's requests per minute; tests/integration/test_org_quota.py sets a real one.
    os.environ.setdefault("KRING_ORG_REQUESTS_PER_MINUTE", "1000000")
    if _started is None:
        port, cdn_port = ports.free_port(), ports.free_port()
        emulator.start_emulator(port)
        # The app is called in-process here, so the media distribution gets a server of its own:
        # every download a test makes goes through the same signed-URL check as `make run`.
        _started = emulator.provision(
            f"http://127.0.0.1:{port}", f"http://127.0.0.1:{cdn_port}{media_cdn.PATH_PREFIX}"
        )
        media_cdn.start(media_cdn.LocalDistribution.of(_started), cdn_port)
    if not _configured_for(_started):
        emulator.configure_process(_started)
    return _started


def _configured_for(resources: emulator.LocalResources) -> bool:
    """Whether this process already talks to the test stack as `configure_process` leaves it.

    Configuring again forgets every client, connection, secret and the token verifier, and each
    new botocore client costs about 0.1 s of CPU: done before every test, that was a good part of
    the suite's time. A test or suite that points the process elsewhere (its own emulator, other
    settings) leaves the environment or the cached configuration different, and then it is done."""
    from chalicelib import bootstrap
    from chalicelib.config import get_config

    expected = {
        **emulator.app_environment(resources),
        "AWS_ACCESS_KEY_ID": emulator.LOCAL_ACCESS_KEY_ID,
        "AWS_SECRET_ACCESS_KEY": emulator.LOCAL_SECRET_ACCESS_KEY,
    }
    if any(os.environ.get(name) != value for name, value in expected.items()):
        return False
    if "AWS_SESSION_TOKEN" in os.environ or "AWS_PROFILE" in os.environ:
        return False
    from_environment = get_config.__wrapped__()
    if get_config() != from_environment:
        return False
    return bootstrap.ready.cache_info().currsize == 0 or bootstrap.ready() == from_environment


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes
    calls: list[DynamoDBCall]

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    def header(self, name: str) -> str | None:
        lowered = {k.lower(): v for k, v in self.headers.items()}
        return lowered.get(name.lower())


class ApiClient:
    """Calls the app in-process (Chalice's test client) and records its DynamoDB requests."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def call(
        self,
        method: str,
        path: str,
        token: str | None = None,
        body: Any = None,
        headers: dict[str, str] | None = None,
        raw_body: bytes | str | None = None,
    ) -> Reply:
        sent = dict(headers or {})
        if token is not None:
            sent.setdefault("Authorization", f"Bearer {token}")
        payload: bytes | str = b""
        if raw_body is not None:
            payload = raw_body
        elif body is not None:
            payload = json.dumps(body)
        if payload:
            sent.setdefault("Content-Type", "application/json")
        with RECORDER.recording(f"{method} {path}") as calls:
            response = self._client.http.request(method, path, headers=sent, body=payload)
        return Reply(response.status_code, dict(response.headers), response.body, calls)

    def get(self, path: str, token: str | None = None, **kwargs: Any) -> Reply:
        return self.call("GET", path, token, **kwargs)

    def post(self, path: str, token: str | None = None, body: Any = None, **kwargs: Any) -> Reply:
        return self.call("POST", path, token, body=body, **kwargs)

    def patch(self, path: str, token: str | None = None, body: Any = None, **kwargs: Any) -> Reply:
        return self.call("PATCH", path, token, body=body, **kwargs)

    def put(self, path: str, token: str | None = None, body: Any = None, **kwargs: Any) -> Reply:
        return self.call("PUT", path, token, body=body, **kwargs)


@contextmanager
def api_client() -> Iterator[ApiClient]:
    start_test_stack()
    import app as app_module

    with Client(app_module.app) as client:
        yield ApiClient(client)
