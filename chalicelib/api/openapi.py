"""The OpenAPI 3.1 document, generated from the declared operations."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict

from chalicelib.api.framework import Operation
from chalicelib.api.routing import all_operations
from chalicelib.api.schemas import Problem

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


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/problem+json": {"schema": _PROBLEM_REF}}}


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
    responses: dict[str, Any] = {
        status: success,
        "default": _problem("An error (RFC 9457 problem+json)"),
    }
    if not op.public:
        responses["401"] = _problem("No valid bearer token, or no active profile in its organisation")
    if op.roles or (op.relation is not None and op.relation.value not in ("org_member", "self")):
        responses["403"] = _problem("The caller lacks the role or the relation this needs")
    if op.path_params:
        responses["404"] = _problem("Nothing with this id here (or an id that does not belong to its parent)")
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
