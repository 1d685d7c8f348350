"""The local emulator holds exactly the resources chalicelib/definitions.py declares.

tests/infra checks the synthesized template against the same definitions, so the local stack
and a deployed stack cannot drift apart.
"""

from __future__ import annotations

from typing import Any

import boto3

from chalicelib import definitions
from local.emulator import LocalResources


def _client(service: str, resources: LocalResources) -> Any:
    return boto3.client(service, endpoint_url=resources.endpoint_url, region_name="eu-west-1")  # type: ignore[call-overload]


def _by_name(items: list[dict[str, Any]], key: str = "AttributeName") -> dict[str, Any]:
    return {item[key]: item for item in items}


def test_the_table_has_the_declared_keys_indexes_stream_and_ttl(resources: LocalResources) -> None:
    dynamodb = _client("dynamodb", resources)
    table = dynamodb.describe_table(TableName=resources.table_name)["Table"]
    assert table["KeySchema"] == definitions.TABLE["KeySchema"]
    assert _by_name(table["AttributeDefinitions"]) == _by_name(definitions.TABLE["AttributeDefinitions"])
    indexes = {
        index["IndexName"]: (index["KeySchema"], index["Projection"])
        for index in table["GlobalSecondaryIndexes"]
    }
    declared = {
        index["IndexName"]: (index["KeySchema"], index["Projection"])
        for index in definitions.TABLE["GlobalSecondaryIndexes"]
    }
    assert indexes == declared
    assert table["StreamSpecification"] == definitions.TABLE["StreamSpecification"]
    assert table["BillingModeSummary"]["BillingMode"] == definitions.TABLE["BillingMode"]
    ttl = dynamodb.describe_time_to_live(TableName=resources.table_name)["TimeToLiveDescription"]
    assert ttl == {"TimeToLiveStatus": "ENABLED", "AttributeName": definitions.TTL_ATTRIBUTE}


def test_the_bucket_has_the_declared_cors_rules(resources: LocalResources) -> None:
    rules = _client("s3", resources).get_bucket_cors(Bucket=resources.media_bucket)["CORSRules"]
    assert [{k: v for k, v in rule.items() if k != "ID"} for rule in rules] == definitions.MEDIA_BUCKET_CORS


def test_the_user_pool_has_the_org_attribute_the_role_groups_and_the_declared_client(
    resources: LocalResources,
) -> None:
    cognito = _client("cognito-idp", resources)
    pool = cognito.describe_user_pool(UserPoolId=resources.user_pool_id)["UserPool"]
    attributes = _by_name(pool["SchemaAttributes"], "Name")
    assert attributes[f"custom:{definitions.ORG_ATTRIBUTE}"]["AttributeDataType"] == "String"
    assert pool["UsernameAttributes"] == definitions.USER_POOL["UsernameAttributes"]
    assert pool["Policies"] == definitions.USER_POOL["Policies"]
    groups = {g["GroupName"] for g in cognito.list_groups(UserPoolId=resources.user_pool_id)["Groups"]}
    assert groups == set(definitions.ROLE_GROUPS)
    app_client = cognito.describe_user_pool_client(
        UserPoolId=resources.user_pool_id, ClientId=resources.user_pool_client_id
    )["UserPoolClient"]
    for setting in ("ExplicitAuthFlows", "ReadAttributes", "WriteAttributes", "IdTokenValidity"):
        assert app_client[setting] == definitions.USER_POOL_CLIENT[setting], setting
    assert "custom:org" not in app_client["WriteAttributes"]
