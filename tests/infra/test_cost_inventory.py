"""The cost model (bench/cost.py) prices what the template deploys: the two must not drift apart."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from bench.cost import DEPLOYMENT, PRICES
from tests.infra.conftest import Synthesized


def _functions(stage: Synthesized) -> dict[str, dict[str, Any]]:
    """Each function's properties by its Chalice name (`api_handler` is the API)."""
    return stage.functions


def test_the_model_prices_each_function_at_its_deployed_memory(prod: Synthesized) -> None:
    deployed = {name: props["MemorySize"] for name, props in _functions(prod).items()}
    assert deployed == dict(DEPLOYMENT.function_memory_mb)


def test_every_function_runs_on_the_architecture_the_model_prices(each_stage: Synthesized) -> None:
    """Compute and billed init are priced per architecture; the package's native wheels
    (pydantic-core) are built for it by the same setting (test_infra_resources checks the zip)."""
    architectures = {tuple(props.get("Architectures", ())) for props in _functions(each_stage).values()}
    assert architectures == {(DEPLOYMENT.architecture,)}


def _deployed_package(stage: Synthesized) -> Path:
    """The functions' code as the synth staged it (the zip with app.py at its root)."""
    (package,) = (
        path for path in stage.outdir.glob("asset.*.zip") if "app.py" in zipfile.ZipFile(path).namelist()
    )
    return package


def test_the_packages_native_code_is_built_for_that_architecture(dev: Synthesized) -> None:
    """A wheel for another machine imports on this one's tests and fails on Lambda: every wheel in
    the package is pure Python or tagged for the functions' machine (pydantic-core is compiled)."""
    machine = {"arm64": "aarch64", "x86_64": "x86_64"}[DEPLOYMENT.architecture]
    with zipfile.ZipFile(_deployed_package(dev)) as package:
        wheels = {
            name.split("/")[0]: package.read(name).decode()
            for name in package.namelist()
            if name.endswith(".dist-info/WHEEL")
        }
        native = [name for name in package.namelist() if name.endswith(".so")]
    platforms = {
        wheel: {line.rsplit("-", 1)[1] for line in text.splitlines() if line.startswith("Tag:")}
        for wheel, text in wheels.items()
    }
    compiled = {wheel: tags for wheel, tags in platforms.items() if tags != {"any"}}
    assert any(wheel.startswith("pydantic_core-") for wheel in compiled)
    assert all(tag.endswith(f"_{machine}") for tags in compiled.values() for tag in tags), compiled
    assert native and all(f"-{machine}-linux-gnu.so" in name for name in native), native


def test_logs_are_json_without_lambdas_own_lines_and_keep_the_metrics(each_stage: Synthesized) -> None:
    """The model prices no START/END/REPORT lines (SystemLogLevel WARN); the application level
    stays at INFO or below, or Lambda would drop the metrics' EMF documents (they have no level)."""
    for name, props in _functions(each_stage).items():
        config = props["LoggingConfig"]
        assert config["LogFormat"] == "JSON", name
        assert (config["SystemLogLevel"] in ("INFO", "DEBUG")) == DEPLOYMENT.platform_log_lines, name
        assert config["ApplicationLogLevel"] in ("INFO", "DEBUG"), name


def test_no_function_traces_unless_the_stage_asks(dev: Synthesized, prod: Synthesized) -> None:
    """The model prices X-Ray as deployed by default (off), and beside it what tracing would add."""
    for stage, traced in ((dev, DEPLOYMENT.tracing), (prod, True)):  # prod: synthesized with --tracing
        tracing = {props.get("Tracing") for props in _functions(stage).values()}
        assert tracing == ({"Active"} if traced else {"PassThrough"}), stage.stage
    (rule,) = prod.of_type("AWS::XRay::SamplingRule").values()
    sampling = rule["Properties"]["SamplingRule"]
    assert sampling["ReservoirSize"] == DEPLOYMENT.xray_reservoir_per_second
    assert sampling["FixedRate"] == DEPLOYMENT.xray_fixed_rate


def test_the_scheduled_functions_are_the_ones_the_model_counts_as_fixed(prod: Synthesized) -> None:
    scheduled = {
        name
        for name, props in _functions(prod).items()
        if any(event["Type"] == "Schedule" for event in props.get("Events", {}).values())
    }
    assert scheduled == set(DEPLOYMENT.scheduled_functions)


def test_waf_alarms_secrets_keys_and_retention_are_counted(prod: Synthesized) -> None:
    (acl,) = prod.edge_of_type("AWS::WAFv2::WebACL").values()
    assert len(acl["Properties"]["Rules"]) == DEPLOYMENT.waf_rules
    metrics = 0
    for alarm in prod.of_type("AWS::CloudWatch::Alarm").values():
        queries = alarm["Properties"].get("Metrics")
        metrics += sum(1 for query in queries if "MetricStat" in query) if queries else 1
    assert metrics == DEPLOYMENT.alarm_metrics
    assert len(prod.of_type("AWS::SecretsManager::Secret")) == DEPLOYMENT.secrets
    assert len(prod.of_type("AWS::KMS::Key")) == DEPLOYMENT.kms_keys
    retention = {
        group["Properties"]["RetentionInDays"] for group in prod.of_type("AWS::Logs::LogGroup").values()
    }
    assert retention == {DEPLOYMENT.log_retention_days}


def test_no_request_reaches_api_gateway_which_the_model_no_longer_prices(each_stage: Synthesized) -> None:
    """`chalice package` still makes a REST API; its only endpoint is off, so nothing is billed there:
    the API's requests come through CloudFront to the API function's URL."""
    (api,) = each_stage.of_type("AWS::Serverless::Api").values()
    assert api["Properties"]["DisableExecuteApiEndpoint"] is True
    assert not any(key.startswith("api_gateway") for key in PRICES)
    assert each_stage.of_type("AWS::ApiGateway::DomainName") == {}
    assert each_stage.of_type("AWS::ApiGateway::BasePathMapping") == {}
    (url,) = each_stage.of_type("AWS::Lambda::Url").values()
    assert url["Properties"]["AuthType"] == "AWS_IAM"
