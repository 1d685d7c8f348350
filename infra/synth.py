"""Synthesize the ``Kring-<stage>`` CloudFormation template into cdk.out/, offline.

    python -m infra.synth [--stage dev|prod] [--alarm-email ops@example.org] [--tracing] [--no-nag]
                          [--media-public-key build/media-signing-key-<stage>.pub.pem]
                          [--front-door-plan pay-as-you-go|free|pro|business]

The stage also comes from CDK context (``cdk deploy -c stage=prod``), the alarm e-mail from
``-c alarmEmail=...``, X-Ray tracing (off unless asked) from ``-c tracing=true``, the web
distribution's flat-rate plan (pay-as-you-go unless asked) from ``-c frontDoorPlan=free``. No AWS account
or credentials are needed; the region defaults to eu-west-1 when AWS_DEFAULT_REGION is unset. The
media signing public key is the file `infra.deploy` writes (infra/signing_key.py); without one, an
example key whose private key exists nowhere. cdk-nag's AwsSolutions pack runs during synth and
fails it on any unacknowledged error; so does a feature the chosen flat-rate plan does not support
(infra/parts/front_door_plan.py).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import aws_cdk as cdk
from cdk_nag import AwsSolutionsChecks

from infra import (
    DEFAULT_REGION,
    FRONT_DOOR_PLANS,
    PAY_AS_YOU_GO,
    REPO_ROOT,
    STAGES,
    edge_stack_name,
    stack_name,
)
from infra.parts.edge import EDGE_REGION, EdgeStack
from infra.parts.front_door_plan import plan_problems
from infra.stack import KringStack, StageSettings

DEFAULT_OUTDIR = REPO_ROOT / "cdk.out"
# Feature flags we rely on (there is no cdk.json: the app is always started through this module).
FEATURE_FLAGS = {
    # Grant S3 server access logging through a bucket policy instead of the legacy ACL.
    "@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy": True,
}


def build_app(
    stage: str | None = None,
    *,
    alarm_email: str | None = None,
    outdir: Path | None = None,
    nag: bool = True,
    media_public_key: Path | None = None,
    tracing: bool = False,
    front_door_plan: str | None = None,
) -> tuple[cdk.App, KringStack]:
    """The CDK app with one ``Kring-<stage>`` stack (not yet synthesized).

    Builds the Chalice package, which imports app.py: call it once, in a fresh process.
    Acknowledged cdk-nag findings are also written into the template's Metadata (``cdk_nag``).
    """
    os.environ.setdefault("AWS_DEFAULT_REGION", DEFAULT_REGION)
    # Under the CDK CLI the output directory comes from CDK_OUTDIR; otherwise use ours.
    app = cdk.App(
        outdir=None if os.environ.get("CDK_OUTDIR") else str(outdir or DEFAULT_OUTDIR),
        context=dict(FEATURE_FLAGS),
    )
    stage = stage or app.node.try_get_context("stage") or "dev"
    if stage not in STAGES:
        raise SystemExit(f"unknown stage {stage!r}; expected one of {', '.join(STAGES)}")
    email = alarm_email or app.node.try_get_context("alarmEmail") or None
    tracing = tracing or str(app.node.try_get_context("tracing")).lower() == "true"
    plan = front_door_plan or app.node.try_get_context("frontDoorPlan") or PAY_AS_YOU_GO
    settings = StageSettings(
        stage=stage,
        alarm_email=email,
        tracing=tracing,
        media_public_key_pem=media_public_key.read_text() if media_public_key else "",
        front_door_plan=plan,
    )
    tags = {"app": "kring", "stage": stage}
    # Cross-region references need both stacks' regions (the account stays the CLI's).
    account = os.environ.get("CDK_DEFAULT_ACCOUNT")
    edge = EdgeStack(
        app,
        edge_stack_name(stage),
        settings=settings,
        env=cdk.Environment(account=account, region=EDGE_REGION),
        description=f"Kring social learning platform ({stage}): CloudFront's web ACL",
        tags=tags,
    )
    stack = KringStack(
        app,
        stack_name(stage),
        settings=settings,
        web_acl_arn=edge.web_acl.attr_arn,
        env=cdk.Environment(account=account, region=os.environ["AWS_DEFAULT_REGION"]),
        description=f"Kring social learning platform ({stage})",
        tags=tags,
    )
    stack.add_stack_dependency(edge)  # deployed first: its ACL is named by the distribution
    if nag:
        cdk.Validations.of(app).add_plugins(
            AwsSolutionsChecks(app, write_suppressions_to_cloud_formation=True)
        )
    return app, stack


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Synthesize the Kring CDK app into cdk.out/ (offline).")
    parser.add_argument("--stage", choices=STAGES, default=None, help="dev (default) or prod")
    parser.add_argument("--alarm-email", default=None, help="subscribe this address to the alarm topic")
    parser.add_argument(
        "--tracing", action="store_true", help="X-Ray: trace a sample of requests (1/s and 1 %% of the rest)"
    )
    parser.add_argument(
        "--front-door-plan",
        choices=FRONT_DOOR_PLANS,
        default=None,
        help="the web distribution's CloudFront flat-rate plan (default: pay-as-you-go)",
    )
    parser.add_argument("--outdir", type=Path, default=None)
    parser.add_argument("--no-nag", action="store_true", help="skip the cdk-nag AwsSolutions checks")
    parser.add_argument(
        "--media-public-key", type=Path, default=None, help="the media signing public key (PEM) to trust"
    )
    args = parser.parse_args(argv)
    app, stack = build_app(
        args.stage,
        alarm_email=args.alarm_email,
        outdir=args.outdir,
        nag=not args.no_nag,
        media_public_key=args.media_public_key,
        tracing=args.tracing,
        front_door_plan=args.front_door_plan,
    )
    try:
        assembly = app.synth()
    except RuntimeError as failure:  # cdk-nag (or CloudFormation validation) found errors
        print(f"{stack.stack_name}: synth failed: {str(failure).splitlines()[0]}", file=sys.stderr)
        return 1
    template = Path(assembly.directory) / stack.template_file
    problems = unsupported_by_plan(Path(assembly.directory), stack.settings.stage)
    if problems:
        refused = "\n  ".join(problems)
        print(f"{stack.stack_name}: the flat-rate plan does not support:\n  {refused}", file=sys.stderr)
        return 1
    print(f"{stack.stack_name}: {template}")
    return 0


def unsupported_by_plan(directory: Path, stage: str) -> list[str]:
    """What the stage's flat-rate plan would refuse in its synthesized templates (none without a plan)."""
    return plan_problems(
        json.loads((directory / f"{stack_name(stage)}.template.json").read_text()),
        json.loads((directory / f"{edge_stack_name(stage)}.template.json").read_text()),
    )


if __name__ == "__main__":
    raise SystemExit(main())
