"""Every answer the API gives is declared in its OpenAPI document: status, body and headers.

A client generated from /v1/openapi.json (the web app's types are) must be able to handle every
error by its status without a catch-all. This walks every route and provokes what a client can
get wrong (no token, an id that is not there, bad JSON, the wrong content type, a body over the
limit, a learner trying an admin's action with a valid body) and checks each answer is declared
explicitly for that operation, headers included, and that its body matches the declared schema.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from chalicelib.api.framework import Operation
from chalicelib.api.openapi import openapi_document
from chalicelib.api.routing import all_operations
from local.emulator import LocalResources
from tests.support.isolation import concrete_path, example_body
from tests.support.stack import ApiClient, Reply
from tests.support.world import OrgWorld, build_org

pytestmark = pytest.mark.usefixtures("direct_emulator")  # see tests/integration/conftest.py

OPERATIONS = all_operations()  # every route module imported, as the spec does
# Headers whose presence on an answer the document must declare for that status.
DECLARED_HEADERS = (
    "Location",
    "Retry-After",
    "Idempotent-Replayed",
    "WWW-Authenticate",
    "Kring-Unread-Count",
)


@pytest.fixture(scope="module")
def world(resources: LocalResources) -> OrgWorld:
    return build_org(resources, "spec")  # its own organisation: learners' valid bodies may change it


def _declared(operation: Operation) -> dict[str, Any]:
    responses: dict[str, Any] = openapi_document()["paths"][operation.path][operation.method.lower()][
        "responses"
    ]
    return responses


@cache
def _body_schema(path: str, method: str, status: str, content_type: str) -> Draft202012Validator:
    """The declared schema of one answer, its references resolved within the document (3.1: JSON
    Schema 2020-12)."""
    document = openapi_document()
    declared = document["paths"][path][method]["responses"][status]["content"][content_type]
    return Draft202012Validator({"components": document["components"], "allOf": [declared["schema"]]})


def _undeclared(operation: Operation, reply: Reply, case: str) -> list[str]:
    responses = _declared(operation)
    status = str(reply.status)
    if status not in responses:
        return [f"{operation.operation_id} {case}: {status} is not declared ({reply.body[:200]!r})"]
    problems = []
    declared_headers = {name.lower() for name in responses[status].get("headers", {})}
    for name in DECLARED_HEADERS:
        if reply.header(name) is not None and name.lower() not in declared_headers:
            problems.append(f"{operation.operation_id} {case}: {status} sends {name} undeclared")
    content_type = (reply.header("content-type") or "").split(";")[0]
    declared_content = responses[status].get("content", {})
    if reply.body and content_type not in declared_content:
        problems.append(f"{operation.operation_id} {case}: {status} as {content_type} is not declared")
    elif reply.body and content_type.endswith("json") and "schema" in declared_content[content_type]:
        schema = _body_schema(operation.path, operation.method.lower(), status, content_type)
        problems += [
            f"{operation.operation_id} {case}: {status} body breaks its schema at "
            f"{list(error.absolute_path)}: {error.message}"
            for error in schema.iter_errors(reply.json())
        ][:3]
    return problems


def _cases(operation: Operation, world: OrgWorld) -> list[tuple[str, dict[str, Any]]]:
    path = concrete_path(operation, world)
    admin, learner = world.admin.token, world.learner.token
    cases: list[tuple[str, dict[str, Any]]] = []
    if not operation.public:
        cases.append(("without a token", {"token": None}))
    if operation.path_params:
        unknown = re.sub(r"{(\w+)}", "nothing-here-0000", operation.path)
        cases.append(("with ids that are not there", {"path": unknown, "token": admin}))
    if operation.request_model is not None:
        cases.append(("with malformed JSON", {"raw_body": "{nope", "token": admin}))
        cases.append(("with an empty object", {"body": {}, "token": admin}))
        cases.append(
            ("as text/plain", {"raw_body": "a=b", "headers": {"Content-Type": "text/plain"}, "token": admin})
        )
        cases.append(("over the size limit", {"raw_body": json.dumps({"x": "y" * 70_000}), "token": admin}))
        cases.append(("as a learner with a valid body", {"body": example_body(operation), "token": learner}))
    if operation.query_model is not None:
        cases.append(("with a bad query", {"path": path + "?limit=0&cursor=tampered", "token": admin}))
    if operation.idempotent:
        cases.append(
            ("with a malformed Idempotency-Key", {"headers": {"Idempotency-Key": "x"}, "token": admin})
        )
    return [(case, {"path": path, **arguments}) for case, arguments in cases]


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.operation_id)
def test_every_answer_of_the_route_is_declared(api: ApiClient, world: OrgWorld, operation: Operation) -> None:
    problems: list[str] = []
    for case, arguments in _cases(operation, world):
        reply = api.call(
            operation.method,
            arguments["path"],
            arguments.get("token"),
            body=arguments.get("body"),
            headers=arguments.get("headers"),
            raw_body=arguments.get("raw_body"),
        )
        assert reply.status < 500, f"{operation.operation_id} {case}: {reply.status} {reply.body[:300]!r}"
        problems += _undeclared(operation, reply, case)
    assert problems == []


def test_created_resources_declare_where_they_are_and_retries_declare_replays() -> None:
    for operation in OPERATIONS:
        responses = _declared(operation)
        for status, response in responses.items():
            headers = response.get("headers", {})
            if status == "201":
                assert "Location" in headers, operation.operation_id
            if status in ("429", "503"):
                assert "Retry-After" in headers, operation.operation_id
            if status == "401":
                assert "WWW-Authenticate" in headers, operation.operation_id
            if status.startswith("2") and operation.idempotent:
                assert "Idempotent-Replayed" in headers, operation.operation_id
        assert "503" in responses and "default" in responses, operation.operation_id
