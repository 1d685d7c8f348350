"""End-to-end fixtures: the real local stack (`kring run`) as a subprocess, shared by the package.

`local_stack` starts `kring run --fresh` once for the tests/e2e package on free ports (so it never
collides with a developer's stack on 8000/4566) with a private KRING_HOME, waits for
GET /v1/health, and stops it with SIGINT after the last e2e test. It yields a `LocalStackProcess`:

    stack.base_url, stack.emulator_url, stack.home      where things are
    stack.token(email, password=DEMO_PASSWORD,          an ID token from `kring token` (cached
                fresh=False)                            unless fresh=True)
    stack.request(method, path, token=..., json=...,    one HTTP call; returns a Reply with
                  headers=..., body=...)                .status, .headers, .body, .json()
    stack.get / .post / .patch                          shorthands of request()
    stack.restart()                                     SIGINT (snapshot) and start again on the
                                                        same ports and state, as a developer would
    stack.accounts                                      the seeded (org, email, roles) triples
    stack.log()                                         what the stack printed (for failures)

The stack is seeded with the demo organisations `demo` and `acme` (see local/seed.py), so a
test has two tenants at hand, e.g. for tenant-isolation checks:

    def test_acme_cannot_read_demo(local_stack):
        demo = local_stack.get("/v1/communities", token=local_stack.token("learner@demo.kring.test"))
        ...

or a schemathesis run: `schemathesis.openapi.from_url(f"{local_stack.base_url}/v1/openapi.json")`.
Tests that change data should use their own values (or the acme tenant) so they do not disturb
others; `restart()` keeps every change.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from local.seed import DEMO_PASSWORD, demo_accounts
from tests.support.ports import free_port

KRING = Path(sys.executable).parent / "kring"
READY_LINE = "Kring is running locally."  # local/cli.py's banner, printed once the API listens
START_TIMEOUT_SECONDS = 180  # seeding takes a minute when the CI box is busy: a slow start is no failure
STOP_TIMEOUT_SECONDS = 30


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


class LocalStackProcess:
    def __init__(self, home: Path, api_port: int, emulator_port: int) -> None:
        self.home = home
        self.api_port = api_port
        self.emulator_port = emulator_port
        self.base_url = f"http://127.0.0.1:{api_port}"
        self.emulator_url = f"http://127.0.0.1:{emulator_port}"
        self.accounts = demo_accounts()
        self._log_path = home.parent / "kring-run.log"
        self._process: subprocess.Popen[bytes] | None = None
        self._tokens: dict[tuple[str, str], str] = {}

    @property
    def env(self) -> dict[str, str]:
        # A campaign's close waits 90 s on AWS for the stream's last answers; locally the stream is
        # seconds behind at most, so the e2e runs do not wait as long. Campaigns may run for a
        # minute (five on AWS), so the quiz story watches the clock close one.
        return {
            **os.environ,
            "KRING_HOME": str(self.home),
            "PYTHONUNBUFFERED": "1",
            "KRING_CAMPAIGN_SETTLE_SECONDS": "15",
            "KRING_CAMPAIGN_MIN_MINUTES": "1",
        }

    def start(self, fresh: bool = False) -> None:
        command = [
            str(KRING),
            "run",
            "--port",
            str(self.api_port),
            "--emulator-port",
            str(self.emulator_port),
        ]
        if fresh:
            command.append("--fresh")
        earlier = len(self.log())  # a restart appends to the same log
        with self._log_path.open("ab") as log:
            self._process = subprocess.Popen(command, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"kring run exited with {self._process.returncode}:\n{self.log()}")
            try:
                # The banner comes once this process listens: a health answer alone could be
                # another stack's, had it taken the port first.
                if READY_LINE in self.log()[earlier:] and self.get("/v1/health").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"kring run did not answer /v1/health in {START_TIMEOUT_SECONDS}s:\n{self.log()}")

    def stop(self) -> int | None:
        """SIGINT, as Ctrl-C: the stack saves its snapshot and exits. Returns the exit code."""
        if self._process is None or self._process.poll() is not None:
            return None if self._process is None else self._process.returncode
        self._process.send_signal(signal.SIGINT)
        try:
            return self._process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
            raise RuntimeError(f"kring run did not stop on SIGINT:\n{self.log()}") from None

    def restart(self) -> None:
        code = self.stop()
        assert code == 0, f"kring run exited with {code}:\n{self.log()}"
        self.start()

    def log(self) -> str:
        return self._log_path.read_text(errors="replace") if self._log_path.exists() else ""

    def token(self, email: str, password: str = DEMO_PASSWORD, fresh: bool = False) -> str:
        """An ID token from `kring token`, the way a developer gets one (cached unless `fresh`)."""
        if fresh or (email, password) not in self._tokens:
            result = subprocess.run(
                [str(KRING), "token", email, "--password", password],
                env=self.env,
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
            if result.returncode != 0:
                raise RuntimeError(f"kring token {email} failed: {result.stderr}")
            self._tokens[(email, password)] = result.stdout.strip()
        return self._tokens[(email, password)]

    def request(
        self,
        method: str,
        path: str,
        token: str | None = None,
        json_body: Any = None,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
    ) -> Reply:
        sent = dict(headers or {})
        if token:
            sent.setdefault("Authorization", f"Bearer {token}")
        if json_body is not None:
            body = json.dumps(json_body).encode()
            sent.setdefault("Content-Type", "application/json")
        if body:  # as every client of the API must (CloudFront's origin access control for Lambda)
            sent.setdefault("x-amz-content-sha256", hashlib.sha256(body).hexdigest())
        request = urllib.request.Request(self.base_url + path, data=body, method=method, headers=sent)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return Reply(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return Reply(error.code, dict(error.headers), error.read())

    def get(self, path: str, token: str | None = None, **kwargs: Any) -> Reply:
        return self.request("GET", path, token, **kwargs)

    def post(self, path: str, token: str | None = None, json_body: Any = None, **kwargs: Any) -> Reply:
        return self.request("POST", path, token, json_body, **kwargs)

    def patch(self, path: str, token: str | None = None, json_body: Any = None, **kwargs: Any) -> Reply:
        return self.request("PATCH", path, token, json_body, **kwargs)


@pytest.fixture(scope="package")
def local_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStackProcess]:
    # Package scope: one stack for all of tests/e2e on a worker (`make test` keeps the stories
    # together, and each half of the browser journeys together), stopped once that worker is done
    # with them.
    # An idle stack still polls its stream and clock, so it must not outlive them.
    root = tmp_path_factory.mktemp("local-stack")
    stack = LocalStackProcess(root / "kring", free_port(), free_port())
    stack.start(fresh=True)
    try:
        yield stack
    finally:
        stack.stop()
