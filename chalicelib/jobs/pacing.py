"""Keeping a job's writes to one partition under DynamoDB's per-key limit.

A partition key takes at most 1,000 write units a second; a leaderboard rebuilt after a burst can
have thousands of places to rewrite, all in one partition, so the job spaces its writes out.
"""

from __future__ import annotations

import time
from collections.abc import Callable

DEFAULT_WRITES_PER_SECOND = 800  # below the 1,000 a partition key allows, leaving room for others


class Pacer:
    """Call `before_writes(n)` before sending n writes; it waits so no second holds more than the rate."""

    def __init__(
        self,
        max_writes_per_second: int = DEFAULT_WRITES_PER_SECOND,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.max_writes_per_second = max_writes_per_second
        self._clock = clock
        self._sleep = sleep
        self._window_start = clock()
        self._written = 0

    def before_writes(self, count: int) -> None:
        now = self._clock()
        if now - self._window_start >= 1.0:
            self._window_start, self._written = now, 0
        if self._written + count > self.max_writes_per_second:
            self._sleep(max(0.0, 1.0 - (now - self._window_start)))
            self._window_start, self._written = self._clock(), 0
        self._written += count
