"""Schemathesis against the app served over HTTP from its own /v1/openapi.json.

Every operation gets its examples, every boundary of its valid values and a bounded number of
generated requests (valid and invalid; `make fuzz` goes deeper, see tests/support/fuzzing.py); the
run fails on any 5xx and on any response that breaks the documented schema. The communities'
operations run in test_api_fuzzing_communities.py: two files, so two workers share the work.
"""

from __future__ import annotations

import json
from pathlib import Path

from chalice import Chalice
from pydantic import BaseModel

from chalicelib.api.framework import Api, ApiRequest, Operation
from chalicelib.api.middleware import http_middleware
from chalicelib.api.openapi import build_openapi
from chalicelib.api.relations import Relation
from chalicelib.api.schemas import PageQuery
from local.emulator import LocalResources
from tests.support.fuzzing import COMMUNITY_PATHS, fuzz_the_app, schemathesis
from tests.support.http_server import serving
from tests.support.world import OrgWorld


class Share(BaseModel):
    share: float


def test_no_operation_outside_the_communities_answers_a_5xx_or_breaks_its_schema(
    resources: LocalResources,
) -> None:
    fuzz_the_app(resources, "--exclude-path-regex", COMMUNITY_PATHS)


def test_the_fuzzing_run_fails_on_a_planted_server_error(org_a: OrgWorld, tmp_path: Path) -> None:
    planted: list[Operation] = []
    api = Api(__name__, tag="planted", registry=planted)

    @api.route(
        "/v1/planted/pages",
        "GET",
        operation_id="plantedPages",
        summary="x",
        relation=Relation.ORG_MEMBER,
        query=PageQuery,
        response=Share,
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
        # As deep as `make test` fuzzes: the largest page is a boundary the coverage phase tries.
        result = schemathesis(str(schema_file), base_url, org_a.admin.token)

    assert result.returncode != 0
    assert "Server error" in result.stdout, result.stdout[-3000:]
