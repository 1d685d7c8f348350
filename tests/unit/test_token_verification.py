"""The app accepts only ID tokens its user pool signed for its app client, and nothing else."""

from __future__ import annotations

import ast
import base64
import hashlib
import hmac
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from chalicelib.auth import JwksCache, TokenIdentity, TokenVerifier, keys_from_jwks
from chalicelib.config import Config
from chalicelib.errors import ServiceUnavailable, Unauthenticated

ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_pool"
CLIENT_ID = "app-client"
POOL_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
E3_KEY = rsa.generate_private_key(public_exponent=3, key_size=2048)  # legal, and the easiest to forge for


def public_jwk(key: rsa.RSAPrivateKey, kid: str) -> dict[str, Any]:
    """The public half as the pool publishes it (written by PyJWT, not by the code under test)."""
    public = jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
    return {**public, "kid": kid, "alg": "RS256", "use": "sig"}


class FixedJwks(JwksCache):
    """The pool's keys without HTTP; counts refreshes to show an unknown kid triggers one."""

    def __init__(self, keys: dict[str, rsa.RSAPrivateKey] | None = None) -> None:
        super().__init__("unused")
        self.refreshes = 0
        self.signing_keys = keys or {"pool-key": POOL_KEY}

    def _refresh(self) -> None:
        self.refreshes += 1
        self._keys = keys_from_jwks(
            {"keys": [public_jwk(key, kid) for kid, key in self.signing_keys.items()]}
        )
        self._fetched_at = time.monotonic()


def config() -> Config:
    return Config(
        stage="test",
        region="eu-west-1",
        table_name="t",
        media_bucket="b",
        user_pool_id="eu-west-1_pool",
        user_pool_client_id=CLIENT_ID,
        token_issuer=ISSUER,
        jwks_url="unused",
        cursor_secret_id="unused",
        media_cdn_url="unused",
        media_cdn_key_pair_id="unused",
        media_cdn_signing_key_secret_id="unused",
        aws_endpoint_url=None,
        max_body_bytes=1000,
        default_timezone="Europe/Brussels",
    )


def claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    base = {
        "iss": ISSUER,
        "aud": CLIENT_ID,
        "sub": "user-1",
        "token_use": "id",
        "iat": now,
        "exp": now + 600,
        "email": "anna@demo.kring.test",
        "custom:org": "demo",
        "cognito:groups": ["learner", "mentor", "some-other-group"],
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def sign(payload: dict[str, Any], key: Any = POOL_KEY, kid: str = "pool-key") -> str:
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": kid})


@pytest.fixture
def verifier() -> TokenVerifier:
    return TokenVerifier(config(), FixedJwks())


def test_a_valid_id_token_names_the_organisation_and_the_account_only(verifier: TokenVerifier) -> None:
    # The groups in the token are ignored: roles come from the current profile (identity/current.py).
    identity = verifier.identity_from_header("Bearer " + sign(claims()))
    assert identity == TokenIdentity(org_id="demo", user_id="user-1")


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(sign(claims(exp=int(time.time()) - 10)), id="expired"),
        pytest.param(sign(claims(aud="another-client")), id="other audience"),
        pytest.param(
            sign(claims(iss="https://cognito-idp.eu-west-1.amazonaws.com/other")), id="other issuer"
        ),
        pytest.param(sign(claims(token_use="access")), id="access token"),
        pytest.param(sign(claims(), key=OTHER_KEY), id="re-signed with another key"),
        pytest.param(sign(claims(), kid="unknown-kid"), id="unknown key id"),
        pytest.param(
            jwt.encode(claims(), None, algorithm="none", headers={"kid": "pool-key"}), id="alg none"
        ),
        pytest.param(sign(claims(**{"custom:org": None})), id="no organisation"),
        pytest.param(sign(claims(exp=None)), id="no expiry"),
        pytest.param("not.a.token", id="garbage"),
    ],
)
def test_anything_else_is_refused(verifier: TokenVerifier, token: str) -> None:
    with pytest.raises(Unauthenticated):
        verifier.verify(token)


def test_a_tampered_payload_is_refused(verifier: TokenVerifier) -> None:
    header, _, signature = sign(claims()).split(".")
    forged = jwt.utils.base64url_encode(b'{"custom:org":"acme"}').decode()
    with pytest.raises(Unauthenticated):
        verifier.verify(f"{header}.{forged}.{signature}")


