"""CloudFront signed URLs with a canned policy, in plain Python (no crypto library in the package).

CloudFront checks a signed URL like this (docs: "Create a signed URL using a canned policy"): it
rebuilds the policy `{"Statement":[{"Resource":"<URL without the three signing parameters>",
"Condition":{"DateLessThan":{"AWS:EpochTime":<Expires>}}}]}` (no whitespace), looks up the public
key named by `Key-Pair-Id` in the behaviour's trusted key groups, and verifies `Signature`: an
RSA-SHA1 PKCS#1 v1.5 signature of the policy, base64 with `+`, `=`, `/` written as `-`, `_`, `~`.

Signing is one modular exponentiation with the private key (RFC 8017 section 8.2.1), done with
the Chinese remainder theorem and blinded, and checked with the public exponent before it is used.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from dataclasses import dataclass
from functools import cache
from typing import Final

# DER of DigestInfo { AlgorithmIdentifier sha1 NULL, OCTET STRING (20 bytes) } before the digest.
_SHA1_DIGEST_INFO: Final = bytes.fromhex("3021300906052b0e03021a05000414")
_RSA_ENCRYPTION_OID: Final = bytes.fromhex("2a864886f70d010101")  # 1.2.840.113549.1.1.1
_URL_SAFE: Final = bytes.maketrans(b"+=/", b"-_~")


class SigningKeyError(ValueError):
    """The configured signing key is not an unencrypted RSA private key in PEM."""


@dataclass(frozen=True)
class RsaPrivateKey:
    n: int
    e: int
    d: int
    p: int
    q: int
    dp: int
    dq: int
    qinv: int

    @property
    def size_bytes(self) -> int:
        return (self.n.bit_length() + 7) // 8


def canned_policy(resource: str, expires: int) -> str:
    """The policy CloudFront rebuilds from a canned-policy URL, byte for byte."""
    statement = {"Resource": resource, "Condition": {"DateLessThan": {"AWS:EpochTime": expires}}}
    return json.dumps({"Statement": [statement]}, separators=(",", ":"))


def cloudfront_base64(data: bytes) -> str:
    return base64.b64encode(data).translate(_URL_SAFE).decode("ascii")


def signed_url(url: str, expires: int, key_pair_id: str, private_key_pem: str) -> str:
    """`url` (already percent-encoded, as the viewer will request it) signed until `expires` (epoch s)."""
    signature = sign_sha1(canned_policy(url, expires).encode(), private_key(private_key_pem))
    separator = "&" if "?" in url else "?"
    encoded = cloudfront_base64(signature)
    return f"{url}{separator}Expires={expires}&Signature={encoded}&Key-Pair-Id={key_pair_id}"


def sign_sha1(message: bytes, key: RsaPrivateKey) -> bytes:
    """RSASSA-PKCS1-v1_5 with SHA-1 (RFC 8017 8.2.1)."""
    k = key.size_bytes
    digest_info = _SHA1_DIGEST_INFO + hashlib.sha1(message).digest()  # noqa: S324 - CloudFront's algorithm
    if k < len(digest_info) + 11:
        raise SigningKeyError("The signing key is too short.")
    encoded = b"\x00\x01" + b"\xff" * (k - len(digest_info) - 3) + b"\x00" + digest_info
    m = int.from_bytes(encoded, "big")
    # Blinding: the exponentiation never runs on the message itself, so its timing says nothing
    # about the key. r is invertible modulo n unless it shares a factor with n (negligible).
    r = secrets.randbelow(key.n - 2) + 2
    blinded = m * pow(r, key.e, key.n) % key.n
    s = _crt_power(blinded, key) * pow(r, -1, key.n) % key.n
    if pow(s, key.e, key.n) != m:  # a fault in the CRT step would otherwise leak a factor of n
        s = pow(m, key.d, key.n)
    return s.to_bytes(k, "big")


def _crt_power(c: int, key: RsaPrivateKey) -> int:
    s1 = pow(c % key.p, key.dp, key.p)
    s2 = pow(c % key.q, key.dq, key.q)
    return s2 + key.q * (key.qinv * (s1 - s2) % key.p)


@cache
def private_key(pem: str) -> RsaPrivateKey:
    """An unencrypted RSA private key from PEM: PKCS#1 (`RSA PRIVATE KEY`) or PKCS#8 (`PRIVATE KEY`)."""
    label, der = _pem_body(pem)
    if label == "PRIVATE KEY":
        der = _pkcs8_rsa_key(der)
    elif label != "RSA PRIVATE KEY":
        raise SigningKeyError(f"Expected an RSA private key, found a PEM {label!r}.")
    fields, rest = _read(der, 0x30)
    if rest:
        raise SigningKeyError("Trailing bytes after the RSA private key.")
    numbers = []
    while fields:
        value, fields = _read(fields, 0x02)
        numbers.append(int.from_bytes(value, "big", signed=True))
    if len(numbers) != 9 or numbers[0] != 0:
        raise SigningKeyError("Not a two-prime RSA private key.")
    _, n, e, d, p, q, dp, dq, qinv = numbers
    if p * q != n:
        raise SigningKeyError("The RSA private key is inconsistent.")
    return RsaPrivateKey(n, e, d, p, q, dp, dq, qinv)


def _pem_body(pem: str) -> tuple[str, bytes]:
    lines = [line.strip() for line in pem.strip().splitlines() if line.strip()]
    if len(lines) < 3 or not lines[0].startswith("-----BEGIN ") or not lines[-1].startswith("-----END "):
        raise SigningKeyError("The signing key is not PEM.")
    label = lines[0].removeprefix("-----BEGIN ").removesuffix("-----")
    if any(":" in line for line in lines[1:-1]):
        raise SigningKeyError("Encrypted PEM keys are not supported.")
    try:
        return label, base64.b64decode("".join(lines[1:-1]), validate=True)
    except ValueError as exc:
        raise SigningKeyError("The signing key's PEM body is not base64.") from exc


def _pkcs8_rsa_key(der: bytes) -> bytes:
    """The RSAPrivateKey inside a PrivateKeyInfo (RFC 5208) whose algorithm is rsaEncryption."""
    info, _ = _read(der, 0x30)
    _, info = _read(info, 0x02)  # version
    algorithm, info = _read(info, 0x30)
    oid, _ = _read(algorithm, 0x06)
    if oid != _RSA_ENCRYPTION_OID:
        raise SigningKeyError("The PKCS#8 key is not an RSA key.")
    key, _ = _read(info, 0x04)
    return key


def _read(data: bytes, tag: int) -> tuple[bytes, bytes]:
    """One DER element of the expected tag: its contents and what follows it."""
    if len(data) < 2 or data[0] != tag:
        raise SigningKeyError("Malformed DER in the signing key.")
    length, offset = data[1], 2
    if length & 0x80:
        count = length & 0x7F
        if count == 0 or count > 4 or len(data) < 2 + count:
            raise SigningKeyError("Malformed DER length in the signing key.")
        length, offset = int.from_bytes(data[2 : 2 + count], "big"), 2 + count
    if len(data) < offset + length:
        raise SigningKeyError("Truncated DER in the signing key.")
    return data[offset : offset + length], data[offset + length :]
