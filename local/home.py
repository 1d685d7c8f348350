"""Where the local runtime keeps its state (.kring/ by default, KRING_HOME to move it).

Everything in it is disposable: `kring run --fresh` deletes it and starts from an empty emulator.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent


def home() -> Path:
    configured = os.environ.get("KRING_HOME", "").strip()
    return Path(configured) if configured else REPO_ROOT / ".kring"


def path(name: str) -> Path:
    return home() / name


def wipe() -> None:
    shutil.rmtree(home(), ignore_errors=True)


def write_bytes_atomically(target: Path, data: bytes) -> None:
    """Write next to the target, then rename: a crash mid-write never leaves half a file behind."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_json(target: Path, value: Any) -> None:
    write_bytes_atomically(target, json.dumps(value, indent=2, sort_keys=True, default=str).encode())


def read_json(target: Path, default: Any) -> Any:
    try:
        return json.loads(target.read_text())
    except FileNotFoundError:
        return default
    except json.JSONDecodeError:
        return default
