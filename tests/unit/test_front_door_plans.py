"""The web distribution on a CloudFront flat-rate plan (bench/front_door.py): which plan a month fits
and what the bill is on it, beside the pay-as-you-go figures of the cost model."""

from __future__ import annotations

import math

import pytest

from bench import cost, front_door
from bench.front_door import FLAT_PLANS, allowance_used, plan_for
from tests.unit.test_cost_model import _document

FREE, PRO, BUSINESS = FLAT_PLANS
GB = cost.GB


def test_plans_are_dated_and_priced_as_cloudfront_sells_them() -> None:
    assert front_door.PLANS_AS_OF == cost.PRICES_AS_OF
    assert [(p.name, p.usd_month, p.requests) for p in FLAT_PLANS] == [
        ("free", 0.0, 1_000_000),
        ("pro", 15.0, 10_000_000),
        ("business", 200.0, 125_000_000),
    ]
    assert FREE.bytes == 100 * GB and PRO.bytes == BUSINESS.bytes == 50 * 1024 * GB


def test_a_month_uses_the_larger_share_of_its_requests_or_its_bytes() -> None:
    assert allowance_used(FREE, 250_000, 10 * GB) == pytest.approx(0.25)
    assert allowance_used(FREE, 100_000, 40 * GB) == pytest.approx(0.40)


def test_a_month_takes_the_cheapest_plan_it_fills_at_most_half_of() -> None:
    assert plan_for(500_000, 1 * GB) is FREE  # exactly half: traffic can still double
    assert plan_for(500_001, 1 * GB) is PRO
    assert plan_for(100_000, 51 * GB) is PRO  # few requests, but over half of Free's bytes
    assert plan_for(5_000_001, 1 * GB) is BUSINESS
    assert plan_for(62_500_001, 1 * GB) is None  # beyond what a setting offers: pay-as-you-go


def test_the_web_distribution_carries_the_apis_requests_and_the_apps_files() -> None:
    web_app = (
        cost.SESSIONS_PER_MAU_MONTH * cost.WEB.requests_per_session
        + cost.WEB.full_loads_per_mau_month * cost.WEB.requests_per_full_load
    )
    assert front_door.requests_per_mau() == pytest.approx(cost.api_requests_per_mau() + web_app)


def test_the_plan_covers_exactly_what_the_usage_bill_charges_for_the_web_distribution() -> None:
    """The plan's requests and bytes are the ones the pay-as-you-go lines it replaces are priced on."""
    document, members = _document(), 200
    lines = cost.usage_bill(document, members).lines
    requests = front_door.requests_per_mau() * members
    sent = front_door.bytes_per_mau(document["response_bytes"]) * members
    assert lines["CloudFront requests (API)"] + lines["CloudFront requests (web app)"] == pytest.approx(
        cost.price("cloudfront_request", requests)
    )
    assert lines["WAF requests"] + lines["WAF requests (web app)"] == pytest.approx(
        cost.price("waf_request", requests)
    )
    transfer = lines["CloudFront transfer out (API responses)"] + lines["CloudFront transfer out (web app)"]
    assert transfer == pytest.approx(cost.price("cloudfront_transfer_out", sent / GB))
    # Media downloads have their own distribution: no plan covers them.
    assert not any("media" in line for line in front_door.COVERED_USAGE_LINES)


def test_on_the_plan_a_deployment_pays_its_fee_instead_of_the_covered_lines_and_the_acl() -> None:
    document = _document()
    section = cost.cost_model(document, metric_count=40)
    plans = section["front_door_plans"]
    fixed = cost.fixed_bill(document, metric_count=40)
    acl = fixed.lines["WAF web ACL and rules"]
    assert plans["usd_fixed_per_deployment_month_before_fee"] == pytest.approx(fixed.total - acl, abs=0.01)
    for members in cost.ORGANISATION_SIZES:
        bill = cost.usage_bill(document, members)
        covered = sum(bill.lines.get(line, 0.0) for line in front_door.COVERED_USAGE_LINES)
        size = plans["by_organisation_size"][str(members)]
        plan = next(p for p in FLAT_PLANS if p.name == size["plan"])
        rest = (bill.total - covered) * 1000 / members
        assert size["usd_per_1000_mau_month"] == pytest.approx(rest, rel=0.01)
        assert size["usd_plan_month"] == plan.usd_month
        assert size["usd_deployment_month_pay_as_you_go"] == pytest.approx(fixed.total + bill.total, rel=0.01)
        assert size["usd_deployment_month_on_plan"] == pytest.approx(
            fixed.total - acl + plan.usd_month + bill.total - covered, rel=0.01
        )
        used = allowance_used(plan, size["requests_month"], size["gb_month"] * GB)
        assert size["allowance_used"] == pytest.approx(used, abs=0.001) and used <= front_door.FILL_LIMIT
        assert size["headroom"] == pytest.approx(1 - size["allowance_used"])
    assert "throttle" in plans["throttling"]


def test_the_headline_stays_the_pay_as_you_go_figure_of_the_deployed_default() -> None:
    section = cost.cost_model(_document(), metric_count=40)
    worst = section["usd_per_1000_mau_month_size"]
    headline = cost.usage_bill(_document(), worst).total * 1000 / worst
    assert section["usd_per_1000_mau_month"] == pytest.approx(headline, rel=0.01)
    assert section["front_door_plans"]["usd_per_1000_mau_month"] < section["usd_per_1000_mau_month"]


def test_each_plan_says_how_many_people_it_serves_and_from_when_it_is_cheaper() -> None:
    requests_each, bytes_each = 400.0, 1_000_000.0
    assert front_door.max_mau(FREE, requests_each, bytes_each) == math.floor(0.5 * 1_000_000 / 400)
    # Free costs nothing: cheaper than the web ACL alone from the first user.
    assert front_door.break_even_mau(FREE, 8.0, 0.001) == 0
    # Pro's $15 against the ACL's $8 and $1 per 1,000 users: from 7,000 users.
    assert front_door.break_even_mau(PRO, 8.0, 0.001) == 7_000
