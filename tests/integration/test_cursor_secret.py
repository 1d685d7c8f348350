"""The cursors' signing key lives in Secrets Manager; the environment only names it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from chalicelib import bootstrap
from chalicelib.clients import aws_client
from chalicelib.config import get_config
from chalicelib.cursors import decode_cursor, encode_cursor
from chalicelib.errors import InvalidCursor
from chalicelib.secrets import cursor_key
from local import emulator
from local.emulator import LocalResources


@pytest.fixture
def secret_reads(resources: LocalResources) -> Iterator[list[str]]:
    """The GetSecretValue calls made from now on (a fresh container: nothing read yet)."""
    bootstrap.reset()
    reads: list[str] = []

    def count(params: dict[str, Any], **_: Any) -> None:
        reads.append(params["SecretId"])

    client = aws_client("secretsmanager")
    client.meta.events.register("provide-client-params.secrets-manager.GetSecretValue", count)
    yield reads
    client.meta.events.unregister("provide-client-params.secrets-manager.GetSecretValue", count)
    bootstrap.reset()


def test_the_environment_names_the_secret_and_never_holds_it(resources: LocalResources) -> None:
    bootstrap.reset()
    assert os.environ["KRING_CURSOR_SECRET_ID"] == emulator.CURSOR_SECRET_NAME
    assert not any(emulator.CURSOR_SECRET in value for value in os.environ.values())
    assert cursor_key(get_config()) == emulator.CURSOR_SECRET.encode()


def test_the_secret_is_read_on_first_use_then_once_per_container(secret_reads: list[str]) -> None:
    config = bootstrap.ready()
    assert secret_reads == []  # configuring (and importing) the app reads no secret

    cursor = encode_cursor(cursor_key(config), "org-1", "feed", {"pk": "a", "sk": "b"})
    assert decode_cursor(cursor_key(config), "org-1", "feed", cursor) == {"pk": "a", "sk": "b"}
    assert secret_reads == [emulator.CURSOR_SECRET_NAME]


def test_a_rotated_secret_reaches_new_containers_and_invalidates_open_cursors(
    secret_reads: list[str],
) -> None:
    secrets = aws_client("secretsmanager")
    old_key = cursor_key(get_config())
    cursor = encode_cursor(old_key, "org-1", "feed", {"pk": "a", "sk": "b"})
    secrets.put_secret_value(SecretId=emulator.CURSOR_SECRET_NAME, SecretString="rotated-cursor-key")
    try:
        assert cursor_key(get_config()) == old_key  # a warm container keeps the key it read

        bootstrap.reset()  # a new container
        new_key = cursor_key(get_config())
        assert new_key == b"rotated-cursor-key"
        with pytest.raises(InvalidCursor):
            decode_cursor(new_key, "org-1", "feed", cursor)  # a 400, never a 500
    finally:
        aws_client("secretsmanager").put_secret_value(
            SecretId=emulator.CURSOR_SECRET_NAME, SecretString=emulator.CURSOR_SECRET
        )
        bootstrap.reset()
