"""What differs between stages, and the names every part of the stack derives from the stage."""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import RemovalPolicy
from aws_cdk import aws_logs as logs

# X-Ray, when a stage turns tracing on: the first API request each second and 1 % of the others
# (API Gateway applies the rule; the functions follow its decision). See docs/decisions.md.
TRACE_RESERVOIR_PER_SECOND = 1
TRACE_FIXED_RATE = 0.01


@dataclass(frozen=True)
class StageSettings:
    stage: str
    alarm_email: str | None = None
    log_retention: logs.RetentionDays = logs.RetentionDays.ONE_MONTH
    # X-Ray costs $5 per million traces: off unless a stage asks (`make deploy TRACING=1`).
    tracing: bool = False
    api_rate_limit: int = 50  # requests per second, steady state, whole stage
    api_burst_limit: int = 100
    waf_requests_per_5_minutes_per_ip: int = 3000  # organisations sit behind shared office NATs
    # One organisation's requests per minute (chalicelib/quotas.py): at most half the stage's
    # steady rate, so one tenant cannot take the capacity every organisation shares.
    org_requests_per_minute: int = 1500
    # The public key of the pair media download URLs are signed with (infra/signing_key.py).
    media_public_key_pem: str = ""

    @property
    def is_prod(self) -> bool:
        return self.stage == "prod"

    @property
    def removal(self) -> RemovalPolicy:
        return RemovalPolicy.RETAIN if self.is_prod else RemovalPolicy.DESTROY

    @property
    def name_prefix(self) -> str:
        return f"Kring-{self.stage}"

    def function_name(self, chalice_name: str) -> str:
        return f"{self.name_prefix}-{chalice_name}"
