"""What each Lambda function of the app imports before it can answer, against `import boto3`.

The API function runs app.py (Chalice); every other function (the stream and media consumers, the
scheduled jobs, run_scheduled_job) runs its lean entry in chalicelib/entry, the handler infra/
gives it (chalicelib.entry.HANDLERS, the list infra/ and the local stack read too). Measured per
function in a fresh interpreter, as the CPU time of that process (`time.process_time()`: what
importing costs, not what other processes on a shared machine take from it; the files are in the
page cache, so importing does not wait on a disk) around:

- the API: `import app`, then the first request, through the Lambda entry point (`app.app(event,
  context)` with the function URL's 2.0 event, as AWS sends it), to a route of each route module
  in turn (its module is imported on that request) with a forged bearer token: the pool's keys
  are configured (`KRING_USER_POOL_JWKS`, a key pair the bench makes, as infra/ hands the pool's
  to the deployed function), and the token names the configured key's id but its signature is
  over other claims. The request goes through the adapter, the middleware, the framework and token
  verification up to and including the RSA signature check, which fails (401), so it reaches
  nothing else; the API's figure is its slowest route module;
- every other function, and the stream consumer too (the issue's `cold_import_ratio_by_function`):
  what the Lambda runtime does before the first call, importing the module its handler names and
  looking the function up in it (a new function or a new import is measured without listing it);
- the stream consumer's first work beside it (`first_work_ms`): its entry and a first batch
  (bench/first_batch.py), which adds the DynamoDB client, the reactors a reaction reaches and
  the batch's requests: what a cold consumer really spends before it has done anything;
- the reference: `import boto3`, the same way, in the same rounds.

Both run from the repository root with the environment the app needs (from
local.emulator.app_environment of a fake LocalResources whose endpoint refuses connections, with
the bench's key set, and fake credentials). The served first requests (`api_served_ms`) run
against the emulator with its pool's keys configured the same way (local.emulator.provision reads
them), as a deployed function would: none fetches keys. Rounds are interleaved; each figure is
the median of the rounds, the ratio is median ÷ median of boto3. The file-system cache and .pyc
files are warm (one discarded warm-up round), like a Lambda container's second cold start, not its
very first. One `-X importtime` run of the API's slowest first request says where its time goes.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bench.first_batch import ColdWorld
    from local.emulator import LocalResources

log = logging.getLogger("bench.cold_import")

REPO_ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 7
API = "api"
CONSUMER = "on_table_change"  # the stream consumer: imported, and (FIRST_BATCH) fed a first batch
FIRST_BATCH = f"{CONSUMER}:first_batch"
BOTO3 = "boto3"
_MARKER = "KRING-COLD-IMPORT-MS "
# The key id of the bench's configured key set, which the forged first-request token names.
BENCH_KID = "bench"


@dataclass(frozen=True)
class ImportRow:
    module: str
    depth: int
    self_us: int
    cumulative_us: int


def importtime_rows(stderr: str) -> list[ImportRow]:
    """One row per line of `-X importtime` output, in the order printed (children first)."""
    rows: list[ImportRow] = []
    for line in stderr.splitlines():
        if not line.startswith("import time:"):
            continue
        fields = line[len("import time:") :].split("|")
        if len(fields) != 3 or not fields[1].strip().isdigit():
            continue  # the header line
        name = fields[2].rstrip().removeprefix(" ")
        depth = (len(name) - len(name.lstrip(" "))) // 2
        rows.append(ImportRow(name.strip(), depth, int(fields[0]), int(fields[1])))
    return rows


def parse_importtime(stderr: str) -> dict[str, int]:
    """Cumulative microseconds per top-level import from `-X importtime` output."""
    return {row.module: row.cumulative_us for row in importtime_rows(stderr) if row.depth == 0}


def time_by_package(
    stderr: str, module: str, count: int = 8, *, and_after: bool = False
) -> list[tuple[str, int]]:
    """Where importing `module` spends its time: self µs summed per top-level package, largest first.

    `and_after`: with everything imported after it too (what a handler imports on its first call).
    """
    rows = importtime_rows(stderr)
    # importtime prints children before their parent: the module's subtree is the rows before it
    # back to the previous top-level row.
    end = next((i for i, row in enumerate(rows) if row.module == module and row.depth == 0), None)
    if end is None:
        return []
    start = end
    while start > 0 and rows[start - 1].depth > 0:
        start -= 1
    totals: dict[str, int] = {}
    for row in rows[start : len(rows) if and_after else end + 1]:
        package = row.module.split(".", 1)[0]
        totals[package] = totals.get(package, 0) + row.self_us
    return sorted(totals.items(), key=lambda item: item[1], reverse=True)[:count]


def app_import_environment(
    base: Mapping[str, str] | None = None, resources: LocalResources | None = None
) -> dict[str, str]:
    """The environment `import app` needs, pointing at nothing that answers (or at `resources`)."""
    from local.emulator import LOCAL_ACCOUNT, LOCAL_REGION, LocalResources, app_environment

    fake = resources or LocalResources(
        endpoint_url="http://127.0.0.1:9",  # discard port: nothing listens, nothing may be called
        table_name="kring-bench",
        table_stream_arn=f"arn:aws:dynamodb:{LOCAL_REGION}:{LOCAL_ACCOUNT}:table/kring-bench/stream/2026-01-01T00:00:00.000",
        media_bucket="kring-bench-media",
        user_pool_id=f"{LOCAL_REGION}_benchpool",
        user_pool_client_id="benchclient",
        media_cdn_url="http://127.0.0.1:9/media-cdn",
        media_cdn_key_pair_id="KBENCHKEY",
        media_cdn_public_key="",
        user_pool_jwks=bench_jwks(),
    )
    environment = {
        name: value
        for name, value in (base if base is not None else os.environ).items()
        if not name.startswith(("AWS_", "KRING_", "POWERTOOLS_", "PYTHON"))
    }
    environment.update(app_environment(fake))
    environment.update(
        {
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_EC2_METADATA_DISABLED": "true",
        }
    )
    return environment


@cache
def _bench_signing_key() -> Any:
    """The bench pool's key pair (2048 bits, as Cognito's): made once per process."""
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def bench_jwks() -> str:
    """The bench pool's public key set, as KRING_USER_POOL_JWKS carries a pool's."""
    public = _bench_signing_key().public_key().public_numbers()
    jwk = {
        "alg": "RS256",
        "e": _b64url(public.e.to_bytes((public.e.bit_length() + 7) // 8, "big")),
        "kid": BENCH_KID,
        "kty": "RSA",
        "n": _b64url(public.n.to_bytes((public.n.bit_length() + 7) // 8, "big")),
        "use": "sig",
    }
    return json.dumps({"keys": [jwk]}, separators=(",", ":"))


@cache
def forged_token() -> str:
    """An ID token naming the bench key's id whose signature, made with that key, is over other
    claims: verifying it runs the whole RSA check (the signature is below the modulus), then fails."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    now = int(time.time())
    claims = {"iss": "bench", "aud": "benchclient", "sub": "bench", "token_use": "id", "iat": now}
    header = _b64url(json.dumps({"alg": "RS256", "kid": BENCH_KID, "typ": "JWT"}).encode())
    signed = f"{header}.{_b64url(json.dumps({**claims, 'exp': now + 3600}).encode())}"
    signature = _bench_signing_key().sign(signed.encode(), padding.PKCS1v15(), hashes.SHA256())
    other_claims = _b64url(json.dumps({**claims, "exp": now + 7200}).encode())
    return f"{header}.{other_claims}.{_b64url(signature)}"


