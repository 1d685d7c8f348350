"""What the bench's log measurement hands the cost model: bytes per kind of invocation."""

from __future__ import annotations

from typing import Any

from bench.log_volume import (
    AWS_REQUEST_ID_BYTES,
    CONSUMER_BATCHES,
    JOB_RUNS,
    READS,
    WRITES,
    per_invocation_bytes,
)


def _printed(
    request_lines: list[int] | None = None,
    documents: list[int] | None = None,
    others: list[int] | None = None,
) -> dict[str, Any]:
    return {
        "request_line_bytes": request_lines or [],
        "metrics_documents": len(documents or []),
        "metrics_document_bytes": documents or [],
        "other_lines": len(others or []),
        "other_line_bytes": others or [],
    }


def _measured(job: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        READS[0]: _printed([300]),
        READS[1]: _printed([380]),
        WRITES[0]: _printed([430], [230]),
        WRITES[1]: _printed([450], [250]),
        CONSUMER_BATCHES[0]: _printed(documents=[260], others=[100]),
        JOB_RUNS[0]: job,
    }


def test_a_request_line_is_the_measured_average_with_lambdas_request_id_in_it() -> None:
    figures = per_invocation_bytes(_measured(_printed(others=[170])), 0.05)
    assert figures["request_line_bytes"] == (300 + 380 + 430 + 450) / 4 + AWS_REQUEST_ID_BYTES
    assert figures["request_log_sample_rate"] == 0.05


def test_reads_that_counted_nothing_flush_no_metrics_and_writes_flush_what_they_printed() -> None:
    figures = per_invocation_bytes(_measured(_printed(others=[170])), 0.05)
    assert figures["read_metrics_bytes"] == 0
    assert figures["write_metrics_bytes"] == 240


def test_a_consumer_batch_counts_every_line_it_wrote() -> None:
    assert per_invocation_bytes(_measured(_printed(others=[170])), 0.05)["consumer_batch_bytes"] == 360


def test_a_job_run_that_reminded_nobody_is_priced_with_the_metrics_a_run_that_does_flushes() -> None:
    quiet = per_invocation_bytes(_measured(_printed(others=[170, 190])), 0.05)
    average_document = (230 + 250 + 260) / 3
    assert quiet["job_run_bytes"] == round(170 + 190 + average_document)
    busy = per_invocation_bytes(_measured(_printed(documents=[300], others=[170, 190])), 0.05)
    assert busy["job_run_bytes"] == 170 + 190 + 300
