"""Deploy ``Kring-<stage>`` with the AWS CDK CLI (run through npx; needs AWS credentials and Node.js).

    python -m infra.deploy [--stage dev|prod] [--alarm-email ops@example.org]
    python -m infra.deploy --bootstrap      # once per account and region
    python -m infra.deploy --diff           # what a deploy would change
    python -m infra.deploy --dry-run        # print the command only

The CLI runs ``python -m infra.synth`` as its app, so what deploys is exactly what ``make synth``
and tests/infra check. Stack outputs are written to build/outputs-<stage>.json.
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import subprocess
import sys

from infra import BUILD_DIR, REPO_ROOT, STAGES, stack_name

CDK_CLI = "aws-cdk@2"


def cdk_command(action: str, stage: str, *, alarm_email: str | None = None) -> list[str]:
    """The npx command line for ``cdk <action>`` on the stage's stack."""
    synth = f"{shlex.quote(sys.executable)} -m infra.synth --stage {stage}"
    command = ["npx", "--yes", CDK_CLI, action]
    if action != "bootstrap":
        command.append(stack_name(stage))
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
    action = parser.add_mutually_exclusive_group()
    action.add_argument(
        "--bootstrap", action="store_true", help="run `cdk bootstrap` (once per account/region)"
    )
    action.add_argument("--diff", action="store_true", help="show what a deploy would change")
    parser.add_argument("--dry-run", action="store_true", help="print the command instead of running it")
    args = parser.parse_args(argv)

    verb = "bootstrap" if args.bootstrap else "diff" if args.diff else "deploy"
    command = cdk_command(verb, args.stage, alarm_email=args.alarm_email)
    print("+", shlex.join(command), flush=True)
    if args.dry_run:
        return 0
    if shutil.which("npx") is None:
        print("npx not found: install Node.js 22+ (see docs/deploy.md)", file=sys.stderr)
        return 2
    BUILD_DIR.mkdir(parents=True, exist_ok=True)
    return subprocess.run(command, cwd=REPO_ROOT, check=False).returncode  # noqa: S603 - argv list


if __name__ == "__main__":
    raise SystemExit(main())
