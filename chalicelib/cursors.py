"""Opaque, tamper-evident pagination cursors.

A cursor is DynamoDB's LastEvaluatedKey, bound to the organisation and the listing it came
from and signed with HMAC, so a client can neither forge a key into another organisation's
partition nor reuse a cursor on another listing. A bad cursor is a 400, never a 500.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from chalicelib.errors import InvalidCursor

_SIGNATURE_BYTES = 16


def _sign(secret: bytes, payload: bytes) -> bytes:
    return hmac.new(secret, payload, hashlib.sha256).digest()[:_SIGNATURE_BYTES]


def encode_cursor(secret: bytes, org_id: str, listing: str, last_key: dict[str, Any] | None) -> str | None:
    if not last_key:
        return None
    payload = json.dumps({"o": org_id, "l": listing, "k": last_key}, separators=(",", ":")).encode()
    token = _sign(secret, payload) + payload
    return base64.urlsafe_b64encode(token).decode().rstrip("=")


def decode_cursor(secret: bytes, org_id: str, listing: str, cursor: str | None) -> dict[str, Any] | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    except (ValueError, TypeError) as exc:
        raise InvalidCursor("The cursor is not one this API issued.") from exc
    signature, payload = raw[:_SIGNATURE_BYTES], raw[_SIGNATURE_BYTES:]
    if len(signature) != _SIGNATURE_BYTES or not hmac.compare_digest(signature, _sign(secret, payload)):
        raise InvalidCursor("The cursor is not one this API issued.")
    data = json.loads(payload)
    if data.get("o") != org_id or data.get("l") != listing or not isinstance(data.get("k"), dict):
        raise InvalidCursor("The cursor belongs to another listing.")
    key: dict[str, Any] = data["k"]
    return key
