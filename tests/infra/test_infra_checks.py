"""cfn-lint and cdk-nag agree with the synthesized templates; packaging and deploy commands."""

from __future__ import annotations

import base64
import zipfile
from collections.abc import Iterator

import boto3
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from moto import mock_aws

from chalicelib.media import signed_urls
from infra import deploy, signing_key
from infra.package import ensure_vendored, pinned_version
from tests.infra.conftest import Synthesized

pytestmark = pytest.mark.infra


def test_cfn_lint_finds_no_errors(each_stage: Synthesized) -> None:
    from cfnlint.api import ManualArgs, lint_file

    matches = lint_file(each_stage.template_path, config=ManualArgs(regions=["eu-west-1"]))
    matches += lint_file(each_stage.edge_path, config=ManualArgs(regions=["us-east-1"]))
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
    # The app's package is the asset with app.py (the others are the CDK's, for the web deployment).
    (names,) = [
        names for p in dev.outdir.glob("asset.*.zip") if "app.py" in (names := zipfile.ZipFile(p).namelist())
    ]
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


def test_deploy_runs_the_cdk_cli_on_our_synth_with_the_stages_signing_key() -> None:
    public_key = signing_key.public_key_path("prod")
    command = deploy.cdk_command("deploy", "prod", alarm_email="ops@example.org", media_public_key=public_key)
    assert command[:4] == ["npx", "--yes", "aws-cdk@2", "deploy"]
    assert command.index("Kring-prod-edge") < command.index("Kring-prod")  # CloudFront's web ACL first
    app = command[command.index("--app") + 1]
    assert f"-m infra.synth --stage prod --alarm-email ops@example.org --media-public-key {public_key}" in app
    assert "stage=prod" in command and "alarmEmail=ops@example.org" in command
    assert deploy.main(["--stage", "dev", "--dry-run"]) == 0


@pytest.fixture
def own_mock_aws() -> Iterator[None]:
    """moto's mock without its resets: entering and leaving `mock_aws` empties every in-process
    backend, the local emulator's included, which later tests on the same pytest worker share (its
    user pool, its secrets: the media signing key). This test's secrets have names of their own."""
    mock = mock_aws()
    mock.start(reset=False)
    try:
        yield
    finally:
        mock.stop(remove_data=False)


def test_deploy_makes_the_signing_key_pair_once_and_keeps_it(own_mock_aws: None) -> None:
    secrets = boto3.client("secretsmanager", region_name="eu-west-1")
    first = signing_key.ensure_signing_key("dev", secrets)
    assert signing_key.ensure_signing_key("dev", secrets) == first  # the next deploy: the same key
    assert signing_key.ensure_signing_key("prod", secrets) != first  # a key pair per stage
    stored = secrets.get_secret_value(SecretId="kring-dev/media-url-signing-key")["SecretString"]
    assert "PRIVATE KEY" in stored and first.startswith("-----BEGIN PUBLIC KEY-----")

    # What the app signs with that private key, the public key the stack trusts verifies.
    url = signed_urls.signed_url("https://d1.cloudfront.net/orgs/o/a.png", 2_000_000_000, "K1", stored)
    signature = url.split("Signature=")[1].split("&")[0].translate(str.maketrans("-_~", "+=/"))
    public = serialization.load_pem_public_key(first.encode())
    assert isinstance(public, rsa.RSAPublicKey)
    policy = signed_urls.canned_policy("https://d1.cloudfront.net/orgs/o/a.png", 2_000_000_000).encode()
    public.verify(base64.b64decode(signature), policy, padding.PKCS1v15(), hashes.SHA1())
