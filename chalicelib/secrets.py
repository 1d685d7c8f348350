"""Secrets read at run time from Secrets Manager: once per container, never at import.

The environment names a secret (its ARN on AWS, its name locally); the value itself never sits
in the template, the function's configuration or the environment. Locally the emulator holds
the secret, so the app reads it the same way as on AWS.
"""

from __future__ import annotations

from functools import cache

from chalicelib.clients import aws_client
from chalicelib.config import Config


def cursor_key(config: Config) -> bytes:
    """The cursors' HMAC key, read from Secrets Manager on first use (once per container)."""
    return secret_string(config.cursor_secret_id).encode()


def media_signing_key(config: Config) -> str:
    """The PEM private key media download URLs are signed with, read on first use."""
    return secret_string(config.media_cdn_signing_key_secret_id)


@cache
def secret_string(secret_id: str) -> str:
    """The secret's current value. Cached for the container's life: a rotated value is picked up
    by new containers (docs/deploy.md). A failed read is not cached; the next request retries."""
    response = aws_client("secretsmanager").get_secret_value(SecretId=secret_id)
    return str(response["SecretString"])


def forget_secrets() -> None:
    secret_string.cache_clear()
