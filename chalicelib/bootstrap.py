"""The one place that wires real adapters: configuration, store binding, the user directory.

Everything here is lazy and cached, so importing the app never talks to AWS.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from chalicelib.clients import aws_client, reset_clients
from chalicelib.config import Config, get_config
from chalicelib.secrets import forget_secrets
from chalicelib.store import models

if TYPE_CHECKING:
    from chalicelib.auth import TokenVerifier
    from chalicelib.identity.directory import UserDirectory


@lru_cache(maxsize=1)
def ready() -> Config:
    """Configuration, with the store bound to the configured table. Call at the start of every handler."""
    config = get_config()
    models.bind(config)
    return config


@lru_cache(maxsize=1)
def token_verifier() -> TokenVerifier:
    # Imported here: only the API verifies tokens; consumers and jobs never load token code.
    from chalicelib.auth import TokenVerifier

    return TokenVerifier(ready())


@lru_cache(maxsize=1)
def user_directory() -> UserDirectory:
    # Imported here: only the few use cases that change a member's sign-in reach the user directory.
    from chalicelib.identity.directory import CognitoUserDirectory

    config = ready()
    return CognitoUserDirectory(aws_client("cognito-idp"), config.user_pool_id)


def reset() -> None:
    """Forget everything wired so far (tests and the local runtime change the environment)."""
    get_config.cache_clear()
    ready.cache_clear()
    token_verifier.cache_clear()
    user_directory.cache_clear()
    forget_secrets()
    reset_clients()
