"""The OpenAPI document is generated from the routes, so it cannot miss one."""

from __future__ import annotations

import app as app_module
from chalicelib.api.openapi import openapi_document
from chalicelib.api.routing import all_operations


def test_every_route_of_the_app_is_in_the_document() -> None:
    document = openapi_document()
    documented = {(method.upper(), path) for path, item in document["paths"].items() for method in item}
    registered = {
        (method, path)
        for path, methods in app_module.app.routes.items()
        for method in methods
        if method != "OPTIONS"  # CORS preflights (chalicelib/api/cors.py), not operations
    }
    assert registered == documented


def test_operations_say_who_may_call_them_and_what_errors_look_like() -> None:
    document = openapi_document()
    me = document["paths"]["/v1/me"]["get"]
    assert me["security"] == [{"bearerAuth": []}]
    assert "401" in me["responses"] and "default" in me["responses"]
    assert "security" not in document["paths"]["/v1/health"]["get"]
    assert document["openapi"] == "3.1.0"


def test_every_request_body_has_an_example() -> None:
    for operation in all_operations():
        if operation.request_model is not None:
            assert operation.request_model.model_json_schema().get("examples"), operation.operation_id


def test_idempotent_creates_document_the_idempotency_key_header() -> None:
    document = openapi_document()
    for operation in all_operations():
        if operation.idempotent:
            parameters = document["paths"][operation.path][operation.method.lower()]["parameters"]
            assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in parameters)
