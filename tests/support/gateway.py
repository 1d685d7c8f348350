"""The app called as API Gateway's REST proxy integration calls it, through a stage's own URL."""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from typing import Any

from chalice import Chalice


@dataclass
class GatewayReply:
    status: int
    headers: dict[str, str]
    body: str

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


class _LambdaContext:
    function_name = "kring-api_handler"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:eu-west-1:000000000000:function:kring-api_handler"
    aws_request_id = "gateway-test"

    def get_remaining_time_in_millis(self) -> int:
        return 29_000


def call_through_stage(
    app: Chalice,
    method: str,
    route: str,
    path_params: dict[str, str] | None = None,
    *,
    stage: str = "api",
    headers: dict[str, str] | None = None,
    body: Any = None,
) -> GatewayReply:
    """`route` as declared (/v1/communities/{community_id}/posts); the client's URL is /<stage>/v1/..."""
    params = path_params or {}
    path = re.sub(r"{(\w+)}", lambda m: params[m.group(1)], route)
    sent = {"Host": "abc123.execute-api.eu-west-1.amazonaws.com", **(headers or {})}
    if body is not None:
        sent.setdefault("Content-Type", "application/json")
    event = {
        "resource": route,
        "path": path,
        "httpMethod": method,
        "headers": sent,
        "multiValueHeaders": {name: [value] for name, value in sent.items()},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": params or None,
        "stageVariables": None,
        "requestContext": {
            "resourcePath": route,
            "httpMethod": method,
            "path": f"/{stage}{path}",
            "stage": stage,
            "requestId": str(uuid.uuid4()),
            "domainName": sent["Host"],
            "identity": {"sourceIp": "203.0.113.7"},
        },
        "body": json.dumps(body) if body is not None else None,
        "isBase64Encoded": False,
    }
    response = app(event, _LambdaContext())
    flat = {name: ", ".join(values) for name, values in (response.get("multiValueHeaders") or {}).items()}
    return GatewayReply(response["statusCode"], {**flat, **(response.get("headers") or {})}, response["body"])
