"""The local media distribution's signing key pair: made once per emulator, as `python -m
infra.deploy` makes the stage's on AWS, with the same functions (infra/signing_key.py);
local/emulator.py stores it and local/media_cdn.py checks with it."""

from __future__ import annotations

import hashlib

from infra.signing_key import new_private_key_pem, public_key_pem

__all__ = ["key_pair_id", "new_private_key_pem", "public_key_pem"]


def key_pair_id(public_pem: str) -> str:
    """A CloudFront-like public key id (`K` and 13 characters), the same for the same key."""
    return "K" + hashlib.sha256(public_pem.encode()).hexdigest()[:13].upper()
