"""Health and the OpenAPI document: the only routes that need no token."""

from __future__ import annotations

from pydantic import BaseModel

from chalicelib.api.framework import Api, ApiRequest
from chalicelib.api.openapi import OpenApiDocument, openapi_document

api = Api(__name__, tag="system")


class Health(BaseModel):
    status: str
    service: str


@api.route(
    "/v1/health",
    "GET",
    operation_id="getHealth",
    relation=None,
    summary="Is the API up?",
    response=Health,
    public=True,
)
def get_health(request: ApiRequest) -> Health:
    return Health(status="ok", service=request.config.service_name)


@api.route(
    "/v1/openapi.json",
    "GET",
    operation_id="getOpenApi",
    relation=None,
    summary="This API's OpenAPI 3.1 document",
    response=OpenApiDocument,
    public=True,
)
def get_openapi(request: ApiRequest) -> OpenApiDocument:
    return OpenApiDocument.model_validate(openapi_document())
