"""The local emulator's check of a presigned POST, against what S3 documents (pure, no emulator)."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from botocore.config import Config

from local.s3_post_policy import check_post

SECRET = "local-secret"
BUCKET = "media"
KEY = "orgs/demo/media/01JMEDIA0000000000000000/a.png"


def s3_client(secret: str = SECRET) -> Any:
    """Signs as the app does (SigV4); creating it and signing are both offline."""
    session = boto3.session.Session(
        aws_access_key_id="AKIDLOCAL", aws_secret_access_key=secret, region_name="eu-west-1"
    )
    return session.client("s3", config=Config(signature_version="s3v4"))


def signed_form(expires_in: int = 600, secret: str = SECRET) -> tuple[dict[str, str], datetime]:
    """A form signed by boto3 as the app signs it; and when it was signed."""
    client = s3_client(secret)
    signed: dict[str, Any] = client.generate_presigned_post(
        Bucket=BUCKET,
        Key=KEY,
        Fields={"Content-Type": "image/png"},
        Conditions=[{"Content-Type": "image/png"}, ["content-length-range", 1, 100]],
        ExpiresIn=expires_in,
    )
    return dict(signed["fields"]), datetime.now(UTC)


def test_a_form_as_signed_passes() -> None:
    fields, now = signed_form()
    assert check_post(fields, BUCKET, 100, SECRET, now) is None
    assert check_post({k.upper(): v for k, v in fields.items()}, BUCKET, 1, SECRET, now) is None


def test_an_expired_policy_is_refused() -> None:
    fields, now = signed_form(expires_in=60)
    refusal = check_post(fields, BUCKET, 10, SECRET, now + timedelta(seconds=61))
    assert refusal is not None
    assert (refusal.status, refusal.code, refusal.message) == (
        403,
        "AccessDenied",
        "Invalid according to Policy: Policy expired.",
    )


@pytest.mark.parametrize(
    ("changed", "bucket", "failed"),
    [
        ({"Content-Type": "text/html"}, BUCKET, {"Content-Type": "image/png"}),
        ({"key": KEY + ".html"}, BUCKET, {"key": KEY}),
        ({}, "another-bucket", {"bucket": BUCKET}),
    ],
)
def test_each_condition_must_hold(changed: dict[str, str], bucket: str, failed: dict[str, str]) -> None:
    fields, now = signed_form()
    refusal = check_post({**fields, **changed}, bucket, 10, SECRET, now)
    assert refusal is not None and (refusal.status, refusal.code) == (403, "AccessDenied")
    assert refusal.message == f"Invalid according to Policy: Policy Condition failed: {json.dumps(failed)}"


def test_starts_with_and_eq_conditions_are_understood() -> None:
    signed = s3_client().generate_presigned_post(
        Bucket=BUCKET,
        Key="orgs/demo/${filename}",
        Conditions=[["starts-with", "$key", "orgs/demo/"], ["eq", "$success_action_status", "201"]],
    )
    fields, now = dict(signed["fields"]), datetime.now(UTC)
    fields["success_action_status"] = "201"
    assert check_post({**fields, "key": "orgs/demo/a.png"}, BUCKET, 10, SECRET, now) is None
    assert check_post({**fields, "key": "orgs/other/a.png"}, BUCKET, 10, SECRET, now) is not None
    assert check_post({**fields, "success_action_status": "200"}, BUCKET, 10, SECRET, now) is not None


def test_sizes_outside_the_range_are_entity_errors() -> None:
    fields, now = signed_form()
    large = check_post(fields, BUCKET, 101, SECRET, now)
    small = check_post(fields, BUCKET, 0, SECRET, now)
    assert large is not None and (large.status, large.code) == (400, "EntityTooLarge")
    assert large.extra == {"ProposedSize": "101", "MaxSizeAllowed": "100"}
    assert small is not None and (small.status, small.code) == (400, "EntityTooSmall")


def test_fields_outside_the_policy_are_refused_except_the_ones_s3_ignores() -> None:
    fields, now = signed_form()
    extra = check_post({**fields, "x-amz-meta-owner": "me"}, BUCKET, 10, SECRET, now)
    assert (
        extra is not None
        and extra.message == "Invalid according to Policy: Extra input fields: x-amz-meta-owner"
    )
    assert check_post({**fields, "x-ignore-note": "anything", "file": "..."}, BUCKET, 10, SECRET, now) is None


def test_a_policy_not_signed_with_the_secret_is_refused() -> None:
    fields, now = signed_form(secret="someone-elses-secret")
    refusal = check_post(fields, BUCKET, 10, SECRET, now)
    assert refusal is not None and (refusal.status, refusal.code) == (403, "SignatureDoesNotMatch")

    fields, now = signed_form()
    policy = json.loads(base64.b64decode(fields["policy"]))
    policy["expiration"] = "2099-01-01T00:00:00Z"
    tampered = {**fields, "policy": base64.b64encode(json.dumps(policy).encode()).decode()}
    refusal = check_post(tampered, BUCKET, 10, SECRET, now)
    assert refusal is not None and refusal.code == "SignatureDoesNotMatch"


def test_a_form_without_a_policy_is_an_anonymous_write_and_refused() -> None:
    refusal = check_post({"key": KEY, "Content-Type": "image/png"}, BUCKET, 10, SECRET, datetime.now(UTC))
    assert refusal is not None
    assert (refusal.status, refusal.code, refusal.message) == (403, "AccessDenied", "Access Denied")


def test_the_refusal_is_s3s_xml_error() -> None:
    fields, now = signed_form()
    refusal = check_post(fields, BUCKET, 101, SECRET, now)
    assert refusal is not None
    status, headers, body = refusal.response()
    assert status == 400 and headers == {"Content-Type": "application/xml"}
    assert body.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>EntityTooLarge</Code>')
    assert "<ProposedSize>101</ProposedSize><MaxSizeAllowed>100</MaxSizeAllowed>" in body
