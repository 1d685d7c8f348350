"""Code run in a fresh interpreter, as a cold Lambda container runs it: from the repository root,
with the environment the app needs pointing at nothing that answers (bench/cold_import.py's)."""

from __future__ import annotations

import json
import subprocess
import sys

from bench.cold_import import REPO_ROOT, app_import_environment

_LOADED = "import json, sys; print(json.dumps(sorted(sys.modules)))"


def run_fresh(code: str) -> list[str]:
    """The lines `code` prints (it fails the test if `code` raises)."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env=app_import_environment(),
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.splitlines()


def loaded_modules(code: str) -> set[str]:
    """Every module loaded once `code` has run."""
    return set(json.loads(run_fresh(f"{code}\n{_LOADED}")[-1]))
