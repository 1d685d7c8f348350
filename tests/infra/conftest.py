"""One synthesized dev and prod template, shared by every test in tests/infra.

Each stage is synthesized once per session by ``python -m infra.synth`` in a child process; the
two run in parallel, after ``build_package()`` has warmed Chalice's dependency cache. prod is
given a media signing public key of its own, as ``infra.deploy`` gives it; dev (as ``make synth``)
takes the example key. prod is also synthesized with ``--tracing`` (as ``make deploy TRACING=1``)
and on the Pro flat-rate plan (``FRONT_DOOR_PLAN=pro``), dev with the defaults (no X-Ray,
pay-as-you-go), so both settings are checked either way. Synthesis
runs ``chalice package``, which imports app.py, and app.py must not be imported twice in one
process (see infra.package.chalice_import_sandbox). The cdk-nag AwsSolutions checks run during
that synth.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from infra import REPO_ROOT, STAGES, edge_stack_name, signing_key, stack_name
from infra.package import build_package
from infra.settings import StageSettings

ALARM_EMAIL = "ops@example.org"


@dataclass(frozen=True)
class Synthesized:
    stage: str
    template: dict[str, Any]
    template_path: Path
    outdir: Path
    returncode: int
    output: str
    validation_report: dict[str, Any]
    media_public_key: str  # the PEM the synth was given (or the example key)
    traced: bool  # synthesized with --tracing
    front_door_plan: str  # synthesized with --front-door-plan (or the default)
    edge: dict[str, Any]  # the stage's edge stack in us-east-1 (CloudFront's web ACL)
    edge_path: Path

    @property
    def resources(self) -> dict[str, Any]:
        resources: dict[str, Any] = self.template["Resources"]
        return resources

    def of_type(self, resource_type: str) -> dict[str, Any]:
        return {k: v for k, v in self.resources.items() if v["Type"] == resource_type}

    @property
    def functions(self) -> dict[str, dict[str, Any]]:
        """Each Lambda function's properties by its name in app.py (`api_handler`: the API), read
        from the name infra gives it (its handler is not app.py's for every function)."""
        prefix = f"{StageSettings(stage=self.stage).name_prefix}-"
        return {
            resource["Properties"]["FunctionName"].removeprefix(prefix): resource["Properties"]
            for resource in self.of_type("AWS::Serverless::Function").values()
        }

    def edge_of_type(self, resource_type: str) -> dict[str, Any]:
        return {k: v for k, v in self.edge["Resources"].items() if v["Type"] == resource_type}


@cache
def _synthesize_all(root: Path) -> dict[str, Synthesized]:
    # Chalice caches the dependency zip in .chalice/deployments/ and writes it in place: build it
    # once first, so the two parallel synths below only reuse it instead of racing to write it.
    build_package()
    public_keys = {stage: signing_key.EXAMPLE_PUBLIC_KEY for stage in STAGES}
    public_keys["prod"] = root / "prod-media-signing-key.pub.pem"
    public_keys["prod"].write_text(signing_key.public_key_pem(signing_key.new_private_key_pem()))
    running = {
        stage: subprocess.Popen(
            [
                sys.executable,
                "-m",
                "infra.synth",
                "--stage",
                stage,
                "--alarm-email",
                ALARM_EMAIL,
                "--outdir",
                str(root / stage),
                *(
                    ["--media-public-key", str(public_keys[stage]), "--tracing", "--front-door-plan", "pro"]
                    if stage == "prod"
                    else []
                ),
            ],
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for stage in STAGES
    }
    synthesized = {}
    for stage, process in running.items():
        output, _ = process.communicate(timeout=600)
        outdir = root / stage
        template_path = outdir / f"{stack_name(stage)}.template.json"
        assert template_path.exists(), f"synth of {stage} wrote no template:\n{output}"
        report_path = outdir / "validation-report.json"
        synthesized[stage] = Synthesized(
            stage=stage,
            template=json.loads(template_path.read_text()),
            template_path=template_path,
            outdir=outdir,
            returncode=process.returncode,
            output=output,
            validation_report=json.loads(report_path.read_text()) if report_path.exists() else {},
            media_public_key=public_keys[stage].read_text(),
            traced=stage == "prod",
            front_door_plan="pro" if stage == "prod" else "pay-as-you-go",
            edge=json.loads((outdir / f"{edge_stack_name(stage)}.template.json").read_text()),
            edge_path=outdir / f"{edge_stack_name(stage)}.template.json",
        )
    return synthesized


@pytest.fixture(scope="session")
def synthesized(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Synthesized]:
    return _synthesize_all(tmp_path_factory.mktemp("cdk"))


@pytest.fixture(scope="session")
def dev(synthesized: dict[str, Synthesized]) -> Synthesized:
    return synthesized["dev"]


@pytest.fixture(scope="session")
def prod(synthesized: dict[str, Synthesized]) -> Synthesized:
    return synthesized["prod"]


@pytest.fixture(scope="session", params=STAGES)
def each_stage(request: pytest.FixtureRequest, synthesized: dict[str, Synthesized]) -> Synthesized:
    return synthesized[request.param]
