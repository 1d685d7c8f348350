"""Where events go that a handler kept failing on: one JSON object per line in .kring/dead-letters.jsonl.

On AWS these would land in an on-failure destination (streams) or a dead-letter queue
(EventBridge, Scheduler); locally a file you can read is the useful equivalent. The stream
poller writes one record per entry, whole, and `kring replay-dead-letters` re-drives those
through the consumer (the consumer's own dead letters live in the table: chalicelib/store/dead_letters.py).
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from local import home

_lock = threading.Lock()


def dead_letter_path() -> Path:
    return home.path("dead-letters.jsonl")


def record(source: str, reason: str, event: dict[str, Any], target: Path | None = None) -> None:
    target = target or dead_letter_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    entry = {"at": datetime.now(UTC).isoformat(), "source": source, "reason": reason, "event": event}
    with _lock, target.open("a") as out:
        out.write(json.dumps(entry, default=str) + "\n")


def read(target: Path | None = None) -> list[dict[str, Any]]:
    target = target or dead_letter_path()
    if not target.exists():
        return []
    return [json.loads(line) for line in target.read_text().splitlines() if line.strip()]


def rewrite(entries: list[dict[str, Any]], replaced: int, target: Path | None = None) -> None:
    """Replace the first `replaced` entries (those read before a replay) by `entries`.

    Entries appended since (a running poller) are kept after them.
    """
    target = target or dead_letter_path()
    if not target.exists():
        return
    with _lock:
        since = [line for line in target.read_text().splitlines() if line.strip()][replaced:]
        kept = [json.dumps(entry, default=str) for entry in entries]
        target.write_text("".join(line + "\n" for line in kept + since))
