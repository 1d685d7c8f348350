"""Token verification and the Principal.

The app verifies every Cognito ID token itself, the same way locally and on AWS: RS256
signature against the user pool's JWKS (cached, refreshed when an unknown key id shows up),
issuer, audience (the app client id), `token_use` and expiry. The organisation comes from
the verified `custom:org` claim and from nowhere else.

A verified token only says who signed in and for which organisation (`TokenIdentity`); what
that person may do now is decided by their current profile (chalicelib/identity/current.py),
never by the roles the token was issued with.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import jwt

from chalicelib.config import Config
from chalicelib.errors import Forbidden, ServiceUnavailable, Unauthenticated

ORG_CLAIM = "custom:org"
_JWKS_MIN_REFRESH_SECONDS = 60
_JWKS_TIMEOUT_SECONDS = 3


class Role(StrEnum):
    LEARNER = "learner"
    MENTOR = "mentor"
    COMMUNITY_MANAGER = "community_manager"
    ORG_ADMIN = "org_admin"


@dataclass(frozen=True)
class Principal:
    org_id: str
    user_id: str
    email: str
    roles: frozenset[Role]

    def has_any_role(self, roles: frozenset[Role]) -> bool:
        return bool(self.roles & roles)

    def require_any_role(self, roles: frozenset[Role]) -> None:
        if roles and not self.has_any_role(roles):
            wanted = ", ".join(sorted(roles))
            raise Forbidden(f"This needs one of these roles: {wanted}.")


@dataclass(frozen=True)
class TokenIdentity:
    """Who a verified ID token names: the organisation and the account's immutable subject."""

    org_id: str
    user_id: str


class JwksCache:
    """The user pool's public keys, fetched once and refreshed when a new key id appears."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at = 0.0
        self._lock = threading.Lock()

    def key_for(self, kid: str) -> jwt.PyJWK | None:
        key = self._keys.get(kid)
        if key is None and time.monotonic() - self._fetched_at > _JWKS_MIN_REFRESH_SECONDS:
            self._refresh()
            key = self._keys.get(kid)
        return key

    def _refresh(self) -> None:
        with self._lock:
            try:
                with urllib.request.urlopen(self._url, timeout=_JWKS_TIMEOUT_SECONDS) as response:  # noqa: S310
                    document = json.load(response)
            except OSError as exc:
                raise ServiceUnavailable("The identity provider's keys could not be fetched.") from exc
            keys: dict[str, jwt.PyJWK] = {}
            for jwk in document.get("keys", []):
                if jwk.get("kty") == "RSA" and jwk.get("kid"):
                    keys[jwk["kid"]] = jwt.PyJWK.from_dict(jwk, algorithm="RS256")
            self._keys = keys
            self._fetched_at = time.monotonic()


class TokenVerifier:
    def __init__(self, config: Config, jwks: JwksCache | None = None) -> None:
        self._issuer = config.token_issuer
        self._audience = config.user_pool_client_id
        self._jwks = jwks or JwksCache(config.jwks_url)

    def identity_from_header(self, authorization: str | None) -> TokenIdentity:
        if not authorization:
            raise Unauthenticated("Send an Authorization: Bearer <ID token> header.")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated("The Authorization header must be 'Bearer <ID token>'.")
        return self.verify(token.strip())

    def verify(self, token: str) -> TokenIdentity:
        claims = self._verified_claims(token)
        if claims.get("token_use") != "id":
            raise Unauthenticated("Send the ID token, not the access token.")
        org_id = claims.get(ORG_CLAIM)
        user_id = claims.get("sub")
        if not isinstance(org_id, str) or not org_id or not isinstance(user_id, str) or not user_id:
            raise Unauthenticated("The token does not name an organisation and a user.")
        return TokenIdentity(org_id=org_id, user_id=user_id)

    def _verified_claims(self, token: str) -> dict[str, Any]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise Unauthenticated("The token is malformed.") from exc
        if header.get("alg") != "RS256" or not isinstance(header.get("kid"), str):
            raise Unauthenticated("The token is not signed the way the identity provider signs.")
        key = self._jwks.key_for(header["kid"])
        if key is None:
            raise Unauthenticated("The token is signed with an unknown key.")
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key=key,
                algorithms=["RS256"],
                audience=self._audience,
                issuer=self._issuer,
                options={"require": ["exp", "iat", "iss", "aud", "sub", "token_use"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthenticated("The token has expired; sign in again.") from exc
        except jwt.PyJWTError as exc:
            raise Unauthenticated("The token is not valid.") from exc
        return claims
