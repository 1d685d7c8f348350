"""The web distribution on a CloudFront flat-rate plan: which plan a deployment's traffic fits, and
what the bill is then, beside the pay-as-you-go figures of bench/cost.py (`cost.front_door_plans`).

A stage can put its web distribution (the app and `/v1`) on a flat-rate plan instead of
CloudFront's pay-as-you-go prices (infra/settings.py `front_door_plan`). A plan covers that one
distribution and its one web ACL for a monthly fee: their requests, transfer, CloudFront Functions
and the ACL's own monthly charges, with no overage charge; above the month's allowance AWS may
throttle the distribution, and it mails the account at 50, 80 and 100 % of it. Requests WAF blocks
do not count. Media downloads have their own distribution, which stays on pay-as-you-go prices.

Plans and allowances as of `PLANS_AS_OF` (CloudFront launched them on 2025-11-18): Free $0 a
month for 1 million requests and 100 GB; Pro $15 for 10 million and 50 TB; Business $200 for 125
million and 50 TB (Premium, $1,000 for 500 million, is beyond any size here and not a stage setting).

The headline `usd_per_1000_mau_month` stays pay-as-you-go, the deployed default. What a plan gives:
the usage-driven figure without the covered lines, the plan's fee as a fixed cost of the deployment
(in place of the web ACL's), and how much of the allowance the month uses.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bench import cost

PLANS_AS_OF = "2026-12-07"
TB = 1024 * cost.GB


@dataclass(frozen=True)
class FlatPlan:
    name: str  # the stage setting's value (infra/settings.py `front_door_plan`)
    usd_month: float
    requests: float  # the month's allowance
    bytes: float  # data transfer out in the month's allowance


FLAT_PLANS: tuple[FlatPlan, ...] = (
    FlatPlan("free", 0.0, 1_000_000, 100 * cost.GB),
    FlatPlan("pro", 15.0, 10_000_000, 50 * TB),
    FlatPlan("business", 200.0, 125_000_000, 50 * TB),
)

# A plan fits a month that uses at most half its allowance (requests and bytes alike): traffic can
# double (a campaign, an exam week, a reorganisation's all-hands) before AWS may throttle, and the
# first of AWS's mails (at 50 %) says a month is busier than planned while there is room left.
FILL_LIMIT = 0.5

# What the plan's fee replaces in the usage bill: the web distribution's requests, transfer and
# function invocations, and its web ACL's requests (the app's files and the API alike).
COVERED_USAGE_LINES = (
    "CloudFront requests (API)",
    "CloudFront transfer out (API responses)",
    "WAF requests",
    "CloudFront requests (web app)",
    "CloudFront transfer out (web app)",
    "WAF requests (web app)",
    "CloudFront Functions (web app routes)",
)
# ... and in the fixed bill: the web ACL and its rules.
COVERED_FIXED_LINES = ("WAF web ACL and rules",)

THROTTLING = (
    "No overage charge: above the month's allowance CloudFront may throttle the web distribution, "
    "so the app and its API slow down for everyone until the month ends or the plan is upgraded. "
    "AWS mails the account at 50, 80 and 100 % of the allowance; requests WAF blocks do not count."
)


def requests_per_mau() -> float:
    """Requests a monthly active user sends through the web distribution: the API's and the app's files."""
    return cost.api_requests_per_mau() + cost.web_requests_per_mau_month()


def bytes_per_mau(response_bytes: Mapping[str, float]) -> float:
    """Bytes the web distribution sends a monthly active user: the API's answers (measured bodies and
    their headers) and the app's files (revalidations and the full loads of new versions)."""
    api = sum(
        use.per_mau_month * (response_bytes.get(use.operation, 1000) + cost.MEDIA.response_header_bytes)
        for use in cost.PROFILE
    )
    return api + cost.web_bytes_per_mau_month()


def allowance_used(plan: FlatPlan, requests: float, sent_bytes: float) -> float:
    """The larger share of the plan's allowance a month uses: requests or bytes."""
    return max(requests / plan.requests, sent_bytes / plan.bytes)


