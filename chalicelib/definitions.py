"""The one definition of Kring's AWS resources.

infra/ builds the CloudFormation resources from these values and local/ creates the same
resources in the embedded emulator from them, so the two cannot drift (tests/infra checks
that the synthesized template agrees).
"""

from __future__ import annotations

from typing import Any, Final

TABLE_LOGICAL_NAME: Final = "KringTable"
PARTITION_KEY: Final = "pk"
SORT_KEY: Final = "sk"
TTL_ATTRIBUTE: Final = "expires_at"
GSI1: Final = "gsi1"
STREAM_VIEW_TYPE: Final = "NEW_AND_OLD_IMAGES"

# The API function's timeout (seconds): API Gateway gives up at 29 s anyway. infra/ gives the API
# Lambda this timeout and the app reads it (KRING_API_TIMEOUT_SECONDS) to know when a request that
# claimed an Idempotency-Key can no longer be running.
API_TIMEOUT_SECONDS: Final = 29

TABLE: Final[dict[str, Any]] = {
    "KeySchema": [
        {"AttributeName": PARTITION_KEY, "KeyType": "HASH"},
        {"AttributeName": SORT_KEY, "KeyType": "RANGE"},
    ],
    "AttributeDefinitions": [
        {"AttributeName": PARTITION_KEY, "AttributeType": "S"},
        {"AttributeName": SORT_KEY, "AttributeType": "S"},
        {"AttributeName": "gsi1pk", "AttributeType": "S"},
        {"AttributeName": "gsi1sk", "AttributeType": "S"},
    ],
    "GlobalSecondaryIndexes": [
        {
            "IndexName": GSI1,
            "KeySchema": [
                {"AttributeName": "gsi1pk", "KeyType": "HASH"},
                {"AttributeName": "gsi1sk", "KeyType": "RANGE"},
            ],
            "Projection": {"ProjectionType": "ALL"},
        }
    ],
    "BillingMode": "PAY_PER_REQUEST",
    "StreamSpecification": {"StreamEnabled": True, "StreamViewType": STREAM_VIEW_TYPE},
    "TimeToLiveSpecification": {"AttributeName": TTL_ATTRIBUTE, "Enabled": True},
}

# Media uploads go straight from the phone to S3 with a presigned POST.
MEDIA_BUCKET_CORS: Final[list[dict[str, Any]]] = [
    {
        "AllowedMethods": ["GET", "POST", "HEAD"],
        "AllowedOrigins": ["*"],
        "AllowedHeaders": ["*"],
        "ExposeHeaders": ["ETag", "Content-Length", "Content-Range", "Accept-Ranges"],
        "MaxAgeSeconds": 3000,
    }
]
MEDIA_KEY_PREFIX: Final = "orgs/"

# Media is downloaded through a CloudFront distribution (signed URLs) whose response headers policy
# adds these to every response, replacing whatever the bucket says; the local distribution
# (local/media_cdn.py) sends the same. nosniff: a browser takes the checked Content-Type as it is.
# The CSP makes a media file opened as a page a sandboxed document that can load and run nothing
# (it does not affect <img> or <video> in the app's pages).
MEDIA_RESPONSE_HEADERS: Final[dict[str, str]] = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
}

ROLE_GROUPS: Final[dict[str, str]] = {
    "learner": "Learners: read, post, react and learn in their organisation's communities",
    "mentor": "Mentors and experts: publish learning content and answer questions",
    "community_manager": "Community managers: create and moderate communities, run campaigns",
    "org_admin": "Organisation admins: manage the organisation's people and settings",
}
ORG_ATTRIBUTE: Final = "org"  # appears in tokens as custom:org
USER_POOL: Final[dict[str, Any]] = {
    "UsernameAttributes": ["email"],
    "AutoVerifiedAttributes": ["email"],
    "Schema": [
        {
            "Name": ORG_ATTRIBUTE,
            "AttributeDataType": "String",
            "Mutable": True,
            "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "64"},
        }
    ],
    "Policies": {
        "PasswordPolicy": {
            "MinimumLength": 12,
            "RequireUppercase": True,
            "RequireLowercase": True,
            "RequireNumbers": True,
            "RequireSymbols": False,
            "TemporaryPasswordValidityDays": 7,
        }
    },
    "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": True},
}
USER_POOL_CLIENT: Final[dict[str, Any]] = {
    "ClientName": "kring-mobile",
    "GenerateSecret": False,
    "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    # Users must never be able to write their own organisation: custom:org is left out.
    "ReadAttributes": ["email", "email_verified", "custom:org"],
    # Nobody changes their own sign-in e-mail (their admin keeps hold of the account; an admin changes
    # it). Not one attribute the app uses is writable; an empty list would make every one writable.
    "WriteAttributes": ["locale"],
    "IdTokenValidity": 60,
    "AccessTokenValidity": 60,
    "RefreshTokenValidity": 30,
    "TokenValidityUnits": {"IdToken": "minutes", "AccessToken": "minutes", "RefreshToken": "days"},
    "PreventUserExistenceErrors": "ENABLED",
}
