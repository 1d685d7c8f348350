"""Stream images and low-level reads read the same without boto3 as with its TypeDeserializer."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from boto3.dynamodb.types import TypeDeserializer

from chalicelib.store.attribute_values import plain, plain_item

IMAGE: dict[str, Any] = {
    "pk": {"S": "org#acme"},
    "points": {"N": "42"},
    "ratio": {"N": "0.125"},
    "big": {"N": "12345678901234567890123456789012345678"},
    "tiny": {"N": "1E-120"},
    "hidden": {"BOOL": False},
    "team_id": {"NULL": True},
    "tags": {"SS": ["tip", "howto"]},
    "scores": {"NS": ["1", "2.5"]},
    "answers": {"L": [{"S": "a"}, {"N": "3"}, {"M": {"seconds": {"N": "7"}}}]},
    "texts": {"M": {"nl": {"S": "Proficiat"}, "fr": {"S": "Bravo"}, "empty": {"M": {}}}},
}


def test_an_item_reads_as_boto3_reads_it() -> None:
    deserializer = TypeDeserializer()
    assert plain_item(IMAGE) == {name: deserializer.deserialize(value) for name, value in IMAGE.items()}


def test_numbers_are_decimals_in_dynamodbs_precision() -> None:
    assert plain({"N": "0.1"}) == Decimal("0.1")
    with pytest.raises(ArithmeticError):
        plain({"N": "1" * 39})  # more digits than DynamoDB keeps: refused, as boto3 refuses it


def test_binary_values_are_bytes() -> None:
    assert plain({"B": b"\x00\x01"}) == b"\x00\x01"
    assert plain({"BS": [b"a", b"b"]}) == {b"a", b"b"}


@pytest.mark.parametrize("value", [{}, {"S": "a", "N": "1"}, {"X": 1}])
def test_what_is_not_one_attribute_value_is_refused(value: dict[str, Any]) -> None:
    with pytest.raises(TypeError):
        plain(value)
