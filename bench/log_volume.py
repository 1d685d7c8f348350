"""What the functions write to CloudWatch Logs: bytes a request and a consumer batch, as the app
writes them (bench/cost.py LOGS prices these figures).

Runs a few requests and one stream batch in-process against the local stack, every request line
written (`KRING_REQUEST_LOG_SAMPLE_RATE=1`, INFO), and reads what the app printed: the "Request
served" line (Powertools JSON, the request's keys appended) and the EMF documents (the metrics),
counted per invocation. Lambda's own START/END/REPORT lines are off on AWS (SystemLogLevel WARN)
and are not printed here. `python -m bench.log_volume` prints the figures as JSON.
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
    lines = _lines(buffer.getvalue())
    metrics = [line for line in lines if "_aws" in line["document"]]
    served = [line for line in lines if line["document"].get("message") == "Request served"]
    return {
        "request_line_bytes": [line["bytes"] for line in served],
        "metrics_documents": len(metrics),
        "metrics_document_bytes": [line["bytes"] for line in metrics],
        "other_lines": len(lines) - len(metrics) - len(served),
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
            api.get("/v1/me", learner)  # warm-up: the first visit, the JWKS
            body = {"body": "What I learned today"}
            post = api.call("POST", f"{community}/posts", learner, body=body).json()
        post_path = f"{community}/posts/{post['id']}"
        requests = {
            "a read (getHomeFeed)": lambda: api.get("/v1/feed?limit=20", learner),
            "a read (listCommunityPosts)": lambda: api.get(f"{community}/posts?limit=20", learner),
            "a write (reactToPost)": lambda: api.call(
                "PUT", f"{post_path}/reaction", learner, body={"reaction": "insightful"}
            ),
            "a write (addComment)": lambda: api.call(
                "POST", f"{post_path}/comments", learner, body={"body": "Thanks for sharing"}
            ),
        }
        figures = {name: _invocation(run) for name, run in requests.items()}
        batch = post_published(org.org_id, org.community_id, post["id"], org.learner.user_id)
        figures["a consumer batch (postPublished)"] = _invocation(
            lambda: client.lambda_.invoke("on_table_change", batch)
        )
    request_lines = [size for f in figures.values() for size in f["request_line_bytes"]]
    # The test client sends no request id; on AWS `correlation_id` holds Lambda's (36 characters).
    metric_documents = [size for f in figures.values() for size in f["metrics_document_bytes"]]
    return {
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
