"""Turning errors into problem+json responses."""

from __future__ import annotations

import json

from chalice.app import Response

from chalicelib.errors import PROBLEM_CONTENT_TYPE, InternalError, KringError, ServiceUnavailable
from chalicelib.observability import logger

_TRANSIENT_CODES = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "RequestLimitExceeded",
        "TooManyRequestsException",
        "TransactionConflictException",
        "InternalServerError",
        "ServiceUnavailable",
    }
)


def problem_response(error: KringError, instance: str | None = None) -> Response:
    headers: dict[str, str | list[str]] = {
        "Content-Type": PROBLEM_CONTENT_TYPE,
        "Cache-Control": "no-store",
        **error.headers,
    }
    return Response(body=json.dumps(error.to_problem(instance)), status_code=error.status, headers=headers)


def _aws_error_code(error: BaseException) -> str | None:
    code = getattr(error, "cause_response_code", None)  # PynamoDB wraps botocore errors
    if code:
        return str(code)
    response = getattr(error, "response", None)
    if isinstance(response, dict):
        code = response.get("Error", {}).get("Code")
        return str(code) if code else None
    return None


def problem_for_exception(error: BaseException, instance: str | None = None) -> Response:
    """An unexpected failure: transient AWS trouble is a 503 to retry, anything else a logged 500."""
    code = _aws_error_code(error)
    if code in _TRANSIENT_CODES:
        logger.warning("Transient AWS error", extra={"aws_error_code": code})
        return problem_response(ServiceUnavailable(), instance)
    logger.exception("Unhandled error while serving a request")
    return problem_response(InternalError("The failure was logged; please try again later."), instance)
