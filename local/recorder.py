"""Records every DynamoDB request the app makes while serving a request or running a consumer.

Tests use it to fail on any Scan; `make bench` uses it to count requests and compute capacity.
It patches botocore's client once, so PynamoDB and boto3 calls are both seen.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from botocore.client import BaseClient


@dataclass(frozen=True)
class DynamoDBCall:
    operation: str
    params: dict[str, Any]
    response: dict[str, Any] | None
    label: str


class DynamoDBRecorder:
    def __init__(self) -> None:
        self.calls: list[DynamoDBCall] = []
        self._local = threading.local()
        self._installed = False
        self._original: Any = None

    def install(self) -> None:
        if self._installed:
            return
        original = BaseClient._make_api_call
        recorder = self

        def recording_call(client: BaseClient, operation_name: str, api_params: dict[str, Any]) -> Any:
            response = original(client, operation_name, api_params)
            label = getattr(recorder._local, "label", None)
            if label is not None and client.meta.service_model.service_name == "dynamodb":
                recorder.calls.append(DynamoDBCall(operation_name, dict(api_params), response, label))
            return response

        self._original = original
        BaseClient._make_api_call = recording_call  # type: ignore[method-assign]
        self._installed = True

    def uninstall(self) -> None:
        if self._installed:
            BaseClient._make_api_call = self._original  # type: ignore[method-assign]
            self._installed = False

    @contextmanager
    def recording(self, label: str) -> Iterator[list[DynamoDBCall]]:
        """Record the calls made in this block (on this thread) under `label`."""
        self.install()
        start = len(self.calls)
        previous = getattr(self._local, "label", None)
        self._local.label = label
        collected: list[DynamoDBCall] = []
        try:
            yield collected
        finally:
            self._local.label = previous
            collected.extend(call for call in self.calls[start:] if call.label == label)

    def scans(self) -> list[DynamoDBCall]:
        return [call for call in self.calls if call.operation == "Scan"]


RECORDER = DynamoDBRecorder()
