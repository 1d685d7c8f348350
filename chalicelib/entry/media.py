"""The media consumer's Lambda entry: EventBridge's "Object Created" event for the media bucket."""

from __future__ import annotations

from typing import Any

from chalicelib import bootstrap
from chalicelib.media.uploads import record_uploaded_object
from chalicelib.observability import publish_metrics


def on_media_uploaded(event: dict[str, Any], context: Any) -> None:
    bootstrap.ready()
    record_uploaded_object(event["detail"])
    publish_metrics()
