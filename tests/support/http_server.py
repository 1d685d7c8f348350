"""The app served over HTTP exactly as `make run` serves it, on a free port."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from chalice import Chalice

from local.emulator import free_port
from local.http_server import serving as serve_on


@contextmanager
def serving(app: Chalice) -> Iterator[str]:
    with serve_on(app, free_port()) as base_url:
        yield base_url
