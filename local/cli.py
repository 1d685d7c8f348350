"""`kring`: run the local stack, get a token, onboard an organisation (locally or on AWS).

    kring run [--fresh] [--port N] [--emulator-port N]
    kring token EMAIL [--password P] [--stack NAME] [--region R]
    kring org create NAME --admin EMAIL [--id ORG_ID] [--admin-name NAME] [--timezone TZ]
                          [--language nl|fr|en] [--password P] [--stack NAME] [--region R]
    kring replay-dead-letters [--stack NAME] [--region R]
    kring index-reactions [--stack NAME] [--region R]
    kring fill-boards [--stack NAME] [--region R]

Without --stack, these commands talk to the running local stack (found through
.kring/resources.json, which `kring run` writes); with --stack they use that CloudFormation
stack's outputs and the real AWS endpoints.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from local import emulator, home

log = logging.getLogger(__name__)
STACK_OUTPUTS = ("UserPoolId", "UserPoolClientId", "TableName", "MediaBucketName", "Region")


class CliError(Exception):
    """A failure the user can fix; printed without a traceback."""


# Targets: the local stack or a deployed one ------------------------------------------------


@dataclass(frozen=True)
class Target:
    region: str
    user_pool_id: str
    user_pool_client_id: str
    table_name: str
    media_bucket: str
    endpoint_url: str | None  # None: real AWS endpoints
    local: emulator.LocalResources | None = None


def local_target() -> Target:
    from local.runtime import load_resources

    found = load_resources()
    if found is None:
        raise CliError(f"No local stack found in {home.home()}. Start it first: make run")
    resources, _ = found
    try:
        emulator.fake_credentials()
        emulator.client("dynamodb", resources.endpoint_url).list_tables(Limit=1)
    except Exception as exc:
        raise CliError(
            f"The local emulator at {resources.endpoint_url} does not answer. Start it first: make run"
        ) from exc
    return Target(
        emulator.LOCAL_REGION,
        resources.user_pool_id,
        resources.user_pool_client_id,
        resources.table_name,
        resources.media_bucket,
        resources.endpoint_url,
        resources,
    )


def stack_target(stack: str, region: str | None) -> Target:
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        cloudformation = boto3.session.Session(region_name=region).client("cloudformation")
        described = cloudformation.describe_stacks(StackName=stack)["Stacks"][0]
    except (BotoCoreError, ClientError) as exc:
        raise CliError(f"Cannot read CloudFormation stack '{stack}': {exc}") from exc
    outputs = {o["OutputKey"]: o["OutputValue"] for o in described.get("Outputs", [])}
    missing = [name for name in STACK_OUTPUTS if name not in outputs and name != "Region"]
    if missing:
        raise CliError(f"Stack '{stack}' lacks the outputs {', '.join(missing)}; is it a Kring stack?")
    stack_region = outputs.get("Region") or region or cloudformation.meta.region_name
    return Target(
        stack_region,
        outputs["UserPoolId"],
        outputs["UserPoolClientId"],
        outputs["TableName"],
        outputs["MediaBucketName"],
        None,
    )


def target_for(args: argparse.Namespace) -> Target:
    return stack_target(args.stack, args.region) if args.stack else local_target()


def configure_for(target: Target) -> None:
    """Point this process's app code at the target, exactly as a Lambda there is configured."""
    from chalicelib import bootstrap

    if target.local is not None:
        emulator.configure_process(target.local)
        return
    os.environ.update(
        {
            "AWS_REGION": target.region,
            "AWS_DEFAULT_REGION": target.region,
            "KRING_TABLE": target.table_name,
            "KRING_MEDIA_BUCKET": target.media_bucket,
            "KRING_USER_POOL_ID": target.user_pool_id,
            "KRING_USER_POOL_CLIENT_ID": target.user_pool_client_id,
            # Required by the app's config but never read by onboarding: cursors are not signed here.
            "KRING_CURSOR_SECRET_ID": os.environ.get("KRING_CURSOR_SECRET_ID", "cli-does-not-sign-cursors"),
            # Nor does it sign media download URLs.
            **{
                name: os.environ.get(name, "cli-does-not-sign-media-urls")
                for name in (
                    "KRING_MEDIA_CDN_URL",
                    "KRING_MEDIA_CDN_KEY_PAIR_ID",
                    "KRING_MEDIA_CDN_SIGNING_KEY_SECRET_ID",
                )
            },
        }
    )
    for name in ("KRING_AWS_ENDPOINT_URL", "KRING_JWKS_URL", "KRING_TOKEN_ISSUER"):
        os.environ.pop(name, None)
    bootstrap.reset()