def function_handlers() -> dict[str, str]:
    """Each non-API function's Lambda handler, "<module>.<function>", as infra/ deploys it."""
    from chalicelib.entry import HANDLERS

    return dict(HANDLERS)


# What the Lambda runtime does with a function's handler before its first call: import the module
# and look the function up, from inside a function of its bootstrap (awslambdaric's `_get_handler`).
# Every probe loads its module this way, the API's `app` and the `boto3` reference included, so
# the ratios compare like with like.
# Inside a function, as there: on CPython 3.12 the same `importlib.import_module` called from a
# `python -c` script's top level took ~40 ms more CPU for the same modules (its regexes compiled
# several times slower), which is not what a Lambda function pays.
_LOAD_HANDLER = (
    "import importlib, time\n"
    "def load_handler(module, name):\n"
    "    return getattr(importlib.import_module(module), name)\n"
)


def function_probe(handler: str) -> str:
    """Python code timing what the Lambda runtime does before a first call to `handler`: import
    its module and look the function up."""
    module, name = handler.rsplit(".", 1)
    return (
        _LOAD_HANDLER + "started = time.process_time()\n"
        f"handler = load_handler({module!r}, {name!r})\n"
        f"print({_MARKER!r} + str((time.process_time() - started) * 1000))\n"
    )


