"""Telling a failed condition (the expected "already there" or "changed meanwhile") from real trouble,
and passing trouble (throttling, a conflict, a dropped connection) from trouble that stays."""

from __future__ import annotations

TRANSIENT_CODES = frozenset(
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
# Why a transaction was cancelled, per item, when the cause is passing.
_TRANSIENT_CANCELLATIONS = frozenset(
    {"TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded"}
)


def is_condition_failure(error: Exception) -> bool:
    cause = getattr(error, "cause_response_code", None)
    return cause in ("ConditionalCheckFailedException", "TransactionCanceledException")


def aws_error_code(error: BaseException) -> str | None:
    code = getattr(error, "cause_response_code", None)  # PynamoDB wraps botocore errors
    if code:
        return str(code)
    response = getattr(error, "response", None)
    if isinstance(response, dict):
        code = response.get("Error", {}).get("Code")
        return str(code) if code else None
    return None


def is_transient_failure(error: BaseException) -> bool:
    """Would the same call probably succeed if tried again a little later?"""
    from botocore.exceptions import HTTPClientError  # timeouts, refused or dropped connections

    if aws_error_code(error) in TRANSIENT_CODES:
        return True
    reasons = getattr(error, "cancellation_reasons", None) or []
    if any(reason is not None and reason.code in _TRANSIENT_CANCELLATIONS for reason in reasons):
        return True
    return isinstance(error, HTTPClientError) or isinstance(getattr(error, "cause", None), HTTPClientError)
