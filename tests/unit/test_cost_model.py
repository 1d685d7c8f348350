"""The cost model (bench/cost.py): measured figures priced with public on-demand prices."""

from __future__ import annotations

import math
from typing import Any

import pytest

from bench import cost
from bench.cost import ACTIVE_MINUTES_PER_MONTH, PRICES, PROFILE, Bill


def _operation(ddb_requests: int, rcu: float, wcu: float) -> dict[str, Any]:
    return {"ddb_requests": ddb_requests, "rcu": rcu, "wcu": wcu}


def _upkeep(
    idle_job: dict[str, Any], active_job: dict[str, Any], window_events: int = 10, bytes_added: int = 0
) -> dict[str, Any]:
    return {
        "schedules": {
            "sweep_campaigns": {"expression": "rate(5 minutes)", "firings_per_month": 8_640},
            "nightly_member_counts": {"expression": "cron(15 1 * * ? *)", "firings_per_month": 30},
        },
        "active_minutes": 10,
        "window_events": window_events,
        "usage": {
            "active": {
                "on_table_change": {"invocations": 20, "ddb_requests": 100, "rcu": 50, "wcu": 200},
                "sweep_campaigns": active_job,
            },
            "idle": {
                "sweep_campaigns": idle_job,
            },
            "single": {"nightly_member_counts": {"invocations": 1, "ddb_requests": 3, "rcu": 3, "wcu": 2}},
        },
        "table_before_window": {"items": 1000, "bytes": 400_000, "index_entries": 300, "index_bytes": 90_000},
        "table_after": {
            "items": 1010,
            "bytes": 400_000 + bytes_added,
            "index_entries": 300,
            "index_bytes": 90_000,
        },
    }


