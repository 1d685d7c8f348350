"""Observes every DynamoDB request with the before and after images of the items it names.

local.recorder.RECORDER records what the app sends; pricing a request also needs the size of
items the request does not carry (the item an UpdateItem changes, the item a DeleteItem removes,
an item a conditional write found in the way). The probe wraps botocore's client around the
recorder and, for each request, reads the named items just before and just after it with a
consistent GetItem made through botocore's unpatched method, so those reads are neither recorded
nor part of the figures. It also sees requests that fail (a failed conditional write costs
capacity too); the recorder only keeps the ones that succeed.
"""

from __future__ import annotations

import copy
import re
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from botocore.client import BaseClient
from botocore.exceptions import ClientError

from bench.capacity import Item, ItemImages, ObservedCall
from local.recorder import RECORDER, DynamoDBCall

RawCall = Callable[[BaseClient, str, dict[str, Any]], Any]
NamedItem = tuple[str, dict[str, Any]]  # (table name, key)

READ_SHAPING = ("ProjectionExpression", "FilterExpression", "Select", "AttributesToGet")
_PLACEHOLDER = re.compile(r"[#:][A-Za-z0-9_]+")


def key_of(item: Mapping[str, Any], key_attributes: Sequence[str]) -> dict[str, Any]:
    return {name: item[name] for name in key_attributes}


def named_items(operation: str, params: Mapping[str, Any], key_attributes: Sequence[str]) -> list[NamedItem]:
    """The items a request names by key, in request order (Query and Scan name none)."""
    if operation in ("GetItem", "UpdateItem", "DeleteItem"):
        return [(params["TableName"], dict(params["Key"]))]
    if operation == "PutItem":
        return [(params["TableName"], key_of(params["Item"], key_attributes))]
    if operation in ("TransactWriteItems", "TransactGetItems"):
        found: list[NamedItem] = []
        for action in params["TransactItems"]:
            (_, request), *_ = action.items()
            key = request["Key"] if "Key" in request else key_of(request["Item"], key_attributes)
            found.append((request["TableName"], dict(key)))
        return found
    if operation == "BatchGetItem":
        return [
            (table, dict(key)) for table, request in params["RequestItems"].items() for key in request["Keys"]
        ]
    if operation == "BatchWriteItem":
        batch: list[NamedItem] = []
        for table, requests in params["RequestItems"].items():
            for request in requests:
                if "PutRequest" in request:
                    batch.append((table, key_of(request["PutRequest"]["Item"], key_attributes)))
                else:
                    batch.append((table, dict(request["DeleteRequest"]["Key"])))
        return batch
    return []


def shapes_its_result(params: Mapping[str, Any]) -> bool:
    """Whether a Query/Scan returns less than it reads (so its response cannot be priced)."""
    return any(name in params for name in READ_SHAPING)


def unshaped_read(params: Mapping[str, Any]) -> dict[str, Any]:
    """The same Query/Scan without projection, filter or Select: it returns every item it evaluates.

    Expression placeholders only the removed expressions used are dropped (DynamoDB rejects
    unused ones).
    """
    shadow = {name: value for name, value in params.items() if name not in READ_SHAPING}
    used = set(
        _PLACEHOLDER.findall(" ".join(str(shadow.get(name, "")) for name in ("KeyConditionExpression",)))
    )
    for section in ("ExpressionAttributeNames", "ExpressionAttributeValues"):
        if section in shadow:
            kept = {name: value for name, value in shadow[section].items() if name in used}
            if kept:
                shadow[section] = kept
            else:
                del shadow[section]
    return shadow


def matches_recorder(observed: Sequence[ObservedCall], recorded: Sequence[DynamoDBCall]) -> list[str]:
    """Differences between the probe's calls and the recorder's (which may keep only successes)."""
    comparable: Sequence[ObservedCall] = observed
    if len(recorded) != len(observed):
        comparable = [call for call in observed if call.error_code is None]
    if len(recorded) != len(comparable):
        return [
            f"recorder saw {len(recorded)} calls, the probe {len(observed)} ({len(comparable)} succeeded)"
        ]
    return [
        f"call {n}: recorder {seen.operation}, probe {mine.operation}"
        for n, (seen, mine) in enumerate(zip(recorded, comparable, strict=True))
        if seen.operation != mine.operation or seen.params != mine.params
    ]


