"""Requests that skip HTTP to the in-process emulator get the answers HTTP gives, errors included."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from botocore.exceptions import ClientError

from chalicelib import definitions
from local.in_process import direct_dynamodb, stored_attributes
from tests.integration.local.conftest import Emulator


def without_metadata(answer: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in answer.items() if key != "ResponseMetadata"}


def requests(table: str) -> list[tuple[str, dict[str, Any]]]:
    key = {"pk": {"S": "P"}, "sk": {"S": "1"}}
    return [
        ("get_item", {"TableName": table, "Key": key, "ConsistentRead": True}),
        ("get_item", {"TableName": table, "Key": {"pk": {"S": "P"}, "sk": {"S": "none"}}}),
        (
            "query",
            {
                "TableName": table,
                "KeyConditionExpression": "pk = :pk",
                "ExpressionAttributeValues": {":pk": {"S": "P"}},
                "Limit": 1,
            },
        ),
        ("batch_get_item", {"RequestItems": {table: {"Keys": [key]}}}),
    ]


def refused_transaction(table: str) -> dict[str, Any]:
    return {
        "TransactItems": [
            {
                "Put": {
                    "TableName": table,
                    "Item": {"pk": {"S": "P"}, "sk": {"S": "1"}, "type": {"S": "test"}},
                    "ConditionExpression": "attribute_not_exists(pk)",
                }
            }
        ]
    }


def test_the_direct_way_answers_as_http_does(local_emulator: Emulator) -> None:
    dynamodb = local_emulator.client("dynamodb")
    table = f"direct-{uuid.uuid4().hex[:8]}"
    spec = {k: v for k, v in definitions.TABLE.items() if k != "TimeToLiveSpecification"}
    dynamodb.create_table(TableName=table, **spec)
    for sk in ("1", "2"):
        dynamodb.put_item(
            TableName=table, Item={"pk": {"S": "P"}, "sk": {"S": sk}, "type": {"S": "test"}, "n": {"N": "7"}}
        )

    over_http = [without_metadata(getattr(dynamodb, name)(**params)) for name, params in requests(table)]
    with pytest.raises(ClientError) as http_refusal:
        dynamodb.transact_write_items(**refused_transaction(table))
    with direct_dynamodb(local_emulator.url):
        direct = [without_metadata(getattr(dynamodb, name)(**params)) for name, params in requests(table)]
        with pytest.raises(ClientError) as direct_refusal:
            dynamodb.transact_write_items(**refused_transaction(table))
        dynamodb.update_item(
            TableName=table,
            Key={"pk": {"S": "P"}, "sk": {"S": "2"}},
            UpdateExpression="ADD n :one",
            ExpressionAttributeValues={":one": {"N": "1"}},
        )

    assert direct == over_http
    assert type(direct_refusal.value) is type(http_refusal.value)
    assert direct_refusal.value.response["Error"] == http_refusal.value.response["Error"]
    reasons = direct_refusal.value.response["CancellationReasons"]
    assert reasons == http_refusal.value.response["CancellationReasons"]
    assert reasons[0]["Code"] == "ConditionalCheckFailed"
    changed = dynamodb.get_item(TableName=table, Key={"pk": {"S": "P"}, "sk": {"S": "2"}})["Item"]
    assert changed["n"] == {"N": "8"}  # what the direct way wrote is there over HTTP too
    seen = stored_attributes(table, {"pk": {"S": "P"}, "sk": {"S": "2"}}, ("n", "gsi1pk"), "eu-west-1")
    assert seen == {"n": {"N": "8"}}
