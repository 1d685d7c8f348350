"""One in-process emulator for the local runtime's tests, with the app imported against it.

moto keeps its state in module globals shared by every emulator in the process, so the
fixture sets aside whatever other suites left there (and the process's environment), starts
from empty, and puts both back after each test module: the next file on the same pytest-xdist
worker finds the shared test stack as it was. The app module is imported once per process
(other suites may have imported it already, with another environment): tests take event
source identities from the app object (see `app_media_bucket`), never from assumptions about
when app.py was imported.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from chalice import Chalice

from chalicelib import bootstrap
from local import emulator, handlers, media_cdn, runtime, snapshot
from local.recorder import RECORDER
from tests.support import ports


@dataclass
class Emulator:
    url: str
    resources: emulator.LocalResources
    app: Chalice

    def reset(self) -> emulator.LocalResources:
        """Empty the emulator and provision again (a new user pool id), as a fresh start does."""
        snapshot.clear()
        self.resources = emulator.provision(self.url, self.resources.media_cdn_url)
        runtime.apply_environment(self.resources)
        bootstrap.ready()
        return self.resources

    def client(self, service: str) -> Any:
        return emulator.client(service, self.url)


def app_media_bucket(app: Chalice) -> str:
    """The bucket the app's "Object Created" rule listens to (fixed when app.py was imported)."""
    for source in handlers.event_sources(app):
        names = source.pattern.get("detail", {}).get("bucket", {}).get("name", [])
        if source.pattern.get("source") == ["aws.s3"] and names:
            return str(names[0])
    raise AssertionError("the app has no S3 Object Created rule")


@pytest.fixture(scope="module")
def local_emulator() -> Iterator[Emulator]:
    others, environment = snapshot.dumps(), dict(os.environ)
    snapshot.clear()
    port = ports.free_port()
    server = emulator.start_emulator(port)
    url = f"http://127.0.0.1:{port}"
    resources = emulator.provision(url, f"http://127.0.0.1:{ports.free_port()}{media_cdn.PATH_PREFIX}")
    runtime.apply_environment(resources)
    bootstrap.ready()  # binds the store to the emulator's table, as every handler does first
    app = runtime.load_app()
    handlers.call_recorder = RECORDER.recording  # consumers get the same Scan guard as routes
    try:
        yield Emulator(url, resources, app)
    finally:
        handlers.call_recorder = None
        server.stop()
        snapshot.loads(others)
        os.environ.clear()
        os.environ.update(environment)
        bootstrap.reset()


@pytest.fixture
def kring_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private .kring/ for the test: positions, delivered keys, fired schedules, dead letters."""
    monkeypatch.setenv("KRING_HOME", str(tmp_path / "kring"))
    return tmp_path / "kring"


class FakeNow:
    """A clock the test moves by hand."""

    def __init__(self, start: Any) -> None:
        self.moment = start

    def __call__(self) -> Any:
        return self.moment

    def advance(self, **delta: float) -> None:
        from datetime import timedelta

        self.moment += timedelta(**delta)
