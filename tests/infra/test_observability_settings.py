"""Logs kept for a set time, X-Ray only where a stage asks for it, alarms mailed to the operator."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest

from infra import REPO_ROOT, deploy
from infra.parts.functions import FUNCTION_SETTINGS
from infra.settings import TRACE_FIXED_RATE, TRACE_RESERVOIR_PER_SECOND
from tests.infra.conftest import ALARM_EMAIL, Synthesized

pytestmark = pytest.mark.infra

THIRTY_DAYS = 30  # StageSettings.log_retention


def _environment(synth: Synthesized) -> list[dict[str, Any]]:
    return [
        props["Properties"]["Environment"]["Variables"]
        for props in synth.of_type("AWS::Serverless::Function").values()
    ]


def test_every_function_logs_to_a_group_that_keeps_its_logs_thirty_days(each_stage: Synthesized) -> None:
    groups = each_stage.of_type("AWS::Logs::LogGroup")
    by_name = {group["Properties"].get("LogGroupName"): group for group in groups.values()}
    app_functions = each_stage.of_type("AWS::Serverless::Function").values()
    assert len(app_functions) == len(FUNCTION_SETTINGS)  # the API, the consumers and the jobs
    for function in app_functions:
        group = by_name[f"/aws/lambda/{function['Properties']['FunctionName']}"]
        assert group["Properties"]["RetentionInDays"] == THIRTY_DAYS
    # The CDK's own functions (the web app's deployment handler) log to a group of ours too, but
    # for the reader of the edge stack's web ACL ARN (a cross-region reference): the CDK makes it
    # while it synthesizes, after our code ran, and it runs only during a deployment (a few lines).
    others = [
        function
        for key, function in each_stage.of_type("AWS::Lambda::Function").items()
        if not key.startswith("CustomCrossRegionExportReader")
    ]
    assert others
    for function in others:
        group_id = function["Properties"]["LoggingConfig"]["LogGroup"]["Ref"]
        assert groups[group_id]["Properties"]["RetentionInDays"] == THIRTY_DAYS
    assert {group["Properties"]["RetentionInDays"] for group in groups.values()} == {THIRTY_DAYS}


def test_a_stage_traces_nothing_by_default(dev: Synthesized) -> None:
    assert not dev.traced
    assert dev.of_type("AWS::XRay::SamplingRule") == {}
    assert {env["POWERTOOLS_TRACE_DISABLED"] for env in _environment(dev)} == {"true"}
    # PassThrough: Lambda records nothing unless an upstream service sampled the request, and no
    # upstream service traces.
    assert {f["Properties"]["Tracing"] for f in dev.of_type("AWS::Serverless::Function").values()} == {
        "PassThrough"
    }


def test_a_tracing_stage_samples_one_api_request_a_second_and_one_percent_of_the_rest(
    prod: Synthesized,
) -> None:
    assert prod.traced
    (rule,) = prod.of_type("AWS::XRay::SamplingRule").values()
    sampling = rule["Properties"]["SamplingRule"]
    assert (sampling["ReservoirSize"], sampling["FixedRate"]) == (
        TRACE_RESERVOIR_PER_SECOND,
        TRACE_FIXED_RATE,
    )
    assert (TRACE_RESERVOIR_PER_SECOND, TRACE_FIXED_RATE) == (1, 0.01)
    # The API function decides (no API Gateway in front): the rule names it, this stage's only.
    assert sampling["ServiceName"] == "Kring-prod-api_handler"
    assert sampling["ServiceType"] == "AWS::Lambda::Function"
    assert prod.resources["RestAPI"]["Properties"]["TracingEnabled"] is False  # nothing reaches it
    assert {f["Properties"]["Tracing"] for f in prod.of_type("AWS::Serverless::Function").values()} == {
        "Active"
    }
    # The Tracer in chalicelib/observability.py records each DynamoDB call of a sampled request.
    assert {env["POWERTOOLS_TRACE_DISABLED"] for env in _environment(prod)} == {"false"}


def test_the_alarm_topic_mails_the_address_the_synth_was_given(each_stage: Synthesized) -> None:
    (topic_id,) = each_stage.of_type("AWS::SNS::Topic")
    (subscription,) = each_stage.of_type("AWS::SNS::Subscription").values()
    props = subscription["Properties"]
    assert (props["Protocol"], props["Endpoint"]) == ("email", ALARM_EMAIL)
    assert props["TopicArn"] == {"Ref": topic_id}
    for alarm in each_stage.of_type("AWS::CloudWatch::Alarm").values():
        assert alarm["Properties"]["AlarmActions"] == [{"Ref": topic_id}]


def test_make_deploy_hands_the_alarm_address_and_tracing_to_the_synth_it_deploys() -> None:
    dry = subprocess.run(
        ["make", "-n", "deploy", "STAGE=prod", f"ALARM_EMAIL={ALARM_EMAIL}", "TRACING=1"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    (line,) = [line for line in dry.stdout.splitlines() if "-m infra.deploy" in line]
    assert line.split("-m infra.deploy", 1)[1].split() == [
        "--stage",
        "prod",
        "--alarm-email",
        ALARM_EMAIL,
        "--tracing",
    ]
    command = deploy.cdk_command("deploy", "prod", alarm_email=ALARM_EMAIL, tracing=True)
    app = command[command.index("--app") + 1]
    # An argument of the synth the CLI runs, not only CDK context: the synth cannot miss it.
    assert f"--alarm-email {ALARM_EMAIL}" in app and app.endswith("--tracing")
    plain = deploy.cdk_command("deploy", "dev")
    assert "--alarm-email" not in plain[plain.index("--app") + 1]
