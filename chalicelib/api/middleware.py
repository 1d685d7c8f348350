"""HTTP middleware: correlation ids, the body size limit, problem+json for every error, CORS for
the configured origins, and `Location` as the client reaches the API (behind a stage prefix or not).

Chalice answers a few errors itself (405 for a method a path lacks, 415 for a wrong content
type, 500 for anything that escapes); those are rewritten into problem+json here so the client
sees one error format.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Any

from chalice.app import Response

from chalicelib import bootstrap
from chalicelib.api.cors import allowed_origin, cors_headers
from chalicelib.api.problems import problem_for_exception, problem_response
from chalicelib.api.public_urls import public_prefix, with_prefix
from chalicelib.errors import (
    PROBLEM_CONTENT_TYPE,
    BadRequest,
    InternalError,
    KringError,
    MethodNotAllowed,
    NotFound,
    PayloadTooLarge,
    UnsupportedMediaType,
)
from chalicelib.observability import logger, publish_metrics, request_log_level

_CHALICE_ERRORS: dict[int, type[KringError]] = {
    400: BadRequest,
    404: NotFound,
    405: MethodNotAllowed,
    415: UnsupportedMediaType,
    413: PayloadTooLarge,
}


def http_middleware(event: Any, get_response: Callable[[Any], Response]) -> Response:
    request_id = (event.context or {}).get("requestId", "")
    logger.append_keys(correlation_id=request_id, path=event.path, method=event.method)
    try:
        return _serve(event, get_response)
    finally:
        logger.remove_keys(REQUEST_LOG_KEYS)  # a warm Lambda (or a job after it) must not inherit them


REQUEST_LOG_KEYS = ["correlation_id", "path", "method", "org_id", "user_id"]


def _serve(event: Any, get_response: Callable[[Any], Response]) -> Response:
    started = time.perf_counter()
    response = _respond(event, get_response)
    _for_this_client(event, response)
    publish_metrics()
    duration_ms = round((time.perf_counter() - started) * 1000, 1)
    served = {
        "status": response.status_code,
        "duration_ms": duration_ms,
        "request_path": (event.context or {}).get("path") or event.path,  # the path as requested
    }
    level = request_log_level(response.status_code, duration_ms)
    if level == logging.ERROR:
        logger.error("Request served", extra=served)
    elif level == logging.WARNING:
        logger.warning("Request served", extra=served)
    elif level == logging.INFO:
        logger.info("Request served", extra=served)
    return response


def _respond(event: Any, get_response: Callable[[Any], Response]) -> Response:
    try:
        limit = bootstrap.ready().max_body_bytes
        if len(event.raw_body or b"") > limit:
            return problem_response(PayloadTooLarge(f"The body may be at most {limit} bytes."), event.path)
        response = get_response(event)
    except Exception as error:
        return problem_for_exception(error, event.path)
    if response.status_code >= 400 and not _is_problem(response):
        response = _as_problem(response, event.path)
    return response


def _for_this_client(event: Any, response: Response) -> None:
    """`Location` under the prefix the client used; CORS headers when its origin is allowed."""
    location = response.headers.get("Location")
    if isinstance(location, str):
        prefix = public_prefix(event.context, event.headers, event.path)
        response.headers["Location"] = with_prefix(prefix, location)
    try:
        origin = allowed_origin(event.headers)
    except Exception:  # the configuration is broken: the response already says so
        origin = None
    if origin is not None and "Access-Control-Allow-Origin" not in response.headers:
        response.headers.update(cors_headers(origin))


def _is_problem(response: Response) -> bool:
    return any(k.lower() == "content-type" and v == PROBLEM_CONTENT_TYPE for k, v in response.headers.items())


def _as_problem(response: Response, path: str) -> Response:
    error_type = _CHALICE_ERRORS.get(response.status_code, InternalError)
    detail = None
    if isinstance(response.body, dict):
        detail = response.body.get("Message") or response.body.get("message")
    elif isinstance(response.body, str) and response.status_code < 500:
        try:
            detail = json.loads(response.body).get("Message")
        except (ValueError, AttributeError):
            detail = None
    error = error_type(str(detail) if detail and response.status_code < 500 else None)
    problem = problem_response(error, path)
    for name, value in response.headers.items():
        if name.lower() == "allow":
            problem.headers["Allow"] = value
    return problem
