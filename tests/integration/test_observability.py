"""Handlers publish what they counted before they return; a tracing stage records DynamoDB calls."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from chalice.test import Client

from chalicelib.observability import publish_metrics
from chalicelib.store import keys
from chalicelib.store.models import MediaItem
from local.emulator import LocalResources
from tests.support.events import sample
from tests.support.media import upload_ready_media
from tests.support.stack import start_test_stack
from tests.support.world import OrgWorld, build_org
from tests.unit.test_observability import published

POST_ID = "01JMETRICSPOST00000000000"


@pytest.fixture(scope="module")
def org(resources: LocalResources) -> OrgWorld:
    start_test_stack()
    return build_org(resources, "metrics")


def test_a_one_time_job_publishes_the_events_it_counted_before_it_returns(
    lambdas: Client, org: OrgWorld, capsys: pytest.CaptureFixture[str]
) -> None:
    image = upload_ready_media(org.learner.principal(org.org_id))
    MediaItem.get(keys.org_pk(org.org_id), keys.media_sk(image)).update(
        actions=[MediaItem.post_id.set(POST_ID)]
    )
    publish_metrics()  # what the setup counted outside any handler
    capsys.readouterr()

    payload = {
        **sample("scheduler_delete_media.json"),
        "org_id": org.org_id,
        "args": {"media_ids": [image], "post_id": POST_ID},
    }
    assert lambdas.lambda_.invoke("run_scheduled_job", payload).payload["result"] == {
        "deleted": 1,
        "skipped": 0,
    }
    (document,) = published(capsys.readouterr().out)
    assert document["Media"] == [1.0] and document["events"] == {"MediaDeleted": 1}


TRACED_LAMBDA = """
import json, os, sys
os.environ.update({
    "LAMBDA_TASK_ROOT": "/var/task",
    "POWERTOOLS_TRACE_DISABLED": sys.argv[1],
    "_X_AMZN_TRACE_ID": "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled="
    + sys.argv[2],
    "AWS_DEFAULT_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
})
import chalicelib.observability  # what every function imports first
sent = []
if "aws_xray_sdk" in sys.modules:
    from aws_xray_sdk.core import xray_recorder
    from aws_xray_sdk.core.emitters.udp_emitter import UDPEmitter

    class Capture(UDPEmitter):
        def send_entity(self, entity):
            sent.append(json.loads(entity.serialize()))

    xray_recorder.configure(emitter=Capture())
from moto import mock_aws
import boto3
with mock_aws():
    dynamodb = boto3.client("dynamodb")
    dynamodb.create_table(
        TableName="t", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST",
    )
    dynamodb.get_item(TableName="t", Key={"pk": {"S": "a"}})
print(json.dumps({"sdk": "aws_xray_sdk" in sys.modules, "sent": sent}))
"""


def run_in_lambda(trace_disabled: str, sampled: str) -> dict[str, Any]:
    """A fresh interpreter set up as a Lambda function with the stage's tracing setting."""
    done = subprocess.run(
        [sys.executable, "-c", TRACED_LAMBDA, trace_disabled, sampled],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_a_sampled_request_of_a_tracing_stage_shows_its_dynamodb_calls() -> None:
    traced = run_in_lambda("false", "1")
    calls = [(s["name"], s["aws"]["operation"], s["trace_id"]) for s in traced["sent"]]
    assert ("dynamodb", "GetItem", "1-5759e988-bd862e3fe1be46a994272793") in calls
    assert run_in_lambda("false", "0")["sent"] == []  # a request the sampling rule left out


def test_a_stage_that_does_not_trace_does_not_even_import_the_xray_sdk() -> None:
    assert run_in_lambda("true", "1") == {"sdk": False, "sent": []}
