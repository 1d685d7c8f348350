"""Schemathesis runs against an app served over HTTP (tests/integration/test_api_fuzzing*.py).

Two depths, the same operations and checks:

- `make test` (the default): every operation gets its documented examples, every boundary of
  every valid value (the coverage phase, positive cases) and a few generated requests, valid and
  invalid. What a client can get wrong in general (no token, malformed JSON, the wrong content
  type or method, a body over the limit, a missing field) is walked route by route, cheaper, in
  tests/integration/test_openapi_errors.py and tests/integration/test_api_conventions.py.
- `make fuzz` (KRING_FUZZ=deep): also every invalid value of every field and every unexpected
  method (the coverage phase's negative cases), and many more generated requests per operation.

A fixed seed and no example database: a run makes the same requests on every machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import app as app_module
from chalicelib.api.relations import Relation
from chalicelib.api.routing import all_operations
from local.emulator import LocalResources
from local.in_process import direct_dynamodb
from tests.support.http_server import serving
from tests.support.world import build_org

CHECKS = "not_a_server_error,response_schema_conformance,content_type_conformance,status_code_conformance"
COMMUNITY_PATHS = "^/v1/communities"
SEED = "20261123"
SCHEMA_WAIT_SECONDS = 120  # the first /v1/openapi.json builds every route's models: slow on a busy CI box


@dataclass(frozen=True)
class Depth:
    max_examples: int  # generated requests per operation (the fuzzing phase)
    learner_max_examples: int  # the learner's run has no coverage phase: mostly refusals
    coverage: str  # schemathesis.toml lines for the coverage phase
    timeout_seconds: int  # for one run, on a busy 2-core machine


QUICK = Depth(
    max_examples=5,
    learner_max_examples=4,
    coverage='[phases.coverage]\nunexpected-methods = []\n[phases.coverage.generation]\nmode = "positive"\n',
    timeout_seconds=900,
)
DEEP = Depth(max_examples=50, learner_max_examples=30, coverage="", timeout_seconds=3600)


def depth() -> Depth:
    return DEEP if os.environ.get("KRING_FUZZ") == "deep" else QUICK


def schemathesis(
    schema_location: str,
    base_url: str,
    token: str,
    *filters: str,
    max_examples: int | None = None,
    phases: str = "examples,coverage,fuzzing",
) -> subprocess.CompletedProcess[str]:
    """`filters`: which operations, e.g. `--include-path-regex`, `^/v1/communities`."""
    chosen = depth()
    if schema_location.startswith("http"):
        with urllib.request.urlopen(schema_location, timeout=SCHEMA_WAIT_SECONDS) as answer:
            answer.read()  # built once here, so schemathesis's own load is quick
    with tempfile.NamedTemporaryFile("w", suffix=".toml", prefix="schemathesis-") as config:
        config.write(chosen.coverage)
        config.flush()
        command = [
            str(Path(sys.executable).parent / "schemathesis"),
            "--config-file",
            config.name,
            "run",
            schema_location,
            "--url",
            base_url,
            "--checks",
            CHECKS,
            "--max-examples",
            str(max_examples or chosen.max_examples),
            "--seed",
            SEED,
            "--generation-database",
            "none",
            "--workers",
            "1",
            "--phases",
            phases,
            "--suppress-health-check",
            "all",
            "--header",
            f"Authorization: Bearer {token}",
            "--request-timeout",
            "30",  # a hang still fails the run; a first use of a route on a busy machine does not
            *filters,
        ]
        return subprocess.run(
            command, capture_output=True, text=True, timeout=chosen.timeout_seconds, check=False
        )


# Relations the fuzzing world's learner never has (no admin, moderator, organiser or intervision
# group member): such a route refuses them before it reads the request, whatever they send. The
# intra-organisation sweep (test_trust_inside_an_organisation.py) tries each of those routes with a
# plain member and an outsider, and the OpenAPI errors walk sends each a learner's valid body and
# checks the refusal against its declared schema, so `make test` fuzzes the learner only on the
# routes that admit them; `make fuzz` on every route.
REFUSED_TO_THE_LEARNER = frozenset(
    {Relation.ORG_ADMIN, Relation.COMMUNITY_MODERATOR, Relation.EVENT_ORGANISER, Relation.INTERVISION_MEMBER}
)


def routes_refused_to_the_learner() -> list[str]:
    """schemathesis filters that leave out the routes the learner is refused whatever they send."""
    return [
        option
        for operation in all_operations()
        if operation.relation in REFUSED_TO_THE_LEARNER
        for option in ("--exclude-operation-id", operation.operation_id)
    ]


def fuzz_the_app(resources: LocalResources, *filters: str, as_learner: bool = False) -> None:
    """Fuzz the app's operations that `filters` select: no 5xx, every response as documented.

    As an admin the requests reach the handlers; as a learner they probe what a learner reaches
    (see REFUSED_TO_THE_LEARNER). The admin's runs walk the coverage phase; generated requests are
    enough for the learner's."""
    fuzzed = build_org(resources, "fuzz")  # its own organisation: the run archives, deletes and deactivates
    token = fuzzed.learner.token if as_learner else fuzzed.admin.token
    if as_learner and depth() is QUICK:
        filters = (*filters, *routes_refused_to_the_learner())
    max_examples = depth().learner_max_examples if as_learner else depth().max_examples
    phases = "examples,fuzzing" if as_learner else "examples,coverage,fuzzing"
    # What is fuzzed is the app's HTTP API: its DynamoDB requests skip the HTTP hop to the
    # in-process emulator (botocore still validates and serialises them, moto still handles them,
    # see local/in_process.py). Over thousands of generated requests that hop was two thirds of the
    # CPU spent serving them; every other integration test still takes it.
    with direct_dynamodb(resources.endpoint_url), serving(app_module.app) as base_url:
        result = schemathesis(
            f"{base_url}/v1/openapi.json",
            base_url,
            token,
            *filters,
            max_examples=max_examples,
            phases=phases,
        )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "No operations matched the filters" not in result.stdout