@pytest.mark.parametrize("header", [None, "", "Basic abc", "Bearer", "Bearer   "])
def test_the_header_must_carry_a_bearer_token(verifier: TokenVerifier, header: str | None) -> None:
    with pytest.raises(Unauthenticated):
        verifier.identity_from_header(header)


def test_keys_are_fetched_once_and_an_unknown_key_id_does_not_hammer_the_pool() -> None:
    jwks = FixedJwks()
    verifier = TokenVerifier(config(), jwks)
    for _ in range(3):
        verifier.verify(sign(claims()))
    with pytest.raises(Unauthenticated):
        verifier.verify(sign(claims(), kid="rotated-key"))
    assert jwks.refreshes == 1


# Hand-made tokens: the bytes of each part are chosen here, not by a JWT library.


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def compact(header: bytes, payload: bytes, key: rsa.RSAPrivateKey = POOL_KEY) -> str:
    """A token over exactly these header and payload bytes, signed RS256 with `key`."""
    signing_input = f"{b64url(header)}.{b64url(payload)}"
    signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{b64url(signature)}"


POOL_HEADER = b'{"alg":"RS256","kid":"pool-key"}'


def with_signature(token: str, signature: bytes) -> str:
    header, payload, _ = token.split(".")
    return f"{header}.{payload}.{b64url(signature)}"


def signature_of(token: str) -> bytes:
    return base64.urlsafe_b64decode(token.rsplit(".", 1)[1] + "==")


def modulus_bytes() -> int:
    return (POOL_KEY.public_key().public_numbers().n.bit_length() + 7) // 8


def refused_as(verifier: TokenVerifier, token: str) -> str:
    with pytest.raises(Unauthenticated) as refused:
        verifier.verify(token)
    return str(refused.value.detail)


def test_a_header_with_whitespace_between_its_json_members_is_accepted(verifier: TokenVerifier) -> None:
    # Whitespace in the JSON is legal and the signature covers the exact bytes.
    header = b'{ "alg" : "RS256" ,\n  "kid" : "pool-key" }'
    token = compact(header, json.dumps(claims()).encode())
    assert verifier.verify(token) == TokenIdentity(org_id="demo", user_id="user-1")


def test_a_signature_with_a_leading_zero_byte_added_is_refused_though_its_number_is_the_same(
    verifier: TokenVerifier,
) -> None:
    token = sign(claims())
    longer = b"\x00" + signature_of(token)
    assert len(longer) == modulus_bytes() + 1
    assert refused_as(verifier, with_signature(token, longer)) == "The token is not valid."


def test_a_signature_with_its_leading_zero_byte_dropped_is_refused_though_its_number_is_the_same(
    verifier: TokenVerifier,
) -> None:
    # About one signature in 256 starts with a zero byte: sign until one does.
    for attempt in range(5000):
        token = sign(claims(jti=f"attempt-{attempt}"))
        if signature_of(token)[0] == 0:
            break
    else:
        pytest.fail("no signature starting with a zero byte in 5000 attempts")
    assert verifier.verify(token).user_id == "user-1"
    shorter = signature_of(token)[1:]
    assert refused_as(verifier, with_signature(token, shorter)) == "The token is not valid."


def test_a_signature_that_is_the_valid_one_plus_the_modulus_is_refused(verifier: TokenVerifier) -> None:
    # s + n raised to e is the same number modulo n: only the check s < n refuses it.
    n = POOL_KEY.public_key().public_numbers().n
    size = modulus_bytes()
    for attempt in range(20000):
        token = sign(claims(jti=f"attempt-{attempt}"))
        s = int.from_bytes(signature_of(token), "big")
        if s + n < 256**size:
            break
    else:
        pytest.fail("no signature small enough to add the modulus to in 20000 attempts")
    assert (
        refused_as(verifier, with_signature(token, (s + n).to_bytes(size, "big")))
        == "The token is not valid."
    )


@pytest.mark.parametrize(
    "signature",
    [
        pytest.param(lambda size, n, valid: valid[:-1], id="one byte short"),
        pytest.param(lambda size, n, valid: valid + b"\x00", id="one byte long"),
        pytest.param(lambda size, n, valid: b"", id="empty"),
        pytest.param(lambda size, n, valid: bytes(size), id="all zero"),
        pytest.param(lambda size, n, valid: (1).to_bytes(size, "big"), id="one"),
        pytest.param(lambda size, n, valid: n.to_bytes(size, "big"), id="the modulus"),
        pytest.param(lambda size, n, valid: (n - 1).to_bytes(size, "big"), id="the modulus minus one"),
        pytest.param(lambda size, n, valid: b"\xff" * size, id="all ones"),
        pytest.param(lambda size, n, valid: valid[:-1] + bytes([valid[-1] ^ 1]), id="last bit flipped"),
    ],
)
def test_a_malformed_signature_is_refused(verifier: TokenVerifier, signature: Any) -> None:
    token = sign(claims())
    n = POOL_KEY.public_key().public_numbers().n
    forged = signature(modulus_bytes(), n, signature_of(token))
    assert refused_as(verifier, with_signature(token, forged)) == "The token is not valid."


