"""What the framework adds to a request: a Kring route against a bare route making the same DynamoDB calls.

In one process against one emulator (moto server over HTTP), with the settings a deployed stage
has (the caller's profile cached for KRING_PROFILE_CACHE_SECONDS, the organisation's request
quota on), both apps are warm (`WARMUP` requests each first) and called the way Lambda calls them
behind the function URL (`app(event, context)` with the URL's payload format 2.0 event,
bench/url_events.py), alternately, `iterations` times:

- the Kring route goes through everything a request goes through: the middleware (body limit,
  problem+json, metrics and the request log line), token verification, the quota, the caller's
  current profile, the roles and the declared relation, input parsing, the handler and its use
  case, the response model;
- the bare route is a plain `@app.route` that makes, with the app's own botocore client, exactly
  the DynamoDB calls the Kring request just made (recorded per request, so a profile read the cache
  saved is saved for both) and returns the items they read as JSON. It is served behind the same
  kind of event: Chalice cannot take a 2.0 event, so the bare app is Chalice with the same small
  adapter (`KringChalice`, chalicelib/api/routing.py), the least any Chalice app needs behind a
  function URL. The adapter is therefore on both sides of the ratio, with a table of one route on
  the bare side; what it costs on Kring's own route table is `function_url_adapter_ms` (the median
  per request over `ADAPTER_ITERATIONS` rounds of the three requests, the app behind it answering
  at once).

A request's time is the CPU time of the process while it is served (`time.process_time()`: the
app's and the in-process emulator's work, not what other processes on a shared machine take from
it). The figure per route is the median Kring request time ÷ the median bare request time; the
headline `request_overhead_ratio` is the largest of the routes'. The emulator's share is the same
on both sides and large (moto is far slower than DynamoDB's few milliseconds), so `overhead_ms`
(the difference of the medians) is the figure to watch as well as the ratio. Run alone:
`python -m bench.request_overhead [iterations]` prints the figures as JSON.
"""

from __future__ import annotations

import json
import logging
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

log = logging.getLogger("bench.request_overhead")

ITERATIONS = 300
WARMUP = 20
ADAPTER_ITERATIONS = 1000

# The deployed defaults (the test stack turns both caches off to make its figures repeatable).
DEPLOYED_SETTINGS = {"KRING_PROFILE_CACHE_SECONDS": "5", "KRING_ORG_REQUESTS_PER_MINUTE": "6000"}

Call = tuple[Any, str, dict[str, Any]]  # the botocore client, the operation, its parameters


@dataclass(frozen=True)
class RouteFigures:
    operation_id: str
    kring_ms: float
    bare_ms: float
    ddb_calls_per_request: float

    @property
    def ratio(self) -> float:
        return self.kring_ms / self.bare_ms


class CallLog:
    """The DynamoDB calls made through botocore in a block (a list append per call: both apps pay it)."""

    def __init__(self) -> None:
        self.calls: list[Call] | None = None

    def install(self) -> None:
        from botocore.client import BaseClient

        original = BaseClient._make_api_call
        log_ = self

        def logged(client: Any, operation: str, params: dict[str, Any]) -> Any:
            if log_.calls is not None and client.meta.service_model.service_name == "dynamodb":
                log_.calls.append((client, operation, params))
            return original(client, operation, params)

        BaseClient._make_api_call = logged  # type: ignore[method-assign]

    @contextmanager
    def recording(self) -> Iterator[list[Call]]:
        self.calls = calls = []
        try:
            yield calls
        finally:
            self.calls = None


def bare_app(pending: list[list[Call]]) -> Any:
    """A Chalice app whose one route makes the calls in `pending[0]` (with the same botocore client,
    so connections and retries are alike) and returns what they read; served from function URL
    events as the Kring app is (the adapter only: no middleware, no blueprint)."""
    from chalicelib.api.routing import KringChalice

    bare = KringChalice(app_name="bare")

    @bare.route("/bare", methods=["GET", "POST"])
    def same_calls() -> dict[str, Any]:
        from botocore.exceptions import ClientError

        read: list[Any] = []
        for client, operation, params in pending[0]:
            try:
                response = client._make_api_call(operation, params)
            except ClientError:  # a write replayed meets the condition the first one set: same round trip
                continue
            read.append(response.get("Item") or response.get("Items") or response.get("Responses"))
        return {"read": read}

    return bare


def _timed(
    handler: Callable[[dict[str, Any], Any], dict[str, Any]], event: dict[str, Any]
) -> tuple[float, int]:
    started = time.process_time()
    response = handler(event, None)
    return (time.process_time() - started) * 1000, int(response["statusCode"])


