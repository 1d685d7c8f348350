"""The local media distribution's signing key pair: made once per emulator, as `python -m
infra.deploy` makes the stage's on AWS (local/emulator.py stores it; local/media_cdn.py checks with it)."""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def new_private_key_pem() -> str:
    """A new 2048-bit RSA private key (PKCS#8 PEM), as CloudFront public keys take."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def public_key_pem(private_key_pem: str) -> str:
    private = serialization.load_pem_private_key(private_key_pem.encode(), password=None)
    return (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def key_pair_id(public_pem: str) -> str:
    """A CloudFront-like public key id (`K` and 13 characters), the same for the same key."""
    return "K" + hashlib.sha256(public_pem.encode()).hexdigest()[:13].upper()
