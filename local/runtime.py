"""The whole local stack in one process: emulator, app server, stream poller, clock, S3 delivery.

`LocalStack.start()` brings it up in this order: emulator (restored from the last snapshot),
resources (from chalicelib.definitions, like infra/), the app's environment, the app itself,
demo data (first start only), the background workers, the HTTP server. `stop()` takes it down
in reverse and saves a snapshot, so the next start sees the same data.
"""

from __future__ import annotations

import dataclasses
import importlib
import logging
import os
import socket
import sys
import threading
from dataclasses import dataclass, field
from typing import Any

from chalice.app import Chalice

from local import emulator, home, media_cdn, snapshot
from local.clock import LocalClock
from local.handlers import stream_sources
from local.s3_events import S3Delivery
from local.stream_poller import StreamPoller, positions_path

log = logging.getLogger(__name__)
DEFAULT_API_PORT = 8000
DEFAULT_EMULATOR_PORT = 4566
CHALICE_STAGE = "dev"


class StartupError(RuntimeError):
    """The stack cannot start (a port is taken, the snapshot is unreadable...): said plainly."""


@dataclass
class Options:
    host: str = "127.0.0.1"
    api_port: int = DEFAULT_API_PORT
    emulator_port: int = DEFAULT_EMULATOR_PORT
    fresh: bool = False
    seed: bool = True
    snapshot_interval_seconds: float = 60.0
    stream_poll_seconds: float = 0.5
    clock_tick_seconds: float = 1.0
    s3_poll_seconds: float = 1.0


def resources_path() -> Any:
    return home.path("resources.json")


def save_resources(resources: emulator.LocalResources, api_url: str) -> None:
    home.write_json(resources_path(), {**dataclasses.asdict(resources), "api_url": api_url})


def load_resources() -> tuple[emulator.LocalResources, str] | None:
    """The resources of the last `kring run` (its emulator URL included), if any."""
    saved = home.read_json(resources_path(), None)
    if not saved:
        return None
    api_url = saved.pop("api_url", "")
    fields = {f.name for f in dataclasses.fields(emulator.LocalResources)}
    return emulator.LocalResources(**{k: v for k, v in saved.items() if k in fields}), api_url


