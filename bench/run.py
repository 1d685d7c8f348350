"""`make bench`: print one JSON document of figures to stdout and write it to bench/results.json.

Logs go to stderr. Everything the app or a subprocess prints on stdout while the bench runs is sent
to stderr too, so stdout carries only the document. See docs/benchmarks.md for what each figure
means.
"""

from __future__ import annotations

import argparse
import datetime
import json
import logging
import os
import platform
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench import cold_import, log_volume, package_size, request_overhead, web_size
from bench.capacity import (
    TableSpec,
    capacity_of,
    item_size,
    item_size_minimum_read_units,
    query_read_units,
    returned_items,
    total_capacity,
)

log = logging.getLogger("bench")

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS = REPO_ROOT / "bench" / "results.json"
CONSUMER_PREFIX = "consumer:"
JOB_PREFIX = "job:"
IDENTITY_PREFIX = "identity:"


def number(value: float) -> float | int:
    """1.0 -> 1, 0.5 -> 0.5: capacity reads the way people write it."""
    return int(value) if float(value).is_integer() else round(value, 3)


@contextmanager
def stdout_to_stderr() -> Iterator[int]:
    """Send file descriptor 1 to stderr for the block; yields a descriptor for the real stdout."""
    sys.stdout.flush()
    real_stdout = os.dup(1)
    os.dup2(2, 1)
    try:
        yield real_stdout
    finally:
        sys.stdout.flush()
        os.dup2(real_stdout, 1)


def machine() -> dict[str, Any]:
    return {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
    }


def operation_figures() -> dict[str, Any]:
    """Run the workload against the in-process emulator and price every request it made."""
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
    from chalicelib import definitions
    from local.emulator import LOCAL_REGION
    from tests.support.stack import start_test_stack

    resources = start_test_stack()
    table = TableSpec.from_definition(definitions.TABLE)

    from bench.probe import DynamoDBProbe
    from bench.workload import BenchFailure, run_workload

    probe = DynamoDBProbe(resources.endpoint_url, LOCAL_REGION, table.key_attributes)
    probe.install()
    try:
        workload = run_workload(probe)
    finally:
        probe.uninstall()

    from chalicelib.api.routing import all_operations

    declared = [operation.operation_id for operation in all_operations()]
    operations: dict[str, Any] = {}
    calls: dict[str, Any] = {}
    for measurement in workload.measurements:
        total = total_capacity(measurement.calls, table)
        operations[measurement.key] = {
            "ddb_requests": len(measurement.calls),
            "rcu": number(total.rcu),
            "wcu": number(total.wcu),
        }
        calls[measurement.key] = [_call_figures(call, table) for call in measurement.calls]
    feed_pages = {
        m.key: _feed_page_figures(m.calls, table) for m in workload.measurements if m.key in FEED_OPERATIONS
    }
    exercised = {
        m.operation_id
        for m in workload.measurements
        if not m.key.startswith((CONSUMER_PREFIX, JOB_PREFIX, IDENTITY_PREFIX))
    }
    unknown = sorted(exercised - set(declared))
    if unknown:
        raise BenchFailure(f"the bench measured operations the API does not declare: {unknown}")
    not_exercised = [operation_id for operation_id in declared if operation_id not in exercised]
    from bench.workload import IDENTITY_CHECK
    from chalicelib.config import Config

    return {
        # Included in every authenticated operation's figures below (the bench reads the profile on
        # every request, as a cold container does; a warm one skips it for `cache_seconds`).
        "identity_check": {
            **operations[IDENTITY_CHECK],
            "cache_seconds_on_aws": Config.profile_cache_seconds,
        },
        "operations": operations,
        "operation_calls": calls,
        # The HTTP response body of each measured request (for data transfer out in bench/cost.py).
        "response_bytes": {
            m.key: m.response_bytes for m in workload.measurements if m.response_bytes is not None
        },
        "feed_pages": feed_pages,
        # A full page's read units over the least its returned items' sizes allow (target <= 1.75).
        "feed_page_rcu_ratio": {
            key: feed_pages[key]["rcu_ratio"] for key in RATIO_PAGES if key in feed_pages
        },
        "coverage": {"declared": len(declared), "not_exercised": not_exercised},
    }


