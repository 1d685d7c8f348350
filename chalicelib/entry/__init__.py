"""The Lambda entry points of the functions that serve no HTTP: each takes the raw event dict and
the context, as the Lambda runtime calls a handler.

app.py declares these functions and their event sources (Chalice builds the function resources
from its decorators), but on AWS each of them runs the entry named here, not app.py: infra/ sets
each function's `Handler` to it, so a cold stream consumer or job imports neither Chalice nor the
API's route index. The local stack (stream poller, clock, media events) calls the same entries,
and bench/cold_import.py measures what they import. app.py's decorated functions delegate here
too, so `chalice invoke` runs the same code.

This module is the one list of them: importing it costs nothing (names only).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, Final

Handler = Callable[[dict[str, Any], Any], Any]

# Function name (as app.py names it) -> the handler Lambda runs: "<module>.<function>".
HANDLERS: Final[dict[str, str]] = {
    "on_table_change": "chalicelib.entry.stream.on_table_change",
    "on_media_uploaded": "chalicelib.entry.media.on_media_uploaded",
    "nightly_member_counts": "chalicelib.entry.member_counts.nightly_member_counts",
    "sweep_campaigns": "chalicelib.entry.campaign_sweep.sweep_campaigns",
    "run_scheduled_job": "chalicelib.entry.scheduled_jobs.run_scheduled_job",
}


def handler_module(function_name: str) -> str:
    """The module Lambda imports for `function_name` (what its cold start pays for)."""
    return HANDLERS[function_name].rsplit(".", 1)[0]


def handler(function_name: str) -> Handler:
    """The entry of `function_name`, loaded the way the Lambda runtime loads a handler."""
    module, name = HANDLERS[function_name].rsplit(".", 1)
    entry: Handler = getattr(importlib.import_module(module), name)
    return entry
