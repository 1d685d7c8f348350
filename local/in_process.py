"""DynamoDB requests from this process to the in-process emulator, without HTTP.

`make run` and the tests reach the emulator over HTTP, as the app reaches AWS. A simulation that
makes a million requests (bench/burst.py) cannot afford that: each request costs milliseconds of
werkzeug, moto's request parsing and its response serialiser. Inside `direct_dynamodb()`, botocore
still validates and serialises every request as usual; the serialised request then goes straight
to moto's own request handler (the same validation, expressions, conditions, transactions and
stream as over HTTP) in this process, and botocore gets the answer back:

- the result as moto built it, copied so no caller shares moto's stored values: DynamoDB's JSON
  protocol carries AttributeValues unchanged, so this is what botocore would parse from the body
  (a stream record's `ApproximateCreationDateTime` stays a datetime, as botocore parses it);
- an error parsed by botocore exactly as from an HTTP response (modeled fields such as a
  transaction's `CancellationReasons` included), so callers see the same `ClientError`s.

Only requests to the given endpoint take this way, and only the item and stream operations;
table management and every other service keep using HTTP. Requests are still seen by
`local.recorder` (it wraps botocore above this level). The emulator must run in this process.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from botocore import xform_name
from botocore.client import BaseClient

from local.emulator import LOCAL_ACCOUNT

ITEM_OPERATIONS = frozenset(
    {
        "GetItem",
        "PutItem",
        "UpdateItem",
        "DeleteItem",
        "Query",
        "BatchGetItem",
        "BatchWriteItem",
        "TransactGetItems",
        "TransactWriteItems",
    }
)
STREAM_OPERATIONS = frozenset({"DescribeStream", "GetShardIterator", "GetRecords"})


@dataclass
class _Answer:
    """What botocore reads of an HTTP response once it has been parsed."""

    status_code: int
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes = b""
    raw: Any = None


def _takes_direct_way(client: BaseClient, operation: str, url: str, endpoint_url: str) -> bool:
    if not url.startswith(endpoint_url):
        return False
    service = client.meta.service_model.service_name
    return (service == "dynamodb" and operation in ITEM_OPERATIONS) or (
        service == "dynamodbstreams" and operation in STREAM_OPERATIONS
    )


@contextmanager
def direct_dynamodb(endpoint_url: str, account: str = LOCAL_ACCOUNT) -> Iterator[None]:
    """Within the block, this process's DynamoDB item and stream requests to `endpoint_url` skip HTTP."""
    original = BaseClient._make_request
    endpoint = endpoint_url.rstrip("/")

    def make_request(
        client: BaseClient, operation_model: Any, request_dict: dict[str, Any], request_context: Any
    ) -> Any:
        if not _takes_direct_way(client, operation_model.name, str(request_dict.get("url", "")), endpoint):
            return original(client, operation_model, request_dict, request_context)
        return answer(client, operation_model, request_dict, account)

    BaseClient._make_request = make_request  # type: ignore[method-assign]
    try:
        yield
    finally:
        BaseClient._make_request = original  # type: ignore[method-assign]


def _handler(service: str, request_dict: dict[str, Any], region: str, account: str) -> Any:
    from moto.dynamodb.responses import DynamoHandler
    from moto.dynamodbstreams.responses import DynamoDBStreamsHandler

    handler: Any = DynamoHandler() if service == "dynamodb" else DynamoDBStreamsHandler()
    headers = request_dict.get("headers", {})
    handler.current_account = account
    handler.region = region
    handler.headers = {
        "X-Amz-Target": headers.get("X-Amz-Target", ""),
        "Content-Type": headers.get("Content-Type", "application/x-amz-json-1.0"),
    }
    handler.querystring = {}
    handler.uri_match = {}
    handler.response_headers = {}
    body = request_dict.get("body") or b"{}"
    text = body.decode("utf-8") if isinstance(body, bytes) else str(body)
    # DynamoHandler works on the request as a dict (what its call_action puts in `body`); the
    # streams handler reads parameters from the JSON text.
    handler.body = json.loads(text) if service == "dynamodb" else text
    return handler


def answer(client: BaseClient, operation_model: Any, request_dict: dict[str, Any], account: str) -> Any:
    """(response, parsed) for one request, as botocore's endpoint would return them."""
    from moto.core.exceptions import ServiceException
    from moto.core.responses import ActionResult
    from werkzeug.exceptions import HTTPException

    service = client.meta.service_model.service_name
    handler = _handler(service, request_dict, client.meta.region_name, account)
    try:
        result = getattr(handler, xform_name(operation_model.name))()
    except ServiceException as error:
        status, headers, body = handler.serialized(ActionResult(error))
        return _error(client, operation_model, int(status), dict(headers), body)
    except HTTPException as error:
        headers = {"content-type": "application/x-amz-json-1.0", **dict(error.get_headers() or [])}
        return _error(client, operation_model, int(error.code or 500), headers, str(error.description))
    parsed: dict[str, Any] = _copied(getattr(result, "result", None) or {})
    parsed["ResponseMetadata"] = {"HTTPStatusCode": 200, "HTTPHeaders": {}, "RetryAttempts": 0}
    return _Answer(200), parsed


def _copied(value: Any) -> Any:
    """A copy of a JSON-like answer (dicts, lists, and immutable leaves such as a stream record's
    datetime), so callers never hold moto's own stored values."""
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_copied(item) for item in value]
    return value


def _bytes(body: Any) -> bytes:
    return body if isinstance(body, bytes) else str(body).encode("utf-8")


def _error(
    client: BaseClient, operation_model: Any, status: int, headers: dict[str, str], body: Any
) -> tuple[_Answer, dict[str, Any]]:
    """Parse an error as botocore's endpoint does (with the error shape's modeled fields)."""
    headers = {name.lower(): str(value) for name, value in headers.items()}
    response = {"status_code": status, "headers": headers, "body": _bytes(body)}
    parser = client._response_parser  # type: ignore[attr-defined]
    parsed: dict[str, Any] = parser.parse(response, operation_model.output_shape)
    code = parsed.get("Error", {}).get("Code")
    shape = operation_model.service_model.shape_for_error_code(code) if code else None
    if shape is not None:
        parsed.update(parser.parse(response, shape))
    return _Answer(status, headers), parsed


def stored_attributes(
    table_name: str, key: dict[str, Any], names: tuple[str, ...], region: str, account: str = LOCAL_ACCOUNT
) -> dict[str, Any] | None:
    """Some attributes of an item as the emulator holds it now (None: no such item), without a
    request: for observers that must not add requests of their own."""
    from moto.dynamodb.models import dynamodb_backends
    from moto.dynamodb.models.dynamo_type import DynamoType

    table = dynamodb_backends[account][region].tables.get(table_name)
    if table is None or table.hash_key_attr not in key:
        return None
    partition = table.items.get(DynamoType(key[table.hash_key_attr]))
    if partition is None:
        return None
    item: Any = partition
    if table.range_key_attr is not None:
        item = partition.get(DynamoType(key[table.range_key_attr])) if table.range_key_attr in key else None
    if item is None:
        return None
    return {name: item.attrs[name].to_json() for name in names if name in item.attrs}
