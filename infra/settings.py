"""What differs between stages, and the names every part of the stack derives from the stage."""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import RemovalPolicy
from aws_cdk import aws_logs as logs

from infra import FRONT_DOOR_PLAN_TIERS, FRONT_DOOR_PLANS, PAY_AS_YOU_GO

# X-Ray, when a stage turns tracing on: the first API request each second and 1 % of the others
# (the API function applies the rule; nothing is in front of it that traces). See docs/decisions.md.
TRACE_RESERVOIR_PER_SECOND = 1
TRACE_FIXED_RATE = 0.01


@dataclass(frozen=True)
class StageSettings:
    stage: str
    alarm_email: str | None = None
    log_retention: logs.RetentionDays = logs.RetentionDays.ONE_MONTH
    # X-Ray costs $5 per million traces: off unless a stage asks (`make deploy TRACING=1`).
    tracing: bool = False
    # The API function's reserved concurrency: requests served at once, the stage's throttle (the
    # REST stage allowed 50 a second, 100 in a burst). A request takes about 10 ms plus 8 ms per
    # DynamoDB request on AWS (bench/cost.py LAMBDA): 20 at once serve some 500 of 40 ms a second.
    # Lambda answers 429 beyond it. The account must keep 100 unreserved: ask for more than 120
    # (new accounts may start at 10; see docs/deploy.md).
    api_reserved_concurrency: int = 20
    # The API's throughput at that concurrency, taking 40 ms a request (the per-organisation quota
    # is checked against it).
    api_request_ms: int = 40
    waf_requests_per_5_minutes_per_ip: int = 3000  # organisations sit behind shared office NATs
    # One organisation's requests per minute (chalicelib/quotas.py): well below what the API
    # function's reserved concurrency serves, so one tenant cannot take what every organisation shares.
    org_requests_per_minute: int = 1500
    # The public key of the pair media download URLs are signed with (infra/signing_key.py).
    media_public_key_pem: str = ""
    # How CloudFront bills the web distribution (the app and /v1): pay-as-you-go unless a stage
    # chooses a flat-rate plan (`make deploy FRONT_DOOR_PLAN=free|pro|business`), which covers its
    # requests, transfer and web ACL for a flat fee. A paid plan waits for a one-time approval of
    # its charge (docs/deploy.md, "Flat-rate plan"); bench/cost.py says which plan a size fits.
    front_door_plan: str = PAY_AS_YOU_GO

    def __post_init__(self) -> None:
        if self.front_door_plan not in FRONT_DOOR_PLANS:
            expected = ", ".join(FRONT_DOOR_PLANS)
            raise ValueError(f"unknown front door plan {self.front_door_plan!r}; expected one of {expected}")

    @property
    def front_door_plan_tier(self) -> str | None:
        """The plan's tier as CloudFormation names it, or None on pay-as-you-go."""
        return FRONT_DOOR_PLAN_TIERS.get(self.front_door_plan)

    @property
    def api_requests_per_second(self) -> float:
        """About what the API serves at its reserved concurrency."""
        return self.api_reserved_concurrency * 1000 / self.api_request_ms

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