@pytest.mark.parametrize(
    "mangle",
    [
        pytest.param(lambda s: s[:10] + "+" + s[11:], id="a plus sign"),
        pytest.param(lambda s: s[:10] + "/" + s[11:], id="a slash"),
        pytest.param(lambda s: s + "==", id="padding"),
        pytest.param(lambda s: s[:10] + "*" + s[11:], id="a character outside the alphabet"),
        pytest.param(lambda s: s[:10] + " " + s[10:], id="a space inside"),
        pytest.param(lambda s: s + "\n", id="a newline at the end"),
        pytest.param(lambda s: s + "AAA", id="a length no base64 text has"),
        pytest.param(lambda s: s[:-1] + chr(ord(s[-1]) + 1), id="unused trailing bits set"),
    ],
)
def test_a_signature_that_is_not_strict_base64url_is_malformed(verifier: TokenVerifier, mangle: Any) -> None:
    token = sign(claims())
    header, payload, signature = token.split(".")
    # 2048-bit signatures are 342 characters: the last one carries 2 unused bits.
    assert len(signature) % 4 == 2 and signature[-1] in "AQgw"
    assert refused_as(verifier, f"{header}.{payload}.{mangle(signature)}") == "The token is malformed."


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(lambda t: t + ".", id="four parts, the last empty"),
        pytest.param(lambda t: t + "." + t.split(".")[2], id="four parts"),
        pytest.param(lambda t: t.split(".", 1)[1], id="two parts"),
        pytest.param(lambda t: "a.b.c.d.e", id="five parts (an encrypted token)"),
        pytest.param(lambda t: "", id="nothing"),
        pytest.param(lambda t: "..", id="three empty parts"),
        pytest.param(lambda t: " " + t, id="a space before"),
        pytest.param(lambda t: t.replace(".", ". ", 1), id="a space after a dot"),
        pytest.param(lambda t: t + "é", id="not ascii"),
    ],
)
def test_a_token_not_in_three_base64url_parts_is_malformed(verifier: TokenVerifier, token: Any) -> None:
    assert refused_as(verifier, token(sign(claims()))) == "The token is malformed."


@pytest.mark.parametrize(
    "header",
    [
        pytest.param(b"not json", id="not json"),
        pytest.param(b'["RS256", "pool-key"]', id="an array"),
        pytest.param(b'{"alg":"none","alg":"RS256","kid":"pool-key"}', id="a duplicated member"),
        pytest.param(b'{"alg":"RS256","kid":"pool-key"} x', id="garbage after the object"),
        pytest.param(b'\xef\xbb\xbf{"alg":"RS256","kid":"pool-key"}', id="a byte order mark"),
        pytest.param(b'{"alg":"RS256","kid":"pool-\xff"}', id="not utf-8"),
    ],
)
def test_a_header_that_is_not_one_json_object_is_malformed(verifier: TokenVerifier, header: bytes) -> None:
    assert refused_as(verifier, compact(header, json.dumps(claims()).encode())) == "The token is malformed."


@pytest.mark.parametrize(
    "header",
    [
        pytest.param({"alg": "RS512", "kid": "pool-key"}, id="RS512"),
        pytest.param({"alg": "rs256", "kid": "pool-key"}, id="lower case"),
        pytest.param({"alg": "RS256 ", "kid": "pool-key"}, id="a trailing space"),
        pytest.param({"alg": ["RS256"], "kid": "pool-key"}, id="a list"),
        pytest.param({"kid": "pool-key"}, id="no alg"),
        pytest.param({"alg": "RS256"}, id="no kid"),
        pytest.param({"alg": "RS256", "kid": 7}, id="a numeric kid"),
        pytest.param({"alg": "RS256", "kid": "pool-key", "crit": ["exp"]}, id="a critical extension"),
    ],
)
def test_a_header_the_pool_would_not_write_is_refused(
    verifier: TokenVerifier, header: dict[str, Any]
) -> None:
    # Signed RS256 with the pool's own key: only the header is wrong.
    token = compact(json.dumps(header).encode(), json.dumps(claims()).encode())
    assert refused_as(verifier, token) == "The token is not signed the way the identity provider signs."


