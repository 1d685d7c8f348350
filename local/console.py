"""What `kring run` prints: one readable line per request and per job or consumer batch.

On AWS the app logs JSON (Powertools) and writes its metrics as EMF blobs to the log, for
CloudWatch to read. A person watching `make run` wants neither: this module, chosen by the local
runtime only, renders the same log records as short lines and turns the metric blobs off
(POWERTOOLS_METRICS_DISABLED). The app's code paths are unchanged: only its log formatter is.

    10:25:27  GET    /v1/me 200 12 ms
    10:25:28  stream on_table_change: 3 records, ok (41 ms)
    10:25:30  WARNING Transient AWS error aws_error_code=ThrottlingException
"""

from __future__ import annotations

import logging
import os
import sys
import time
import warnings
from typing import Any, TextIO

from aws_lambda_powertools.logging.formatter import LambdaPowertoolsFormatter

# Keys every app record carries (Powertools' own, the request's): not repeated on each line.
_CONTEXT_KEYS = frozenset(
    {
        "level",
        "location",
        "message",
        "timestamp",
        "service",
        "cold_start",
        "function_name",
        "function_memory_size",
        "function_arn",
        "function_request_id",
        "xray_trace_id",
        "sampling_rate",
        "correlation_id",
        "path",
        "method",
        "org_id",
        "user_id",
        "status",
        "duration_ms",
        "request_path",
        "exception",
        "exception_name",
        "stack_trace",
    }
)
_NOISY = ("werkzeug", "botocore", "boto3", "urllib3", "moto", "pynamodb", "chalice")


def _clock() -> str:
    return time.strftime("%H:%M:%S")


def request_line(method: str | None, path: str | None, status: int | str, duration_ms: float) -> str:
    # A request line the server could not parse has no method or path: the line still says what came back.
    return f"{method or '-':<6} {path or '-'} {status} {duration_ms:.0f} ms"


class AppConsoleFormatter(LambdaPowertoolsFormatter):
    """The app's Powertools records as lines: a served request as `METHOD path status ms`."""

    def serialize(self, log: dict[str, Any]) -> str:  # type: ignore[override]
        if log.get("message") == "Request served":
            path = str(log.get("request_path") or log.get("path") or "?")
            method, status = str(log.get("method", "?")), log.get("status", "?")
            return f"{_clock()}  {request_line(method, path, status, log.get('duration_ms', 0))}"
        level = str(log.get("level", "INFO"))
        extras = " ".join(f"{k}={v}" for k, v in log.items() if k not in _CONTEXT_KEYS and v is not None)
        line = f"{_clock()}  {'' if level == 'INFO' else level + ' '}{log.get('message', '')}"
        line += f" {extras}" if extras else ""
        if log.get("method") and log.get("path"):
            line += f" ({log['method']} {log.get('request_path') or log['path']})"
        if log.get("exception"):
            line += "\n" + str(log["exception"])
        return line


class _LocalFormatter(logging.Formatter):
    """local/'s own records (the runtime, the invocations): time, then the message."""

    def format(self, record: logging.LogRecord) -> str:
        level = "" if record.levelno <= logging.INFO else f"{record.levelname} "
        line = f"{_clock()}  {level}{record.getMessage()}"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def install(stream: TextIO | None = None) -> None:
    """Readable lines for `kring run` (call before the app is imported or used)."""
    os.environ["POWERTOOLS_METRICS_DISABLED"] = "true"
    # Every request as a line (on AWS a sampled share is written: chalicelib/observability.py).
    os.environ.setdefault("KRING_REQUEST_LOG_SAMPLE_RATE", "1")
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.setFormatter(_LocalFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    for noisy in _NOISY:
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # The stream handler flushes metrics after every batch; an empty flush warns each time.
    warnings.filterwarnings("ignore", message="No application metrics to publish")

    from chalicelib.observability import logger

    logger.registered_handler.setFormatter(AppConsoleFormatter())
