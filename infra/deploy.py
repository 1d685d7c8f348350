"""Deploy ``Kring-<stage>`` and its edge stack with the AWS CDK CLI (through npx; needs AWS credentials
and Node.js).

    python -m infra.deploy [--stage dev|prod] [--alarm-email ops@example.org] [--tracing]
                           [--front-door-plan pay-as-you-go|free|pro|business]
    python -m infra.deploy --bootstrap      # once per account: the stack's region and us-east-1
    python -m infra.deploy --diff           # what a deploy would change
    python -m infra.deploy --dry-run        # print the command only

The CLI runs ``python -m infra.synth`` as its app, so what deploys is exactly what ``make synth``
and tests/infra check. The stage's settings (the alarm address, tracing) are arguments of that
command, so the synth sees them whatever the CLI does with context. The web distribution's
flat-rate plan is one of them: give it on every deploy (a deploy without it goes back to
pay-as-you-go, which cancels the plan at the end of its month); a paid plan waits for a one-time
approval of its charge (docs/deploy.md, "Flat-rate plan"). Stack outputs are written to
build/outputs-<stage>.json. ``Kring-<stage>-edge`` (us-east-1: CloudFront's web ACL, which
CloudFront takes from there only) deploys first, in the same command.

Before a deploy or diff, the stage's media signing key pair is made if it does not exist yet (its
private key in Secrets Manager, infra/signing_key.py), and its public key is handed to the synth.
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from infra import (
    BUILD_DIR,
    FRONT_DOOR_PLAN_TIERS,
    FRONT_DOOR_PLANS,
    PAY_AS_YOU_GO,
    REPO_ROOT,
    STAGES,
    edge_stack_name,
    signing_key,
    stack_name,
)

CDK_CLI = "aws-cdk@2"
# The one Node.js version Kring names (README, docs/deploy.md): the web build and the CDK CLI need it.
NODE_MAJOR = 20


def node_problem() -> str | None:
    """Why the Node.js on PATH cannot run the deploy, or None when it can."""
    node = shutil.which("node")
    if node is None or shutil.which("npx") is None:
        return f"Node.js {NODE_MAJOR} not found (node and npx): install it (see docs/deploy.md)"
    version = subprocess.run([node, "--version"], capture_output=True, text=True, check=False)  # noqa: S603
    found = version.stdout.strip()
    major = found.lstrip("v").split(".", 1)[0]
    if not major.isdigit() or int(major) < NODE_MAJOR:
        return f"Node.js {NODE_MAJOR} or newer is needed, found {found or 'none'} (see docs/deploy.md)"
    return None


def cdk_command(
    action: str,
    stage: str,
    *,
    alarm_email: str | None = None,
    media_public_key: Path | None = None,
    tracing: bool = False,
    front_door_plan: str = PAY_AS_YOU_GO,
) -> list[str]:
    """The npx command line for ``cdk <action>`` on the stage's stacks."""
    synth = f"{shlex.quote(sys.executable)} -m infra.synth --stage {stage}"
    if alarm_email:
        synth += f" --alarm-email {shlex.quote(alarm_email)}"
    if tracing:
        synth += " --tracing"
    if front_door_plan != PAY_AS_YOU_GO:
        synth += f" --front-door-plan {front_door_plan}"
    if media_public_key is not None:
        synth += f" --media-public-key {shlex.quote(str(media_public_key))}"
    command = ["npx", "--yes", CDK_CLI, action]
    if action != "bootstrap":  # bootstrap: every environment the app's stacks name (both regions)
        command += [edge_stack_name(stage), stack_name(stage)]
    command += ["--app", synth, "--context", f"stage={stage}"]
    if alarm_email:
        command += ["--context", f"alarmEmail={alarm_email}"]
    if action == "deploy":
        command += [
            "--require-approval",
            "broadening" if stage != "prod" else "any-change",
            "--outputs-file",
            str(BUILD_DIR / f"outputs-{stage}.json"),
        ]
    return command


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Deploy Kring with the AWS CDK CLI (via npx).")
    parser.add_argument("--stage", choices=STAGES, default="dev")
    parser.add_argument("--alarm-email", default=None, help="subscribe this address to the alarm topic")
    parser.add_argument("--tracing", action="store_true", help="X-Ray: trace a sample of requests")
    parser.add_argument(
        "--front-door-plan",
        choices=FRONT_DOOR_PLANS,
        default=PAY_AS_YOU_GO,
        help="the web distribution's CloudFront flat-rate plan (give it on every deploy)",
    )
    action = parser.add_mutually_exclusive_group()
    action.add_argument(
        "--bootstrap", action="store_true", help="run `cdk bootstrap` (once per account/region)"
    )
    action.add_argument("--diff", action="store_true", help="show what a deploy would change")
    parser.add_argument("--dry-run", action="store_true", help="print the command instead of running it")
    args = parser.parse_args(argv)

    verb = "bootstrap" if args.bootstrap else "diff" if args.diff else "deploy"
    public_key = None if verb == "bootstrap" else signing_key.public_key_path(args.stage)
    command = cdk_command(
        verb,
        args.stage,
        alarm_email=args.alarm_email,
        media_public_key=public_key,
        tracing=args.tracing,
        front_door_plan=args.front_door_plan,
    )
    print("+", shlex.join(command), flush=True)
    if args.alarm_email and verb == "deploy":
        print(f"Alarms will mail {args.alarm_email}: confirm the subscription in the e-mail AWS sends.")
    if verb == "deploy" and args.front_door_plan not in (PAY_AS_YOU_GO, "free"):
        tier = FRONT_DOOR_PLAN_TIERS[args.front_door_plan]
        print(
            f"A {tier} flat-rate plan is created PENDING_APPROVAL and bills nothing until its charge is"
            " approved, once (docs/deploy.md, 'Flat-rate plan')."
        )
    if args.dry_run:
        return 0
    problem = node_problem()
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    BUILD_DIR.mkdir(parents=True, exist_ok=True)
    if public_key is not None:
        import boto3  # the deploying credentials; the secret is made once per stage

        signing_key.write_public_key(args.stage, boto3.session.Session().client("secretsmanager"))
        print(f"Media signing key: secret {signing_key.secret_name(args.stage)}, public key {public_key}")
    return subprocess.run(command, cwd=REPO_ROOT, check=False).returncode  # noqa: S603 - argv list


if __name__ == "__main__":
    raise SystemExit(main())