def api_probe(method: str, path: str) -> str:
    """Python code timing `import app` and a first request to `method path` through Lambda's entry point."""
    return (
        _LOAD_HANDLER + f"event = {first_request_event(method, path)!r}\n"
        "started = time.process_time()\n"
        "handler = load_handler('app', 'app')\n"
        "response = handler(event, None)\n"
        "elapsed = (time.process_time() - started) * 1000\n"
        "assert response['statusCode'] == 401, response  # the signature did not verify: nothing reached\n"
        f"print({_MARKER!r} + str(elapsed))\n"
    )


def consumer_probe(handler: str, event: Mapping[str, Any]) -> str:
    """Python code timing the stream consumer's cold start and first batch, `event`: its handler
    loaded as the Lambda runtime loads it, then called (its records must all be applied)."""
    module, name = handler.rsplit(".", 1)
    return (
        _LOAD_HANDLER + "started = time.process_time()\n"
        f"handler = load_handler({module!r}, {name!r})\n"
        f"result = handler({dict(event)!r}, None)\n"
        "elapsed = (time.process_time() - started) * 1000\n"
        "assert result == {'batchItemFailures': []}, result\n"
        f"print({_MARKER!r} + str(elapsed))\n"
    )


def boto3_probe() -> str:
    return (
        _LOAD_HANDLER + "started = time.process_time()\n"
        "load_handler('boto3', 'Session')\n"
        f"print({_MARKER!r} + str((time.process_time() - started) * 1000))\n"
    )


def first_request_event(
    method: str,
    path: str,
    *,
    token: str | None = None,
    params: Mapping[str, str] | None = None,
    body: str | None = None,
) -> dict[str, object]:
    """The function URL's event (payload format 2.0, as AWS sends it: bench/url_events.py) for
    `path` (a route's template), with `token` or the forged token (`forged_token`: refused at its
    signature with the bench's configured keys), and `params` for the path (each `bench01` by default)."""
    from bench.url_events import url_request_event

    if token is None:
        token = forged_token()
    if params is None:
        params = {name: "bench01" for name in _path_params(path)}
    concrete = path
    for name, value in params.items():
        concrete = concrete.replace("{" + name + "}", value)
    if body is None and method in ("POST", "PUT", "PATCH"):
        body = "{}"
    return url_request_event(method, concrete, token=token, body=body)


def served_request_probe(event: Mapping[str, object]) -> str:
    """Python code timing `import app` and a first request that is served (a 2xx answer)."""
    return (
        _LOAD_HANDLER + f"event = {dict(event)!r}\n"
        "started = time.process_time()\n"
        "handler = load_handler('app', 'app')\n"
        "response = handler(event, None)\n"
        "elapsed = (time.process_time() - started) * 1000\n"
        "assert 200 <= response['statusCode'] < 300, response\n"
        f"print({_MARKER!r} + str(elapsed))\n"
    )


