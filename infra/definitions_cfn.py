"""Translate chalicelib/definitions.py (boto3 API shapes) into CloudFormation L1 properties.

definitions.py is written in the shape of the DynamoDB/Cognito/S3 *APIs* because local/ feeds it
to boto3 against the emulator. CloudFormation spells a few things differently (no StreamEnabled,
ExposedHeaders instead of ExposeHeaders, ...); this module is the only place that knows that, and
tests/infra checks the synthesized template against the definitions again.
"""

from __future__ import annotations

import re
from typing import Any

from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_s3 as s3

from chalicelib import definitions


def snake_keys(values: dict[str, Any]) -> dict[str, Any]:
    """``{"MinimumLength": 12}`` -> ``{"minimum_length": 12}`` (flat dicts only)."""
    return {re.sub(r"(?<!^)(?=[A-Z])", "_", key).lower(): value for key, value in values.items()}


def _key_schema(keys: list[dict[str, str]]) -> list[dynamodb.CfnTable.KeySchemaProperty]:
    return [
        dynamodb.CfnTable.KeySchemaProperty(attribute_name=k["AttributeName"], key_type=k["KeyType"])
        for k in keys
    ]


def table_properties() -> dict[str, Any]:
    """Keyword arguments for ``dynamodb.CfnTable`` from ``definitions.TABLE``."""
    table = definitions.TABLE
    stream = table.get("StreamSpecification", {})
    ttl = table.get("TimeToLiveSpecification")
    return {
        "key_schema": _key_schema(table["KeySchema"]),
        "attribute_definitions": [
            dynamodb.CfnTable.AttributeDefinitionProperty(
                attribute_name=a["AttributeName"], attribute_type=a["AttributeType"]
            )
            for a in table["AttributeDefinitions"]
        ],
        "global_secondary_indexes": [
            dynamodb.CfnTable.GlobalSecondaryIndexProperty(
                index_name=gsi["IndexName"],
                key_schema=_key_schema(gsi["KeySchema"]),
                projection=dynamodb.CfnTable.ProjectionProperty(
                    projection_type=gsi["Projection"]["ProjectionType"],
                    non_key_attributes=gsi["Projection"].get("NonKeyAttributes"),
                ),
            )
            for gsi in table.get("GlobalSecondaryIndexes", [])
        ]
        or None,
        "billing_mode": table["BillingMode"],
        "stream_specification": dynamodb.CfnTable.StreamSpecificationProperty(
            stream_view_type=stream["StreamViewType"]
        )
        if stream.get("StreamEnabled")
        else None,
        "time_to_live_specification": dynamodb.CfnTable.TimeToLiveSpecificationProperty(
            attribute_name=ttl["AttributeName"], enabled=ttl["Enabled"]
        )
        if ttl
        else None,
    }


def index_names() -> list[str]:
    return [gsi["IndexName"] for gsi in definitions.TABLE.get("GlobalSecondaryIndexes", [])]


def media_cors() -> s3.CfnBucket.CorsConfigurationProperty:
    return s3.CfnBucket.CorsConfigurationProperty(
        cors_rules=[
            s3.CfnBucket.CorsRuleProperty(
                allowed_methods=rule["AllowedMethods"],
                allowed_origins=rule["AllowedOrigins"],
                allowed_headers=rule.get("AllowedHeaders"),
                exposed_headers=rule.get("ExposeHeaders"),
                max_age=rule.get("MaxAgeSeconds"),
                id=rule.get("ID"),
            )
            for rule in definitions.MEDIA_BUCKET_CORS
        ]
    )


def media_response_headers() -> dict[str, Any]:
    """Keyword arguments for ``cloudfront.ResponseHeadersPolicy`` from ``definitions.MEDIA_RESPONSE_HEADERS``.

    CloudFront sets nosniff and the CSP as security headers (which replace the origin's); any other
    header would be a custom header, also replacing the origin's.
    """
    security: dict[str, Any] = {}
    custom: list[cloudfront.ResponseCustomHeader] = []
    for name, value in definitions.MEDIA_RESPONSE_HEADERS.items():
        if name.lower() == "x-content-type-options":
            assert value == "nosniff", "CloudFront's content type options header can only say nosniff"
            security["content_type_options"] = cloudfront.ResponseHeadersContentTypeOptions(override=True)
        elif name.lower() == "content-security-policy":
            security["content_security_policy"] = cloudfront.ResponseHeadersContentSecurityPolicy(
                content_security_policy=value, override=True
            )
        else:
            custom.append(cloudfront.ResponseCustomHeader(header=name, value=value, override=True))
    return {
        "security_headers_behavior": cloudfront.ResponseSecurityHeadersBehavior(**security),
        "custom_headers_behavior": cloudfront.ResponseCustomHeadersBehavior(custom_headers=custom)
        if custom
        else None,
    }


def user_pool_properties() -> dict[str, Any]:
    """Keyword arguments for ``cognito.CfnUserPool`` from ``definitions.USER_POOL``."""
    pool = definitions.USER_POOL
    return {
        "username_attributes": pool.get("UsernameAttributes"),
        "auto_verified_attributes": pool.get("AutoVerifiedAttributes"),
        "schema": [
            cognito.CfnUserPool.SchemaAttributeProperty(
                name=attr["Name"],
                attribute_data_type=attr["AttributeDataType"],
                mutable=attr.get("Mutable"),
                developer_only_attribute=attr.get("DeveloperOnlyAttribute"),
                required=attr.get("Required"),
                string_attribute_constraints=cognito.CfnUserPool.StringAttributeConstraintsProperty(
                    **snake_keys(attr["StringAttributeConstraints"])
                )
                if "StringAttributeConstraints" in attr
                else None,
                number_attribute_constraints=cognito.CfnUserPool.NumberAttributeConstraintsProperty(
                    **snake_keys(attr["NumberAttributeConstraints"])
                )
                if "NumberAttributeConstraints" in attr
                else None,
            )
            for attr in pool.get("Schema", [])
        ],
        "policies": cognito.CfnUserPool.PoliciesProperty(
            password_policy=cognito.CfnUserPool.PasswordPolicyProperty(
                **snake_keys(pool["Policies"]["PasswordPolicy"])
            )
        ),
        "admin_create_user_config": cognito.CfnUserPool.AdminCreateUserConfigProperty(
            **snake_keys(pool["AdminCreateUserConfig"])
        ),
    }


def user_pool_client_properties() -> dict[str, Any]:
    """Keyword arguments for ``cognito.CfnUserPoolClient`` from ``definitions.USER_POOL_CLIENT``."""
    client = dict(definitions.USER_POOL_CLIENT)
    units = client.pop("TokenValidityUnits", None)
    props = snake_keys(client)
    if units is not None:
        props["token_validity_units"] = cognito.CfnUserPoolClient.TokenValidityUnitsProperty(
            **snake_keys(units)
        )
    return props
