"""Health, the OpenAPI document and the client configuration: the only routes that need no token."""

from __future__ import annotations

from pydantic import BaseModel, Field

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
    # The paths start at /v1; the server is wherever this client reached them (a stage prefix or not).
    document = {**openapi_document(), "servers": [{"url": request.public_prefix or "/"}]}
    return OpenApiDocument.model_validate(document)


class ClientConfig(BaseModel):
    """What the web app (and any other client) needs to sign people in, the same code everywhere."""

    region: str
    user_pool_id: str
    user_pool_client_id: str
    cognito_endpoint: str = Field(
        description="Where a browser calls Cognito's API; a path is relative to the app's origin."
    )


@api.route(
    "/v1/client-config",
    "GET",
    operation_id="getClientConfig",
    relation=None,
    summary="The sign-in settings a client needs (Cognito region, user pool, app client, endpoint)",
    response=ClientConfig,
    public=True,
)
def get_client_config(request: ApiRequest) -> ClientConfig:
    config = request.config
    return ClientConfig(
        region=config.region,
        user_pool_id=config.user_pool_id,
        user_pool_client_id=config.user_pool_client_id,
        cognito_endpoint=config.browser_cognito_endpoint,
    )