def first_requests(world: ColdWorld, round_number: int) -> dict[str, dict[str, object]]:
    """The API's common first requests, served for real: a member's profile, home feed, and a
    reaction to a post (a new one each round, so each is a first reaction)."""
    reaction = "/v1/communities/{community_id}/posts/{post_id}/reaction"
    return {
        "GET /v1/me": first_request_event("GET", "/v1/me", token=world.token),
        "GET /v1/feed": first_request_event("GET", "/v1/feed", token=world.token),
        f"PUT {reaction}": first_request_event(
            "PUT",
            reaction,
            token=world.token,
            params={"community_id": world.community_id, "post_id": world.fresh_post_ids[round_number]},
            body=json.dumps({"reaction": "insightful"}),
        ),
    }


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _path_params(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{") and part.endswith("}")]


def api_routes_by_module() -> dict[str, tuple[str, str]]:
    """One route (method, path) of each route module: the first it declares in the route index."""
    from chalicelib.api.route_index import ROUTES

    chosen: dict[str, tuple[str, str]] = {}
    for route in ROUTES:
        if route.relation is not None:  # a public route verifies no token
            chosen.setdefault(route.module, (route.method, route.path))
    return chosen


def _run(argv: Sequence[str], environment: Mapping[str, str]) -> tuple[float, str, str]:
    started = time.perf_counter()
    done = subprocess.run(
        argv, cwd=REPO_ROOT, env=dict(environment), capture_output=True, text=True, check=False
    )
    elapsed_ms = (time.perf_counter() - started) * 1000
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:3])} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed_ms, done.stdout, done.stderr


def probe_ms(stdout: str) -> float:
    """The figure a probe printed (the app may log on stdout too)."""
    for line in reversed(stdout.splitlines()):
        if line.startswith(_MARKER):
            return float(line[len(_MARKER) :])
    raise RuntimeError(f"the probe printed no figure:\n{stdout[-2000:]}")


@dataclass(frozen=True)
class ColdImport:
    ms: dict[str, float]  # by function, and boto3: in-process time, interpreter start-up excluded
    wall_ms: dict[str, float]  # by function, boto3 and a bare interpreter: the whole `python -c`
    api_ms_by_module: dict[str, float]  # the API's first request, by the route module it loads
    api_slowest_module: str
    api_time_by_package_ms: list[tuple[str, float]]
    rounds: int
    # The API's common first requests served for real (token verified, DynamoDB read and written,
    # response built) against the emulator: by request, CPU ms as above.
    api_served_ms: dict[str, float] = field(default_factory=dict)
    # The stream consumer's first batch (a member's reaction) against the emulator, CPU ms as above;
    # `ms` keeps its imports only, as the issue defines the figure.
    first_work_ms: dict[str, float] = field(default_factory=dict)

    @property
    def first_work_ratios(self) -> dict[str, float]:
        return {name: round(ms / self.ms[BOTO3], 2) for name, ms in self.first_work_ms.items()}

    @property
    def api_served_ratios(self) -> dict[str, float]:
        return {name: round(ms / self.ms[BOTO3], 2) for name, ms in self.api_served_ms.items()}

    def ratio(self, function: str) -> float:
        return self.ms[function] / self.ms[BOTO3]

    @property
    def ratios(self) -> dict[str, float]:
        return {name: round(self.ratio(name), 2) for name in self.ms if name != BOTO3}


def round_order(names: Sequence[str], round_number: int) -> list[str]:
    """The probes of one round in an order of their own (the same for a round number every run).

    On this shared machine a slower stretch often hit the same part of every round: in a fixed
    order the same route modules came out 80-100 ms slower than the others in one run and not in
    the next, and the API's figure, the slowest of 34 modules, followed them. Shuffled per round,
    such a stretch lands on different probes each round and each probe's median leaves it out.
    """
    order = list(names)
    random.Random(round_number).shuffle(order)
    return order