def adapter_ms(kring: Any, events: list[dict[str, Any]], iterations: int = ADAPTER_ITERATIONS) -> float:
    """The function URL adapter's own time on Kring's routes: matching each event's path against the
    app's route table, the REST event made of it and Chalice's answer made a 2.0 one (the handler in
    between answers at once), median over `iterations` rounds of `events`, per request."""
    from chalicelib.api.function_url import serve

    answered = {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": "{}"}

    def handler(_event: dict[str, Any], _context: Any) -> dict[str, Any]:
        return answered

    times: list[float] = []
    for n in range(WARMUP + iterations):
        for event in events:
            started = time.process_time()
            serve(event, None, handler, kring.routes)
            if n >= WARMUP:
                times.append((time.process_time() - started) * 1000)
    return round(statistics.median(times), 4)


def measure(iterations: int = ITERATIONS) -> dict[str, Any]:
    for name, value in DEPLOYED_SETTINGS.items():
        os.environ[name] = value
    from bench.url_events import url_request_event
    from tests.support.stack import start_test_stack
    from tests.support.world import build_org

    resources = start_test_stack()
    org = build_org(resources, "overhead")
    import app as app_module

    kring = app_module.app
    call_log = CallLog()
    call_log.install()
    pending: list[list[Call]] = [[]]
    bare = bare_app(pending)
    community = f"/v1/communities/{org.community_id}"
    post = json.dumps({"body": "What I learned today: pin the channels you need every day."})
    routes: dict[str, Callable[[int], dict[str, Any]]] = {
        "getMyProfile": lambda n: url_request_event("GET", "/v1/me", token=org.learner.token),
        "listCommunityPosts": lambda n: url_request_event(
            "GET", f"{community}/posts", token=org.learner.token
        ),
        # A create with an Idempotency-Key: the claim, the post, the stored response.
        "publishPost": lambda n: url_request_event(
            "POST",
            f"{community}/posts",
            token=org.learner.token,
            body=post,
            headers={"idempotency-key": f"bench-overhead-{n:06d}"},
        ),
    }
    expected = {"getMyProfile": 200, "listCommunityPosts": 200, "publishPost": 201}
    figures: list[RouteFigures] = []
    for operation_id, event_for in routes.items():
        kring_ms: list[float] = []
        bare_ms: list[float] = []
        calls_made = 0
        for n in range(WARMUP + iterations):
            event = event_for(n)
            with call_log.recording() as calls:
                elapsed, status = _timed(kring, event)
            if status != expected[operation_id]:
                raise RuntimeError(f"{operation_id} answered {status}")
            pending[0] = list(calls)
            # The same method and body, to a route that only makes the calls.
            method = event["requestContext"]["http"]["method"]
            bare_event = url_request_event(method, "/bare", body=event.get("body"))
            bare_elapsed, bare_status = _timed(bare, bare_event)
            if bare_status != 200:
                raise RuntimeError(f"the bare route answered {bare_status}")
            if n >= WARMUP:
                kring_ms.append(elapsed)
                bare_ms.append(bare_elapsed)
                calls_made += len(calls)
        figures.append(
            RouteFigures(
                operation_id,
                round(statistics.median(kring_ms), 3),
                round(statistics.median(bare_ms), 3),
                round(calls_made / iterations, 2),
            )
        )
        log.info(
            "%s: kring %.2f ms, bare %.2f ms (median)",
            operation_id,
            figures[-1].kring_ms,
            figures[-1].bare_ms,
        )
    return {
        "request_overhead_ratio": round(max(f.ratio for f in figures), 2),
        "request_overhead": {
            f.operation_id: {
                "ratio": round(f.ratio, 2),
                "overhead_ms": round(f.kring_ms - f.bare_ms, 3),
                "kring_ms": f.kring_ms,
                "bare_ms": f.bare_ms,
                "ddb_calls_per_request": f.ddb_calls_per_request,
            }
            for f in figures
        },
        "request_overhead_iterations": iterations,
        "function_url_adapter_ms": adapter_ms(kring, [event_for(0) for event_for in routes.values()]),
    }


def measure_in_subprocess(iterations: int = ITERATIONS) -> dict[str, Any]:
    """`measure` in a process of its own: its settings (the deployed caches) and its app stay there."""
    import subprocess
    from pathlib import Path

    done = subprocess.run(
        [sys.executable, "-m", "bench.request_overhead", str(iterations)],
        cwd=Path(__file__).resolve().parent.parent,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    figures: dict[str, Any] = json.loads(done.stdout)
    return figures


def main() -> None:
    iterations = int(sys.argv[1]) if len(sys.argv) > 1 else ITERATIONS
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s", stream=sys.stderr)
    for noisy in ("werkzeug", "botocore", "urllib3", "moto", "pynamodb"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    real_stdout = os.dup(1)
    os.dup2(2, 1)  # the app logs on stdout: only the figures go there
    figures = measure(iterations)
    with os.fdopen(real_stdout, "w") as out:
        out.write(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
