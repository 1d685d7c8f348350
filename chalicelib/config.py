"""Settings from the environment, read once.

The only difference between the local stack and AWS is what these values say: locally
`KRING_AWS_ENDPOINT_URL` points every client at the embedded emulator and the JWKS URL at the
emulator's user pool; on AWS both are absent and the real endpoints are used. Both hand the API the
pool's public keys in `KRING_USER_POOL_JWKS` (infra/ at deploy time, the local stack when it starts).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

from chalicelib import definitions


class ConfigurationError(RuntimeError):
    """A required setting is missing: the deployment is broken, not the request."""


@dataclass(frozen=True)
class Config:
    stage: str
    region: str
    table_name: str
    media_bucket: str
    user_pool_id: str
    user_pool_client_id: str
    token_issuer: str
    jwks_url: str
    # The Secrets Manager secret (ARN or name) holding the cursors' HMAC key; see secrets.cursor_key.
    cursor_secret_id: str
    # Media downloads: CloudFront signed URLs (chalicelib/media/objects.py). The distribution's base
    # URL, the id of the public key in its trusted key group, and the Secrets Manager secret (ARN or
    # name) holding that key's RSA private key in PEM; see secrets.media_signing_key.
    media_cdn_url: str
    media_cdn_key_pair_id: str
    media_cdn_signing_key_secret_id: str
    aws_endpoint_url: str | None
    max_body_bytes: int
    default_timezone: str
    dynamodb_timeout_seconds: float = 4.0
    service_name: str = "kring"
    # One-time jobs (EventBridge Scheduler); optional: without them nothing is scheduled.
    schedule_group: str | None = None
    scheduler_role_arn: str | None = None
    scheduler_target_arn: str | None = None
    scheduler_dlq_arn: str | None = None
    # Posts + comments one member may write per organisation (fixed windows; 0: no limit).
    post_rate_per_minute: int = 10
    post_rate_per_day: int = 100
    # How long a campaign's close waits before its ranks, badges and recap (the stream scores the
    # last answers meanwhile). Keep it well above the stream consumer's lag (seconds; alarmed at 5 min).
    campaign_settle_seconds: int = 90
    # The shortest campaign (minutes). Five on AWS: a one-time schedule may fire up to a minute late
    # and the sweeper runs every five; the e2e stack lowers it to watch a quiz close by the clock.
    campaign_min_minutes: float = 5
    # How long a warm container trusts a profile it read (deactivation, role changes): seconds.
    profile_cache_seconds: float = 5
    # How often a warm container asks the search index for its recent changes (seconds): a change is
    # found by searches in this container at most this long after the stream consumer indexed it.
    search_refresh_seconds: float = 1
    # How long one API request may run (the API function's timeout, set by infra/ from the same value):
    # after that an Idempotency-Key claimed by a request that never finished is free again.
    api_timeout_seconds: int = definitions.API_TIMEOUT_SECONDS
    # Requests one organisation may make per minute (fixed windows; 0: no limit), so one tenant
    # cannot take the whole stage's capacity (chalicelib/quotas.py).
    org_requests_per_minute: int = 6000
    # Extra origins (native app shells, other front ends) allowed to call the API from a browser
    # (CORS). The web app is served from the API's own origin and needs none. Empty: no CORS at all.
    cors_origins: tuple[str, ...] = ()
    # Where the web app's browser code calls Cognito (GET /v1/client-config tells it): Cognito's
    # regional endpoint on AWS; locally the Kring server's same-origin pass-through to the emulator.
    browser_cognito_endpoint: str = ""
    # The user pool's public keys (its JWKS document, JSON), handed to the API function when it is
    # deployed (or when the local stack starts), so a cold container verifies tokens without fetching
    # them; a token with another key id still makes it fetch `jwks_url` (chalicelib/auth.py). Read
    # and checked by the token verifier on first use, never here: only the API verifies tokens.
    # None: fetch on the first token, as deployments made before it did.
    user_pool_jwks: str | None = None


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ConfigurationError(f"environment variable {name} is not set")
    return value


@lru_cache(maxsize=1)
def get_config() -> Config:
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "eu-west-1"
    user_pool_id = _required("KRING_USER_POOL_ID")
    issuer = (
        os.environ.get("KRING_TOKEN_ISSUER") or f"https://cognito-idp.{region}.amazonaws.com/{user_pool_id}"
    )
    return Config(
        stage=os.environ.get("KRING_STAGE", "dev"),
        region=region,
        table_name=_required("KRING_TABLE"),
        media_bucket=_required("KRING_MEDIA_BUCKET"),
        user_pool_id=user_pool_id,
        user_pool_client_id=_required("KRING_USER_POOL_CLIENT_ID"),
        token_issuer=issuer,
        jwks_url=os.environ.get("KRING_JWKS_URL") or f"{issuer}/.well-known/jwks.json",
        cursor_secret_id=_required("KRING_CURSOR_SECRET_ID"),
        media_cdn_url=_required("KRING_MEDIA_CDN_URL").rstrip("/"),
        media_cdn_key_pair_id=_required("KRING_MEDIA_CDN_KEY_PAIR_ID"),
        media_cdn_signing_key_secret_id=_required("KRING_MEDIA_CDN_SIGNING_KEY_SECRET_ID"),
        aws_endpoint_url=os.environ.get("KRING_AWS_ENDPOINT_URL") or None,
        max_body_bytes=int(os.environ.get("KRING_MAX_BODY_BYTES", "65536")),
        default_timezone=os.environ.get("KRING_DEFAULT_TIMEZONE", "Europe/Brussels"),
        # A retry after a timeout is safe on DynamoDB (transactions carry an idempotency token) but
        # not on the emulator, which is also much slower: locally this is raised.
        dynamodb_timeout_seconds=float(os.environ.get("KRING_DYNAMODB_TIMEOUT_SECONDS", "4")),
        schedule_group=os.environ.get("KRING_SCHEDULE_GROUP") or None,
        scheduler_role_arn=os.environ.get("KRING_SCHEDULER_ROLE_ARN") or None,
        scheduler_target_arn=os.environ.get("KRING_SCHEDULER_TARGET_ARN") or None,
        scheduler_dlq_arn=os.environ.get("KRING_SCHEDULER_DLQ_ARN") or None,
        post_rate_per_minute=int(os.environ.get("KRING_POST_RATE_PER_MINUTE", "10")),
        post_rate_per_day=int(os.environ.get("KRING_POST_RATE_PER_DAY", "100")),
        campaign_settle_seconds=int(os.environ.get("KRING_CAMPAIGN_SETTLE_SECONDS", "90")),
        campaign_min_minutes=float(os.environ.get("KRING_CAMPAIGN_MIN_MINUTES", "5")),
        profile_cache_seconds=min(float(os.environ.get("KRING_PROFILE_CACHE_SECONDS", "5")), 30.0),
        search_refresh_seconds=min(float(os.environ.get("KRING_SEARCH_REFRESH_SECONDS", "1")), 30.0),
        api_timeout_seconds=int(
            os.environ.get("KRING_API_TIMEOUT_SECONDS", str(definitions.API_TIMEOUT_SECONDS))
        ),
        org_requests_per_minute=int(os.environ.get("KRING_ORG_REQUESTS_PER_MINUTE", "6000")),
        cors_origins=_origins(os.environ.get("KRING_CORS_ORIGINS", "")),
        browser_cognito_endpoint=os.environ.get("KRING_BROWSER_COGNITO_ENDPOINT")
        or f"https://cognito-idp.{region}.amazonaws.com/",
        user_pool_jwks=os.environ.get("KRING_USER_POOL_JWKS", "").strip() or None,
    )


def _origins(value: str) -> tuple[str, ...]:
    """Comma- or space-separated origins (scheme://host[:port]), without a trailing slash."""
    found = (part.strip().rstrip("/") for part in value.replace(",", " ").split())
    return tuple(origin for origin in found if origin)
