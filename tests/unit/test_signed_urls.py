"""Media download URLs are CloudFront canned-policy signed URLs, made without a crypto library.

Checked against the two implementations CloudFront's own tooling uses: `cryptography` signs the
same policy (PKCS#1 v1.5 signatures are deterministic, so the bytes must be equal) and botocore's
CloudFrontSigner builds the same URL from it.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from functools import cache
from typing import Any

import pytest
from botocore.signers import CloudFrontSigner
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from chalicelib.media.signed_urls import (
    SigningKeyError,
    canned_policy,
    cloudfront_base64,
    private_key,
    sign_sha1,
    signed_url,
)

URL = "https://d111111abcdef8.cloudfront.net/orgs/demo/media/01JMEDIA0000000000000000/diagram.png"
EXPIRES = 1_767_225_600  # 2026-01-01T00:00:00Z
KEY_PAIR_ID = "K2JCJMDEHXQW5F"


@cache
def rsa_key(bits: int = 2048) -> Any:
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def pem(key: Any, form: serialization.PrivateFormat) -> str:
    return str(key.private_bytes(serialization.Encoding.PEM, form, serialization.NoEncryption()).decode())


def reference_signature(key: Any, message: bytes) -> bytes:
    return bytes(key.sign(message, padding.PKCS1v15(), hashes.SHA1()))


def test_the_canned_policy_is_the_one_cloudfront_documents() -> None:
    assert canned_policy("https://d111111abcdef8.cloudfront.net/image.jpg", 1357034400) == (
        '{"Statement":[{"Resource":"https://d111111abcdef8.cloudfront.net/image.jpg",'
        '"Condition":{"DateLessThan":{"AWS:EpochTime":1357034400}}}]}'
    )


@pytest.mark.parametrize(
    "form", [serialization.PrivateFormat.PKCS8, serialization.PrivateFormat.TraditionalOpenSSL]
)
def test_the_signature_is_the_one_a_crypto_library_makes(form: serialization.PrivateFormat) -> None:
    key = rsa_key()
    policy = canned_policy(URL, EXPIRES).encode()
    signature = sign_sha1(policy, private_key(pem(key, form)))
    assert signature == reference_signature(key, policy)
    key.public_key().verify(signature, policy, padding.PKCS1v15(), hashes.SHA1())


def test_a_3072_bit_key_signs_too() -> None:
    key = rsa_key(3072)
    policy = canned_policy(URL, EXPIRES).encode()
    signature = sign_sha1(policy, private_key(pem(key, serialization.PrivateFormat.PKCS8)))
    assert len(signature) == 384 and signature == reference_signature(key, policy)


def test_the_url_is_the_one_botocores_cloudfront_signer_builds() -> None:
    key = rsa_key()
    reference = CloudFrontSigner(KEY_PAIR_ID, lambda message: reference_signature(key, message))
    expected = reference.generate_presigned_url(URL, date_less_than=datetime.fromtimestamp(EXPIRES, UTC))
    made = signed_url(URL, EXPIRES, KEY_PAIR_ID, pem(key, serialization.PrivateFormat.PKCS8))
    assert made == expected
    assert made.startswith(f"{URL}?Expires={EXPIRES}&Signature=") and made.endswith(
        f"&Key-Pair-Id={KEY_PAIR_ID}"
    )


def test_the_signature_uses_cloudfronts_url_safe_alphabet() -> None:
    data = bytes([0xFB, 0xFF, 0xBF, 0xFE])  # "+/+/" and padding in standard base64
    assert base64.b64encode(data) == b"+/+//g=="
    assert cloudfront_base64(data) == "-~-~~g__"


def test_a_url_with_a_query_keeps_it_inside_the_signed_resource() -> None:
    key = rsa_key()
    made = signed_url(f"{URL}?v=2", EXPIRES, KEY_PAIR_ID, pem(key, serialization.PrivateFormat.PKCS8))
    assert made.startswith(f"{URL}?v=2&Expires={EXPIRES}&")
    signature = made.split("Signature=")[1].split("&")[0]
    raw = base64.b64decode(signature.translate(str.maketrans("-_~", "+=/")))
    policy = json.dumps(
        {
            "Statement": [
                {"Resource": f"{URL}?v=2", "Condition": {"DateLessThan": {"AWS:EpochTime": EXPIRES}}}
            ]
        },
        separators=(",", ":"),
    ).encode()
    key.public_key().verify(raw, policy, padding.PKCS1v15(), hashes.SHA1())


@pytest.mark.parametrize(
    "text",
    [
        "not a key",
        "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----",
        "-----BEGIN RSA PRIVATE KEY-----\nMAA=\n-----END RSA PRIVATE KEY-----",
        "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----",
    ],
)
def test_anything_but_an_rsa_private_key_is_refused_plainly(text: str) -> None:
    with pytest.raises(SigningKeyError):
        private_key(text)


def test_an_elliptic_curve_key_is_refused() -> None:
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    with pytest.raises(SigningKeyError, match="not an RSA key"):
        private_key(pem(key, serialization.PrivateFormat.PKCS8))
