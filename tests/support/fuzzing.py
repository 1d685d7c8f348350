"""Schemathesis runs against an app served over HTTP (tests/integration/test_api_fuzzing*.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import app as app_module
from local.emulator import LocalResources
from tests.support.http_server import serving
from tests.support.world import build_org

CHECKS = "not_a_server_error,response_schema_conformance,content_type_conformance,status_code_conformance"
COMMUNITY_PATHS = "^/v1/communities"


def schemathesis(
    schema_location: str,
    base_url: str,
    token: str,
    max_examples: int,
    *filters: str,
    phases: str = "examples,coverage,fuzzing",
) -> subprocess.CompletedProcess[str]:
    """`filters`: which operations, e.g. `--include-path-regex`, `^/v1/communities`."""
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "run",
        schema_location,
        "--url",
        base_url,
        "--checks",
        CHECKS,
        "--max-examples",
        str(max_examples),
        "--seed",
        "20261123",
        "--workers",
        "1",
        "--phases",
        phases,
        "--suppress-health-check",
        "all",
        "--header",
        f"Authorization: Bearer {token}",
        "--request-timeout",
        "10",
        *filters,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)


def fuzz_the_app(
    resources: LocalResources,
    *filters: str,
    as_learner: bool = False,
    max_examples: int = 10,
    phases: str = "examples,coverage,fuzzing",
) -> None:
    """Fuzz the app's operations that `filters` select: no 5xx, every response as documented.

    As an admin the requests reach the handlers; as a learner they also probe every refusal."""
    fuzzed = build_org(resources, "fuzz")  # its own organisation: the run archives, deletes and deactivates
    token = fuzzed.learner.token if as_learner else fuzzed.admin.token
    with serving(app_module.app) as base_url:
        result = schemathesis(
            f"{base_url}/v1/openapi.json", base_url, token, max_examples, *filters, phases=phases
        )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "No operations matched the filters" not in result.stdout
