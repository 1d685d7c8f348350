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

# The API function's timeout (seconds): under CloudFront's 30 s wait for its origin. infra/ gives the API
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

# The web app and the API share one origin: locally the Kring server serves the built app at `/`
# beside `/v1`; on AWS a CloudFront distribution serves it from a private bucket and sends `/v1/*`
# to API Gateway. Both send these headers with the app's files (infra/ builds the distribution's
# response headers policy from them; local/http_server.py sends them). No inline scripts or styles:
# the build emits files only. HSTS is sent over HTTPS only (browsers ignore it on plain http).
WEB_REFERRER_POLICY: Final = "no-referrer"
WEB_STRICT_TRANSPORT_SECURITY: Final = "max-age=63072000; includeSubDomains"


def web_content_security_policy(
    media_origins: tuple[str, ...] = (), connect_origins: tuple[str, ...] = ()
) -> str:
    """The app's CSP. `media_origins`: where signed media downloads come from (the media
    distribution, when it is not this origin); `connect_origins`: what the browser calls besides
    this origin (Cognito's endpoint, the media bucket for presigned POST uploads)."""

    def sources(*extra: str) -> str:
        return " ".join(("'self'", *extra))

    directives = [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "font-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        f"connect-src {sources(*connect_origins)}",
        f"img-src {sources(*media_origins, 'blob:', 'data:')}",
        f"media-src {sources(*media_origins, 'blob:', 'data:')}",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    return "; ".join(directives)


def web_security_headers(csp: str, https: bool) -> dict[str, str]:
    """Every header the app's responses carry, in both places."""
    headers = {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": WEB_REFERRER_POLICY,
    }
    if https:
        headers["Strict-Transport-Security"] = WEB_STRICT_TRANSPORT_SECURITY
    return headers


# How long browsers (and CloudFront) keep the app's files, the same in both places. The build names
# the files under assets/ by their content: kept for good, never asked for again. Every other file
# (index.html, sw.js, the manifest, the icons) keeps its name across releases: browsers revalidate it
# on each use (a 304 while unchanged), so a release shows at once; CloudFront keeps it until a deploy
# invalidates it.
WEB_HASHED_PREFIX: Final = "assets/"
WEB_HASHED_CACHE_CONTROL: Final = "public, max-age=31536000, immutable"
WEB_CACHE_CONTROL: Final = "public, max-age=0, s-maxage=31536000, must-revalidate"


# The API reference page (rendered in the browser from /v1/openapi.json) is served at /docs, from
# these files (the local server serves them; infra/ copies them into the web bucket under docs/).
API_DOCS_PATH: Final = "/docs"

# The viewer's URLs start at the distribution's root: the distribution sends this header (value "/")
# to the API so the URLs the API hands out (Location, the OpenAPI servers) name what the viewer used,
# whatever path a client reached the API by otherwise.
PUBLIC_PREFIX_HEADER: Final = "X-Forwarded-Prefix"

# The unread notification count carried on a response the client asked it on (chalicelib/api/
# framework.py): the request header that asks, the response header that answers.
UNREAD_COUNT_WANTED: Final = "Kring-Want-Unread-Count"
UNREAD_COUNT: Final = "Kring-Unread-Count"

# CORS for configured extra origins (KRING_CORS_ORIGINS; the app itself is same-origin and needs
# none): what a preflight allows, and which response headers a cross-origin client may read.
CORS_ALLOWED_HEADERS: Final = (
    "Authorization",
    "Content-Type",
    "Idempotency-Key",
    "If-None-Match",
    UNREAD_COUNT_WANTED,
)
CORS_EXPOSED_HEADERS: Final = (
    "Location",
    "Retry-After",
    "Idempotent-Replayed",
    "WWW-Authenticate",
    "ETag",
    UNREAD_COUNT,
)
CORS_MAX_AGE_SECONDS: Final = 600
