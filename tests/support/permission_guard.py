"""The permission guard: every AWS call a Lambda function makes must be allowed by its role.

infra/permissions.py declares what each function may do and infra/parts/functions.py builds the
roles from it. The emulator does not enforce IAM, so without this guard a code path that needs one
more permission would pass every test and answer AccessDenied in the cloud. The guard sees each call
through botocore (PynamoDB and boto3 alike), finds the function making it from the call stack (a
handler in app.py, or a route in chalicelib/api/ for the API function) and the IAM actions the
call needs, and records those its function's role does not allow.
"""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from botocore.client import BaseClient

from infra.permissions import API_FUNCTION, FUNCTION_ACCESS, Target, allowed

_REPO = Path(__file__).resolve().parents[2]
_APP_FILE = str(_REPO / "app.py")
_ROUTES_DIR = str(_REPO / "chalicelib" / "api") + "/"
_HANDLERS = frozenset(FUNCTION_ACCESS) - {API_FUNCTION}
_TRANSACT_WRITE_ACTIONS = {
    "Put": "dynamodb:PutItem",
    "Update": "dynamodb:UpdateItem",
    "Delete": "dynamodb:DeleteItem",
    "ConditionCheck": "dynamodb:ConditionCheckItem",
}
_S3_ACTIONS = {"HeadObject": "s3:GetObject", "GetObject": "s3:GetObject", "PutObject": "s3:PutObject"}
_SERVICE_TARGETS = {
    "cognito-idp": Target.USER_POOL,
    "scheduler": Target.SCHEDULES,
    "sqs": Target.STREAM_FAILURES,
    "dynamodbstreams": Target.STREAM,
}


# Which secret a SecretId is: the app's configuration names each (as infra/ sets it).
_SECRET_SETTINGS = {
    "KRING_CURSOR_SECRET_ID": Target.CURSOR_SECRET,
    "KRING_MEDIA_CDN_SIGNING_KEY_SECRET_ID": Target.MEDIA_SIGNING_KEY,
}


def _secret_target(secret_id: str) -> Target | None:
    for setting, target in _SECRET_SETTINGS.items():
        if secret_id and os.environ.get(setting) == secret_id:
            return target
    return None


@dataclass(frozen=True)
class Denied:
    function: str
    target: Target | None  # None: a resource no role may touch
    action: str

    def __str__(self) -> str:
        return f"{self.function}: {self.action} on {self.target or 'a resource outside the stack'}"


def running_function(frame: FrameType | None) -> str | None:
    """The Lambda function whose code is on this stack, or None (test set-up, the local runtime)."""
    in_routes = False
    while frame is not None:
        code = frame.f_code
        if code.co_filename == _APP_FILE and code.co_name in _HANDLERS:
            return code.co_name
        in_routes = in_routes or code.co_filename.startswith(_ROUTES_DIR)
        frame = frame.f_back
    return API_FUNCTION if in_routes else None


def required_permissions(
    service: str, operation: str, params: dict[str, Any]
) -> list[tuple[Target | None, str]]:
    """The IAM actions (and on what) one API call needs, as IAM authorises it."""
    if service == "dynamodb":
        if operation == "TransactWriteItems":
            return [
                (Target.TABLE, _TRANSACT_WRITE_ACTIONS[kind])
                for item in params.get("TransactItems", [])
                for kind in item
            ]
        if operation == "TransactGetItems":
            return [(Target.TABLE, "dynamodb:GetItem")]
        target = Target.INDEX if params.get("IndexName") else Target.TABLE
        return [(target, f"dynamodb:{operation}")]
    if service == "s3":
        target = Target.MEDIA if str(params.get("Key", "")).startswith("orgs/") else None
        return [(target, _S3_ACTIONS.get(operation, f"s3:{operation}"))]
    if service == "secretsmanager":
        return [(_secret_target(str(params.get("SecretId", ""))), f"{service}:{operation}")]
    target = _SERVICE_TARGETS.get(service)
    needed: list[tuple[Target | None, str]] = [(target, f"{service}:{operation}")]
    if service == "scheduler" and operation in {"CreateSchedule", "UpdateSchedule"}:
        needed.append((Target.SCHEDULER_ROLE, "iam:PassRole"))  # the schedule's target role
    return needed


class PermissionGuard:
    def __init__(self) -> None:
        self.denied: list[Denied] = []
        self._lock = threading.Lock()
        self._installed = False

    def install(self) -> None:
        if self._installed:
            return
        original = BaseClient._make_api_call
        guard = self

        def checked_call(client: BaseClient, operation_name: str, api_params: dict[str, Any]) -> Any:
            guard.check(client.meta.service_model.service_name, operation_name, api_params, sys._getframe(1))
            return original(client, operation_name, api_params)

        BaseClient._make_api_call = checked_call  # type: ignore[method-assign]
        self._installed = True

    def check(self, service: str, operation: str, params: dict[str, Any], frame: FrameType | None) -> None:
        function = running_function(frame)
        if function is None:
            return
        for target, action in required_permissions(service, operation, params):
            if target is None or not allowed(function, target, action):
                with self._lock:
                    self.denied.append(Denied(function, target, action))

    def denied_since(self, start: int) -> list[str]:
        return sorted({str(denial) for denial in self.denied[start:]})


GUARD = PermissionGuard()
