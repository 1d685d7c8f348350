"""Locally, as on S3, an upload form only takes what the app signed it for.

moto stores any form POST; the local emulator checks the signed POST policy first, the way S3
documents it (sigv4-HTTPPOSTConstructPolicy): a broken condition is 403 AccessDenied, a file
outside content-length-range is 400 EntityTooLarge / EntityTooSmall, and nothing is stored.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import boto3
import pytest
import requests

from chalicelib import bootstrap
from chalicelib.media import uploads
from chalicelib.media.rules import MB
from chalicelib.principal import Principal
from local import emulator
from local.emulator import LocalResources
from tests.support.media import HTML_BYTES, PNG_BYTES, signed_policy
from tests.support.stack import start_test_stack

UPLOADER = Principal("policy-org", "uploader", "uploader@policy-org.kring.test", frozenset())


@pytest.fixture(scope="module")
def stack() -> LocalResources:
    resources = start_test_stack()
    bootstrap.ready()  # the store talks to the emulator's table, as in every handler
    return resources


def s3(resources: LocalResources) -> Any:
    return boto3.client("s3", endpoint_url=resources.endpoint_url, region_name=emulator.LOCAL_REGION)


def stored_keys(resources: LocalResources, prefix: str) -> list[str]:
    listed = s3(resources).list_objects_v2(Bucket=resources.media_bucket, Prefix=prefix)
    return [obj["Key"] for obj in listed.get("Contents", [])]


def form_for(content_type: str = "image/png", size: int = len(PNG_BYTES)) -> uploads.Upload:
    return uploads.start_upload(UPLOADER, content_type, size, "photo.png")


def send(upload: uploads.Upload, content: bytes, **changed: str) -> requests.Response:
    fields = {**upload.form.fields, **changed}
    return requests.post(upload.form.url, data=fields, files={"file": ("photo.png", content)}, timeout=30)


def error_of(reply: requests.Response) -> tuple[int, str, str]:
    code = reply.text.split("<Code>")[1].split("</Code>")[0]
    message = reply.text.split("<Message>")[1].split("</Message>")[0]
    return reply.status_code, code, message


def test_the_form_as_signed_is_stored(stack: LocalResources) -> None:
    upload = form_for()
    assert send(upload, PNG_BYTES).status_code == 204
    assert stored_keys(stack, upload.item.object_key) == [upload.item.object_key]


def test_a_file_above_the_types_maximum_is_refused(stack: LocalResources) -> None:
    upload = form_for()  # image/png: at most 10 MB, whatever size was declared
    reply = send(upload, PNG_BYTES + b"\0" * (10 * MB))
    status, code, _ = error_of(reply)
    assert (status, code) == (400, "EntityTooLarge")
    assert f"<MaxSizeAllowed>{10 * MB}</MaxSizeAllowed>" in reply.text
    assert stored_keys(stack, upload.item.object_key) == []


def test_an_empty_file_is_refused(stack: LocalResources) -> None:
    upload = form_for()
    assert error_of(send(upload, b""))[:2] == (400, "EntityTooSmall")
    assert stored_keys(stack, upload.item.object_key) == []


def test_another_content_type_is_refused(stack: LocalResources) -> None:
    upload = form_for()
    status, code, message = error_of(send(upload, HTML_BYTES, **{"Content-Type": "text/html"}))
    assert (status, code) == (403, "AccessDenied")
    assert message == 'Invalid according to Policy: Policy Condition failed: {"Content-Type": "image/png"}'
    assert stored_keys(stack, upload.item.object_key) == []


def test_another_key_is_refused(stack: LocalResources) -> None:
    upload, other = form_for(), form_for()
    elsewhere = [other.item.object_key, "orgs/another-org/media/01JOTHER0000000000000000/photo.png"]
    for key in elsewhere:
        status, code, message = error_of(send(upload, PNG_BYTES, key=key))
        assert (status, code) == (403, "AccessDenied")
        assert message.startswith('Invalid according to Policy: Policy Condition failed: {"key"')
        assert stored_keys(stack, key) == []
    assert stored_keys(stack, upload.item.object_key) == []


def test_a_field_the_policy_does_not_name_is_refused(stack: LocalResources) -> None:
    upload = form_for()
    status, code, message = error_of(send(upload, PNG_BYTES, acl="public-read"))
    assert (status, code, message) == (
        403,
        "AccessDenied",
        "Invalid according to Policy: Extra input fields: acl",
    )
    assert stored_keys(stack, upload.item.object_key) == []


def test_a_policy_rewritten_by_the_client_is_refused(stack: LocalResources) -> None:
    upload = form_for()
    policy = signed_policy(upload.form.fields)
    policy["conditions"] = [c for c in policy["conditions"] if not isinstance(c, list)]  # no size limit
    policy["conditions"] = [
        {"Content-Type": "text/html"} if "Content-Type" in c else c for c in policy["conditions"]
    ]
    rewritten = base64.b64encode(json.dumps(policy).encode()).decode()
    reply = send(upload, HTML_BYTES, policy=rewritten, **{"Content-Type": "text/html"})
    assert error_of(reply)[:2] == (403, "SignatureDoesNotMatch")
    assert stored_keys(stack, upload.item.object_key) == []


def test_a_form_without_a_policy_is_an_anonymous_write_and_refused(stack: LocalResources) -> None:
    upload = form_for()
    fields = {"key": upload.item.object_key, "Content-Type": "image/png"}
    reply = requests.post(upload.form.url, data=fields, files={"file": ("photo.png", PNG_BYTES)}, timeout=30)
    assert error_of(reply)[:2] == (403, "AccessDenied")
    assert stored_keys(stack, upload.item.object_key) == []


def test_deleting_several_objects_at_once_still_works(stack: LocalResources) -> None:
    upload = form_for()
    assert send(upload, PNG_BYTES).status_code == 204
    deleted = s3(stack).delete_objects(
        Bucket=stack.media_bucket, Delete={"Objects": [{"Key": upload.item.object_key}]}
    )
    assert [d["Key"] for d in deleted["Deleted"]] == [upload.item.object_key]
    assert stored_keys(stack, upload.item.object_key) == []