def port_is_free(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as both servers bind
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def chalice_config(stage: str = CHALICE_STAGE) -> Any:
    """The Chalice stage config, read from .chalice/config.json as `chalice local` does."""
    from chalice.cli.factory import CLIFactory

    return CLIFactory(project_dir=str(home.REPO_ROOT)).create_config_obj(chalice_stage_name=stage)


def load_app() -> Chalice:
    """The Chalice app of app.py, imported now that the environment points at the emulator.

    app.py reads event source identities (stream ARN, media bucket) at import, so the runtime
    sets the environment first. An app already imported in this process (a test session) is
    reused: importing app.py twice would bind the blueprints to a second app object.
    """
    root = str(home.REPO_ROOT)
    if root not in sys.path:
        sys.path.insert(0, root)
    module = importlib.import_module("app")
    app: Chalice = module.app
    return app


def apply_environment(resources: emulator.LocalResources, stage: str = CHALICE_STAGE) -> Any:
    """The stage's environment variables (as Lambda would get them), then the local overrides."""
    config = chalice_config(stage)
    for name, value in config.environment_variables.items():
        os.environ.setdefault(name, value)
    emulator.configure_process(resources)
    return config


@dataclass
class LocalStack:
    options: Options = field(default_factory=Options)
    resources: emulator.LocalResources | None = None
    app: Chalice | None = None
    seeded: bool = False
    _emulator: Any = None
    _http: Any = None
    _workers: list[Any] = field(default_factory=list)
    _threads: list[threading.Thread] = field(default_factory=list)
    _stopping: threading.Event = field(default_factory=threading.Event)
    _snapshot_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def api_url(self) -> str:
        return f"http://{self.options.host}:{self.options.api_port}"

    @property
    def emulator_url(self) -> str:
        return f"http://{self.options.host}:{self.options.emulator_port}"

    def start(self) -> None:
        opts = self.options
        for name, port in (("emulator", opts.emulator_port), ("API", opts.api_port)):
            if not port_is_free(opts.host, port):
                raise StartupError(
                    f"Port {port} for the {name} is in use (another `kring run`?). "
                    f"Stop it, or choose another port (--port / --emulator-port)."
                )
        if opts.fresh:
            home.wipe()
            log.info("Fresh start: %s deleted", home.home())
        home.home().mkdir(parents=True, exist_ok=True)

        self._emulator = emulator.start_emulator(opts.emulator_port)
        extra = snapshot.restore()
        if extra is not None and "stream_positions" in extra:
            # Positions saved with the data they refer to: never ahead of what was restored.
            home.write_json(positions_path(), extra["stream_positions"])
        # The media distribution is served by the API's own server, under /media-cdn.
        self.resources = emulator.provision(self.emulator_url, f"{self.api_url}{media_cdn.PATH_PREFIX}")
        save_resources(self.resources, self.api_url)
        config = apply_environment(self.resources)
        self.app = load_app()

        if opts.seed:
            from local import seed

            self.seeded = seed.seed()
        self._start_workers()
        self._start_http(config)

    def _start_workers(self) -> None:
        assert self.app is not None and self.resources is not None
        from chalicelib.reactors.events.registry import reaches_consumer  # with the app, once configured

        opts, url = self.options, self.emulator_url
        for source in stream_sources(self.app):
            # The app's one stream source, filtered as infra filters its event source mapping.
            poller = StreamPoller(
                self.app, source, self.resources.table_stream_arn, url, reaches=reaches_consumer
            )
            self._workers.append(poller)
            self._threads.append(poller.start(opts.stream_poll_seconds))
        clock = LocalClock(self.app, url)
        self._workers.append(clock)
        self._threads.append(clock.start(opts.clock_tick_seconds))
        delivery = S3Delivery(self.app, self.resources.media_bucket, url)
        self._workers.append(delivery)
        self._threads.append(delivery.start(opts.s3_poll_seconds))
        saver = threading.Thread(target=self._snapshot_periodically, name="snapshots", daemon=True)
        saver.start()
        self._threads.append(saver)

    def _start_http(self, config: Any) -> None:
        from local.http_server import create_server
        from local.web import LocalWeb

        assert self.app is not None and self.resources is not None
        try:
            # Chalice's own local server, answering its own errors (unknown route, bad method) as
            # problem+json like the gateway responses infra/ deploys, with a quiet access log; and
            # the media distribution's signed URLs, checked as CloudFront checks them; the web app
            # and the API reference beside /v1, and the browser's way to the emulator's Cognito.
            self._http = create_server(
                self.app,
                self.options.host,
                self.options.api_port,
                config,
                media_distribution=media_cdn.LocalDistribution.of(self.resources),
                site=LocalWeb.for_stack(self.emulator_url),
                emulator_url=self.emulator_url,
            )
        except OSError as exc:
            raise StartupError(f"The API cannot listen on port {self.options.api_port}: {exc}") from exc
        thread = threading.Thread(target=self._http.server.serve_forever, name="http", daemon=True)
        thread.start()
        self._threads.append(thread)

    def _snapshot_periodically(self) -> None:
        while not self._stopping.wait(self.options.snapshot_interval_seconds):
            try:
                emulator.prune_stream_iterators()
                self.save_snapshot()
            except Exception:
                log.exception("Periodic snapshot failed")

    def save_snapshot(self) -> None:
        with self._snapshot_lock:
            # Read the positions before the data: the saved positions are never ahead of it.
            positions = home.read_json(positions_path(), {})
            snapshot.save({"stream_positions": positions})

    def stop(self) -> None:
        """Stop serving, stop the workers, save a snapshot, stop the emulator. Safe to call twice."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        if self._http is not None:
            self._http.server.shutdown()
            self._http.server.server_close()
        for worker in self._workers:
            worker.stop()
        for thread in self._threads:
            thread.join(timeout=10)
        if self._emulator is not None:
            try:
                self.save_snapshot()
            finally:
                self._emulator.stop()
