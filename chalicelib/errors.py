"""RFC 9457 problem+json errors.

Every error the API returns is one of these, with a stable `type` the client can switch on,
a human `title` and a `detail` for this occurrence.
"""

from __future__ import annotations

from typing import Any

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://kring.app/problems/"


class KringError(Exception):
    status = 500
    slug = "internal-error"
    title = "Something went wrong on our side"

    def __init__(
        self,
        detail: str | None = None,
        *,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.headers = headers or {}
        self.extra = extra or {}

    @property
    def type(self) -> str:
        return PROBLEM_TYPE_BASE + self.slug

    def to_problem(self, instance: str | None = None) -> dict[str, Any]:
        problem: dict[str, Any] = {
            "type": self.type,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if instance:
            problem["instance"] = instance
        problem.update(self.extra)
        return problem


class BadRequest(KringError):
    status = 400
    slug = "bad-request"
    title = "The request is malformed"


class InvalidCursor(BadRequest):
    slug = "invalid-cursor"
    title = "The pagination cursor is not valid"


class Unauthenticated(KringError):
    status = 401
    slug = "unauthenticated"
    title = "A valid bearer token is required"

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": 'Bearer realm="kring"'})


class Forbidden(KringError):
    status = 403
    slug = "forbidden"
    title = "You are not allowed to do this"


class NotFound(KringError):
    status = 404
    slug = "not-found"
    title = "Not found"


class MethodNotAllowed(KringError):
    status = 405
    slug = "method-not-allowed"
    title = "This method is not allowed here"


class Conflict(KringError):
    status = 409
    slug = "conflict"
    title = "The request conflicts with the current state"


class IdempotencyKeyInProgress(Conflict):
    slug = "idempotency-key-in-progress"
    title = "A request with this Idempotency-Key is still being processed"


class PayloadTooLarge(KringError):
    status = 413
    slug = "payload-too-large"
    title = "The request body is too large"


class UnsupportedMediaType(KringError):
    status = 415
    slug = "unsupported-media-type"
    title = "The request body must be application/json"


class ValidationFailed(KringError):
    status = 422
    slug = "validation-failed"
    title = "The request is not valid"

    def __init__(self, detail: str, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(detail, extra={"errors": errors or []})


class IdempotencyKeyReused(ValidationFailed):
    slug = "idempotency-key-reused"
    title = "This Idempotency-Key was used for a different request"

    def __init__(self) -> None:
        super().__init__("Use a new Idempotency-Key for a different request body or path.")


class RateLimited(KringError):
    status = 429
    slug = "rate-limited"
    title = "Too many requests"

    def __init__(self, detail: str, retry_after_seconds: int) -> None:
        super().__init__(detail, headers={"Retry-After": str(retry_after_seconds)})


class ServiceUnavailable(KringError):
    status = 503
    slug = "service-unavailable"
    title = "The service is busy, please retry"

    def __init__(self, detail: str | None = None, retry_after_seconds: int = 2) -> None:
        super().__init__(detail, headers={"Retry-After": str(retry_after_seconds)})


class InternalError(KringError):
    """Unexpected failure: the detail never carries internals or stack traces."""