# Commands ----------------------------------------------------------------------------------


def id_token(target: Target, email: str, password: str) -> str:
    """A Cognito ID token through the real USER_PASSWORD_AUTH flow."""
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError

    cognito = boto3.session.Session().client(
        "cognito-idp",
        region_name=target.region,
        endpoint_url=target.endpoint_url,
    )
    try:
        result = cognito.initiate_auth(
            ClientId=target.user_pool_client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": email, "PASSWORD": password},
        )
    except ClientError as exc:
        error = exc.response.get("Error", {})
        raise CliError(f"Sign-in of {email} failed: {error.get('Code')}: {error.get('Message')}") from exc
    except BotoCoreError as exc:
        raise CliError(f"Sign-in of {email} failed: {exc}") from exc
    if "AuthenticationResult" not in result:
        challenge = result.get("ChallengeName", "a challenge")
        raise CliError(f"{email} must first answer {challenge} (e.g. set a permanent password).")
    return str(result["AuthenticationResult"]["IdToken"])


def command_token(args: argparse.Namespace) -> int:
    from local.seed import DEMO_PASSWORD

    target = target_for(args)
    print(id_token(target, args.email, args.password or DEMO_PASSWORD))
    return 0


def command_clock(args: argparse.Namespace) -> int:
    """Move the local stack's time ahead (journeys that need "the next day"); 0 puts it back."""
    from datetime import timedelta

    from local.clock import read_ahead, set_ahead

    if args.ahead_days is not None:
        set_ahead(timedelta(days=args.ahead_days))
    print(f"The local stack runs {read_ahead().total_seconds() / 86400:g} days ahead of the real time.")
    return 0


def command_org_create(args: argparse.Namespace) -> int:
    target = target_for(args)
    configure_for(target)
    from chalicelib import bootstrap
    from chalicelib.errors import KringError
    from chalicelib.identity.rules import org_id_from_name
    from chalicelib.identity.use_cases import NewMember, onboard_organisation
    from local.seed import DEMO_PASSWORD

    # Locally the admin can sign in at once with the demo password; on AWS Cognito emails a
    # temporary one unless --password is given.
    password = args.password or (DEMO_PASSWORD if target.local else None)
    try:
        bootstrap.ready()
        org_id = args.id or org_id_from_name(args.name)
        admin = NewMember(
            args.admin, args.admin_name or args.admin, ["org_admin"], args.language, args.timezone
        )
        directory = bootstrap.user_directory()
        organisation, member = onboard_organisation(
            directory, org_id, args.name, admin, args.timezone, args.language
        )
        if password:
            directory.set_permanent_password(member.user_id, password)
    except KringError as exc:
        raise CliError(f"Could not create the organisation: {exc}") from exc
    where = "locally" if target.local else f"in {target.region}"
    print(f"Organisation '{organisation.org_id}' ({organisation.name}) created {where}.")
    print(f"First admin: {member.email} (user id {member.user_id}).")
    if password:
        shown = "the demo password" if password == DEMO_PASSWORD else "the given password"
        print(f"The admin signs in with {shown}.")
    else:
        print("Cognito emails the admin a temporary password.")
    return 0


def command_replay_dead_letters(args: argparse.Namespace) -> int:
    """Re-drive the stream records the consumer dead-lettered through the same consumer."""
    target = target_for(args)
    configure_for(target)
    from chalicelib import bootstrap
    from chalicelib.reactors.replay import replay_stream_dead_letters
    from chalicelib.store.dead_letters import stream_dead_letters

    bootstrap.ready()
    report = replay_stream_dead_letters()
    if target.local is not None:
        report.applied += replay_local_last_resort()
    print(
        f"Dead-lettered stream records replayed: {len(report.applied)} applied, "
        f"{len(report.still_failing)} still failing, {len(report.retry_later)} to retry later "
        "(passing trouble)."
    )
    if report.not_replayable:
        print(f"{len(report.not_replayable)} kept only as a pointer (too large) cannot be replayed.")
    remaining = stream_dead_letters()
    for letter in remaining:
        print(f"  still dead-lettered: {letter.event_id} (org {letter.org_id or '-'}): {letter.reason}")
    return 0 if not remaining else 2


