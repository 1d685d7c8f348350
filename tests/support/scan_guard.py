"""The Scan guard: no Scan may happen while serving a request or running a consumer."""

from __future__ import annotations

from local.recorder import RECORDER


def scans_since(start: int) -> list[str]:
    """Labels (request or consumer) that made a Scan among the calls recorded since `start`."""
    return sorted({call.label for call in RECORDER.calls[start:] if call.operation == "Scan"})
