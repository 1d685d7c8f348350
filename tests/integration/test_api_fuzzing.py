"""Schemathesis against the app served over HTTP from its own /v1/openapi.json.

Every operation gets a bounded number of generated requests (valid and invalid); the run
fails on any 5xx and on any response that breaks the documented schema.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from chalice import Chalice
from pydantic import BaseModel

import app as app_module
from chalicelib.api.framework import Api, ApiRequest, Operation
from chalicelib.api.middleware import http_middleware
from chalicelib.api.openapi import build_openapi
from chalicelib.api.schemas import PageQuery
from local.emulator import LocalResources
from tests.support.http_server import serving
from tests.support.world import OrgWorld, build_org


class Share(BaseModel):
    share: float


CHECKS = "not_a_server_error,response_schema_conformance,content_type_conformance,status_code_conformance"


def schemathesis(
    schema_location: str, base_url: str, token: str, max_examples: int
) -> subprocess.CompletedProcess[str]:
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
        "examples,coverage,fuzzing",
        "--suppress-health-check",
        "all",
        "--header",
        f"Authorization: Bearer {token}",
        "--request-timeout",
        "10",
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)


def test_no_operation_answers_a_5xx_or_breaks_its_schema(resources: LocalResources) -> None:
    fuzzed = build_org(resources, "fuzz")  # its own organisation: the run archives, deletes and deactivates
    with serving(app_module.app) as base_url:
        result = schemathesis(f"{base_url}/v1/openapi.json", base_url, fuzzed.admin.token, max_examples=10)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def test_the_fuzzing_run_fails_on_a_planted_server_error(org_a: OrgWorld, tmp_path: Path) -> None:
    planted: list[Operation] = []
    api = Api(__name__, tag="planted", registry=planted)

    @api.route(
        "/v1/planted/pages", "GET", operation_id="plantedPages", summary="x", query=PageQuery, response=Share
    )
    def pages(request: ApiRequest) -> Share:
        return Share(
            share=1 / (100 - request.query.limit)
        )  # the planted fault: the largest page divides by 0

    app = Chalice(app_name="planted")
    app.experimental_feature_flags.update({"BLUEPRINTS"})
    app.register_middleware(http_middleware, "http")
    app.register_blueprint(api.blueprint)
    schema_file = tmp_path / "openapi.json"
    schema_file.write_text(json.dumps(build_openapi(planted)))

    with serving(app) as base_url:
        result = schemathesis(str(schema_file), base_url, org_a.admin.token, max_examples=60)

    assert result.returncode != 0
    assert "Server error" in result.stdout, result.stdout[-3000:]