def command_index_reactions(args: argparse.Namespace) -> int:
    """Once, after deploying the viewer's reactions index: index the reactions written before it."""
    target = target_for(args)
    configure_for(target)
    from chalicelib import bootstrap
    from local.upgrades import index_unindexed_reactions

    bootstrap.ready()
    report = index_unindexed_reactions()
    print(
        f"Reactions indexed under the person who gave them: {report.indexed} "
        f"({report.gone} removed meanwhile, left alone)."
    )
    return 0


def command_fill_boards(args: argparse.Namespace) -> int:
    """Once, after upgrading to boards kept by the stream consumer: fill them from the scores."""
    target = target_for(args)
    configure_for(target)
    from chalicelib import bootstrap
    from local.upgrades import fill_boards

    bootstrap.ready()
    report = fill_boards()
    print(
        f"Scores read: {report.scores}; board entries written: {report.written} "
        f"({report.kept} already as new); hidden members recorded: {report.hidden} "
        f"({report.changed_meanwhile} changed meanwhile); old board items removed: {report.removed}."
    )
    return 0


def replay_local_last_resort() -> list[str]:
    """The local poller's on-failure destination (the dead-letter file): re-drive its stream records.

    A record applied now, or kept by the consumer as a dead letter of its own, leaves the file.
    """
    from chalicelib.reactors.consumer import Outcome, consume_record
    from local import dead_letters

    applied: list[str] = []
    kept: list[dict[str, Any]] = []
    letters = dead_letters.read()
    for letter in letters:
        if not str(letter.get("source", "")).startswith("stream:"):
            kept.append(letter)
            continue
        records = letter.get("event", {}).get("Records", [])
        outcomes = [consume_record(record) for record in records]
        applied += [
            str(r.get("eventID")) for r, o in zip(records, outcomes, strict=True) if o is Outcome.APPLIED
        ]
        if any(outcome is Outcome.RETRY for outcome in outcomes):
            kept.append(letter)
    dead_letters.rewrite(kept, len(letters))
    return applied


def command_run(args: argparse.Namespace) -> int:
    from local.runtime import LocalStack, Options, StartupError

    setup_logging()
    options = Options(
        api_port=args.port, emulator_port=args.emulator_port, fresh=args.fresh, seed=not args.no_seed
    )
    stack = LocalStack(options)
    print(f"Kring: starting at {stack.api_url} ...", flush=True)  # the URL first, before any wait
    stop = threading.Event()

    def request_stop(signum: int, _frame: Any) -> None:
        stop.set()
        signal.signal(signum, signal.SIG_DFL)  # a second Ctrl-C ends it hard

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        stack.start()
    except StartupError as exc:
        stack.stop()
        raise CliError(str(exc)) from exc
    except BaseException:
        stack.stop()
        raise
    print_banner(stack)
    while not stop.wait(0.5):
        pass
    print("\nStopping: saving the emulator's state...", flush=True)
    stack.stop()
    print(f"Stopped. State kept in {home.home()} (make run FRESH=1 starts clean).", flush=True)
    return 0


def print_banner(stack: Any) -> None:
    from local.seed import DEMO_PASSWORD, demo_accounts
    from local.web import WEB_DIST

    app = f"Open {stack.api_url} and sign in as learner@demo.kring.test (password {DEMO_PASSWORD})."
    if not (WEB_DIST / "index.html").is_file():
        app = f"Open {stack.api_url}: the web app is not built yet (make web, needs Node.js 20)."
    lines = [
        "",
        app,
        "",
        "Kring is running locally.",
        f"  App        {stack.api_url}/",
        f"  API        {stack.api_url}/v1   (reference: {stack.api_url}/docs)",
        f"  Emulator   {stack.emulator_url}   (DynamoDB, Streams, S3, Cognito, Scheduler)",
        f"  State      {home.home()}   ({'demo data seeded' if stack.seeded else 'restored'})",
        f"  Demo accounts (password {DEMO_PASSWORD}):",
    ]
    lines += [f"    {email:<28} {org:<5} {', '.join(roles)}" for org, email, roles in demo_accounts()]
    lines += [
        "  Get a token:",
        "    TOKEN=$(.venv/bin/kring token learner@demo.kring.test)",
        f'    curl -H "Authorization: Bearer $TOKEN" {stack.api_url}/v1/me',
        "  Ctrl-C stops and keeps the data; make run FRESH=1 starts clean.",
        "",
    ]
    print("\n".join(lines), flush=True)


