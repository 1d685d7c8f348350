"""The bench reads `python -X importtime` output and builds an import environment that reaches nothing."""

from __future__ import annotations

import pytest

from bench.cold_import import (
    ColdImport,
    app_import_environment,
    forged_token,
    function_probe,
    parse_importtime,
    round_order,
    time_by_package,
)
from bench.first_batch import stream_event
from chalicelib import jwt_rs256
from chalicelib.auth import configured_keys

SAMPLE = """\
import time: self [us] | cumulative | imported package
import time:       100 |        100 | _io
import time:       300 |        300 |       botocore.utils
import time:       200 |        500 |     botocore
import time:        50 |        550 |   pynamodb
import time:       400 |        400 |   chalicelib.store
import time:        10 |        960 | app
import time:        20 |         20 | json
"""


def test_the_cumulative_time_of_top_level_imports() -> None:
    assert parse_importtime(SAMPLE) == {"_io": 100, "app": 960, "json": 20}


def test_time_by_package_sums_self_time_inside_the_module_only() -> None:
    assert time_by_package(SAMPLE, "app") == [
        ("botocore", 500),
        ("chalicelib", 400),
        ("pynamodb", 50),
        ("app", 10),
    ]
    assert time_by_package(SAMPLE, "missing") == []


def test_the_import_environment_has_the_app_settings_and_no_real_credentials() -> None:
    environment = app_import_environment(
        {"PATH": "/usr/bin", "AWS_PROFILE": "prod", "AWS_SESSION_TOKEN": "secret", "KRING_TABLE": "real"}
    )
    assert environment["PATH"] == "/usr/bin"
    assert "AWS_PROFILE" not in environment
    assert "AWS_SESSION_TOKEN" not in environment
    assert environment["AWS_ACCESS_KEY_ID"] == "testing"
    assert environment["KRING_TABLE"] == "kring-bench"
    assert environment["KRING_AWS_ENDPOINT_URL"] == "http://127.0.0.1:9"


def test_each_function_is_measured_loading_the_handler_it_is_deployed_with() -> None:
    probe = function_probe("chalicelib.entry.stream.on_table_change")
    assert "load_handler('chalicelib.entry.stream', 'on_table_change')" in probe
    assert "importlib.import_module(module)" in probe  # as the Lambda runtime loads a handler
    assert "import app" not in probe  # Lambda loads the entry, not app.py


def test_the_consumers_first_batch_is_the_insert_record_the_stream_carries() -> None:
    key = {"pk": {"S": "ORG#o1#REACTIONS#p1"}, "sk": {"S": "USER#u1"}}
    item = {**key, "type": {"S": "reaction"}, "org_id": {"S": "o1"}}
    event = stream_event("arn:aws:dynamodb:eu-west-1:1:table/t/stream/s", key, item, 3)
    (record,) = event["Records"]
    assert record["eventName"] == "INSERT"
    assert record["dynamodb"]["Keys"] == key
    assert record["dynamodb"]["NewImage"] == item
    assert record["dynamodb"]["ApproximateCreationDateTime"] > 0  # the consumer reads it
    assert record["eventSourceARN"].endswith("/stream/s")


def test_the_consumer_has_its_import_figure_and_its_first_batch_beside_it_each_against_boto3() -> None:
    figures = ColdImport(
        ms={"boto3": 200.0, "on_table_change": 240.0, "api": 400.0},
        wall_ms={},
        api_ms_by_module={"chalicelib.api.me": 400.0},
        api_slowest_module="chalicelib.api.me",
        api_time_by_package_ms=[],
        rounds=3,
        first_work_ms={"on_table_change": 420.0},
    )
    assert figures.ratios == {"on_table_change": 1.2, "api": 2.0}
    assert figures.first_work_ratios == {"on_table_change": 2.1}


def test_the_api_probes_token_names_the_configured_key_and_is_refused_only_by_its_signature() -> None:
    """The probe runs token verification through the RSA check, with no fetch: its key id is among
    the configured keys, and the signature is that key's, over other claims."""
    keys = configured_keys(app_import_environment({})["KRING_USER_POOL_JWKS"])
    token = jwt_rs256.parse(forged_token())
    assert token.rs256_key_id in keys
    key = keys[token.rs256_key_id]
    assert int.from_bytes(token.signature, "big") < key.n  # the modular exponentiation runs
    with pytest.raises(jwt_rs256.InvalidSignature):
        jwt_rs256.verified_payload(token, key)


def test_each_round_runs_every_probe_once_in_an_order_of_its_own() -> None:
    names = [f"api:module{number}" for number in range(34)]
    orders = [round_order(names, number) for number in range(8)]
    assert all(sorted(order) == sorted(names) for order in orders)
    assert len({tuple(order) for order in orders}) == 8  # a slow stretch meets other probes each round
    assert round_order(names, 3) == round_order(names, 3)  # the same each run: runs compare
