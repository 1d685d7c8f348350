"""AWS clients, created lazily and cached: nothing talks to AWS at import time."""

from __future__ import annotations

from functools import cache
from typing import Any

from chalicelib.config import get_config


@cache
def aws_client(service: str) -> Any:
    import boto3  # imported here to keep cold imports of the app light

    config = get_config()
    return boto3.session.Session().client(
        service,  # type: ignore[call-overload]
        region_name=config.region,
        endpoint_url=config.aws_endpoint_url,
    )


def reset_clients() -> None:
    aws_client.cache_clear()
