"""`kring`: run the local stack, get a token, onboard an organisation (locally or on AWS).

    kring run [--fresh] [--port N] [--emulator-port N]
    kring token EMAIL [--password P] [--stack NAME] [--region R]
    kring org create NAME --admin EMAIL [--id ORG_ID] [--admin-name NAME] [--timezone TZ]
                          [--language nl|fr|en] [--password P] [--stack NAME] [--region R]
    kring replay-dead-letters [--stack NAME] [--region R]
    kring index-reactions [--stack NAME] [--region R]
    kring fill-boards [--stack NAME] [--region R]
    kring fill-media-keys [--stack NAME] [--region R]
    kring clock [--ahead-days N]          (local stack only)

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
from typing import Any

from local import home
from local.targets import CliError, configure_for, id_token, target_for

log = logging.getLogger(__name__)


# Commands ----------------------------------------------------------------------------------


def command_token(args: argparse.Namespace) -> int:
    from local.seed import DEMO_PASSWORD

    target = target_for(args)
    print(id_token(target, args.email, args.password or DEMO_PASSWORD))
    return 0


def command_clock(args: argparse.Namespace) -> int:
    """Move the local stack's time ahead (journeys that need "the next day"); 0 puts it back."""
    from datetime import timedelta

    from local.clock import read_ahead, set_ahead, wait_until_applied

    if args.ahead_days is not None:
        offset = timedelta(days=args.ahead_days)
        set_ahead(offset)
        if not wait_until_applied(offset):
            print("No running stack took the new time yet; it will when it next ticks.")
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


def command_fill_media_keys(args: argparse.Namespace) -> int:
    """Once, after upgrading to display URLs in the answers: the posts published before get the
    object keys of their attachments."""
    target = target_for(args)
    configure_for(target)
    from chalicelib import bootstrap
    from local.upgrades import fill_media_keys

    bootstrap.ready()
    report = fill_media_keys()
    print(
        f"Posts given their images' object keys: {report.posts} ({report.keys} attachments); "
        f"attachments whose media is gone: {report.without_media}; "
        f"posts changed meanwhile, left alone: {report.changed_meanwhile}."
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

    fill_media_keys = commands.add_parser(
        "fill-media-keys",
        help="once after upgrading: give posts published before display URLs were in the answers "
        "the object keys of their images (a Scan of the table; safe to repeat, also beside live traffic)",
    )
    _add_target_arguments(fill_media_keys)
    fill_media_keys.set_defaults(handler=command_fill_media_keys)
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
