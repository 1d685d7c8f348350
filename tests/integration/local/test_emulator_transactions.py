"""The emulator's cheaper transactions and queries behave as before: a refused transaction leaves
every item and the stream as they were, and a Query still finds exactly its partition."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from botocore.exceptions import ClientError

from chalicelib import definitions
from tests.integration.local.conftest import Emulator


def new_table(local_emulator: Emulator) -> tuple[str, str]:
    dynamodb = local_emulator.client("dynamodb")
    name = f"transactions-{uuid.uuid4().hex[:8]}"
    spec = {k: v for k, v in definitions.TABLE.items() if k != "TimeToLiveSpecification"}
    dynamodb.create_table(TableName=name, **spec)
    return name, dynamodb.describe_table(TableName=name)["Table"]["LatestStreamArn"]


def stream_records(local_emulator: Emulator, stream_arn: str) -> list[dict[str, Any]]:
    streams = local_emulator.client("dynamodbstreams")
    (shard,) = streams.describe_stream(StreamArn=stream_arn)["StreamDescription"]["Shards"]
    iterator = streams.get_shard_iterator(
        StreamArn=stream_arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
    )["ShardIterator"]
    return list(streams.get_records(ShardIterator=iterator, Limit=1000)["Records"])


def item(pk: str, sk: str, **attributes: Any) -> dict[str, Any]:
    found = {"pk": {"S": pk}, "sk": {"S": sk}, "type": {"S": "test"}}
    found.update({name: {"N": str(value)} for name, value in attributes.items()})
    return found


def everything(local_emulator: Emulator, table: str, *partitions: str) -> list[dict[str, Any]]:
    dynamodb = local_emulator.client("dynamodb")
    return [
        found
        for pk in partitions
        for found in dynamodb.query(
            TableName=table,
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": {"S": pk}},
            ConsistentRead=True,
        )["Items"]
    ]


def test_a_refused_transaction_leaves_items_and_stream_as_they_were(local_emulator: Emulator) -> None:
    dynamodb = local_emulator.client("dynamodb")
    table, stream_arn = new_table(local_emulator)
    dynamodb.put_item(TableName=table, Item=item("A", "1", counter=1))
    dynamodb.put_item(TableName=table, Item=item("A", "2", counter=5))
    before = everything(local_emulator, table, "A", "B")
    records_before = stream_records(local_emulator, stream_arn)

    with pytest.raises(ClientError) as refused:
        dynamodb.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": table, "Item": item("B", "new", counter=9)}},  # a new partition
                {
                    "Update": {
                        "TableName": table,
                        "Key": {"pk": {"S": "A"}, "sk": {"S": "1"}},
                        "UpdateExpression": "ADD #c :one",
                        "ExpressionAttributeNames": {"#c": "counter"},
                        "ExpressionAttributeValues": {":one": {"N": "1"}},
                    }
                },
                {"Delete": {"TableName": table, "Key": {"pk": {"S": "A"}, "sk": {"S": "2"}}}},
                {
                    "ConditionCheck": {
                        "TableName": table,
                        "Key": {"pk": {"S": "A"}, "sk": {"S": "missing"}},
                        "ConditionExpression": "attribute_exists(pk)",
                    }
                },
            ]
        )

    assert refused.value.response["Error"]["Code"] == "TransactionCanceledException"
    codes = [reason["Code"] for reason in refused.value.response["CancellationReasons"]]
    assert codes == ["None", "None", "None", "ConditionalCheckFailed"]
    assert everything(local_emulator, table, "A", "B") == before
    assert stream_records(local_emulator, stream_arn) == records_before


def test_a_transaction_that_goes_through_writes_its_items_and_their_records(
    local_emulator: Emulator,
) -> None:
    dynamodb = local_emulator.client("dynamodb")
    table, stream_arn = new_table(local_emulator)
    dynamodb.put_item(TableName=table, Item=item("A", "1", counter=1))

    dynamodb.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": table, "Item": item("B", "new", counter=9)}},
            {
                "Update": {
                    "TableName": table,
                    "Key": {"pk": {"S": "A"}, "sk": {"S": "1"}},
                    "UpdateExpression": "ADD #c :one",
                    "ExpressionAttributeNames": {"#c": "counter"},
                    "ExpressionAttributeValues": {":one": {"N": "1"}},
                }
            },
        ]
    )

    assert everything(local_emulator, table, "A", "B") == [
        item("A", "1", counter=2),
        item("B", "new", counter=9),
    ]
    names = [record["eventName"] for record in stream_records(local_emulator, stream_arn)]
    assert names == ["INSERT", "INSERT", "MODIFY"]


def test_a_query_finds_its_partition_in_order_page_by_page(local_emulator: Emulator) -> None:
    dynamodb = local_emulator.client("dynamodb")
    table, _ = new_table(local_emulator)
    for pk in ("P", "Q"):
        for n in range(7):
            dynamodb.put_item(TableName=table, Item=item(pk, f"{n:02d}", n=n))
    found, after = [], None
    while True:
        page = dynamodb.query(
            TableName=table,
            KeyConditionExpression="pk = :pk AND begins_with(sk, :zero)",
            ExpressionAttributeValues={":pk": {"S": "P"}, ":zero": {"S": "0"}},
            ScanIndexForward=False,
            Limit=3,
            **({"ExclusiveStartKey": after} if after else {}),
        )
        found += [entry["sk"]["S"] for entry in page["Items"]]
        after = page.get("LastEvaluatedKey")
        if not after:
            break
    assert found == ["06", "05", "04", "03", "02", "01", "00"]


def test_an_index_query_still_looks_across_partitions(local_emulator: Emulator) -> None:
    dynamodb = local_emulator.client("dynamodb")
    table, _ = new_table(local_emulator)
    for pk in ("P", "Q", "R"):
        entry = item(pk, "1")
        entry.update(gsi1pk={"S": "SHARED"}, gsi1sk={"S": pk})
        dynamodb.put_item(TableName=table, Item=entry)
    found = dynamodb.query(
        TableName=table,
        IndexName=definitions.GSI1,
        KeyConditionExpression="gsi1pk = :pk",
        ExpressionAttributeValues={":pk": {"S": "SHARED"}},
    )["Items"]
    assert [entry["pk"]["S"] for entry in found] == ["P", "Q", "R"]