FEED_OPERATIONS = (
    "listCommunityPosts",
    "listCommunityPosts:page-2",
    "getHomeFeed",
    "getHomeFeed:several-communities",
    "getPopularThisWeek",
    "listComments",
    "listComments:full-page",
)
# The full pages (20 posts or comments) whose ratio is `feed_page_rcu_ratio`.
RATIO_PAGES = (
    "listCommunityPosts",
    "listCommunityPosts:page-2",
    "getHomeFeed",
    "getHomeFeed:several-communities",
    "listComments:full-page",
)


def _feed_page_figures(calls: list[Any], table: TableSpec) -> dict[str, Any]:
    """A feed page's read units next to the least its items' sizes allow.

    `minimum_rcu`: one eventually consistent read of exactly the posts on the page.
    `item_size_minimum_rcu`: every item the page's reads returned (my profile, the community and
    my membership, the posts or comments, my reactions, ...), their sizes summed and rounded up to
    4 KB once, eventually consistent where the reads were (bench.capacity). `rcu_ratio` is the
    page's RCU over it: what remains is the price of several requests, each rounded up, and of
    items read but not returned (filtered, keys not found)."""
    posts = [
        item
        for call in calls
        if call.operation == "Query"
        for item in (call.response or {}).get("Items", [])
        if item.get("type", {}).get("S") == "post"
    ]
    sizes = [item_size(post) for post in posts]
    rcu = total_capacity(calls, table).rcu
    minimum = item_size_minimum_read_units(calls)
    returned = [item for call in calls for item in returned_items(call)]
    return {
        "ddb_requests": len(calls),
        "posts_read": len(posts),
        "rcu": number(rcu),
        "minimum_rcu": number(query_read_units(sizes, consistent=False)) if sizes else 0,
        "items_returned": len(returned),
        "bytes_returned": sum(item_size(item) for item in returned),
        "item_size_minimum_rcu": number(minimum),
        "rcu_ratio": round(rcu / minimum, 2) if minimum else None,
    }


def _call_figures(call: Any, table: TableSpec) -> dict[str, Any]:
    capacity = capacity_of(call, table)
    figures: dict[str, Any] = {
        "request": call.operation,
        "rcu": number(capacity.rcu),
        "wcu": number(capacity.wcu),
    }
    if call.operation in ("GetItem", "Query", "Scan"):
        figures["consistent"] = bool(call.params.get("ConsistentRead"))
    if call.operation == "TransactWriteItems":
        figures["items"] = [next(iter(action)) for action in call.params["TransactItems"]]
    if capacity.index_wcu:
        figures["index_wcu"] = number(capacity.index_wcu)
    if call.error_code:
        figures["failed"] = call.error_code
    return figures


