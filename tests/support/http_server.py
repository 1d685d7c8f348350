"""The app served over HTTP as `make run` serves it, on a free port, for the fuzzer (schemathesis).

The fuzzer generates request bodies and cannot send each one's `x-amz-content-sha256`, which the
front door requires (local/function_url.py): that check is off here, and tested on its own."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from chalice import Chalice

from local.http_server import serving as serve_on
from tests.support.ports import free_port


@contextmanager
def serving(app: Chalice) -> Iterator[str]:
    with serve_on(app, free_port(), check_content_hash=False) as base_url:
        yield base_url
