"""The pure-Python RS256 verifier agrees with `cryptography`: it accepts what `cryptography` signs
and refuses every corruption of it, and it takes only sound RSA keys from a JWK Set."""

from __future__ import annotations

import base64
import json
from typing import Any

import jwt
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chalicelib import jwt_rs256
from chalicelib.jwt_rs256 import RsaPublicKey, TokenError

SIGNING_KEYS = {
    "pool-2048": rsa.generate_private_key(public_exponent=65537, key_size=2048),
    "pool-3072": rsa.generate_private_key(public_exponent=65537, key_size=3072),
    "legacy-e3": rsa.generate_private_key(public_exponent=3, key_size=2048),
}
EXAMPLES = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
claim_sets = st.dictionaries(st.text(max_size=12), json_values, max_size=8)
# Header members a signer may add; alg, kid and crit are the verifier's business.
header_extras = st.dictionaries(
    st.text(max_size=8).filter(lambda name: name not in {"alg", "kid", "crit"}), json_values, max_size=3
)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def public_key(kid: str) -> RsaPublicKey:
    numbers = SIGNING_KEYS[kid].public_key().public_numbers()
    return RsaPublicKey(n=numbers.n, e=numbers.e)


def signed_by_cryptography(kid: str, header: dict[str, Any], claims: dict[str, Any]) -> str:
    signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}"
    signature = SIGNING_KEYS[kid].sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{b64url(signature)}"


