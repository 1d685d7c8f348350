"""The emulator enforces a presigned POST's signed policy, as S3 does (moto stores any form it gets).

Uploads reach S3 straight from the phone or browser with the form the app signed, so the policy
is what keeps an upload to the key, content type and size the app declared. moto accepts every
form POST as it comes; here, before it stores anything, the form is checked the way S3 documents
(https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html,
https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-authentication-HTTPPOST.html):

- the policy must be signed (SigV4, `AWS4-HMAC-SHA256`) with the credentials' secret, or
  403 SignatureDoesNotMatch; a form without a policy is an anonymous write, 403 AccessDenied;
- an expired policy is 403 AccessDenied ("Invalid according to Policy: Policy expired.");
- every condition must hold (exact match, `eq`, `starts-with`; `bucket` is the request's bucket),
  or 403 AccessDenied ("Policy Condition failed: ...");
- every form field but `policy`, `x-amz-signature`, `file` and `x-ignore-*` must be named by a
  condition, or 403 AccessDenied ("Extra input fields: ...");
- a file outside `content-length-range` is 400 EntityTooLarge or EntityTooSmall.

Nothing is stored when the form is refused. Field names match case-insensitively, values exactly.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

_NOT_CONDITIONED = ("policy", "x-amz-signature", "file")


@dataclass(frozen=True)
class Refusal:
    status: int
    code: str
    message: str
    extra: dict[str, str] = field(default_factory=dict)

    def response(self) -> tuple[int, dict[str, str], str]:
        """The status, headers and XML error body S3 answers with."""
        details = "".join(f"<{name}>{escape(value)}</{name}>" for name, value in self.extra.items())
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Error><Code>{self.code}</Code><Message>{escape(self.message)}</Message>{details}"
            f"<RequestId>{uuid.uuid4().hex[:16].upper()}</RequestId></Error>"
        )
        return self.status, {"Content-Type": "application/xml"}, body


def _denied(message: str) -> Refusal:
    return Refusal(403, "AccessDenied", message)


def _signing_key(secret: str, date: str, region: str, service: str) -> bytes:
    key = f"AWS4{secret}".encode()
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


def _signature_problem(fields: Mapping[str, str], secret: str) -> Refusal | None:
    if fields.get("x-amz-algorithm") != "AWS4-HMAC-SHA256":
        return _denied("Only AWS4-HMAC-SHA256 signed POST policies are accepted here.")
    scope = fields.get("x-amz-credential", "").split("/")
    if len(scope) != 5 or scope[4] != "aws4_request":
        return Refusal(400, "AuthorizationQueryParametersError", "The credential is malformed.")
    _, date, region, service, _ = scope
    expected = hmac.new(
        _signing_key(secret, date, region, service), fields["policy"].encode(), hashlib.sha256
    ).hexdigest()
    if not hmac.compare_digest(expected, fields.get("x-amz-signature", "")):
        return Refusal(
            403,
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided.",
        )
    return None


def _decoded(policy: str) -> dict[str, Any] | None:
    try:
        document = json.loads(base64.b64decode(policy, validate=True))
    except (binascii.Error, ValueError):
        return None
    if not isinstance(document, dict) or not isinstance(document.get("conditions"), list):
        return None
    return document


def _expiration(document: Mapping[str, Any]) -> datetime | None:
    try:
        return datetime.fromisoformat(str(document["expiration"]).replace("Z", "+00:00"))
    except (KeyError, ValueError):
        return None


def _condition_holds(condition: Any, values: Mapping[str, str]) -> bool:
    if isinstance(condition, dict) and len(condition) == 1:
        ((name, wanted),) = condition.items()
        return values.get(str(name).lower()) == str(wanted)
    if isinstance(condition, list) and len(condition) == 3 and str(condition[1]).startswith("$"):
        operator, name, wanted = str(condition[0]).lower(), str(condition[1])[1:].lower(), str(condition[2])
        value = values.get(name)
        if value is None:
            return False
        if operator == "eq":
            return value == wanted
        if operator == "starts-with":
            return value.startswith(wanted)
    return False


def _named(condition: Any) -> str | None:
    """The field a condition is about (None for content-length-range)."""
    if isinstance(condition, dict) and len(condition) == 1:
        return str(next(iter(condition))).lower()
    if isinstance(condition, list) and len(condition) == 3 and str(condition[1]).startswith("$"):
        return str(condition[1])[1:].lower()
    return None


def check_post(
    fields: Mapping[str, str], bucket: str, size: int, secret: str, now: datetime
) -> Refusal | None:
    """Why S3 would refuse this form POST (its fields without the file, the file's size), or None."""
    values = {name.lower(): value for name, value in fields.items() if name.lower() != "file"}
    if "policy" not in values:
        return _denied("Access Denied")  # an anonymous write: the bucket grants none
    signature = _signature_problem(values, secret)
    if signature is not None:
        return signature
    document = _decoded(values["policy"])
    expiration = _expiration(document) if document is not None else None
    if document is None or expiration is None:
        return Refusal(400, "InvalidPolicyDocument", "Invalid Policy: Invalid JSON.")
    if now >= expiration:
        return _denied("Invalid according to Policy: Policy expired.")
    values["bucket"] = bucket
    named = {"bucket"}
    length_range: tuple[int, int] | None = None
    for condition in document["conditions"]:
        if isinstance(condition, list) and condition and condition[0] == "content-length-range":
            length_range = (int(condition[1]), int(condition[2]))
            continue
        if not _condition_holds(condition, values):
            return _denied(f"Invalid according to Policy: Policy Condition failed: {json.dumps(condition)}")
        named.add(_named(condition) or "")
    extra = sorted(
        name
        for name in values
        if name not in named and name not in _NOT_CONDITIONED and not name.startswith("x-ignore-")
    )
    if extra:
        return _denied(f"Invalid according to Policy: Extra input fields: {', '.join(extra)}")
    if length_range is not None:
        low, high = length_range
        if size > high:
            return Refusal(
                400,
                "EntityTooLarge",
                "Your proposed upload exceeds the maximum allowed size",
                {"ProposedSize": str(size), "MaxSizeAllowed": str(high)},
            )
        if size < low:
            return Refusal(
                400,
                "EntityTooSmall",
                "Your proposed upload is smaller than the minimum allowed size",
                {"ProposedSize": str(size), "MinSizeAllowed": str(low)},
            )
    return None


def enforce_post_policies(secret: str, now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
    """Make the emulator check every form POST to a bucket before moto stores it. Idempotent."""
    from moto.s3.responses import S3Response

    if getattr(S3Response, "_kring_post_policies", False):
        return
    original = S3Response._bucket_response_post

    def _bucket_response_post(self: Any, request: Any, bucket_name: str) -> Any:
        self.path = self._get_path(request)
        if not self.is_delete_keys():  # DeleteObjects is a signed API call, not a form
            fields = {str(name): str(value) for name, value in self.form_data.items()}
            body = self.raw_body if isinstance(self.raw_body, bytes | str) else b""
            refusal = check_post(fields, bucket_name, len(body), secret, now())
            if refusal is not None:
                return refusal.response()
        return original(self, request, bucket_name)

    S3Response._bucket_response_post = _bucket_response_post  # type: ignore[method-assign]
    S3Response._kring_post_policies = True  # type: ignore[attr-defined]
