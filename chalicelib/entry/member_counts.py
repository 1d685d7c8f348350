"""The nightly job's Lambda entry: every community's member count, recounted."""

from __future__ import annotations

from typing import Any

from chalicelib import bootstrap
from chalicelib.jobs.member_counts import refresh_all_member_counts
from chalicelib.observability import publish_metrics


def nightly_member_counts(event: dict[str, Any], context: Any) -> None:
    bootstrap.ready()
    refresh_all_member_counts()
    publish_metrics()
