"""The bench's probe names the items a request touches and checks itself against local.recorder."""

from __future__ import annotations

from bench.capacity import ObservedCall
from bench.probe import matches_recorder, named_items, shapes_its_result, unshaped_read
from local.recorder import DynamoDBCall

KEYS = ("pk", "sk")


def key(sk: str) -> dict[str, dict[str, str]]:
    return {"pk": {"S": "ORG#a"}, "sk": {"S": sk}}


def test_single_item_requests_name_their_key() -> None:
    assert named_items("GetItem", {"TableName": "t", "Key": key("A")}, KEYS) == [("t", key("A"))]
    put = {"TableName": "t", "Item": {**key("B"), "body": {"S": "hello"}}}
    assert named_items("PutItem", put, KEYS) == [("t", key("B"))]


def test_transactions_and_batches_name_every_item_in_order() -> None:
    transaction = {
        "TransactItems": [
            {"Put": {"TableName": "t", "Item": {**key("POST#1"), "body": {"S": "x"}}}},
            {"Update": {"TableName": "t", "Key": key("COMMUNITY#1")}},
            {"ConditionCheck": {"TableName": "t", "Key": key("USER#1")}},
        ]
    }
    assert [k["sk"]["S"] for _, k in named_items("TransactWriteItems", transaction, KEYS)] == [
        "POST#1",
        "COMMUNITY#1",
        "USER#1",
    ]
    batch = {
        "RequestItems": {"t": [{"PutRequest": {"Item": key("A")}}, {"DeleteRequest": {"Key": key("B")}}]}
    }
    assert named_items("BatchWriteItem", batch, KEYS) == [("t", key("A")), ("t", key("B"))]


def test_queries_name_no_item() -> None:
    assert named_items("Query", {"TableName": "t"}, KEYS) == []


def test_an_unshaped_read_drops_projection_filter_and_their_placeholders() -> None:
    query = {
        "TableName": "t",
        "KeyConditionExpression": "#pk = :pk AND begins_with(#sk, :prefix)",
        "FilterExpression": "#status = :active",
        "ProjectionExpression": "#pk, #body",
        "ExpressionAttributeNames": {"#pk": "pk", "#sk": "sk", "#status": "status", "#body": "body"},
        "ExpressionAttributeValues": {
            ":pk": {"S": "ORG#a"},
            ":prefix": {"S": "USER#"},
            ":active": {"S": "a"},
        },
        "Limit": 20,
    }
    assert shapes_its_result(query)
    shadow = unshaped_read(query)
    assert not shapes_its_result(shadow)
    assert shadow["ExpressionAttributeNames"] == {"#pk": "pk", "#sk": "sk"}
    assert shadow["ExpressionAttributeValues"] == {":pk": {"S": "ORG#a"}, ":prefix": {"S": "USER#"}}
    assert shadow["Limit"] == 20


def test_the_probe_agrees_with_a_recorder_that_keeps_only_successful_calls() -> None:
    ok = ObservedCall("GetItem", {"Key": key("A")}, {})
    failed = ObservedCall("PutItem", {"Item": key("B")}, None, error_code="ConditionalCheckFailedException")
    recorded = [DynamoDBCall("GetItem", {"Key": key("A")}, {}, "x")]
    assert matches_recorder([failed, ok], recorded) == []
    assert matches_recorder([ok], [DynamoDBCall("GetItem", {"Key": key("Z")}, {}, "x")]) != []
    assert matches_recorder([ok, ok], recorded) != []