def setup_logging() -> None:
    """One readable line per request and per job or batch (local/console.py); JSON stays for AWS."""
    from local import console

    console.install()


# Argument parsing --------------------------------------------------------------------------


def _env_port(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value.isdigit() else default


def parser() -> argparse.ArgumentParser:
    from local.runtime import DEFAULT_API_PORT, DEFAULT_EMULATOR_PORT

    root = argparse.ArgumentParser(prog="kring", description="Kring's local runtime and operator tools.")
    commands = root.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="start the local stack (emulator, API, poller, clock, demo data)")
    run.add_argument("--fresh", action="store_true", help=f"delete {home.home()} first and start empty")
    run.add_argument(
        "--port", type=int, default=_env_port("KRING_PORT", DEFAULT_API_PORT), help="API port (KRING_PORT)"
    )
    run.add_argument(
        "--emulator-port",
        type=int,
        default=_env_port("KRING_EMULATOR_PORT", DEFAULT_EMULATOR_PORT),
        help="emulator port (KRING_EMULATOR_PORT)",
    )
    run.add_argument("--no-seed", action="store_true", help="do not create the demo organisations")
    run.set_defaults(handler=command_run)

    token = commands.add_parser("token", help="print a Cognito ID token for an account")
    token.add_argument("email")
    token.add_argument("--password", help="defaults to the demo password")
    _add_target_arguments(token)
    token.set_defaults(handler=command_token)

    clock = commands.add_parser(
        "clock", help="move the local stack's time ahead, e.g. to see tomorrow's refreshers (local only)"
    )
    clock.add_argument("--ahead-days", type=float, help="days ahead of the real time (0: back to now)")
    clock.set_defaults(handler=command_clock)

    org = commands.add_parser("org", help="manage organisations")
    org_commands = org.add_subparsers(dest="org_command", required=True)
    create = org_commands.add_parser("create", help="onboard an organisation and its first admin")
    create.add_argument("name", help='the organisation\'s name, e.g. "Acme Corporation"')
    create.add_argument("--admin", required=True, help="the first admin's email address")
    create.add_argument("--id", help="organisation id (default: derived from the name)")
    create.add_argument("--admin-name", help="the admin's display name (default: the email)")
    create.add_argument("--timezone", default="Europe/Brussels")
    create.add_argument("--language", choices=("nl", "fr", "en"), default="en")
    create.add_argument(
        "--password", help="the admin's permanent password (local default: the demo password)"
    )
    _add_target_arguments(create)
    create.set_defaults(handler=command_org_create)

    replay = commands.add_parser(
        "replay-dead-letters",
        help="re-drive the stream records the consumer dead-lettered (once what failed them is fixed)",
    )
    _add_target_arguments(replay)
    replay.set_defaults(handler=command_replay_dead_letters)

    index_reactions = commands.add_parser(
        "index-reactions",
        help="once after upgrading: index reactions written before 'my reactions' was one Query "
        "(a Scan of the table; safe to repeat)",
    )
    _add_target_arguments(index_reactions)
    index_reactions.set_defaults(handler=command_index_reactions)

    fill_boards = commands.add_parser(
        "fill-boards",
        help="once after upgrading: fill the leaderboards from the members' scores and remove the "
        "old board job's items (a Scan of the table; safe to repeat, also beside live traffic)",
    )
    _add_target_arguments(fill_boards)
    fill_boards.set_defaults(handler=command_fill_boards)
    return root


def _add_target_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("--stack", help="a deployed CloudFormation stack instead of the local stack")
    command.add_argument("--region", help="the stack's region (default: your AWS configuration)")


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except CliError as exc:
        print(f"kring: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
