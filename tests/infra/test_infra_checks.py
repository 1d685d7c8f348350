"""cfn-lint and cdk-nag agree with the synthesized templates; packaging and deploy commands."""

from __future__ import annotations

import zipfile

import pytest

from infra import deploy
from infra.package import ensure_vendored, pinned_version
from tests.infra.conftest import Synthesized

pytestmark = pytest.mark.infra


def test_cfn_lint_finds_no_errors(each_stage: Synthesized) -> None:
    from cfnlint.api import ManualArgs, lint_file

    matches = lint_file(each_stage.template_path, config=ManualArgs(regions=["eu-west-1"]))
    errors = [
        f"{m.rule.id} {m.message} ({'/'.join(map(str, m.path))})" for m in matches if m.rule.id[0] == "E"
    ]
    assert errors == []


def test_cdk_nag_aws_solutions_has_no_unacknowledged_errors(each_stage: Synthesized) -> None:
    errors = [
        f"{violation['ruleName']}: {[c['constructPath'] for c in violation['violatingConstructs']]}"
        for plugin in each_stage.validation_report.get("pluginReports", [])
        for violation in plugin["violations"]
        if violation["severity"] == "error"
    ]
    assert errors == []
    assert each_stage.returncode == 0, each_stage.output


def test_every_acknowledgement_gives_a_specific_reason(dev: Synthesized) -> None:
    """Acknowledged findings are written to the template's Metadata.cdk_nag.rules_to_suppress."""
    reasons = {
        f"{logical_id}:{rule['id']}": rule["reason"]
        for logical_id, resource in dev.resources.items()
        for rule in resource.get("Metadata", {}).get("cdk_nag", {}).get("rules_to_suppress", [])
    }
    assert len(reasons) >= 5, reasons
    for where, reason in reasons.items():
        assert len(reason) >= 40, f"{where}: give a specific reason, not {reason!r}"


def test_the_deployment_package_leaves_botocore_to_lambda(dev: Synthesized) -> None:
    (code_zip,) = [p for p in dev.outdir.glob("asset.*.zip")]
    names = zipfile.ZipFile(code_zip).namelist()
    assert "app.py" in names
    assert any(n.startswith("chalicelib/") for n in names)
    assert any(n.startswith("pynamodb/") for n in names)
    assert not any(
        n.startswith(("botocore/", "boto3/", "moto/", "local/", "tests/", "infra/")) for n in names
    )


def test_vendoring_is_pinned_and_idempotent() -> None:
    assert pinned_version("pynamodb") == "6.1.0"
    vendor = ensure_vendored()
    assert (vendor / "pynamodb-6.1.0.dist-info").is_dir()
    assert not (vendor / "botocore").exists()


def test_deploy_runs_the_cdk_cli_on_our_synth() -> None:
    command = deploy.cdk_command("deploy", "prod", alarm_email="ops@example.org")
    assert command[:4] == ["npx", "--yes", "aws-cdk@2", "deploy"]
    assert "Kring-prod" in command
    app = command[command.index("--app") + 1]
    assert app.endswith("-m infra.synth --stage prod")
    assert "stage=prod" in command and "alarmEmail=ops@example.org" in command
    assert deploy.main(["--stage", "dev", "--dry-run"]) == 0
