"""Finds the app's non-HTTP functions on the Chalice object and calls them the way Lambda does.

Nothing here knows Kring's handler names: the event sources come from the decorators
(`@app.on_dynamodb_record`, `@app.schedule`, `@app.on_cw_event`, `@app.lambda_function`),
so a handler added to app.py is driven locally without touching local/. Each is called with the
raw event dict through the handler its function is deployed with: Kring's app names a lean entry
for each (`lambda_entries`, chalicelib/entry; infra/ deploys the functions with the same), an app
that names none runs Chalice's own handler, as `chalice deploy` would deploy it.
"""

from __future__ import annotations

import importlib
import logging
import time
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from chalice.app import (
    Chalice,
    CloudWatchEventConfig,
    DynamoDBEventConfig,
    ScheduledEventConfig,
    ScheduleExpression,
)

from local import emulator

Handler = Callable[[dict[str, Any], Any], Any]

# Tests set this to the Scan guard's recorder (local.recorder.RECORDER.recording) so consumers
# are checked like request paths; the long-running stack records nothing.
call_recorder: Callable[[str], AbstractContextManager[Any]] | None = None


@dataclass(frozen=True)
class StreamSource:
    name: str
    stream_arn: str
    batch_size: int
    starting_position: str
    handler: Handler


@dataclass(frozen=True)
class ScheduleSource:
    name: str
    expression: str
    handler: Handler


@dataclass(frozen=True)
class EventSource:
    name: str
    pattern: dict[str, Any]
    handler: Handler


@dataclass(frozen=True)
class LambdaFunction:
    name: str
    handler: Handler


def _handler(app: Chalice, name: str) -> Handler:
    """The handler Lambda runs for the function: the entry the app names for it, loaded as the
    Lambda runtime loads a handler, else Chalice's own (handler_map holds what the decorator
    returned: an EventSourceHandler, which takes (event dict, context) like the runtime calls it)."""
    entries: dict[str, str] = getattr(app, "lambda_entries", {})
    if name in entries:
        module, function = entries[name].rsplit(".", 1)
        handler: Handler = getattr(importlib.import_module(module), function)
        return handler
    return app.handler_map[name]


def stream_sources(app: Chalice) -> list[StreamSource]:
    return [
        StreamSource(s.name, s.stream_arn, s.batch_size, s.starting_position, _handler(app, s.name))
        for s in app.event_sources
        if isinstance(s, DynamoDBEventConfig)
    ]


def schedule_expression(expression: str | ScheduleExpression) -> str:
    return expression if isinstance(expression, str) else expression.to_string()


def schedule_sources(app: Chalice) -> list[ScheduleSource]:
    return [
        ScheduleSource(s.name, schedule_expression(s.schedule_expression), _handler(app, s.name))
        for s in app.event_sources
        if isinstance(s, ScheduledEventConfig)
    ]


def event_sources(app: Chalice) -> list[EventSource]:
    return [
        EventSource(s.name, s.event_pattern, _handler(app, s.name))
        for s in app.event_sources
        if isinstance(s, CloudWatchEventConfig)
    ]


def lambda_functions(app: Chalice) -> list[LambdaFunction]:
    return [LambdaFunction(f.name, _handler(app, f.name)) for f in app.pure_lambda_functions]


def deployed_function_name(app: Chalice, handler_name: str, stage: str = "dev") -> str:
    """The name `chalice deploy` gives a handler's function: {app}-{stage}-{handler}."""
    return f"{app.app_name}-{stage}-{handler_name}"


@dataclass
class LambdaContext:
    """The attributes of the Lambda runtime's context object that handlers and Powertools read."""

    function_name: str
    invoked_function_arn: str
    memory_limit_in_mb: int = 128
    function_version: str = "$LATEST"
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    log_group_name: str = ""
    log_stream_name: str = "local"
    timeout_seconds: float = 60.0
    _started: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        self.log_group_name = self.log_group_name or f"/aws/lambda/{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        elapsed = time.monotonic() - self._started
        return max(0, int((self.timeout_seconds - elapsed) * 1000))


def context_for(app: Chalice, handler_name: str) -> LambdaContext:
    function = deployed_function_name(app, handler_name)
    arn = f"arn:aws:lambda:{emulator.LOCAL_REGION}:{emulator.LOCAL_ACCOUNT}:function:{function}"
    return LambdaContext(function_name=function, invoked_function_arn=arn)


def invoke(app: Chalice, name: str, handler: Handler, event: dict[str, Any]) -> Any:
    """One Lambda invocation: a fresh context, the event, the handler's return value (and a line
    on the console saying what ran and how it went)."""
    recording = call_recorder(f"{name} (local invoke)") if call_recorder else nullcontext()
    started, outcome = time.perf_counter(), "failed"
    try:
        with recording:
            result = handler(event, context_for(app, name))
        outcome = _outcome(result)
        return result
    finally:
        elapsed_ms = (time.perf_counter() - started) * 1000
        invocations.info("%s %s: %s%s (%.0f ms)", _kind(event), name, _what(event), outcome, elapsed_ms)


invocations = logging.getLogger("kring.invocations")


def _kind(event: dict[str, Any]) -> str:
    records = event.get("Records")
    if isinstance(records, list):
        return "stream"
    if "detail-type" in event:
        return "event" if event.get("source") != "aws.events" else "clock"
    return "job"


def _what(event: dict[str, Any]) -> str:
    records = event.get("Records")
    if isinstance(records, list):
        return f"{len(records)} record{'s' if len(records) != 1 else ''}, "
    if "job" in event:
        return f"{event['job']}, "
    return ""


def _outcome(result: Any) -> str:
    """What the handler said: a batch's items to retry (partial batch response), or ok."""
    if isinstance(result, dict):
        failures = result.get("batchItemFailures")
        if failures:
            return f"{len(failures)} to retry"
        if result.get("ran") is False:
            return f"not run ({result.get('reason', 'see the log')})"
    return "ok"
