"""The pool's keys handed over with the configuration: a cold container verifies without fetching them.

KRING_USER_POOL_JWKS carries the pool's public keys (infra/ at deploy time, the local stack when it
starts). A token signed with one of them is verified without any request; a token naming another
key id makes the container fetch the pool's published key set, as a rotation needs, but never more
than once a minute whatever callers send. A setting that is not exactly a set of RS256 public keys
stops token verification with a clear log instead of being half used.
"""

from __future__ import annotations

import dataclasses
import io
import json
import logging
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from chalicelib import auth
from chalicelib.config import Config, ConfigurationError, get_config
from chalicelib.errors import ServiceUnavailable, Unauthenticated
from chalicelib.jwt_rs256 import JWK_MEMBERS
from chalicelib.principal import TokenIdentity
from tests.unit.test_token_verification import (
    CLIENT_ID,
    OTHER_KEY,
    POOL_KEY,
    claims,
    config,
    public_jwk,
    sign,
)

JWKS_URL = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_pool/.well-known/jwks.json"


def pool_jwk(key: rsa.RSAPrivateKey, kid: str) -> dict[str, Any]:
    """A public key as Cognito publishes it: kty, alg, use, kid, n and e."""
    return {name: value for name, value in public_jwk(key, kid).items() if name in JWK_MEMBERS}


def key_set(*keys: tuple[rsa.RSAPrivateKey, str]) -> dict[str, Any]:
    return {"keys": [pool_jwk(key, kid) for key, kid in keys]}


def configured(jwks: dict[str, Any] | str) -> Config:
    setting = jwks if isinstance(jwks, str) else json.dumps(jwks, separators=(",", ":"))
    return dataclasses.replace(config(), jwks_url=JWKS_URL, user_pool_jwks=setting)


@dataclass
class PoolEndpoint:
    """The pool's published key set, as the verifier's HTTP fetch finds it."""

    serves: dict[str, Any] = field(default_factory=lambda: key_set((POOL_KEY, "pool-key")))
    down: bool = False
    fetched: list[str] = field(default_factory=list)

    def urlopen(self, url: str, timeout: float) -> io.BytesIO:
        self.fetched.append(url)
        if self.down:
            raise OSError("connection refused")
        return io.BytesIO(json.dumps(self.serves).encode())


