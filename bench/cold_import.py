"""Cold import of the app module compared with `import boto3`, each in a fresh interpreter.

Both run from the repository root with the environment the app needs (from
local.emulator.app_environment of a fake LocalResources whose endpoint refuses connections, and
fake credentials), so importing cannot reach AWS. Each round runs, interleaved:
`python -X importtime -c "import app"` and the same for boto3 (the figure: the cumulative import
time the interpreter reports for that module, interpreter start-up excluded), plus the wall clock
of plain `python -c "import app"`, `"import boto3"` and `"pass"` for reference. Medians of the
rounds. The file-system cache and .pyc files are warm (one discarded warm-up round), like a
Lambda container's second cold start, not its very first.
"""

from __future__ import annotations

import logging
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("bench.cold_import")

REPO_ROOT = Path(__file__).resolve().parent.parent
MODULES = ("app", "boto3")
ROUNDS = 7


@dataclass(frozen=True)
class ImportRow:
    module: str
    depth: int
    self_us: int
    cumulative_us: int


def importtime_rows(stderr: str) -> list[ImportRow]:
    """One row per line of `-X importtime` output, in the order printed (children first)."""
    rows: list[ImportRow] = []
    for line in stderr.splitlines():
        if not line.startswith("import time:"):
            continue
        fields = line[len("import time:") :].split("|")
        if len(fields) != 3 or not fields[1].strip().isdigit():
            continue  # the header line
        name = fields[2].rstrip().removeprefix(" ")
        depth = (len(name) - len(name.lstrip(" "))) // 2
        rows.append(ImportRow(name.strip(), depth, int(fields[0]), int(fields[1])))
    return rows


def parse_importtime(stderr: str) -> dict[str, int]:
    """Cumulative microseconds per top-level import from `-X importtime` output."""
    return {row.module: row.cumulative_us for row in importtime_rows(stderr) if row.depth == 0}


def time_by_package(stderr: str, module: str, count: int = 8) -> list[tuple[str, int]]:
    """Where importing `module` spends its time: self µs summed per top-level package, largest first."""
    rows = importtime_rows(stderr)
    # importtime prints children before their parent: the module's subtree is the rows before it
    # back to the previous top-level row.
    end = next((i for i, row in enumerate(rows) if row.module == module and row.depth == 0), None)
    if end is None:
        return []
    start = end
    while start > 0 and rows[start - 1].depth > 0:
        start -= 1
    totals: dict[str, int] = {}
    for row in rows[start : end + 1]:
        package = row.module.split(".", 1)[0]
        totals[package] = totals.get(package, 0) + row.self_us
    return sorted(totals.items(), key=lambda item: item[1], reverse=True)[:count]


def app_import_environment(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment `import app` needs, pointing at nothing that answers."""
    from local.emulator import LOCAL_ACCOUNT, LOCAL_REGION, LocalResources, app_environment

    fake = LocalResources(
        endpoint_url="http://127.0.0.1:9",  # discard port: nothing listens, nothing may be called
        table_name="kring-bench",
        table_stream_arn=f"arn:aws:dynamodb:{LOCAL_REGION}:{LOCAL_ACCOUNT}:table/kring-bench/stream/2026-01-01T00:00:00.000",
        media_bucket="kring-bench-media",
        user_pool_id=f"{LOCAL_REGION}_benchpool",
        user_pool_client_id="benchclient",
        media_cdn_url="http://127.0.0.1:9/media-cdn",
        media_cdn_key_pair_id="KBENCHKEY",
        media_cdn_public_key="",
    )
    environment = {
        name: value
        for name, value in (base if base is not None else os.environ).items()
        if not name.startswith(("AWS_", "KRING_", "POWERTOOLS_", "PYTHON"))
    }
    environment.update(app_environment(fake))
    environment.update(
        {
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_EC2_METADATA_DISABLED": "true",
        }
    )
    return environment


def _run(argv: Sequence[str], environment: Mapping[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        argv, cwd=REPO_ROOT, env=dict(environment), capture_output=True, text=True, check=False
    )
    elapsed_ms = (time.perf_counter() - started) * 1000
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed_ms, done.stderr


@dataclass(frozen=True)
class ColdImport:
    importtime_ms: dict[str, float]
    wall_ms: dict[str, float]
    app_time_by_package_ms: list[tuple[str, float]]
    rounds: int

    @property
    def ratio(self) -> float:
        return self.importtime_ms["app"] / self.importtime_ms["boto3"]


def measure(rounds: int = ROUNDS, python: str = sys.executable) -> ColdImport:
    environment = app_import_environment()
    importtime: dict[str, list[float]] = {module: [] for module in MODULES}
    wall: dict[str, list[float]] = {"app": [], "boto3": [], "python": []}
    last_app_stderr = ""
    for round_number in range(rounds + 1):
        for module in MODULES:
            _, stderr = _run([python, "-X", "importtime", "-c", f"import {module}"], environment)
            totals = parse_importtime(stderr)
            if module not in totals:
                raise RuntimeError(f"-X importtime did not report {module!r}")
            if round_number:  # round 0 warms the file-system cache and writes .pyc files
                importtime[module].append(totals[module] / 1000)
            if module == "app":
                last_app_stderr = stderr
        for name, code in (("app", "import app"), ("boto3", "import boto3"), ("python", "pass")):
            elapsed, _ = _run([python, "-c", code], environment)
            if round_number:
                wall[name].append(elapsed)
    result = ColdImport(
        importtime_ms={module: round(statistics.median(values), 1) for module, values in importtime.items()},
        wall_ms={name: round(statistics.median(values), 1) for name, values in wall.items()},
        app_time_by_package_ms=[
            (name, round(us / 1000, 1)) for name, us in time_by_package(last_app_stderr, "app")
        ],
        rounds=rounds,
    )
    log.info("cold import (median of %d): %s; wall %s", rounds, result.importtime_ms, result.wall_ms)
    return result
