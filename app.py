"""Builds the Chalice app: middleware, routes and event sources. No logic lives here.

Every Lambda function of the app imports this module, so it imports only Chalice and the route
index: each handler imports the code it runs when it first runs (the stream consumer never loads
an HTTP route, a pydantic model or token code; the API loads a route's module on its first
request, chalicelib/api/routing.py). The bench measures each function's imports this way
(bench/cold_import.py reads the imports inside each handler below).
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import Any

from chalice import Cron, Rate
from chalice.app import CloudWatchEvent, DynamoDBEvent

from chalicelib.api.routing import KringChalice, register_api

# Served through a Lambda function URL behind CloudFront (chalicelib/api/function_url.py).
app = KringChalice(app_name="kring")
register_api(app)

# Event source identities come from the stage's environment (set by infra/ and by local/).
TABLE_STREAM_ARN = os.environ.get(
    "KRING_TABLE_STREAM_ARN", "arn:aws:dynamodb:eu-west-1:000000000000:table/kring/stream/unset"
)
MEDIA_BUCKET = os.environ.get("KRING_MEDIA_BUCKET", "kring-media-unset")


@app.on_dynamodb_record(stream_arn=TABLE_STREAM_ARN, batch_size=100, starting_position="TRIM_HORIZON")
def on_table_change(event: DynamoDBEvent) -> dict[str, Any]:
    from chalicelib import bootstrap
    from chalicelib.observability import publish_metrics
    from chalicelib.reactors.consumer import consume_table_changes

    bootstrap.ready()
    result = consume_table_changes(event.to_dict().get("Records", []))
    publish_metrics()
    return result


@app.on_cw_event(
    {"source": ["aws.s3"], "detail-type": ["Object Created"], "detail": {"bucket": {"name": [MEDIA_BUCKET]}}},
    name="on_media_uploaded",
)
def on_media_uploaded(event: CloudWatchEvent) -> None:
    from chalicelib import bootstrap
    from chalicelib.media.uploads import record_uploaded_object
    from chalicelib.observability import publish_metrics

    bootstrap.ready()
    record_uploaded_object(event.detail)
    publish_metrics()


@app.schedule(Cron(15, 1, "*", "*", "?", "*"), name="nightly_member_counts")
def nightly_member_counts(event: Any) -> None:
    from chalicelib import bootstrap
    from chalicelib.jobs.member_counts import refresh_all_member_counts
    from chalicelib.observability import publish_metrics

    bootstrap.ready()
    refresh_all_member_counts()
    publish_metrics()


@app.schedule(Rate(5, unit=Rate.MINUTES), name="sweep_campaigns")
def sweep_campaigns(event: Any) -> None:
    """Opens, reminds and closes whatever campaign is due, so a schedule that did not fire heals."""
    from chalicelib import bootstrap
    from chalicelib.campaigns.lifecycle import sweep
    from chalicelib.observability import publish_metrics

    bootstrap.ready()
    sweep(event_time(event))
    publish_metrics()


def event_time(event: Any) -> datetime | None:
    """When EventBridge fired the rule (its event's `time`)."""
    raw = event.to_dict().get("time") if hasattr(event, "to_dict") else None
    try:
        return datetime.fromisoformat(str(raw).replace("Z", "+00:00")) if raw else None
    except ValueError:
        return None


@app.lambda_function(name="run_scheduled_job")
def run_scheduled_job(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from chalicelib import bootstrap
    from chalicelib.jobs.registry import run_job
    from chalicelib.observability import logger, publish_metrics

    bootstrap.ready()
    logger.info("Scheduled job", extra={"job": event.get("job")})
    result = run_job(event)
    publish_metrics()
    return result
