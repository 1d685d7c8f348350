"""The OpenAPI 3.1 document, generated from the declared operations."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict

from chalicelib.api.framework import Operation
from chalicelib.api.routing import all_operations
from chalicelib.api.schemas import Problem
from chalicelib.definitions import UNREAD_COUNT, UNREAD_COUNT_WANTED

_REF = "#/components/schemas/{model}"
_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


class OpenApiDocument(BaseModel):
    model_config = ConfigDict(extra="allow")

    openapi: str
    info: dict[str, Any]
    paths: dict[str, Any]


def _schema(model: type[BaseModel], components: dict[str, Any]) -> dict[str, Any]:
    schema = model.model_json_schema(ref_template=_REF)
    components.update(schema.pop("$defs", {}))
    components[model.__name__] = schema
    return {"$ref": _REF.format(model=model.__name__)}


def _problem(description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {"application/problem+json": {"schema": _PROBLEM_REF}},
    }
    if headers:
        response["headers"] = headers
    return response


def _header(description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"description": description, "schema": schema or {"type": "string"}}


_RETRY_AFTER = {"Retry-After": _header("Seconds to wait before retrying", {"type": "integer", "minimum": 0})}


def _success(op: Operation, components: dict[str, Any]) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if op.status == 201:
        headers["Location"] = _header("Where the created resource is (a path under the API's prefix)")
    if op.idempotent:
        headers["Idempotent-Replayed"] = _header(
            "'true' when this is the stored response of an earlier request with the same Idempotency-Key",
            {"type": "string", "enum": ["true"]},
        )
    if not op.public:
        headers[UNREAD_COUNT] = _header(
            f"My unread notification count, sent when the request asked for it ({UNREAD_COUNT_WANTED}: 1)",
            {"type": "integer", "minimum": 0},
        )
    if op.response_model is not None:
        success: dict[str, Any] = {
            "description": "Success",
            "content": {"application/json": {"schema": _schema(op.response_model, components)}},
        }
        status = str(op.status)
    else:
        # A Content-Type is always sent (servers default to JSON); an empty body is labelled text/plain.
        empty = {"schema": {"type": "string", "maxLength": 0}}
        success = {"description": "Done; no body", "content": {"text/plain": empty}}
        status = "204"
    if headers:
        success["headers"] = headers
    if op.conditional:
        tag = _header("The version tag of this answer (send it as If-None-Match)")
        success.setdefault("headers", {})["ETag"] = tag
        not_modified = {
            "description": "Not modified: the If-None-Match tag is the current one; keep what you have",
            "headers": {"ETag": _header("The current version tag")},
        }
        return {status: success, "304": not_modified}
    return {status: success}


def _errors(op: Operation) -> dict[str, Any]:
    """The errors this operation can answer, from its declaration (the framework and middleware
    raise them; tests/integration/test_openapi_errors.py provokes each one on every route)."""
    has_body = op.request_model is not None
    writes = op.method != "GET"
    errors: dict[str, Any] = {}
    if op.query_model is not None or has_body or op.idempotent:
        errors["400"] = _problem(
            "Malformed: query parameters, JSON, a pagination cursor or an Idempotency-Key"
        )
    if not op.public:
        errors["401"] = _problem(
            "No valid bearer token, or no active profile in its organisation",
            {"WWW-Authenticate": _header("The bearer challenge")},
        )
        if (
            op.roles
            or writes
            or (op.relation is not None and op.relation.value not in ("org_member", "self"))
        ):
            errors["403"] = _problem(
                "The caller lacks the role or the relation this needs, or may not do it now"
            )
    if op.path_params:
        errors["404"] = _problem("Nothing with this id here (or an id that does not belong to its parent)")
    if writes and not op.public:
        errors["409"] = _problem(
            "Conflicts with the current state (or the same Idempotency-Key is in progress)"
        )
    if has_body:
        errors["413"] = _problem("The body is over the size limit")
        errors["415"] = _problem("The body is not application/json")
    if has_body or op.idempotent:
        errors["422"] = _problem("Fields not valid (each named in `errors`), or an Idempotency-Key reused")
    if not op.public:
        errors["429"] = _problem("Too many requests (the organisation's or the member's limit)", _RETRY_AFTER)
    errors["503"] = _problem("Passing trouble: retry after the given delay", _RETRY_AFTER)
    return errors


def _operation(op: Operation, components: dict[str, Any]) -> dict[str, Any]:
    parameters: list[dict[str, Any]] = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"},
        }
        for name in op.path_params
    ]
    if op.query_model is not None:
        query_schema = op.query_model.model_json_schema(ref_template=_REF)
        required = set(query_schema.get("required", []))
        for name, prop in query_schema.get("properties", {}).items():
            parameters.append({"name": name, "in": "query", "required": name in required, "schema": prop})
    if op.idempotent:
        parameters.append(
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "description": "A retry with the same key gets the first response back.",
                "schema": {"type": "string", "pattern": "^[A-Za-z0-9_.:-]{8,128}$"},
            }
        )
    responses = {**_success(op, components), **_errors(op), "default": _problem("Unexpected failure (500)")}
    document: dict[str, Any] = {
        "operationId": op.operation_id,
        "summary": op.summary,
        "tags": [op.tag],
        "parameters": parameters,
        "responses": responses,
    }
    needs = []
    if op.relation is not None:
        needs.append(f"Caller: {op.relation.description}.")
    if op.roles:
        needs.append("Needs one of these roles: " + ", ".join(sorted(op.roles)) + ".")
    if needs:
        document["description"] = " ".join(needs)
    if not op.public:
        document["security"] = [{"bearerAuth": []}]
    if op.request_model is not None:
        document["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": _schema(op.request_model, components)}},
        }
    return document


@lru_cache(maxsize=1)
def openapi_document() -> dict[str, Any]:
    # Every route module is imported for this: a cold container pays for it once, if asked.
    return build_openapi(all_operations())


def build_openapi(operations: list[Operation]) -> dict[str, Any]:
    components: dict[str, Any] = {"Problem": Problem.model_json_schema(ref_template=_REF)}
    paths: dict[str, dict[str, Any]] = {}
    for op in operations:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op, components)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Kring API",
            "version": "1.0.0",
            "description": "Social Learning Communities. Errors are RFC 9457 problem+json documents.",
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        },
    }