class DynamoDBProbe:
    def __init__(self, endpoint_url: str, region: str, key_attributes: Sequence[str]) -> None:
        import boto3

        self.key_attributes = tuple(key_attributes)
        self._endpoint_url = endpoint_url
        self._client = boto3.session.Session().client(
            "dynamodb", region_name=region, endpoint_url=endpoint_url
        )
        self._local = threading.local()
        self._raw: RawCall | None = None
        self._wrapped: Any = None

    def install(self) -> None:
        """Wrap botocore's client around the recorder's wrapping (installing the recorder first)."""
        if self._raw is not None:
            return
        raw = getattr(RECORDER, "_original", None) or BaseClient._make_api_call
        RECORDER.install()
        recorded: RawCall = BaseClient._make_api_call
        probe = self

        def probing_call(client: BaseClient, operation: str, params: dict[str, Any]) -> Any:
            calls: list[ObservedCall] | None = getattr(probe._local, "calls", None)
            if calls is None or client.meta.service_model.service_name != "dynamodb":
                return recorded(client, operation, params)
            return probe._observe(calls, recorded, client, operation, params)

        self._raw = raw
        self._wrapped = recorded
        BaseClient._make_api_call = probing_call  # type: ignore[method-assign]

    def uninstall(self) -> None:
        if self._raw is not None:
            BaseClient._make_api_call = self._wrapped  # type: ignore[method-assign]
            self._raw = None

    @contextmanager
    def capture(self, label: str, into: list[ObservedCall] | None = None) -> Iterator[list[ObservedCall]]:
        """Observe the DynamoDB requests made in this block on this thread (appended to `into`,
        which may price and drop them as they come, or to a new list)."""
        self.install()
        calls: list[ObservedCall] = [] if into is None else into
        self._local.calls = calls
        self._local.label = label
        try:
            yield calls
        finally:
            self._local.calls = None

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Requests made in this block on this thread are not observed (nor their items read)."""
        calls = getattr(self._local, "calls", None)
        self._local.calls = None
        try:
            yield
        finally:
            self._local.calls = calls

    def _unrecorded(self, operation: str, params: dict[str, Any]) -> Any:
        assert self._raw is not None
        return self._raw(self._client, operation, params)

    def _current(self, table: str, key: dict[str, Any]) -> Item | None:
        found: Item | None = self._unrecorded(
            "GetItem", {"TableName": table, "Key": key, "ConsistentRead": True}
        ).get("Item")
        return found

    def _observe(
        self,
        calls: list[ObservedCall],
        send: RawCall,
        client: BaseClient,
        operation: str,
        params: dict[str, Any],
    ) -> Any:
        named = named_items(operation, params, self.key_attributes)
        before = [self._current(table, key) for table, key in named]
        response: Any = None
        error_code: str | None = None
        try:
            response = send(client, operation, params)
            return response
        except ClientError as error:
            error_code = str(error.response.get("Error", {}).get("Code", "ClientError"))
            raise
        except Exception as error:
            error_code = type(error).__name__
            raise
        finally:
            sent = copy.deepcopy(params)  # after the call: botocore adds idempotency tokens in place
            writes = operation not in ("GetItem", "BatchGetItem", "TransactGetItems")
            after = [self._current(table, key) if writes else None for table, key in named]
            evaluated: tuple[Item, ...] | None = None
            if operation in ("Query", "Scan") and error_code is None and shapes_its_result(sent):
                evaluated = tuple(self._unrecorded(operation, unshaped_read(sent)).get("Items", ()))
            calls.append(
                ObservedCall(
                    operation=operation,
                    params=sent,
                    response=copy.deepcopy(response),
                    error_code=error_code,
                    images=tuple(ItemImages(b, a) for b, a in zip(before, after, strict=True)),
                    evaluated_items=evaluated,
                    label=str(getattr(self._local, "label", "")),
                )
            )
