"""The app accepts only ID tokens its user pool signed for its app client, and nothing else."""

from __future__ import annotations

import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from chalicelib.auth import JwksCache, TokenIdentity, TokenVerifier
from chalicelib.config import Config
from chalicelib.errors import Unauthenticated

ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_pool"
CLIENT_ID = "app-client"
POOL_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


class FixedJwks(JwksCache):
    """The pool's keys without HTTP; counts refreshes to show an unknown kid triggers one."""

    def __init__(self) -> None:
        super().__init__("unused")
        self.refreshes = 0

    def _refresh(self) -> None:
        self.refreshes += 1
        public = jwt.algorithms.RSAAlgorithm.to_jwk(POOL_KEY.public_key(), as_dict=True)
        self._keys = {"pool-key": jwt.PyJWK({**public, "kid": "pool-key", "alg": "RS256"}, algorithm="RS256")}
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
