"""Telling a failed condition (the expected "already there" or "changed meanwhile") from real trouble."""

from __future__ import annotations


def is_condition_failure(error: Exception) -> bool:
    cause = getattr(error, "cause_response_code", None)
    return cause in ("ConditionalCheckFailedException", "TransactionCanceledException")
