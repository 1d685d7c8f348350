"""Ports for the servers the tests start.

`bind(0)` hands out a port from Linux's ephemeral range (32768-60999) and forgets it once the
socket closes, so two workers asking at the same moment can be given the same port: two local
stacks then race for it, and the loser's fixture sees the winner's `/v1/health` answer. Each
xdist worker takes ports from its own range below the ephemeral one instead, in turn, so no two
workers, and no two servers of one worker, share a port, and the OS never hands one of them out
for an outgoing connection.
"""

from __future__ import annotations

import itertools
import os
import socket

_FIRST = 20_000
_PER_WORKER = 1_500  # eight workers end below 32,000
_turn = itertools.count()


def _worker_index() -> int:
    name = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    digits = name.removeprefix("gw")
    return int(digits) % 8 if digits.isdigit() else 0


def free_port() -> int:
    """A port nothing listens on, from this worker's range."""
    first = _FIRST + _worker_index() * _PER_WORKER
    for _ in range(_PER_WORKER):
        port = first + next(_turn) % _PER_WORKER
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        return port
    raise RuntimeError(f"no free port between {first} and {first + _PER_WORKER}")
