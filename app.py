"""Builds the Chalice app: middleware, routes and event sources. No logic lives here.

Chalice packages every function from this module, but only the API runs it on AWS: each other
function's handler is its lean entry in chalicelib/entry (infra/ sets it), which imports neither
Chalice nor the route index, and the local stack calls the same entries. The functions below
declare the event sources and delegate to those entries (what `chalice invoke` would run). The API
imports only Chalice and the route index here, and a route's module on its first request
(chalicelib/api/routing.py).
"""

from __future__ import annotations

import os
from typing import Any

from chalice import Cron, Rate
from chalice.app import CloudWatchEvent, DynamoDBEvent

from chalicelib import entry
from chalicelib.api.routing import KringChalice, register_api

# Served through a Lambda function URL behind CloudFront (chalicelib/api/function_url.py).
app = KringChalice(app_name="kring", lambda_entries=entry.HANDLERS)
register_api(app)

# Event source identities come from the stage's environment (set by infra/ and by local/).
TABLE_STREAM_ARN = os.environ.get(
    "KRING_TABLE_STREAM_ARN", "arn:aws:dynamodb:eu-west-1:000000000000:table/kring/stream/unset"
)
MEDIA_BUCKET = os.environ.get("KRING_MEDIA_BUCKET", "kring-media-unset")


@app.on_dynamodb_record(stream_arn=TABLE_STREAM_ARN, batch_size=100, starting_position="TRIM_HORIZON")
def on_table_change(event: DynamoDBEvent) -> dict[str, Any]:
    result: dict[str, Any] = entry.handler("on_table_change")(event.to_dict(), event.context)
    return result


@app.on_cw_event(
    {"source": ["aws.s3"], "detail-type": ["Object Created"], "detail": {"bucket": {"name": [MEDIA_BUCKET]}}},
    name="on_media_uploaded",
)
def on_media_uploaded(event: CloudWatchEvent) -> None:
    entry.handler("on_media_uploaded")(event.to_dict(), event.context)


@app.schedule(Cron(15, 1, "*", "*", "?", "*"), name="nightly_member_counts")
def nightly_member_counts(event: CloudWatchEvent) -> None:
    entry.handler("nightly_member_counts")(event.to_dict(), event.context)


@app.schedule(Rate(5, unit=Rate.MINUTES), name="sweep_campaigns")
def sweep_campaigns(event: CloudWatchEvent) -> None:
    """Opens, reminds and closes whatever campaign is due, so a schedule that did not fire heals."""
    entry.handler("sweep_campaigns")(event.to_dict(), event.context)


@app.lambda_function(name="run_scheduled_job")
def run_scheduled_job(event: dict[str, Any], context: Any) -> dict[str, Any]:
    result: dict[str, Any] = entry.handler("run_scheduled_job")(event, context)
    return result