def test_an_rs512_token_signed_by_the_pool_key_is_refused(verifier: TokenVerifier) -> None:
    token = jwt.encode(claims(), POOL_KEY, algorithm="RS512", headers={"kid": "pool-key"})
    assert refused_as(verifier, token) == "The token is not signed the way the identity provider signs."


def test_an_hs256_token_keyed_with_the_public_key_is_refused(verifier: TokenVerifier) -> None:
    # The classic confusion: HMAC with the public key (which everybody has) as the secret.
    public_pem = POOL_KEY.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = b'{"alg":"HS256","kid":"pool-key"}'
    signing_input = f"{b64url(header)}.{b64url(json.dumps(claims()).encode())}"
    mac = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    token = f"{signing_input}.{b64url(mac)}"
    assert refused_as(verifier, token) == "The token is not signed the way the identity provider signs."


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param(b"not json", id="not json"),
        pytest.param(b"", id="empty"),
        pytest.param(json.dumps([claims()]).encode(), id="an array"),
        pytest.param(b'"a string"', id="a string"),
        pytest.param(
            json.dumps(claims())[:-1].encode() + b', "custom:org": "acme"}', id="a duplicated claim"
        ),
        pytest.param(json.dumps(claims(exp=None))[:-1].encode() + b', "exp": NaN}', id="exp NaN"),
        pytest.param(json.dumps(claims(exp=None))[:-1].encode() + b', "exp": Infinity}', id="exp Infinity"),
        pytest.param(json.dumps(claims(exp=None))[:-1].encode() + b', "exp": 1e999}', id="exp overflowing"),
    ],
)
def test_a_payload_that_is_not_one_json_object_of_claims_is_refused_though_signed(
    verifier: TokenVerifier, payload: bytes
) -> None:
    assert refused_as(verifier, compact(POOL_HEADER, payload)) == "The token is not valid."


@pytest.mark.parametrize(
    "overrides",
    [
        # Times are worked out when the test runs (`IN_TEN_MINUTES`), not when it is collected: a
        # worker may reach it many minutes later.
        pytest.param({"exp": "IN_TEN_MINUTES as a string"}, id="exp as a string"),
        pytest.param({"exp": True}, id="exp as a boolean"),
        pytest.param({"iat": "IN_TEN_MINUTES"}, id="issued in the future"),
        pytest.param({"iat": None}, id="no issue time"),
        pytest.param({"nbf": "IN_TEN_MINUTES"}, id="not valid before a future time"),
        pytest.param({"aud": ["another-client"]}, id="an audience list without the app client"),
        pytest.param({"aud": None}, id="no audience"),
        pytest.param({"iss": None}, id="no issuer"),
        pytest.param({"sub": None}, id="no subject"),
        pytest.param({"sub": 12}, id="a numeric subject"),
        pytest.param({"token_use": None}, id="no token_use"),
        pytest.param({"custom:org": ""}, id="an empty organisation"),
    ],
)
def test_claims_the_pool_would_not_write_are_refused(
    verifier: TokenVerifier, overrides: dict[str, Any]
) -> None:
    in_ten_minutes = int(time.time()) + 600
    moments = {"IN_TEN_MINUTES": in_ten_minutes, "IN_TEN_MINUTES as a string": str(in_ten_minutes)}
    now_overrides = {
        name: moments.get(value, value) if isinstance(value, str) else value
        for name, value in overrides.items()
    }
    with pytest.raises(Unauthenticated):
        verifier.verify(sign(claims(**now_overrides)))


def test_an_expired_token_says_so(verifier: TokenVerifier) -> None:
    token = sign(claims(iat=int(time.time()) - 700, exp=int(time.time()) - 100))
    assert refused_as(verifier, token) == "The token has expired; sign in again."


def test_an_audience_list_naming_the_app_client_is_accepted(verifier: TokenVerifier) -> None:
    assert verifier.verify(sign(claims(aud=["another-client", CLIENT_ID]))).org_id == "demo"