def _document(
    idle_job: dict[str, Any] | None = None, active_job: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A bench document with every operation the profile uses at 1 request, 1 RCU and 1 WCU."""
    operations = {use.operation: _operation(1, 1, 1) for use in PROFILE}
    operations |= {use.operation: _operation(2, 2, 4) for use in cost.CONSUMER_EVENTS}
    operations |= {use.operation: _operation(2, 2, 4) for use in cost.PROGRAMME_JOBS}
    operations["job:refresherReminders"] = _operation(4, 2, 2)
    operations["job:workshopReminder"] = _operation(4, 2.5, 5)
    operations["identity:profile"] = _operation(1, 1, 1)  # the unread count carried costs nothing here
    operations["job:intervisionReminder"] = _operation(10, 3, 20)
    idle = idle_job or {"invocations": 10, "ddb_requests": 350, "rcu": 180, "wcu": 0}
    active = active_job or {"invocations": 10, "ddb_requests": 900, "rcu": 1180, "wcu": 500}
    return {
        "operations": operations,
        "response_bytes": {use.operation: 1000 for use in PROFILE},
        "cold_import_ms": {
            "api": 300.0,
            "boto3": 150.0,
            "on_table_change": 200.0,
            "on_media_uploaded": 180.0,
            "nightly_member_counts": 180.0,
            "sweep_campaigns": 190.0,
            "run_scheduled_job": 190.0,
        },
        # Wall clock follows the machine's load: the model must not bill from it.
        "cold_import_wall_ms": {"app": 600.0, "boto3": 240.0, "python": 28.0},
        "upkeep": {str(size): _upkeep(idle, active) for size in cost.ORGANISATION_SIZES},
    }


# Units and prices ---------------------------------------------------------------------------------


def test_prices_are_dated_and_given_per_unit() -> None:
    assert cost.PRICES_AS_OF == "2026-12-07" and cost.REGION == "eu-west-1"
    assert PRICES["waf_request"].each == pytest.approx(0.6e-6)
    assert PRICES["dynamodb_write"].each == pytest.approx(0.7068e-6)
    assert PRICES["dynamodb_stream_read_by_lambda"].each == 0  # Lambda triggers read streams for free


def test_lambda_bills_memory_times_duration_rounded_up_to_the_millisecond() -> None:
    assert cost.gb_seconds(1024, 10.2) == pytest.approx(0.011)
    assert cost.gb_seconds(512, 10.0) == pytest.approx(0.005)


def test_compute_is_priced_at_the_deployed_architectures_gigabyte_second() -> None:
    """Graviton (arm64) bills a GB-second 20 % below x86_64; requests cost the same on both."""
    assert cost.DEPLOYMENT.architecture == "arm64"
    arm, x86 = PRICES["lambda_compute_arm64"].each, PRICES["lambda_compute_x86_64"].each
    assert arm == pytest.approx(0.8 * x86, rel=1e-4)
    assert cost.lambda_compute(1_000) == pytest.approx(1_000 * PRICES["lambda_compute_arm64"].each)


def test_an_invocation_lasts_its_own_work_plus_its_dynamodb_requests() -> None:
    assert cost.invocation_ms(0) == cost.LAMBDA.base_ms
    assert cost.invocation_ms(3) == cost.LAMBDA.base_ms + 3 * cost.LAMBDA.ms_per_ddb_request


def test_xray_records_every_request_below_one_a_second_and_five_percent_of_the_rest() -> None:
    assert cost.xray_traced_share(0.3) == 1.0
    assert cost.xray_traced_share(21.0) == pytest.approx((1 + 0.05 * 20) / 21)


def test_stored_bytes_count_100_bytes_of_overhead_per_item_and_per_index_entry() -> None:
    table = {"items": 10, "bytes": 5_000, "index_entries": 4, "index_bytes": 1_000}
    assert cost.storage_bytes(table) == 5_000 + 1_000 + 100 * 14


def test_alarm_metrics_follow_the_functions_and_the_indexes() -> None:
    assert cost.alarm_metrics(functions=7, indexes=1) == 14 + 1 + 1 + 4 + 1 + 2
    assert cost.DEPLOYMENT.alarm_metrics == cost.alarm_metrics(len(cost.DEPLOYMENT.function_memory_mb), 1)


# Counting metric names ----------------------------------------------------------------------------


def test_metric_names_are_the_literal_names_the_code_can_emit() -> None:
    source = """
count_business_event("PostPublished" if published else "PostHeld")
count_business_event("MemberInvited")
count_business_event("MemberInvited")
count_business_event(f"Campaign{step.kind.capitalize()}")
metrics.add_metric(name="Direct", unit="Count", value=1)
log_something("NotAMetric")
"""
    assert cost.metric_names([source]) == {
        "PostPublished",
        "PostHeld",
        "MemberInvited",
        "CampaignOpen",
        "CampaignRemind",
        "CampaignClose",
        "Direct",
    }


def test_the_model_counts_the_handful_of_metrics_the_business_events_are_published_under() -> None:
    from chalicelib.observability import EVENT_METRICS, METRIC_NAMES, OTHER_ACTIVITY

    events = cost.metric_names(
        path.read_text() for path in (cost.Path(__file__).resolve().parents[2] / "chalicelib").rglob("*.py")
    )
    assert {"PostPublished", "PointsAwarded", "StreamRecordDeadLettered"} <= events
    assert events <= set(EVENT_METRICS), "an event with no metric of its own kind counts as OtherActivity"
    names = cost.code_metric_names(cost.Path(__file__).resolve().parents[2])
    assert {"Participation", "Gamification", "StreamRecordDeadLettered"} <= names <= METRIC_NAMES
    assert OTHER_ACTIVITY not in names
    assert len(names) <= 8


def test_the_apis_sampling_rule_keeps_one_request_a_second_and_one_percent_of_the_rest() -> None:
    assert cost.api_traced_share(0.5) == 1.0
    assert cost.api_traced_share(101.0) == pytest.approx((1 + 0.01 * 100) / 101)


def test_x_ray_is_priced_beside_the_figures_while_no_stage_traces() -> None:
    assert cost.DEPLOYMENT.tracing is False
    section = cost.cost_model(_document(), metric_count=7)
    usage = section["by_organisation_size"]["1000"]["lines_per_1000_mau"]
    assert not any(line.startswith("X-Ray") for line in [*usage, *section["fixed_lines"]])
    assert section["xray_if_tracing"]["usd_per_1000_mau_month"] > 0
    assert section["xray_if_tracing"]["usd_fixed_per_deployment_month"] > 0


def test_the_web_app_and_media_are_priced_as_cloudfront_serves_them() -> None:
    lines = cost.usage_bill(_document(), 200).lines
    for line in (
        "CloudFront requests (API)",
        "CloudFront requests (web app)",
        "CloudFront transfer out (web app)",
        "CloudFront Functions (web app routes)",
        "CloudFront requests (media)",
        "CloudFront transfer out (media downloads)",
    ):
        assert lines[line] > 0, line
    media = cost.MEDIA_DOWNLOADS_PER_MAU_MONTH * 200 * cost.MEDIA.download_bytes / cost.GB
    assert lines["CloudFront transfer out (media downloads)"] == pytest.approx(media * 0.085)


def test_every_file_the_web_app_asks_for_is_a_request_its_web_acl_and_routes_function_see() -> None:
    # Sessions revalidate a few files (tests/e2e/web/test_returning_session.py counts them); a new
    # version sends every file the service worker precaches: requests too, not only bytes.
    members = 200
    lines = cost.usage_bill(_document(), members).lines
    per_member = cost.SESSIONS_PER_MAU_MONTH * cost.WEB.requests_per_session
    per_member += cost.WEB.full_loads_per_mau_month * cost.WEB.requests_per_full_load
    assert cost.web_requests_per_mau_month() == per_member
    requests = per_member * members
    assert lines["CloudFront requests (web app)"] == pytest.approx(cost.price("cloudfront_request", requests))
    assert lines["WAF requests (web app)"] == pytest.approx(cost.price("waf_request", requests))
    # The routes function runs on the viewer request of each file, not once a session.
    assert lines["CloudFront Functions (web app routes)"] == pytest.approx(
        cost.price("cloudfront_function", requests)
    )


# The jobs, from the upkeep measurement ------------------------------------------------------------


def test_an_idle_job_costs_its_idle_run_at_every_firing_of_the_month() -> None:
    upkeep = _upkeep(
        {"invocations": 10, "ddb_requests": 350, "rcu": 180, "wcu": 0},
        {"invocations": 10, "ddb_requests": 350, "rcu": 180, "wcu": 0},
    )
    jobs = {job.function: job for job in cost.job_months(upkeep)}
    sweeper = jobs["sweep_campaigns"]
    assert sweeper.idle.ddb_requests == pytest.approx(35 * 8_640)
    assert sweeper.idle.rcu == pytest.approx(18 * 8_640)
    assert sweeper.activity.rcu == 0 and sweeper.activity.wcu == 0  # activity added nothing
    nightly = jobs["nightly_member_counts"]  # never fired while idle: its single run, 30 times
    assert nightly.idle.rcu == pytest.approx(3 * 30)


def test_activity_adds_what_the_active_minutes_cost_beyond_idle_runs() -> None:
    upkeep = _upkeep(
        {"invocations": 10, "ddb_requests": 350, "rcu": 180, "wcu": 0},
        {"invocations": 10, "ddb_requests": 900, "rcu": 1180, "wcu": 500},
    )
    sweeper = next(job for job in cost.job_months(upkeep) if job.function == "sweep_campaigns")
    per_active_minute = (1180 - 180) / 10
    assert sweeper.activity.rcu == pytest.approx(per_active_minute * ACTIVE_MINUTES_PER_MONTH)
    assert sweeper.activity.wcu == pytest.approx(500 / 10 * ACTIVE_MINUTES_PER_MONTH)
    assert sweeper.activity.invocations == 0  # invocations come from the schedule, not from activity


def test_the_consumer_is_priced_per_wall_event_measured() -> None:
    per_event = cost.consumer_per_wall_event(_upkeep({}, {}, window_events=10))
    assert (per_event.invocations, per_event.ddb_requests, per_event.rcu, per_event.wcu) == (2, 10, 5, 20)


# The bills ----------------------------------------------------------------------------------------


def test_usage_prices_every_request_of_the_profile_through_cloudfront_the_acl_and_dynamodb() -> None:
    bill = cost.usage_bill(_document(), 200)
    requests = cost.api_requests_per_mau() * 200
    assert not any("API Gateway" in line for line in bill.lines)  # a function URL behind CloudFront
    assert bill.lines["CloudFront requests (API)"] == pytest.approx(requests * 0.012 / 10_000)
    assert bill.lines["WAF requests"] == pytest.approx(requests * 0.6e-6)
    assert bill.lines["DynamoDB (API requests)"] == pytest.approx(cost.dynamodb(requests, requests))
    assert bill.lines["Lambda requests (API)"] == pytest.approx(requests * 0.2e-6)


def test_the_api_logs_a_sampled_request_line_and_metrics_for_writes_but_no_platform_lines() -> None:
    """Every profile operation here writes (1 WCU): one EMF document each, and the sampled share of
    request lines; Lambda's START/END/REPORT lines are off (SystemLogLevel WARN)."""
    assert cost.DEPLOYMENT.platform_log_lines is False
    only_api = cost.Bill()
    requests = cost.api_requests_per_mau() * 200
    per_request = (
        cost.LOGS.request_line_bytes * cost.LOGS.request_lines_per_request + cost.LOGS.metrics_line_bytes
    )
    cost.lambda_cost(only_api, "API", "api_handler", requests, requests, 100.0, per_request)
    assert only_api.lines["CloudWatch Logs ingestion"] == pytest.approx(
        requests * per_request * 0.57 / cost.GB
    )
    assert cost.LOGS.request_lines_per_request < 0.1  # not a line for every request


def test_a_profile_operation_the_bench_did_not_measure_is_an_error_not_a_zero() -> None:
    document = _document()
    del document["operations"]["reactToPost"]
    with pytest.raises(KeyError):
        cost.usage_bill(document, 200)


def test_billed_init_is_the_stated_interpreter_start_plus_each_functions_measured_cold_import() -> None:
    document = _document()
    start = cost.LAMBDA.interpreter_start_ms
    assert cost.init_ms(document, "api_handler") == pytest.approx(start + 300.0)
    assert cost.init_ms(document, "on_table_change") == pytest.approx(start + 200.0)
    slower = _document()
    slower["cold_import_ms"]["api"] = 300.0 + start + 300.0  # the API's whole init now twice as long
    fast, slow = cost.usage_bill(document, 200), cost.usage_bill(slower, 200)
    assert slow.lines["Lambda billed init (API)"] == pytest.approx(2 * fast.lines["Lambda billed init (API)"])
    # The consumer's init is its own figure, not the API's.
    assert slow.lines["Lambda billed init (stream consumer)"] == pytest.approx(
        fast.lines["Lambda billed init (stream consumer)"]
    )


def test_a_cold_consumer_is_billed_for_its_first_batch_where_the_bench_measured_one() -> None:
    document = _document()
    start = cost.LAMBDA.interpreter_start_ms
    document["cold_start_first_batch_ms"] = {"on_table_change": 450.0}  # imports only: 200
    assert cost.init_ms(document, "on_table_change") == pytest.approx(start + 450.0)
    assert cost.init_ms(document, "api_handler") == pytest.approx(start + 300.0)


def test_billed_init_does_not_follow_the_noisy_wall_clock() -> None:
    document = _document()
    busy = _document()
    busy["cold_import_wall_ms"] = {"app": 5000.0, "boto3": 2000.0, "python": 300.0}
    assert cost.usage_bill(busy, 200).lines == cost.usage_bill(document, 200).lines
    assert cost.fixed_bill(busy, 5).lines == cost.fixed_bill(document, 5).lines


def test_a_function_the_cold_import_bench_did_not_measure_is_an_error_not_a_zero() -> None:
    document = _document()
    del document["cold_import_ms"]["sweep_campaigns"]
    with pytest.raises(KeyError):
        cost.fixed_bill(document, 5)


def test_an_idle_organisation_pays_for_the_jobs_runs_and_its_data_only() -> None:
    quiet = {"invocations": 10, "ddb_requests": 0, "rcu": 0, "wcu": 0}
    idle = cost.idle_org_bill(_document(idle_job=quiet))
    assert "DynamoDB (scheduled jobs, idle)" in idle.lines  # the sweep and the nightly run still read
    polling = cost.idle_org_bill(_document())
    assert polling.total > idle.total
    stored = cost.storage_bytes(_upkeep({}, {})["table_before_window"])
    assert idle.lines["DynamoDB storage"] == pytest.approx(stored / cost.GB * 0.283)


def test_the_deployment_pays_for_the_acl_metrics_alarms_secret_and_key_whatever_the_use() -> None:
    fixed = cost.fixed_bill(_document(), metric_count=40)
    assert fixed.lines["WAF web ACL and rules"] == 5 + 3 * 1
    assert fixed.lines["CloudWatch custom metrics"] == pytest.approx(40 * 0.30)
    assert fixed.lines["Secrets Manager secret"] == 0.40
    every_five_minutes = 8_640  # the sweeper; nothing polls every minute
    assert fixed.lines["Lambda requests (scheduled functions)"] == pytest.approx(
        (every_five_minutes + 30) * 0.2e-6
    )


def test_the_cost_section_reports_the_figures_and_the_drivers_of_usage() -> None:
    section = cost.cost_model(_document(), metric_count=40)
    assert section["prices_as_of"] == "2026-12-07"
    sizes = section["by_organisation_size"]
    worst = max(sizes.values(), key=lambda size: size["usd_per_1000_mau_month"])
    assert section["usd_per_1000_mau_month"] == worst["usd_per_1000_mau_month"]
    drivers = section["top_drivers"]
    assert [d["usd"] for d in drivers] == sorted((d["usd"] for d in drivers), reverse=True)
    assert (
        math.isclose(sum(d["share"] for d in drivers), 1.0, abs_tol=0.01)
        or sum(d["share"] for d in drivers) < 1.0
    )
    assert section["usd_fixed_per_deployment_month"] > 8  # at least the web ACL and its rules
    assert section["usd_idle_org_month"] > 0


def test_bill_top_gives_each_line_its_share_of_the_total() -> None:
    bill = Bill({"a": 3.0, "b": 1.0})
    assert bill.top() == [{"name": "a", "usd": 3.0, "share": 0.75}, {"name": "b", "usd": 1.0, "share": 0.25}]


def test_the_profile_names_only_operations_the_api_declares() -> None:
    from chalicelib.api.routing import all_operations

    declared = {operation.operation_id for operation in all_operations()}
    assert {use.operation.split(":", 1)[0] for use in PROFILE} <= declared


def test_what_activity_adds_to_the_table_is_priced_for_a_year_unless_its_ttl_removes_it_sooner() -> None:
    kept_only = _upkeep({}, {}, window_events=10, bytes_added=10_000)
    expiring = _upkeep({}, {}, window_events=10, bytes_added=10_000)
    expiring["table_before_window"]["expiring_stored_bytes"] = 2_000
    expiring["table_after"]["expiring_stored_bytes"] = 2_000 + 4_000  # 4,000 of the bytes added expire
    before, after = kept_only["table_before_window"], kept_only["table_after"]
    grown = cost.storage_bytes(after) - cost.storage_bytes(before)
    assert cost.stored_growth_per_event(kept_only) == (grown / 10, 0)
    assert cost.stored_growth_per_event(expiring) == ((grown - 4_000) / 10, 400)

    document = _document()
    document["upkeep"]["200"] = kept_only
    whole_year = cost.usage_bill(document, 200).lines["DynamoDB storage"]
    document["upkeep"]["200"] = expiring
    partly_expiring = cost.usage_bill(document, 200).lines["DynamoDB storage"]
    events = cost.scoring_events_per_mau_month() * 200
    # Past periods' board entries, copied as members move on, are kept too (the window sees none).
    copied = cost.PERIOD_COPIES_PER_MAU_MONTH * 200 * cost.PERIOD_COPY_STORED_BYTES * 12
    expected = events * ((grown - 4_000) / 10 * 12 + 400 * cost.EXPIRING_MONTHS) + copied
    assert partly_expiring == pytest.approx(expected / cost.GB * 0.283)
    assert partly_expiring < whole_year


def test_the_profile_asks_for_the_unread_count_as_often_as_the_web_app_does() -> None:
    import re
    from pathlib import Path

    web = Path(__file__).resolve().parents[2] / "web" / "src"
    max_age = re.search(r"const UNREAD_MAX_AGE_MS = ([\d_]+);", (web / "unread.ts").read_text())
    assert max_age is not None
    assert int(max_age.group(1).replace("_", "")) == cost.UNREAD_MAX_AGE_SECONDS * 1000
    # A screen change asks on the screen's own first request; a request of its own only for a stale count.
    app = (web / "app.tsx").read_text()
    assert app.count("refreshUnread()") == 1 and "unreadIsStale()) void refreshUnread()" in app
    assert "wantUnread();" in app
    asked = next(use for use in PROFILE if use.operation == "getUnreadNotificationCount")
    assert asked.per_mau_month == cost.UNREAD_ASKS_PER_SESSION * cost.SESSIONS_PER_MAU_MONTH
    assert cost.UNREAD_ASKS_PER_SESSION < cost.MINUTES_IN_VIEW_PER_SESSION * 60 / cost.UNREAD_MAX_AGE_SECONDS
    read = next(use for use in PROFILE if use.operation == "markNotificationRead")
    carried = cost.UNREAD_CARRIED_PER_SESSION * cost.SESSIONS_PER_MAU_MONTH + read.per_mau_month
    assert carried == cost.CARRIED_UNREAD_PER_MAU_MONTH


def test_the_profile_counts_the_video_reports_the_player_sends() -> None:
    import re
    from pathlib import Path

    player = (
        Path(__file__).resolve().parents[2] / "web" / "src" / "screens" / "video" / "VideoWatch.tsx"
    ).read_text()

    def constant(name: str) -> int:
        found = re.search(rf"const {name} = ([\d_]+);", player)
        assert found is not None, name
        return int(found.group(1).replace("_", ""))

    assert constant("FIRST_REPORT_AFTER_MS") == cost.VIDEO_FIRST_REPORT_SECONDS * 1000
    assert constant("REPORT_EVERY_MS") == cost.VIDEO_REPORT_EVERY_SECONDS * 1000
    reports = next(use for use in PROFILE if use.operation == "reportVideoViewing")
    assert (
        reports.per_mau_month == cost.VIDEO_OPENINGS_PER_MAU_MONTH * 4
    )  # first, a minute on, a cue, the end
    woken = next(use for use in cost.CONSUMER_EVENTS if use.operation == "consumer:videoReport")
    assert woken.per_mau_month == reports.per_mau_month + 3  # each report, and the cue answers, reach it


def test_the_unread_count_carried_on_answers_costs_its_read_but_no_request() -> None:
    document = _document()
    operations = document["operations"]
    operations["getUnreadNotificationCount"] = _operation(2, 2, 0)
    operations["identity:profile"] = _operation(1, 1, 0)
    carried = cost.carried_unread(operations)
    assert (carried.invocations, carried.ddb_requests, carried.rcu, carried.wcu) == (0, 1, 1, 0)
    bill = cost.usage_bill(document, 200)
    requests = cost.api_requests_per_mau() * 200
    assert bill.lines["Lambda requests (API)"] == pytest.approx(requests * 0.2e-6)
    rcu = sum(use.per_mau_month * operations[use.operation]["rcu"] for use in PROFILE) * 200
    wcu = sum(use.per_mau_month * operations[use.operation]["wcu"] for use in PROFILE) * 200
    extra = cost.CARRIED_UNREAD_PER_MAU_MONTH * 200
    assert bill.lines["DynamoDB (API requests)"] == pytest.approx(cost.dynamodb(rcu + extra, wcu))


def test_items_there_is_one_of_per_member_are_priced_as_they_are_not_as_a_years_growth() -> None:
    # A window in which 3,000 of the 10,000 bytes added are members' first community scores and
    # board entries: rewritten in place later, not added again by every event.
    upkeep = _upkeep({}, {}, window_events=10, bytes_added=10_000)
    upkeep["table_before_window"]["stored_bytes_by_type"] = {"community_score": 5_000, "post": 20_000}
    upkeep["table_after"]["stored_bytes_by_type"] = {
        "community_score": 6_500,
        "board_entry": 1_500,
        "post": 27_000,
    }
    before, after = upkeep["table_before_window"], upkeep["table_after"]
    grown = cost.storage_bytes(after) - cost.storage_bytes(before)
    assert cost.stored_growth_per_event(upkeep) == ((grown - 3_000) / 10, 0)

    document = _document()
    document["upkeep"]["200"] = upkeep
    stored = cost.usage_bill(document, 200).lines["DynamoDB storage"]
    events = cost.scoring_events_per_mau_month() * 200
    copied = cost.PERIOD_COPIES_PER_MAU_MONTH * 200 * cost.PERIOD_COPY_STORED_BYTES * 12
    expected = events * (grown - 3_000) / 10 * 12 + copied + 8_000  # the per-member items, once
    assert stored == pytest.approx(expected / cost.GB * 0.283)


# Logs, from the bench's measurement ------------------------------------------------------------------


def _logged(**measured: float) -> dict[str, Any]:
    return {"per_invocation_bytes": measured}


def test_logs_are_priced_from_the_bytes_the_bench_measured_and_the_apps_sample_rate() -> None:
    document = _document()
    document["log_volume"] = _logged(
        request_line_bytes=500,
        request_log_sample_rate=0.1,
        read_metrics_bytes=0,
        write_metrics_bytes=200,
        consumer_batch_bytes=300,
        job_run_bytes=600,
    )
    logged = cost.log_bytes(document)
    assert logged.lines_per_request == pytest.approx(0.1 + cost.LOGS.always_written_share)
    # A quarter of the requests write: a sampled line each, metrics for the writes only.
    assert logged.api_request(0.25) == pytest.approx(500 * 0.11 + 0.25 * 200)
    assert (logged.consumer_batch, logged.job_run) == (300, 600)
    assert logged.media_batch == cost.LOGS.metrics_line_bytes  # never measured: the assumption
    section = cost.cost_model(document, metric_count=7)["logs"]
    assert section["sources"]["media_batch"] == "assumed"
    assert {section["sources"][name] for name in ("request_line", "write_metrics", "job_run")} == {"measured"}


def test_without_a_measurement_logs_are_priced_from_the_stated_assumption_and_say_so() -> None:
    logged = cost.log_bytes(_document())
    assert logged.request_line == cost.LOGS.request_line_bytes
    assert logged.lines_per_request == cost.LOGS.request_lines_per_request
    assert logged.api_request(1.0) == pytest.approx(
        cost.LOGS.request_line_bytes * cost.LOGS.request_lines_per_request + cost.LOGS.metrics_line_bytes
    )
    assert set(logged.sources.values()) == {"assumed"}


def test_every_job_run_ingests_the_bytes_measured_for_a_job_run() -> None:
    light, heavy = _document(), _document()
    light["log_volume"] = _logged(job_run_bytes=100)
    heavy["log_volume"] = _logged(job_run_bytes=1_100)
    ingestion = "CloudWatch Logs ingestion"
    heavy_bill, light_bill = cost.usage_bill(heavy, 200), cost.usage_bill(light, 200)
    added = heavy_bill.lines[ingestion] - light_bill.lines[ingestion]
    jobs = ("one-time jobs", "refresher reminders", "workshop reminders", "intervision reminders")
    runs = sum(heavy_bill.lines[f"Lambda requests ({job})"] for job in jobs) / PRICES["lambda_request"].each
    assert added == pytest.approx(runs * 1_000 * PRICES["logs_ingestion"].each / cost.GB)