def measure(rounds: int = ROUNDS, python: str = sys.executable) -> ColdImport:
    from bench.first_batch import cold_world

    environment = app_import_environment()
    world = cold_world(rounds + 1)  # a new reaction each round, for the consumer and the API
    served_environment = app_import_environment(resources=world.resources)
    probes: dict[str, str] = {BOTO3: boto3_probe()}
    handlers = function_handlers()
    for function, handler in handlers.items():
        probes[function] = function_probe(handler)
    probes[FIRST_BATCH] = ""  # the consumer's first batch: its own event each round (below)
    api_routes = api_routes_by_module()
    for module, (method, path) in api_routes.items():
        probes[f"{API}:{module}"] = api_probe(method, path)
    samples: dict[str, list[float]] = {name: [] for name in probes}
    served: dict[str, list[float]] = {}
    wall: dict[str, list[float]] = {name: [] for name in (*probes, "python")}
    for round_number in range(rounds + 1):
        for name in round_order(probes, round_number):
            code = probes[name]
            if name == FIRST_BATCH:
                elapsed, stdout, _ = _run(
                    [python, "-c", consumer_probe(handlers[CONSUMER], world.batches[round_number])],
                    served_environment,
                )
            else:
                elapsed, stdout, _ = _run([python, "-c", code], environment)
            if round_number:  # round 0 warms the file-system cache and writes .pyc files
                samples[name].append(probe_ms(stdout))
                wall[name].append(elapsed)
        for request, event in first_requests(world, round_number).items():
            _, stdout, _ = _run([python, "-c", served_request_probe(event)], served_environment)
            if round_number:
                served.setdefault(request, []).append(probe_ms(stdout))
        elapsed, _, _ = _run([python, "-c", "pass"], environment)
        if round_number:
            wall["python"].append(elapsed)
    medians = {name: round(statistics.median(values), 1) for name, values in samples.items()}
    walls = {name: round(statistics.median(values), 1) for name, values in wall.items()}
    by_module = {name.split(":", 1)[1]: ms for name, ms in medians.items() if name.startswith(f"{API}:")}
    slowest = max(by_module, key=lambda module: by_module[module])
    method, path = api_routes[slowest]
    # `-X importtime` prints only what import statements load (not `importlib.import_module`), so
    # this diagnostic run imports app.py with a statement first.
    breakdown_probe = "import app\n" + api_probe(method, path)
    _, _, stderr = _run([python, "-X", "importtime", "-c", breakdown_probe], environment)
    functions = {
        name: ms for name, ms in medians.items() if not name.startswith(f"{API}:") and name != FIRST_BATCH
    }
    functions[API] = by_module[slowest]
    function_walls = {
        name: ms for name, ms in walls.items() if not name.startswith(f"{API}:") and name != FIRST_BATCH
    }
    function_walls[API] = walls[f"{API}:{slowest}"]
    result = ColdImport(
        ms=functions,
        wall_ms=function_walls,
        api_ms_by_module=by_module,
        api_slowest_module=slowest,
        api_time_by_package_ms=[
            (package, round(us / 1000, 1)) for package, us in time_by_package(stderr, "app", and_after=True)
        ],
        rounds=rounds,
        api_served_ms={name: round(statistics.median(values), 1) for name, values in served.items()},
        first_work_ms={CONSUMER: medians[FIRST_BATCH]},
    )
    log.info(
        "cold import (median of %d): %s; ratios %s; first batch %s",
        rounds,
        result.ms,
        result.ratios,
        result.first_work_ratios,
    )
    return result


def measure_in_subprocess(rounds: int = ROUNDS) -> ColdImport:
    """`measure` in a process of its own: the organisation it builds in its emulator (and that
    emulator) stay there, out of the other figures' emulator."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.cold_import", str(rounds)],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    figures = json.loads(done.stdout)
    figures["api_time_by_package_ms"] = [(name, ms) for name, ms in figures["api_time_by_package_ms"]]
    return ColdImport(**figures)


def main() -> None:
    import dataclasses

    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else ROUNDS
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s", stream=sys.stderr)
    for noisy in ("werkzeug", "botocore", "urllib3", "moto", "pynamodb"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    real_stdout = os.dup(1)
    os.dup2(2, 1)  # the app logs on stdout while the bench builds its organisation: only figures go there
    result = measure(rounds)
    with os.fdopen(real_stdout, "w") as out:
        out.write(json.dumps(dataclasses.asdict(result), indent=2) + "\n")


if __name__ == "__main__":
    main()