def cube_root_at_least(value: int) -> int:
    low, high = 0, 1 << ((value.bit_length() + 2) // 3 + 1)
    while low < high:
        middle = (low + high) // 2
        if middle**3 < value:
            low = middle + 1
        else:
            high = middle
    return low


def lenient_pkcs1_digest(em: bytes) -> bytes | None:
    """How a careless verifier reads the padding: skip 00 01 FF.. 00, read the DigestInfo, stop."""
    if em[:2] != b"\x00\x01":
        return None
    end = em.index(b"\x00", 2)
    if end < 3 or set(em[2:end]) != {0xFF} or em[end + 1 : end + 20] != SHA256_DIGEST_INFO:
        return None
    return em[end + 20 : end + 52]  # whatever follows the 32-byte hash is ignored


SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")


def test_a_forged_signature_whose_padding_ends_in_garbage_is_refused() -> None:
    # Bleichenbacher's e=3 forgery: without the private key, pick s whose cube is 00 01 FF 00
    # DigestInfo hash followed by garbage. s^3 < n, so no modulus is involved at all.
    jwks = FixedJwks({"legacy-key": E3_KEY})
    verifier = TokenVerifier(config(), jwks)
    header = b'{"alg":"RS256","kid":"legacy-key"}'
    signing_input = f"{b64url(header)}.{b64url(json.dumps(claims()).encode())}"
    digest = hashlib.sha256(signing_input.encode()).digest()
    size = (E3_KEY.public_key().public_numbers().n.bit_length() + 7) // 8
    prefix = b"\x00\x01\xff\x00" + SHA256_DIGEST_INFO + digest
    garbage_bits = 8 * (size - len(prefix))
    s = cube_root_at_least(int.from_bytes(prefix, "big") << garbage_bits)
    em = (s**3).to_bytes(size, "big")
    assert em.startswith(prefix) and s**3 < E3_KEY.public_key().public_numbers().n
    assert lenient_pkcs1_digest(em) == digest  # a careless verifier would accept this token
    token = f"{signing_input}.{b64url(s.to_bytes(size, 'big'))}"
    assert refused_as(verifier, token) == "The token is not valid."
    # The same key's real signatures are accepted: the refusal is about the padding.
    genuine = jwt.encode(claims(), E3_KEY, algorithm="RS256", headers={"kid": "legacy-key"})
    assert verifier.verify(genuine).org_id == "demo"


def jwks_file(tmp_path: Path, content: str) -> str:
    path = tmp_path / "jwks.json"
    path.write_text(content)
    return path.as_uri()


def test_keys_are_read_from_the_pools_published_key_set(tmp_path: Path) -> None:
    key_set = {"keys": [{"kty": "EC", "kid": "ec-key"}, public_jwk(POOL_KEY, "pool-key")]}
    verifier = TokenVerifier(config(), JwksCache(jwks_file(tmp_path, json.dumps(key_set))))
    assert verifier.verify(sign(claims())) == TokenIdentity(org_id="demo", user_id="user-1")


def test_a_published_key_too_short_to_trust_signs_nothing(tmp_path: Path) -> None:
    weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    key_set = {"keys": [public_jwk(weak, "weak-key"), public_jwk(POOL_KEY, "pool-key")]}
    verifier = TokenVerifier(config(), JwksCache(jwks_file(tmp_path, json.dumps(key_set))))
    header = b'{"alg":"RS256","kid":"weak-key"}'
    token = compact(header, json.dumps(claims()).encode(), key=weak)
    assert refused_as(verifier, token) == "The token is signed with an unknown key."
    assert verifier.verify(sign(claims())).org_id == "demo"


@pytest.mark.parametrize(
    "content", ["<html>busy</html>", "[]", None], ids=["not json", "not an object", "absent"]
)
def test_a_key_set_that_cannot_be_read_makes_the_service_unavailable(
    tmp_path: Path, content: str | None
) -> None:
    url = jwks_file(tmp_path, content) if content is not None else (tmp_path / "absent.json").as_uri()
    verifier = TokenVerifier(config(), JwksCache(url))
    with pytest.raises(ServiceUnavailable):
        verifier.verify(sign(claims()))


def test_checking_a_token_loads_no_jwt_library_and_no_native_cryptography() -> None:
    # The deployed package carries neither (requirements.txt): a fresh interpreter shows what
    # importing the token check pulls in.
    probe = "import sys, chalicelib.auth; print(sorted({m.split('.')[0] for m in sys.modules}))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = set(ast.literal_eval(done.stdout))
    assert loaded.isdisjoint({"jwt", "cryptography", "_cffi_backend", "cffi", "OpenSSL"})


def test_an_expiry_too_large_for_a_float_is_a_date_in_the_far_future(verifier: TokenVerifier) -> None:
    # A crash here would be a 500 for a token the pool signed; PyJWT compared it as an integer too.
    assert verifier.verify(sign(claims(exp=10**400))).org_id == "demo"
