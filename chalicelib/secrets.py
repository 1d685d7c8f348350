"""Secrets read at run time from Secrets Manager: once per container, never at import.

The environment names a secret (its ARN on AWS, its name locally); the value itself never sits
in the template, the function's configuration or the environment. Locally the emulator holds
the secret, so the app reads it the same way as on AWS.
"""

from __future__ import annotations

from functools import cache

from chalicelib.clients import aws_client


@cache
def secret_string(secret_id: str) -> str:
    """The secret's current value. Cached for the container's life: a rotated value is picked up
    by new containers (docs/deploy.md). A failed read is not cached; the next request retries."""
    response = aws_client("secretsmanager").get_secret_value(SecretId=secret_id)
    return str(response["SecretString"])


def forget_secrets() -> None:
    secret_string.cache_clear()
