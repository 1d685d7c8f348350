"""RS256 JSON Web Tokens, verified with `pow` and `hashlib` (no native dependency).

Only what a Cognito ID token needs: the JWS compact serialization (RFC 7515 section 7.1) signed
with RSASSA-PKCS1-v1_5 and SHA-256 (RFC 7518 section 3.3, RFC 8017 section 8.2.2), and the
registered claims of RFC 7519 section 4.1. Everything else is refused.

The signature check never parses the padding: it rebuilds the one encoding a valid signature can
have (RFC 8017 section 9.2) and compares the whole block. Reading `00 01 FF.. 00 DigestInfo hash`
field by field is how Bleichenbacher-style forgeries (garbage after the hash, short padding,
odd DigestInfo lengths) get through.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import math
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

ALGORITHM = "RS256"
MIN_MODULUS_BITS = 2048
# Cognito's keys are 2048 bits; the bound keeps the work per token small whatever the key set says.
MAX_MODULUS_BITS = 8192
# An ID token travels in a request header (API Gateway allows 10 KB of them); a token this long
# is not one, and refusing it early bounds the work spent on decoding and JSON.
MAX_TOKEN_CHARS = 16_384
# A key set handed over as configuration (strict_rs256_keys): Cognito publishes two keys, each a
# `kid` of 44 characters and these members only.
MAX_CONFIGURED_KEYS = 8
MAX_KID_CHARS = 256
JWK_MEMBERS = frozenset({"kty", "alg", "use", "kid", "n", "e"})

# DER of DigestInfo{ AlgorithmIdentifier{ id-sha256, NULL }, OCTET STRING(32) }: RFC 8017
# section 9.2, note 1. The hash follows it.
_SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")


class TokenError(Exception):
    """The token cannot be trusted; the message says why (for logs, not for the caller)."""


class MalformedToken(TokenError):
    """Not three strict base64url parts with a JSON object for a header."""


class UnsupportedToken(TokenError):
    """A header that is not `alg: RS256` with a string `kid` and no critical extensions."""


class InvalidSignature(TokenError):
    pass


class InvalidClaims(TokenError):
    pass


class ExpiredToken(InvalidClaims):
    pass


class InvalidKey(ValueError):
    """A JWK that is not a usable RS256 public key."""


def b64url_decode(text: str) -> bytes:
    """Strict base64url without padding (RFC 7515 section 2): one text for one byte string."""
    if not _BASE64URL.fullmatch(text) or len(text) % 4 == 1:
        raise MalformedToken("not base64url")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except binascii.Error as exc:
        raise MalformedToken("not base64url") from exc
    # Unused low bits in the last character must be zero, or several texts decode alike.
    if base64.urlsafe_b64encode(raw).rstrip(b"=").decode() != text:
        raise MalformedToken("not canonical base64url")
    return raw


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ValueError("duplicate member")
    return result


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def json_object(raw: bytes) -> dict[str, Any]:
    """One JSON object in UTF-8 with unique member names (RFC 7515 section 4, RFC 7519 section 4).

    Raises ValueError otherwise: duplicates, NaN/Infinity, a byte order mark, anything after it.
    """
    try:
        text = raw.decode("utf-8")
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_refuse_constant)
    except (UnicodeDecodeError, RecursionError) as exc:
        raise ValueError(str(exc)) from exc
    if not isinstance(value, dict):
        raise ValueError("not a JSON object")
    return value


@dataclass(frozen=True)
class RsaPublicKey:
    n: int
    e: int

    def __post_init__(self) -> None:
        if not MIN_MODULUS_BITS <= self.n.bit_length() <= MAX_MODULUS_BITS:
            raise InvalidKey(f"the modulus has {self.n.bit_length()} bits")
        if self.n % 2 == 0:
            raise InvalidKey("the modulus is even")
        # RFC 8017 section 3.1: 3 <= e <= n - 1, and odd (Cognito's is 65537).
        if not 3 <= self.e < self.n or self.e % 2 == 0:
            raise InvalidKey("the public exponent is not an odd number from 3 to n - 1")

    @property
    def size_bytes(self) -> int:
        return (self.n.bit_length() + 7) // 8

    @classmethod
    def from_jwk(cls, jwk: Mapping[str, Any]) -> RsaPublicKey:
        """An RSA JWK (RFC 7518 section 6.3.1) meant for RS256 signatures."""
        if jwk.get("kty") != "RSA":
            raise InvalidKey("not an RSA key")
        if jwk.get("alg", ALGORITHM) != ALGORITHM or jwk.get("use", "sig") != "sig":
            raise InvalidKey("not a key for RS256 signatures")
        n, e = jwk.get("n"), jwk.get("e")
        if not isinstance(n, str) or not isinstance(e, str):
            raise InvalidKey("n and e must be base64url strings")
        try:
            return cls(n=int.from_bytes(b64url_decode(n), "big"), e=int.from_bytes(b64url_decode(e), "big"))
        except MalformedToken as exc:
            raise InvalidKey("n and e must be base64url strings") from exc

    def verifies(self, message: bytes, signature: bytes) -> bool:
        """RSASSA-PKCS1-V1_5-VERIFY with SHA-256 (RFC 8017 section 8.2.2)."""
        k = self.size_bytes
        if len(signature) != k:  # step 1: exactly the modulus' length, no more, no fewer
            return False
        s = int.from_bytes(signature, "big")
        if s >= self.n:  # RSAVP1 step 1: s + n would give the same EM
            return False
        em = pow(s, self.e, self.n).to_bytes(k, "big")
        return hmac.compare_digest(em, emsa_pkcs1_v1_5_sha256(message, k))


def rs256_keys(jwks: Mapping[str, Any]) -> tuple[dict[str, RsaPublicKey], dict[str, str]]:
    """The usable RS256 keys of a JWK Set (RFC 7517 section 5) by `kid`, and why others are not.

    Keys of another type or use are left out silently; an RSA signing key that is unusable (too
    short, a bad exponent) is reported, so an operator can tell why its tokens are refused.
    """
    keys: dict[str, RsaPublicKey] = {}
    refused: dict[str, str] = {}
    entries = jwks.get("keys")
    for jwk in entries if isinstance(entries, list) else []:
        if not isinstance(jwk, dict) or jwk.get("kty") != "RSA" or jwk.get("use", "sig") != "sig":
            continue
        kid = jwk.get("kid")
        if not isinstance(kid, str) or not kid:
            continue
        try:
            keys[kid] = RsaPublicKey.from_jwk(jwk)
        except InvalidKey as exc:
            keys.pop(kid, None)
            refused[kid] = str(exc)
    return keys, refused


def strict_rs256_keys(jwks: Mapping[str, Any]) -> dict[str, RsaPublicKey]:
    """The keys of a JWK Set that must hold RS256 public keys and nothing else, by `kid`.

    For a key set given as configuration, where anything unexpected is a fault to report rather
    than a key to skip (rs256_keys is for the set the pool serves): only a `keys` member, 1 to
    MAX_CONFIGURED_KEYS keys, each RSA with `alg` RS256, `use` sig if present, a unique `kid` and
    no other member than JWK_MEMBERS, and a modulus and exponent RsaPublicKey accepts. Raises
    InvalidKey naming the first thing wrong.
    """
    if set(jwks) != {"keys"}:
        raise InvalidKey("the key set must be an object with a `keys` member and no other")
    entries = jwks["keys"]
    if not isinstance(entries, list) or not 1 <= len(entries) <= MAX_CONFIGURED_KEYS:
        raise InvalidKey(f"`keys` must be a list of 1 to {MAX_CONFIGURED_KEYS} keys")
    keys: dict[str, RsaPublicKey] = {}
    for position, jwk in enumerate(entries, start=1):
        if not isinstance(jwk, dict):
            raise InvalidKey(f"key {position} is not an object")
        unknown = sorted(set(jwk) - JWK_MEMBERS)
        if unknown:
            raise InvalidKey(f"key {position} has members that are not read: {', '.join(unknown)}")
        kid = jwk.get("kid")
        if not isinstance(kid, str) or not 0 < len(kid) <= MAX_KID_CHARS:
            raise InvalidKey(f"key {position} has no kid of 1 to {MAX_KID_CHARS} characters")
        if kid in keys:
            raise InvalidKey(f"key {position} repeats the kid {kid!r}")
        if jwk.get("kty") != "RSA":
            raise InvalidKey(f"key {kid!r} is not an RSA key")
        if jwk.get("alg") != ALGORITHM:
            raise InvalidKey(f"key {kid!r} does not say alg {ALGORITHM}")
        try:
            keys[kid] = RsaPublicKey.from_jwk(jwk)
        except InvalidKey as exc:
            raise InvalidKey(f"key {kid!r}: {exc}") from exc
    return keys


def emsa_pkcs1_v1_5_sha256(message: bytes, em_len: int) -> bytes:
    """EM = 0x00 || 0x01 || PS (0xFF..) || 0x00 || DigestInfo || SHA-256(message) (RFC 8017 section 9.2)."""
    t = _SHA256_DIGEST_INFO + hashlib.sha256(message).digest()
    if em_len < len(t) + 11:
        raise InvalidKey("intended encoded message length too short")
    return b"\x00\x01" + b"\xff" * (em_len - len(t) - 3) + b"\x00" + t


@dataclass(frozen=True)
class SignedToken:
    """A compact JWS taken apart; nothing in it is trusted yet."""

    header: dict[str, Any]
    signing_input: bytes
    payload: bytes
    signature: bytes

    @property
    def rs256_key_id(self) -> str | None:
        """The `kid` of a header that asks for RS256 and nothing else we would have to understand."""
        kid = self.header.get("kid")
        if self.header.get("alg") != ALGORITHM or not isinstance(kid, str) or "crit" in self.header:
            return None
        return kid


def parse(token: str) -> SignedToken:
    """Three strict base64url parts, the first a JSON object (RFC 7515 section 7.2.1 / 5.2)."""
    if len(token) > MAX_TOKEN_CHARS:
        raise MalformedToken("too long")
    parts = token.split(".")
    if len(parts) != 3:
        raise MalformedToken("not three parts")
    raw_header, payload, signature = (b64url_decode(part) for part in parts)
    try:
        header = json_object(raw_header)
    except ValueError as exc:
        raise MalformedToken(f"header: {exc}") from exc
    return SignedToken(
        header=header,
        signing_input=f"{parts[0]}.{parts[1]}".encode("ascii"),
        payload=payload,
        signature=signature,
    )


def verified_payload(token: SignedToken, key: RsaPublicKey) -> dict[str, Any]:
    """The claims, once the header asks for RS256 and `key` verifies the signature."""
    if token.rs256_key_id is None:
        raise UnsupportedToken("not an RS256 token")
    if not key.verifies(token.signing_input, token.signature):
        raise InvalidSignature("the signature does not verify")
    try:
        return json_object(token.payload)
    except ValueError as exc:
        raise InvalidClaims(f"payload: {exc}") from exc


def _numeric_date(claims: Mapping[str, Any], name: str) -> float:
    """A NumericDate (RFC 7519 section 2): a JSON number, not a string or a boolean."""
    value = claims[name]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidClaims(f"{name} is not a number")
    if isinstance(value, float) and not math.isfinite(value):  # 1e999 parses as inf
        raise InvalidClaims(f"{name} is not a finite number")
    return value


def check_claims(
    claims: Mapping[str, Any],
    *,
    issuer: str,
    audience: str,
    required: Collection[str],
    now: float,
    leeway_seconds: float = 0,
) -> None:
    """The registered claims (RFC 7519 section 4.1), as PyJWT checked them before this module.

    Each claim in `required` is present and not null; `exp` is after `now` and `iat`/`nbf` not
    after it (give or take `leeway_seconds`); `iss` is `issuer`; `aud` is `audience` or a list
    holding it; `sub` and `jti`, when present, are strings.
    """
    missing = [name for name in required if claims.get(name) is None]
    if missing:
        raise InvalidClaims(f"missing {', '.join(missing)}")
    if "iat" in claims and _numeric_date(claims, "iat") > now + leeway_seconds:
        raise InvalidClaims("issued in the future")
    if "nbf" in claims and _numeric_date(claims, "nbf") > now + leeway_seconds:
        raise InvalidClaims("not valid yet")
    if "exp" in claims and _numeric_date(claims, "exp") <= now - leeway_seconds:
        raise ExpiredToken("expired")
    if claims.get("iss") != issuer:
        raise InvalidClaims("another issuer")
    audiences = claims.get("aud")
    if isinstance(audiences, str):
        audiences = [audiences]
    if not isinstance(audiences, list) or not all(isinstance(a, str) for a in audiences):
        raise InvalidClaims("aud is not a string or a list of strings")
    if audience not in audiences:
        raise InvalidClaims("another audience")
    for name in ("sub", "jti"):
        if name in claims and not isinstance(claims[name], str):
            raise InvalidClaims(f"{name} is not a string")
