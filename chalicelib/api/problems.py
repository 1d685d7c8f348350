"""Turning errors into problem+json responses."""

from __future__ import annotations

import json

from chalice.app import Response

from chalicelib.errors import PROBLEM_CONTENT_TYPE, InternalError, KringError, ServiceUnavailable
from chalicelib.observability import logger
from chalicelib.store.conditions import aws_error_code, is_transient_failure


def problem_response(error: KringError, instance: str | None = None) -> Response:
    headers: dict[str, str | list[str]] = {
        "Content-Type": PROBLEM_CONTENT_TYPE,
        "Cache-Control": "no-store",
        **error.headers,
    }
    return Response(body=json.dumps(error.to_problem(instance)), status_code=error.status, headers=headers)


def problem_for_exception(error: BaseException, instance: str | None = None) -> Response:
    """An unexpected failure: transient AWS trouble is a 503 to retry, anything else a logged 500."""
    if is_transient_failure(error):
        logger.warning("Transient AWS error", extra={"aws_error_code": aws_error_code(error)})
        return problem_response(ServiceUnavailable(), instance)
    logger.exception("Unhandled error while serving a request")
    return problem_response(InternalError("The failure was logged; please try again later."), instance)
