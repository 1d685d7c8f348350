"""DynamoDB's typed attribute values (`{"S": "x"}`, `{"N": "1"}`...) as plain Python values.

What boto3's TypeDeserializer does, without importing boto3 (the stream consumer's first record
would otherwise import it: ~0.15 x its cold start). Numbers become Decimal in DynamoDB's own
context, as there; binary values become bytes (the table holds none).
"""

from __future__ import annotations

from decimal import Clamped, Context, Inexact, Overflow, Rounded, Underflow
from typing import Any

# DynamoDB's number range and precision, as boto3.dynamodb.types.DYNAMODB_CONTEXT.
DYNAMODB_CONTEXT = Context(
    Emin=-128, Emax=126, prec=38, traps=[Clamped, Overflow, Inexact, Rounded, Underflow]
)


def plain(value: dict[str, Any]) -> Any:
    """One attribute value."""
    if len(value) != 1:
        raise TypeError(f"Not one DynamoDB attribute value: {sorted(value)}")
    ((kind, data),) = value.items()
    if kind == "S":
        return data
    if kind == "N":
        return DYNAMODB_CONTEXT.create_decimal(data)
    if kind == "BOOL":
        return data
    if kind == "NULL":
        return None
    if kind == "M":
        return {name: plain(inner) for name, inner in data.items()}
    if kind == "L":
        return [plain(inner) for inner in data]
    if kind == "SS":
        return set(data)
    if kind == "NS":
        return {DYNAMODB_CONTEXT.create_decimal(number) for number in data}
    if kind == "B":
        return bytes(data)
    if kind == "BS":
        return {bytes(item) for item in data}
    raise TypeError(f"Unknown DynamoDB type {kind!r}")


def plain_item(image: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """An item (a stream image, a low-level read) as plain Python values."""
    return {name: plain(value) for name, value in image.items()}
