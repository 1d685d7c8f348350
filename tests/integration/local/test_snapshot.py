"""A snapshot round trip keeps tables, objects, schedules and the user pool, tokens included."""

from __future__ import annotations

import json
import os
import urllib.request
from typing import Any

import pytest

from chalicelib import bootstrap
from local import emulator, snapshot
from tests.integration.local.conftest import Emulator

PASSWORD = "Snapshot-Test-2026"


def sign_in(resources: emulator.LocalResources, email: str) -> str:
    result = emulator.client("cognito-idp", resources.endpoint_url).initiate_auth(
        ClientId=resources.user_pool_client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": PASSWORD},
    )
    return str(result["AuthenticationResult"]["IdToken"])


def test_state_survives_a_snapshot_round_trip(local_emulator: Emulator) -> None:
    resources = local_emulator.resources
    email = "snapshot@example.test"
    directory = bootstrap.user_directory()
    user_id = directory.create_account(email, "snap", ["learner"], None)
    directory.set_permanent_password(user_id, PASSWORD)
    token_before = sign_in(resources, email)
    local_emulator.client("dynamodb").put_item(
        TableName=resources.table_name, Item={"pk": {"S": "ORG#snap"}, "sk": {"S": "X"}}
    )
    local_emulator.client("s3").put_object(Bucket=resources.media_bucket, Key="snap.txt", Body=b"kept")

    saved = snapshot.dumps({"stream_positions": {"arn": {"shard": "42"}}})
    snapshot.clear()
    assert local_emulator.client("dynamodb").list_tables()["TableNames"] == []
    assert snapshot.loads(saved) == {"stream_positions": {"arn": {"shard": "42"}}}

    item = local_emulator.client("dynamodb").get_item(
        TableName=resources.table_name, Key={"pk": {"S": "ORG#snap"}, "sk": {"S": "X"}}
    )
    assert "Item" in item
    body = local_emulator.client("s3").get_object(Bucket=resources.media_bucket, Key="snap.txt")["Body"]
    assert body.read() == b"kept"
    assert (
        emulator.provision(local_emulator.url, resources.media_cdn_url) == resources
    )  # same pool, client, table and stream

    bootstrap.reset()  # a restarted app reads the pool's keys from its configuration again
    verifier = bootstrap.token_verifier()
    identity = verifier.verify(sign_in(resources, email))
    assert (identity.org_id, identity.user_id) == ("snap", user_id)
    assert verifier.verify(token_before).org_id == "snap"  # tokens issued before still verify


def test_the_app_is_handed_the_pools_keys_when_the_stack_starts_and_fetches_none(
    local_emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a deployed API function is (infra/ reads Cognito's key set at deploy time)."""
    resources = local_emulator.resources
    assert [key["kid"] for key in json.loads(resources.user_pool_jwks)["keys"]]  # read from the emulator
    assert os.environ["KRING_USER_POOL_JWKS"] == resources.user_pool_jwks
    email = "handed-keys@example.test"
    directory = bootstrap.user_directory()
    user_id = directory.create_account(email, "keys", ["learner"], None)
    directory.set_permanent_password(user_id, PASSWORD)
    token = sign_in(resources, email)
    fetched: list[Any] = []
    monkeypatch.setattr(urllib.request, "urlopen", lambda *args, **kwargs: fetched.append(args))
    bootstrap.reset()  # a cold start
    assert bootstrap.token_verifier().verify(token).user_id == user_id
    assert fetched == []


def test_a_broken_snapshot_is_set_aside_and_the_stack_starts_empty(tmp_path: object) -> None:
    from pathlib import Path

    broken = Path(str(tmp_path)) / "emulator.pickle"
    broken.write_bytes(b"not a pickle")
    assert snapshot.restore(broken) is None
    assert not broken.exists() and broken.with_suffix(".broken").exists()
