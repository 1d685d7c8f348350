"""One place for the Powertools Logger and Metrics every module uses."""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics

logger = Logger(service="kring")
metrics = Metrics(namespace="Kring", service="kring")


def count_business_event(name: str) -> None:
    """One more of a business event (an invitation, a post...), published as an EMF metric."""
    metrics.add_metric(name=name, unit="Count", value=1)


def publish_metrics() -> None:
    """Write buffered metrics to the log (EMF); quiet when there are none.

    Cleared either way: with POWERTOOLS_METRICS_DISABLED (`kring run`'s console) Powertools
    writes nothing and keeps them, and a long-running process would pile them up."""
    if metrics.metric_set:
        metrics.flush_metrics()
        metrics.clear_metrics()
