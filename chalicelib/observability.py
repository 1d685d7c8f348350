"""One place for the Powertools Logger and Metrics every module uses."""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics

logger = Logger(service="kring")
metrics = Metrics(namespace="Kring", service="kring")