@pytest.fixture
def pool(monkeypatch: pytest.MonkeyPatch) -> PoolEndpoint:
    endpoint = PoolEndpoint()
    monkeypatch.setattr(urllib.request, "urlopen", endpoint.urlopen)
    return endpoint


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The verifier's monotonic clock, moved by the test."""
    now = [1000.0]
    monkeypatch.setattr(auth.time, "monotonic", lambda: now[0])
    return now


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The settings a deployed API function has, read the way it reads them."""
    for name, value in {
        "AWS_REGION": "eu-west-1",
        "KRING_USER_POOL_ID": "eu-west-1_pool",
        "KRING_USER_POOL_CLIENT_ID": CLIENT_ID,
        "KRING_TABLE": "t",
        "KRING_MEDIA_BUCKET": "b",
        "KRING_CURSOR_SECRET_ID": "s",
        "KRING_MEDIA_CDN_URL": "https://media.example",
        "KRING_MEDIA_CDN_KEY_PAIR_ID": "K",
        "KRING_MEDIA_CDN_SIGNING_KEY_SECRET_ID": "k",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("KRING_TOKEN_ISSUER", raising=False)
    monkeypatch.delenv("KRING_JWKS_URL", raising=False)
    get_config.cache_clear()
    yield
    get_config.cache_clear()


def test_a_cold_container_given_the_pools_keys_verifies_without_any_request(
    pool: PoolEndpoint, environment: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    jwks = key_set((POOL_KEY, "pool-key"), (OTHER_KEY, "second-key"))
    monkeypatch.setenv("KRING_USER_POOL_JWKS", json.dumps(jwks))
    verifier = auth.TokenVerifier(get_config())
    assert verifier.verify(sign(claims())) == TokenIdentity(org_id="demo", user_id="user-1")
    assert verifier.verify(sign(claims(sub="user-2"), key=OTHER_KEY, kid="second-key")).user_id == "user-2"
    assert pool.fetched == []


def test_without_the_setting_the_keys_are_fetched_on_the_first_token_as_before(
    pool: PoolEndpoint, environment: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KRING_USER_POOL_JWKS", "")
    verifier = auth.TokenVerifier(get_config())
    assert verifier.verify(sign(claims())).org_id == "demo"
    assert verifier.verify(sign(claims(sub="user-2"))).org_id == "demo"
    assert pool.fetched == [JWKS_URL]


def test_a_token_signed_with_a_key_rotated_in_since_the_deployment_is_verified_after_one_fetch(
    pool: PoolEndpoint, clock: list[float]
) -> None:
    pool.serves = key_set((POOL_KEY, "pool-key"), (OTHER_KEY, "rotated-key"))
    verifier = auth.TokenVerifier(configured(key_set((POOL_KEY, "pool-key"))))
    assert verifier.verify(sign(claims(), key=OTHER_KEY, kid="rotated-key")).org_id == "demo"
    assert verifier.verify(sign(claims(sub="user-2"), key=OTHER_KEY, kid="rotated-key")).org_id == "demo"
    assert verifier.verify(sign(claims(sub="user-3"))).org_id == "demo"
    assert pool.fetched == [JWKS_URL]


def test_a_key_the_pool_no_longer_publishes_is_forgotten_once_the_keys_are_fetched_again(
    pool: PoolEndpoint, clock: list[float]
) -> None:
    pool.serves = key_set((OTHER_KEY, "rotated-key"))
    verifier = auth.TokenVerifier(configured(key_set((POOL_KEY, "pool-key"))))
    verifier.verify(sign(claims(), key=OTHER_KEY, kid="rotated-key"))
    with pytest.raises(Unauthenticated, match="unknown key"):
        verifier.verify(sign(claims(sub="user-2")))


def test_a_flood_of_unknown_key_ids_costs_one_fetch_a_minute(pool: PoolEndpoint, clock: list[float]) -> None:
    verifier = auth.TokenVerifier(configured(key_set((POOL_KEY, "pool-key"))))
    for _ in range(50):
        with pytest.raises(Unauthenticated, match="unknown key"):
            verifier.verify(sign(claims(), key=OTHER_KEY, kid=uuid.uuid4().hex))
        clock[0] += 1  # one a second
    assert pool.fetched == [JWKS_URL]
    clock[0] += 11  # more than a minute after the fetch
    for _ in range(3):
        with pytest.raises(Unauthenticated, match="unknown key"):
            verifier.verify(sign(claims(), key=OTHER_KEY, kid=uuid.uuid4().hex))
    assert pool.fetched == [JWKS_URL, JWKS_URL]
    assert verifier.verify(sign(claims())).org_id == "demo"  # the pool's own tokens never waited


def test_while_the_pools_endpoint_fails_unknown_key_ids_still_cost_one_fetch_a_minute(
    pool: PoolEndpoint, clock: list[float]
) -> None:
    pool.down = True
    verifier = auth.TokenVerifier(configured(key_set((POOL_KEY, "pool-key"))))
    with pytest.raises(ServiceUnavailable):  # the one that tried: the keys could not be fetched
        verifier.verify(sign(claims(), kid="new-key"))
    for _ in range(20):
        with pytest.raises(Unauthenticated, match="unknown key"):
            verifier.verify(sign(claims(), kid=uuid.uuid4().hex))
    assert pool.fetched == [JWKS_URL]
    assert verifier.verify(sign(claims())).org_id == "demo"  # the configured keys still verify


def too_weak_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=1024)


POOL_JWK = pool_jwk(POOL_KEY, "pool-key")
MALFORMED = {
    "not json": "{keys: []}",
    "a list of keys, not a key set": json.dumps([POOL_JWK]),
    "no keys": json.dumps({"keys": []}),
    "another member beside keys": json.dumps({"keys": [POOL_JWK], "issuer": "x"}),
    "a duplicated member": '{"keys": [], "keys": ' + json.dumps([POOL_JWK]) + "}",
    "an elliptic curve key": json.dumps({"keys": [{"kty": "EC", "kid": "ec", "alg": "ES256"}]}),
    "an RSA key for RS512": json.dumps({"keys": [{**POOL_JWK, "alg": "RS512"}]}),
    "an RSA key without alg": json.dumps({"keys": [{k: v for k, v in POOL_JWK.items() if k != "alg"}]}),
    "an encryption key": json.dumps({"keys": [{**POOL_JWK, "use": "enc"}]}),
    "a 1024-bit key": json.dumps({"keys": [pool_jwk(too_weak_key(), "weak")]}),
    "an even exponent": json.dumps({"keys": [{**POOL_JWK, "e": "AQAA"}]}),
    "a modulus in standard base64": json.dumps({"keys": [{**POOL_JWK, "n": POOL_JWK["n"] + "=="}]}),
    "no kid": json.dumps({"keys": [{k: v for k, v in POOL_JWK.items() if k != "kid"}]}),
    "a kid twice": json.dumps({"keys": [POOL_JWK, pool_jwk(OTHER_KEY, "pool-key")]}),
    "a member that is not read": json.dumps({"keys": [{**POOL_JWK, "key_ops": ["verify"]}]}),
    "too many keys": json.dumps({"keys": [{**POOL_JWK, "kid": f"k{i}"} for i in range(9)]}),
    "longer than an environment holds": json.dumps({"keys": [POOL_JWK]}) + " " * 4096,
}


class Recorded(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def errors_logged() -> Iterator[list[str]]:
    """What the app logs at ERROR (its logger may not propagate to the root's handlers)."""
    handler = Recorded()
    logger = logging.getLogger("kring")
    logger.addHandler(handler)
    yield handler.messages
    logger.removeHandler(handler)


@pytest.mark.parametrize("setting", list(MALFORMED.values()), ids=list(MALFORMED))
def test_a_malformed_key_setting_stops_token_verification_with_a_clear_log(
    setting: str, pool: PoolEndpoint, errors_logged: list[str]
) -> None:
    with pytest.raises(ConfigurationError, match="KRING_USER_POOL_JWKS is not a set of RS256 public keys"):
        auth.TokenVerifier(configured(setting))
    assert [message.split(":")[0] for message in errors_logged] == ["KRING_USER_POOL_JWKS is refused"]
    assert pool.fetched == []  # nothing is fetched in its place


def test_the_setting_is_read_with_surrounding_whitespace_trimmed(
    pool: PoolEndpoint, environment: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KRING_USER_POOL_JWKS", "\n " + json.dumps(key_set((POOL_KEY, "pool-key"))) + " \n")
    assert auth.TokenVerifier(get_config()).verify(sign(claims())).org_id == "demo"
    assert pool.fetched == []
