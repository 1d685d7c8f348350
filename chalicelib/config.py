"""Settings from the environment, read once.

The only difference between the local stack and AWS is what these values say: locally
`KRING_AWS_ENDPOINT_URL` points every client at the embedded emulator and the JWKS URL at the
emulator's user pool; on AWS both are absent and the real endpoints are used.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache


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
    cursor_secret: bytes
    aws_endpoint_url: str | None
    max_body_bytes: int
    default_timezone: str
    service_name: str = "kring"


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
        cursor_secret=_required("KRING_CURSOR_SECRET").encode(),
        aws_endpoint_url=os.environ.get("KRING_AWS_ENDPOINT_URL") or None,
        max_body_bytes=int(os.environ.get("KRING_MAX_BODY_BYTES", "65536")),
        default_timezone=os.environ.get("KRING_DEFAULT_TIMEZONE", "Europe/Brussels"),
    )
