"""What the functions write to CloudWatch Logs: bytes a request and a consumer batch, as the app
writes them (bench/cost.py LOGS prices these figures).

Runs a few requests and one stream batch in-process against the local stack, every request line
written (`KRING_REQUEST_LOG_SAMPLE_RATE=1`, INFO), and reads what the app printed: the "Request
served" line (Powertools JSON, the request's keys appended) and the EMF documents (the metrics),
counted per invocation, and one run of a scheduled job. Lambda's own START/END/REPORT lines are off
on AWS (SystemLogLevel WARN) and are not printed here. `make bench` records the figures as
`log_volume`; `per_invocation_bytes` is what bench/cost.py prices. `python -m bench.log_volume`
prints them as JSON (a few seconds).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import statistics
import sys
from collections.abc import Callable, Iterator
from typing import Any

# The test client sends no request id; on AWS `correlation_id` holds Lambda's (a 36-character UUID).
AWS_REQUEST_ID_BYTES = 36
# Which measured invocation is which kind (the names below, in `_measure`).
READS = ("a read (getHomeFeed)", "a read (listCommunityPosts)")
WRITES = ("a write (reactToPost)", "a write (addComment)")
CONSUMER_BATCHES = ("a consumer batch (postPublished)",)
JOB_RUNS = ("a job run (refresher_reminders)",)


@contextlib.contextmanager
def _captured() -> Iterator[io.StringIO]:
    """What the app prints: Powertools' handler holds its own stream, the EMF flush prints."""
    from chalicelib.observability import logger

    handler = logger.registered_handler
    buffer = io.StringIO()
    previous = handler.setStream(buffer)  # type: ignore[attr-defined]
    try:
        with contextlib.redirect_stdout(buffer):
            yield buffer
    finally:
        handler.setStream(previous)  # type: ignore[attr-defined]


def _lines(text: str) -> list[dict[str, Any]]:
    found = []
    for line in text.splitlines():
        with contextlib.suppress(ValueError):
            document = json.loads(line)
            if isinstance(document, dict):
                found.append({"bytes": len(line.encode()) + 1, "document": document})
    return found


def _invocation(run: Callable[[], object]) -> dict[str, Any]:
    with _captured() as buffer:
        run()
    metrics: list[dict[str, Any]] = []
    served: list[dict[str, Any]] = []
    others: list[dict[str, Any]] = []
    for line in _lines(buffer.getvalue()):
        if "_aws" in line["document"]:
            metrics.append(line)
        elif line["document"].get("message") == "Request served":
            served.append(line)
        else:
            others.append(line)
    return {
        "request_line_bytes": [line["bytes"] for line in served],
        "metrics_documents": len(metrics),
        "metrics_document_bytes": [line["bytes"] for line in metrics],
        "other_lines": len(others),
        "other_line_bytes": [line["bytes"] for line in others],
    }


def _mean(values: list[float]) -> float:
    return statistics.mean(values) if values else 0.0


def per_invocation_bytes(invocations: dict[str, dict[str, Any]], sample_rate: float) -> dict[str, Any]:
    """What bench/cost.py prices, from the measured invocations (`_invocation` figures by name).

    - `request_line_bytes`: a "Request served" line when one is written, Lambda's request id added;
    - `request_log_sample_rate`: the share of ordinary requests that write one (the app's setting);
    - `read_metrics_bytes`, `write_metrics_bytes`: the EMF bytes an API read or write flushes;
    - `consumer_batch_bytes`: everything a stream batch writes;
    - `job_run_bytes`: everything a scheduled job's run writes (its lines), plus one metrics document:
      a reminder run that reaches somebody counts `NotificationDelivered` and flushes one (the
      measured run had nobody to remind)."""

    def each(names: tuple[str, ...], *fields: str) -> float:
        measured = [invocations[name] for name in names if name in invocations]
        return _mean([sum(sum(figures[field]) for field in fields) for figures in measured])

    request_lines = [size for name in (*READS, *WRITES) for size in invocations[name]["request_line_bytes"]]
    documents = [size for figures in invocations.values() for size in figures["metrics_document_bytes"]]
    job_documents = each(JOB_RUNS, "metrics_document_bytes")
    return {
        "request_line_bytes": round(_mean(request_lines)) + AWS_REQUEST_ID_BYTES,
        "request_log_sample_rate": sample_rate,
        "read_metrics_bytes": round(each(READS, "metrics_document_bytes")),
        "write_metrics_bytes": round(each(WRITES, "metrics_document_bytes")),
        "consumer_batch_bytes": round(each(CONSUMER_BATCHES, "metrics_document_bytes", "other_line_bytes")),
        "job_run_bytes": round(each(JOB_RUNS, "other_line_bytes") + (job_documents or _mean(documents))),
    }


