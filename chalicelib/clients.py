"""AWS clients, created lazily and cached: nothing talks to AWS at import time."""

from __future__ import annotations

from functools import cache
from typing import Any

from chalicelib.config import get_config


@cache
def aws_client(service: str) -> Any:
    import boto3  # imported here to keep cold imports of the app light
    from botocore.config import Config as BotoConfig

    config = get_config()
    # S3 presigns with Signature V4 (V2, botocore's default for presigning, is refused by newer regions).
    options = BotoConfig(signature_version="s3v4") if service == "s3" else None
    return boto3.session.Session().client(
        service,  # type: ignore[call-overload]
        region_name=config.region,
        endpoint_url=config.aws_endpoint_url,
        config=options,
    )


def reset_clients() -> None:
    aws_client.cache_clear()
