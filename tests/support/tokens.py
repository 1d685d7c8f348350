"""Real tokens from the emulator's user pool, and forged ones for the negative cases."""

from __future__ import annotations

import json
import time
from functools import cache
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from moto.utilities.utils import load_resource

from local import emulator


def sign_in(resources: emulator.LocalResources, email: str, password: str) -> str:
    """The real USER_PASSWORD_AUTH flow against the emulator; returns the ID token."""
    return signed_in(resources, email, password)["IdToken"]


def signed_in(resources: emulator.LocalResources, email: str, password: str) -> dict[str, str]:
    """The tokens of a real USER_PASSWORD_AUTH sign-in: IdToken, AccessToken, RefreshToken."""
    result = _cognito(resources.endpoint_url).initiate_auth(
        ClientId=resources.user_pool_client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": password},
    )
    tokens = result["AuthenticationResult"]
    return {name: str(tokens[name]) for name in ("IdToken", "AccessToken", "RefreshToken") if name in tokens}


@cache
def _cognito(endpoint_url: str) -> Any:
    """One client per emulator: a new botocore client costs about 0.1 s of CPU, a sign-in far less."""
    return emulator.client("cognito-idp", endpoint_url)


def claims_of(token: str) -> dict[str, Any]:
    return dict(jwt.decode(token, options={"verify_signature": False}))


@cache
def _pool_key() -> Any:
    """The emulator's signing key: lets a test mint tokens the verifier would otherwise accept.

    Loaded once: the key file holds no primes, and recovering them takes most of a second of CPU."""
    return jwt.PyJWK(load_resource("cognitoidp/resources/jwks-private.json"), algorithm="RS256").key


def signed_like_the_pool(claims: dict[str, Any]) -> str:
    return jwt.encode(claims, _pool_key(), algorithm="RS256", headers={"kid": "dummy"})


def expired(token: str) -> str:
    claims = claims_of(token)
    claims["iat"] = int(time.time()) - 7200
    claims["exp"] = int(time.time()) - 3600
    return signed_like_the_pool(claims)


def wrong_audience(token: str) -> str:
    claims = claims_of(token)
    claims["aud"] = "some-other-app-client"
    return signed_like_the_pool(claims)


def access_token_use(token: str) -> str:
    claims = claims_of(token)
    claims["token_use"] = "access"
    return signed_like_the_pool(claims)


def unsigned(token: str) -> str:
    """alg: none, with the same claims."""
    return jwt.encode(claims_of(token), key=None, algorithm="none", headers={"kid": "dummy"})


@cache
def _another_key() -> rsa.RSAPrivateKey:
    """A key that is not the pool's (one for the session: making a 2048-bit key is slow)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def resigned_with_another_key(token: str) -> str:
    return jwt.encode(claims_of(token), _another_key(), algorithm="RS256", headers={"kid": "dummy"})


def tampered(token: str, org_id: str) -> str:
    """The original signature over a changed payload (another organisation)."""
    header, _, signature = token.split(".")
    claims = claims_of(token)
    claims[f"custom:{'org'}"] = org_id
    payload = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
    return f"{header}.{payload}.{signature}"


BAD_TOKENS = {
    "expired": expired,
    "wrong audience": wrong_audience,
    "access token": access_token_use,
    "alg none": unsigned,
    "re-signed": resigned_with_another_key,
}
