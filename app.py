"""Builds the Chalice app: middleware, blueprints and event sources. No logic lives here."""

from __future__ import annotations

import os
from datetime import datetime
from typing import Any

from chalice import Chalice, Cron, Rate
from chalice.app import CloudWatchEvent, DynamoDBEvent

from chalicelib import bootstrap
from chalicelib.api import (
    admin_users,
    badges,
    campaigns,
    communities,
    leaderboards,
    me,
    media,
    moderation,
    notifications,
    organisation,
    points,
    quizzes,
    system,
    teams,
    wall,
)
from chalicelib.api.middleware import http_middleware
from chalicelib.campaigns.lifecycle import sweep
from chalicelib.jobs.member_counts import refresh_all_member_counts
from chalicelib.jobs.registry import run_job
from chalicelib.media.uploads import record_uploaded_object
from chalicelib.observability import logger, publish_metrics
from chalicelib.reactors.consumer import consume_table_changes

app = Chalice(app_name="kring")
app.experimental_feature_flags.update({"BLUEPRINTS"})
app.register_middleware(http_middleware, "http")
for api in (
    system.api,
    me.api,
    organisation.api,
    admin_users.api,
    communities.api,
    wall.api,
    moderation.api,
    media.api,
    notifications.api,
    points.api,
    badges.api,
    teams.api,
    leaderboards.api,
    quizzes.api,
    campaigns.api,
):
    app.register_blueprint(api.blueprint)

# Event source identities come from the stage's environment (set by infra/ and by local/).
TABLE_STREAM_ARN = os.environ.get(
    "KRING_TABLE_STREAM_ARN", "arn:aws:dynamodb:eu-west-1:000000000000:table/kring/stream/unset"
)
MEDIA_BUCKET = os.environ.get("KRING_MEDIA_BUCKET", "kring-media-unset")


@app.on_dynamodb_record(stream_arn=TABLE_STREAM_ARN, batch_size=100, starting_position="TRIM_HORIZON")
def on_table_change(event: DynamoDBEvent) -> dict[str, Any]:
    bootstrap.ready()
    result = consume_table_changes(event.to_dict().get("Records", []))
    publish_metrics()
    return result


@app.on_cw_event(
    {"source": ["aws.s3"], "detail-type": ["Object Created"], "detail": {"bucket": {"name": [MEDIA_BUCKET]}}},
    name="on_media_uploaded",
)
def on_media_uploaded(event: CloudWatchEvent) -> None:
    bootstrap.ready()
    record_uploaded_object(event.detail)
    publish_metrics()


@app.schedule(Cron(15, 1, "*", "*", "?", "*"), name="nightly_member_counts")
def nightly_member_counts(event: Any) -> None:
    bootstrap.ready()
    refresh_all_member_counts()


@app.schedule(Rate(5, unit=Rate.MINUTES), name="sweep_campaigns")
def sweep_campaigns(event: Any) -> None:
    """Opens, reminds and closes whatever campaign is due, so a schedule that did not fire heals."""
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
    bootstrap.ready()
    logger.info("Scheduled job", extra={"job": event.get("job")})
    return run_job(event)