def measure() -> dict[str, Any]:
    """Every request line written, at INFO, for the time of the measure (then as before)."""
    from chalicelib.observability import logger

    saved_rate, saved_level = os.environ.get("KRING_REQUEST_LOG_SAMPLE_RATE"), logger.log_level
    os.environ["KRING_REQUEST_LOG_SAMPLE_RATE"] = "1"
    logger.setLevel("INFO")
    try:
        return _measure()
    finally:
        logger.setLevel(saved_level)
        if saved_rate is None:
            os.environ.pop("KRING_REQUEST_LOG_SAMPLE_RATE", None)
        else:
            os.environ["KRING_REQUEST_LOG_SAMPLE_RATE"] = saved_rate


def _measure() -> dict[str, Any]:
    from chalice.test import Client

    from tests.support.events import post_published
    from tests.support.stack import ApiClient, start_test_stack
    from tests.support.world import build_org

    resources = start_test_stack()
    with _captured():  # setting up is not measured
        org = build_org(resources, "logs")
    import app as app_module

    community = f"/v1/communities/{org.community_id}"
    learner = org.learner.token
    with Client(app_module.app) as client:
        api = ApiClient(client)
        with _captured():
            api.get("/v1/me", learner)  # warm-up: the first visit
            body = {"body": "What I learned today"}
            post = api.call("POST", f"{community}/posts", learner, body=body).json()
        post_path = f"{community}/posts/{post['id']}"
        requests = {
            READS[0]: lambda: api.get("/v1/feed?limit=20", learner),
            READS[1]: lambda: api.get(f"{community}/posts?limit=20", learner),
            WRITES[0]: lambda: api.call(
                "PUT", f"{post_path}/reaction", learner, body={"reaction": "insightful"}
            ),
            WRITES[1]: lambda: api.call(
                "POST", f"{post_path}/comments", learner, body={"body": "Thanks for sharing"}
            ),
        }
        figures = {name: _invocation(run) for name, run in requests.items()}
        batch = post_published(org.org_id, org.community_id, post["id"], org.learner.user_id)
        figures[CONSUMER_BATCHES[0]] = _invocation(lambda: client.lambda_.invoke("on_table_change", batch))
        reminders = {"job": "refresher_reminders", "org_id": org.org_id, "args": {}}
        figures[JOB_RUNS[0]] = _invocation(lambda: client.lambda_.invoke("run_scheduled_job", reminders))
    request_lines = [size for f in figures.values() for size in f["request_line_bytes"]]
    metric_documents = [size for f in figures.values() for size in f["metrics_document_bytes"]]
    from chalicelib.observability import DEFAULT_REQUEST_LOG_SAMPLE_RATE

    return {
        "per_invocation_bytes": per_invocation_bytes(figures, DEFAULT_REQUEST_LOG_SAMPLE_RATE),
        "invocations": figures,
        "request_line_bytes_mean": round(statistics.mean(request_lines)),
        "metrics_document_bytes_mean": round(statistics.mean(metric_documents)) if metric_documents else 0,
        "metrics_documents_per_invocation_max": max(f["metrics_documents"] for f in figures.values()),
    }


def main() -> int:
    json.dump(measure(), sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