def collect(
    rounds: int,
    skip_package: bool,
    burst_users: int = 0,
    quiz_users: int = 0,
    upkeep_sizes: tuple[int, ...] = (),
    overhead_iterations: int = request_overhead.ITERATIONS,
    search_items: int = 0,
    matching_participants: int = 0,
) -> dict[str, Any]:
    started = time.perf_counter()
    document: dict[str, Any] = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
    }
    if skip_package:
        document["package_zip_bytes"] = None
    else:
        package = package_size.measure()
        document["package_zip_bytes"] = package.zip_bytes
        document["package"] = {
            "built_by": package.built_by,
            "zip_path": package.zip_path,
            "largest_top_level_entries_bytes": package.top_level_bytes,
            "pycache_bytes": package.pycache_bytes,
            "infra_error": package.infra_error,
        }
    try:
        first_load = web_size.measure()
        document["web_first_load_bytes"] = first_load.gzipped_bytes
        document["web_first_load"] = {
            "raw_bytes": first_load.raw_bytes,
            "gzipped_bytes_by_file": first_load.files,
        }
    except web_size.WebBuildMissing as missing:
        document["web_first_load_bytes"] = None
        document["web_first_load"] = {"error": str(missing)}
    imports = cold_import.measure_in_subprocess(rounds)
    document["cold_import_ratio"] = imports.ratios[cold_import.API]
    document["cold_import_ratio_by_function"] = imports.ratios
    document["cold_import_ms"] = imports.ms
    # For reference only ("app": the API's slowest first request, interpreter included): wall clock on
    # a shared machine is too noisy to bill; bench/cost.py bills init from `cold_import_ms`.
    document["cold_import_wall_ms"] = {"app": imports.wall_ms[cold_import.API], **imports.wall_ms}
    document["cold_import_api_ms_by_route_module"] = imports.api_ms_by_module
    document["cold_import_api_slowest_route_module"] = imports.api_slowest_module
    document["cold_import_app_self_ms_by_package"] = dict(imports.api_time_by_package_ms)
    document["cold_import_rounds"] = imports.rounds
    document["cold_start_api_served_ms"] = imports.api_served_ms
    document["cold_start_api_served_ratio"] = imports.api_served_ratios
    # The stream consumer's first batch beside its import-only figure above (the measure):
    # imports alone leave out its DynamoDB client and reactors, most of what a first batch costs.
    document["cold_start_first_batch_ms"] = imports.first_work_ms
    document["cold_start_first_batch_ratio"] = imports.first_work_ratios
    document.update(request_overhead.measure_in_subprocess(overhead_iterations))
    document.update(operation_figures())
    # Bytes each kind of invocation logs (a few seconds; bench/cost.py prices logs from them).
    document["log_volume"] = log_volume.measure()
    if burst_users:
        from bench import burst

        document["gamification_burst"] = burst.measure(burst_users)
    if quiz_users:
        from bench import quiz_burst

        document["quiz_burst"] = quiz_burst.measure(quiz_users)
    if search_items:
        from bench import search

        document["library_search"] = search.measure(search_items)
    if matching_participants:
        from bench import matching

        document["matching"] = matching.measure(matching_participants)
    if upkeep_sizes:
        from bench import cost, upkeep

        document["upkeep"] = {str(members): upkeep.measure(members) for members in upkeep_sizes}
        if set(cost.ORGANISATION_SIZES) <= set(upkeep_sizes):
            metric_names = cost.code_metric_names(REPO_ROOT)
            document["cost"] = cost.cost_model(document, len(metric_names))
    document["bench_seconds"] = round(time.perf_counter() - started, 1)
    return document


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Kring's figures as one JSON document (docs/benchmarks.md)")
    parser.add_argument("--rounds", type=int, default=cold_import.ROUNDS, help="cold-import rounds (median)")
    parser.add_argument(
        "--overhead-iterations",
        type=int,
        default=request_overhead.ITERATIONS,
        help="requests per route in the request-overhead comparison (median)",
    )
    parser.add_argument("--skip-package", action="store_true", help="do not build the deployment package")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the document")
    parser.add_argument(
        "--burst-users",
        type=int,
        default=600,
        help="members in the gamification burst, at the issue's rate (10000: the issue's own; 0: skip it)",
    )
    parser.add_argument(
        "--quiz-users",
        type=int,
        default=1000,
        help="participants in the quiz burst, at the issue's rate (10000: the issue's own; 0: skip it)",
    )
    parser.add_argument(
        "--upkeep-sizes",
        default="200,1000",
        help="organisation sizes whose consumer and jobs are measured for the cost model "
        "(comma-separated; empty: skip both)",
    )
    parser.add_argument(
        "--search-items",
        type=int,
        default=10_000,
        help="sources in the library search's figure (10000: the issue's own; 0: skip it)",
    )
    parser.add_argument(
        "--matching-participants",
        type=int,
        default=2_000,
        help="people in the buddy and mentoring matching figure (2000: the issue's own; 0: skip it)",
    )
    args = parser.parse_args(argv)
    sizes = tuple(int(size) for size in args.upkeep_sizes.split(",") if size.strip())
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s", stream=sys.stderr)
    for noisy in ("werkzeug", "botocore", "urllib3", "moto", "pynamodb"):
        logging.getLogger(noisy).setLevel(logging.WARNING)

    with stdout_to_stderr() as real_stdout:
        document = collect(
            args.rounds,
            args.skip_package,
            args.burst_users,
            args.quiz_users,
            sizes,
            args.overhead_iterations,
            args.search_items,
            args.matching_participants,
        )
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text)
    with os.fdopen(real_stdout, "w") as out:
        out.write(text)
    missing = document["coverage"]["not_exercised"]
    if missing:
        log.error("declared operations the bench does not exercise: %s", ", ".join(missing))
        return 1
    log.info("wrote %s", args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