def plan_for(requests: float, sent_bytes: float) -> FlatPlan | None:
    """The cheapest plan a month fits within `FILL_LIMIT` of its allowance; None: none does (stay
    pay-as-you-go, or ask AWS about Premium's usage levels)."""
    return next(
        (plan for plan in FLAT_PLANS if allowance_used(plan, requests, sent_bytes) <= FILL_LIMIT), None
    )


def max_mau(plan: FlatPlan, requests_each: float, bytes_each: float) -> int:
    """The monthly active users a deployment on the plan serves within `FILL_LIMIT` of its allowance."""
    return math.floor(FILL_LIMIT / allowance_used(plan, requests_each, bytes_each))


def break_even_mau(plan: FlatPlan, covered_fixed_usd: float, covered_usd_per_mau: float) -> int:
    """From how many monthly active users the plan's fee is less than what it covers pay-as-you-go:
    the web ACL's monthly charges and the covered lines of each user."""
    return max(0, math.ceil((plan.usd_month - covered_fixed_usd) / covered_usd_per_mau))


def front_door_plans(document: Mapping[str, Any], fixed: cost.Bill) -> dict[str, Any]:
    """`cost.front_door_plans`: for each organisation size, the plan its month fits and the bill on it."""
    requests_each = requests_per_mau()
    bytes_each = bytes_per_mau(document.get("response_bytes", {}))
    covered_fixed = sum(fixed.lines.get(line, 0.0) for line in COVERED_FIXED_LINES)
    by_size: dict[str, dict[str, Any]] = {}
    covered_per_mau: dict[int, float] = {}
    rest_per_mau: dict[int, float] = {}
    for members in cost.ORGANISATION_SIZES:
        bill = cost.usage_bill(document, members)
        covered = sum(bill.lines.get(line, 0.0) for line in COVERED_USAGE_LINES)
        covered_per_mau[members] = covered / members
        rest_per_mau[members] = (bill.total - covered) / members
        requests, sent = requests_each * members, bytes_each * members
        plan = plan_for(requests, sent)
        entry: dict[str, Any] = {
            "requests_month": round(requests),
            "gb_month": round(sent / cost.GB, 2),
            "plan": plan.name if plan else None,
            # Usage-driven, without what the plan covers (its fee is a fixed cost of the deployment).
            "usd_per_1000_mau_month": cost._usd(rest_per_mau[members] * 1000),
            "usd_covered_per_1000_mau_month_pay_as_you_go": cost._usd(covered_per_mau[members] * 1000),
        }
        if plan is not None:
            used = allowance_used(plan, requests, sent)
            entry |= {
                "usd_plan_month": plan.usd_month,
                "allowance_used": round(used, 3),
                "headroom": round(1 - used, 3),
                # A deployment serving just this organisation, for a month: fixed costs and usage.
                "usd_deployment_month_pay_as_you_go": cost._usd(fixed.total + bill.total),
                "usd_deployment_month_on_plan": cost._usd(
                    fixed.total - covered_fixed + plan.usd_month + bill.total - covered
                ),
            }
        by_size[str(members)] = entry
    worst = max(cost.ORGANISATION_SIZES, key=lambda members: rest_per_mau[members])
    return {
        "plans_as_of": PLANS_AS_OF,
        "fill_limit": FILL_LIMIT,
        "covered_lines": [*COVERED_USAGE_LINES, *COVERED_FIXED_LINES],
        "requests_per_mau_month": round(requests_each, 1),
        "bytes_per_mau_month": round(bytes_each),
        # The headline's counterpart on a plan: usage-driven, at the headline's organisation size.
        "usd_per_1000_mau_month": cost._usd(rest_per_mau[worst] * 1000),
        "usd_fixed_per_deployment_month_before_fee": cost._usd(fixed.total - covered_fixed),
        "plans": {
            plan.name: {
                "usd_month": plan.usd_month,
                "requests": plan.requests,
                "gb": plan.bytes / cost.GB,
                "max_mau": max_mau(plan, requests_each, bytes_each),
                "cheaper_than_pay_as_you_go_from_mau": break_even_mau(
                    plan, covered_fixed, covered_per_mau[worst]
                ),
            }
            for plan in FLAT_PLANS
        },
        "by_organisation_size": by_size,
        "throttling": THROTTLING,
    }