def cryptography_accepts(kid: str, signing_input: bytes, signature: bytes) -> bool:
    try:
        SIGNING_KEYS[kid].public_key().verify(signature, signing_input, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


def verified(token: str, key: RsaPublicKey) -> dict[str, Any] | None:
    """The claims if the token verifies, None if it is refused; any other exception is a bug."""
    try:
        return jwt_rs256.verified_payload(jwt_rs256.parse(token), key)
    except TokenError:
        return None


@EXAMPLES
@given(kid=st.sampled_from(sorted(SIGNING_KEYS)), extras=header_extras, claims=claim_sets)
def test_every_token_cryptography_signs_is_accepted_with_its_claims(
    kid: str, extras: dict[str, Any], claims: dict[str, Any]
) -> None:
    token = signed_by_cryptography(kid, {"alg": "RS256", "kid": kid, **extras}, claims)
    assert jwt_rs256.parse(token).rs256_key_id == kid
    assert verified(token, public_key(kid)) == claims


@EXAMPLES
@given(kid=st.sampled_from(sorted(SIGNING_KEYS)), message=st.binary(max_size=300))
def test_every_signature_cryptography_makes_verifies_and_no_other_key_agrees(
    kid: str, message: bytes
) -> None:
    signature = SIGNING_KEYS[kid].sign(message, padding.PKCS1v15(), hashes.SHA256())
    assert public_key(kid).verifies(message, signature)
    for other in SIGNING_KEYS.keys() - {kid}:
        assert not public_key(other).verifies(message, signature)


@st.composite
def corrupted_tokens(draw: st.DrawFn) -> tuple[str, str, str]:
    """A token signed by `cryptography`, and the same token with one edit to its text."""
    kid = draw(st.sampled_from(sorted(SIGNING_KEYS)))
    token = signed_by_cryptography(kid, {"alg": "RS256", "kid": kid}, draw(claim_sets))
    at = draw(st.integers(min_value=0, max_value=len(token) - 1))
    character = draw(st.sampled_from("Aa0_-.=+/ \n\x00é") | st.characters())
    edit = draw(st.sampled_from(["replace", "insert", "delete", "cut here"]))
    corrupted = {
        "replace": token[:at] + character + token[at + 1 :],
        "insert": token[:at] + character + token[at:],
        "delete": token[:at] + token[at + 1 :],
        "cut here": token[:at],
    }[edit]
    return kid, token, corrupted


@EXAMPLES
@given(corrupted_tokens())
def test_every_edit_to_a_signed_token_is_refused(case: tuple[str, str, str]) -> None:
    kid, token, corrupted = case
    if corrupted == token:  # replacing a character with itself
        return
    assert verified(token, public_key(kid)) is not None
    assert verified(corrupted, public_key(kid)) is None


@st.composite
def flipped_bits(draw: st.DrawFn) -> tuple[str, bytes, bytes, bytes]:
    """The decoded header, payload and signature of a signed token with one bit flipped."""
    kid = draw(st.sampled_from(sorted(SIGNING_KEYS)))
    header, payload, signature = signed_by_cryptography(
        kid, {"alg": "RS256", "kid": kid}, draw(claim_sets)
    ).split(".")
    parts = [bytearray(base64.urlsafe_b64decode(part + "==")) for part in (header, payload, signature)]
    which = draw(st.integers(min_value=0, max_value=2))
    bit = draw(st.integers(min_value=0, max_value=8 * len(parts[which]) - 1))
    parts[which][bit // 8] ^= 1 << (bit % 8)
    return kid, bytes(parts[0]), bytes(parts[1]), bytes(parts[2])


@EXAMPLES
@given(flipped_bits())
def test_a_flipped_bit_anywhere_is_refused_by_both_verifiers(case: tuple[str, bytes, bytes, bytes]) -> None:
    kid, header, payload, signature = case
    signing_input = f"{b64url(header)}.{b64url(payload)}"
    assert not cryptography_accepts(kid, signing_input.encode(), signature)
    assert verified(f"{signing_input}.{b64url(signature)}", public_key(kid)) is None


@EXAMPLES
@given(header=st.binary(max_size=80), payload=st.binary(max_size=80), signature=st.binary(max_size=300))
def test_arbitrary_bytes_in_the_three_parts_are_refused_without_surprises(
    header: bytes, payload: bytes, signature: bytes
) -> None:
    token = f"{b64url(header)}.{b64url(payload)}.{b64url(signature)}"
    assert verified(token, public_key("pool-2048")) is None


def test_a_jwk_written_by_pyjwt_gives_cryptographys_numbers() -> None:
    for kid, key in SIGNING_KEYS.items():
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
        assert RsaPublicKey.from_jwk(jwk) == public_key(kid)


def jwk_of(n: int, e: int, **members: Any) -> dict[str, Any]:
    def octets(value: int) -> str:
        return b64url(value.to_bytes((value.bit_length() + 7) // 8 or 1, "big"))

    return {"kty": "RSA", "kid": "k", "n": octets(n), "e": octets(e), **members}


POOL_N = SIGNING_KEYS["pool-2048"].public_key().public_numbers().n


@pytest.mark.parametrize(
    ("jwk", "reason"),
    [
        pytest.param(
            jwk_of(rsa.generate_private_key(65537, 1024).public_key().public_numbers().n, 65537),
            "the modulus has 1024 bits",
            id="a 1024-bit modulus",
        ),
        pytest.param(
            jwk_of((1 << 8200) + 1, 65537), "the modulus has 8201 bits", id="a modulus over 8192 bits"
        ),
        pytest.param(jwk_of(POOL_N + 1, 65537), "the modulus is even", id="an even modulus"),
        pytest.param(jwk_of(POOL_N, 1), "the public exponent", id="e = 1"),
        pytest.param(jwk_of(POOL_N, 65536), "the public exponent", id="an even e"),
        pytest.param(jwk_of(POOL_N, POOL_N + 2), "the public exponent", id="e above n"),
        pytest.param({**jwk_of(POOL_N, 65537), "n": "not base64!"}, "n and e must be", id="n not base64url"),
        pytest.param({**jwk_of(POOL_N, 65537), "e": 65537}, "n and e must be", id="e a number"),
        pytest.param({**jwk_of(POOL_N, 65537), "alg": "RS512"}, "not a key for RS256", id="an RS512 key"),
    ],
)
def test_an_unsound_rsa_key_is_left_out_and_says_why(jwk: dict[str, Any], reason: str) -> None:
    good = {**jwk_of(POOL_N, 65537), "kid": "good"}
    keys, refused = jwt_rs256.rs256_keys({"keys": [jwk, good]})
    assert keys == {"good": public_key("pool-2048")}
    assert list(refused) == ["k"] and refused["k"].startswith(reason)


@pytest.mark.parametrize(
    "jwk",
    [
        pytest.param({**jwk_of(POOL_N, 65537), "use": "enc"}, id="an encryption key"),
        pytest.param({"kty": "EC", "kid": "k", "crv": "P-256", "x": "AA", "y": "AA"}, id="an EC key"),
        pytest.param({**jwk_of(POOL_N, 65537), "kid": ""}, id="no key id"),
        pytest.param("not an object", id="not an object"),
    ],
)
def test_keys_of_another_kind_are_left_out_quietly(jwk: Any) -> None:
    assert jwt_rs256.rs256_keys({"keys": [jwk]}) == ({}, {})


@pytest.mark.parametrize(
    "document", [{}, {"keys": "none"}, {"keys": None}], ids=["no keys", "a string", "null"]
)
def test_a_key_set_without_a_list_of_keys_has_no_keys(document: dict[str, Any]) -> None:
    assert jwt_rs256.rs256_keys(document) == ({}, {})


def test_the_encoding_a_signature_must_have_is_the_one_rfc_8017_spells_out() -> None:
    # RFC 8017 section 9.2 with SHA-256 for a 2048-bit key: 00 01, 202 FF, 00, DigestInfo, hash.
    em = jwt_rs256.emsa_pkcs1_v1_5_sha256(b"abc", 256)
    digest = bytes.fromhex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    der = bytes.fromhex("3031300d060960864801650304020105000420")
    assert em == b"\x00\x01" + b"\xff" * 202 + b"\x00" + der + digest
    # And it is what `cryptography` signs: s^e mod n of its signature over "abc".
    key = SIGNING_KEYS["pool-2048"]
    signature = int.from_bytes(key.sign(b"abc", padding.PKCS1v15(), hashes.SHA256()), "big")
    numbers = key.public_key().public_numbers()
    assert pow(signature, numbers.e, numbers.n).to_bytes(256, "big") == em


def test_a_token_longer_than_any_id_token_is_refused_before_decoding() -> None:
    token = signed_by_cryptography("pool-2048", {"alg": "RS256", "kid": "pool-2048"}, {"pad": "x" * 20_000})
    with pytest.raises(jwt_rs256.MalformedToken, match="too long"):
        jwt_rs256.parse(token)


claim_values = json_values | st.integers(min_value=10**300, max_value=10**500) | st.just(float("inf"))


@EXAMPLES
@given(
    claims=st.dictionaries(
        st.sampled_from(["exp", "iat", "nbf", "iss", "aud", "sub", "jti", "token_use"]) | st.text(max_size=4),
        claim_values,
        max_size=8,
    )
)
def test_checking_any_claims_either_passes_or_says_why_they_are_invalid(claims: dict[str, Any]) -> None:
    # Dates beyond any float (10**400) or infinite ones must not crash the check.
    try:
        jwt_rs256.check_claims(claims, issuer="i", audience="a", required=["exp"], now=1_800_000_000)
    except jwt_rs256.InvalidClaims:
        return
    assert claims["exp"] > 1_800_000_000 and claims["iss"] == "i"
