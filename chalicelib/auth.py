"""Token verification (the API's only; the Principal and roles are chalicelib/principal.py).

The app verifies every Cognito ID token itself, the same way locally and on AWS: RS256
signature against the user pool's JWKS (cached, refreshed when an unknown key id shows up),
issuer, audience (the app client id), `token_use` and expiry. The JWT and RSA work is
chalicelib/jwt_rs256.py (pure Python; see docs/decisions.md). The organisation comes from
the verified `custom:org` claim and from nowhere else.

A verified token only says who signed in and for which organisation (`TokenIdentity`); what
that person may do now is decided by their current profile (chalicelib/identity/current.py),
never by the roles the token was issued with.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import OrderedDict
from typing import Any

from chalicelib import jwt_rs256
from chalicelib.config import Config
from chalicelib.errors import ServiceUnavailable, Unauthenticated
from chalicelib.principal import Principal, Role, TokenIdentity

ORG_CLAIM = "custom:org"
REQUIRED_CLAIMS = ("exp", "iat", "iss", "aud", "sub", "token_use")
# No leeway for clock skew, as before: Cognito and Lambda both keep AWS time.
_LEEWAY_SECONDS = 0
_JWKS_MIN_REFRESH_SECONDS = 60
_JWKS_TIMEOUT_SECONDS = 3
# Tokens verified in this container, so a warm container checks a caller's signature once per token
# (docs/decisions.md): at most this many, each forgotten at its `exp` (never trusted after it).
VERIFIED_TOKENS_KEPT = 512
# The Powertools logger's name (chalicelib/observability.py), without importing Powertools here.
_log = logging.getLogger("kring")

__all__ = ["JwksCache", "Principal", "Role", "TokenIdentity", "TokenVerifier", "keys_from_jwks"]


class JwksCache:
    """The user pool's public keys, fetched once and refreshed when a new key id appears."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._keys: dict[str, jwt_rs256.RsaPublicKey] = {}
        self._fetched_at = 0.0
        self._lock = threading.Lock()

    def key_for(self, kid: str) -> jwt_rs256.RsaPublicKey | None:
        key = self._keys.get(kid)
        if key is None and time.monotonic() - self._fetched_at > _JWKS_MIN_REFRESH_SECONDS:
            self._refresh()
            key = self._keys.get(kid)
        return key

    def _refresh(self) -> None:
        import urllib.request  # only a cold container's first token needs HTTP (and its imports)

        with self._lock:
            try:
                with urllib.request.urlopen(self._url, timeout=_JWKS_TIMEOUT_SECONDS) as response:  # noqa: S310
                    document = json.load(response)
            except (OSError, ValueError) as exc:
                raise ServiceUnavailable("The identity provider's keys could not be fetched.") from exc
            if not isinstance(document, dict):
                raise ServiceUnavailable("The identity provider's keys could not be fetched.")
            self._keys = keys_from_jwks(document)
            self._fetched_at = time.monotonic()


def keys_from_jwks(document: dict[str, Any]) -> dict[str, jwt_rs256.RsaPublicKey]:
    """The RS256 keys of a JWKS document; an RSA key that cannot be used is logged and left out."""
    keys, refused = jwt_rs256.rs256_keys(document)
    for kid, reason in refused.items():
        _log.warning("JWKS key %s is not usable for RS256: %s", kid, reason)
    return keys


class TokenVerifier:
    def __init__(self, config: Config, jwks: JwksCache | None = None) -> None:
        self._issuer = config.token_issuer
        self._audience = config.user_pool_client_id
        self._jwks = jwks or JwksCache(config.jwks_url)
        self._verified: OrderedDict[str, tuple[TokenIdentity, float]] = OrderedDict()
        self._verified_lock = threading.Lock()

    def identity_from_header(self, authorization: str | None) -> TokenIdentity:
        if not authorization:
            raise Unauthenticated("Send an Authorization: Bearer <ID token> header.")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated("The Authorization header must be 'Bearer <ID token>'.")
        return self.verify(token.strip())

    def verify(self, token: str) -> TokenIdentity:
        known = self._already_verified(token, time.time())
        if known is not None:
            return known
        identity, expires = self._identity_of(token)
        with self._verified_lock:
            self._verified[token] = (identity, expires)
            if len(self._verified) > VERIFIED_TOKENS_KEPT:
                self._verified.popitem(last=False)  # the least recently used
        return identity

    def _already_verified(self, token: str, now: float) -> TokenIdentity | None:
        """The identity of a token this container verified, while its `exp` is still ahead."""
        with self._verified_lock:
            known = self._verified.get(token)
            if known is None:
                return None
            identity, expires = known
            if expires <= now - _LEEWAY_SECONDS:  # expired: the same rule as check_claims
                del self._verified[token]
                return None
            self._verified.move_to_end(token)
            return identity

    def _identity_of(self, token: str) -> tuple[TokenIdentity, float]:
        claims = self._verified_claims(token)
        if claims.get("token_use") != "id":
            raise Unauthenticated("Send the ID token, not the access token.")
        org_id = claims.get(ORG_CLAIM)
        user_id = claims.get("sub")
        if not isinstance(org_id, str) or not org_id or not isinstance(user_id, str) or not user_id:
            raise Unauthenticated("The token does not name an organisation and a user.")
        # `exp` is required, and a number (int or float, compared exactly) once _verified_claims passed.
        expires: float = claims["exp"]
        return TokenIdentity(org_id=org_id, user_id=user_id), expires

    def _verified_claims(self, token: str) -> dict[str, Any]:
        try:
            signed = jwt_rs256.parse(token)
        except jwt_rs256.MalformedToken as exc:
            raise Unauthenticated("The token is malformed.") from exc
        kid = signed.rs256_key_id
        if kid is None:
            raise Unauthenticated("The token is not signed the way the identity provider signs.")
        key = self._jwks.key_for(kid)
        if key is None:
            raise Unauthenticated("The token is signed with an unknown key.")
        try:
            claims = jwt_rs256.verified_payload(signed, key)
            jwt_rs256.check_claims(
                claims,
                issuer=self._issuer,
                audience=self._audience,
                required=REQUIRED_CLAIMS,
                now=time.time(),
                leeway_seconds=_LEEWAY_SECONDS,
            )
        except jwt_rs256.ExpiredToken as exc:
            raise Unauthenticated("The token has expired; sign in again.") from exc
        except jwt_rs256.TokenError as exc:
            raise Unauthenticated("The token is not valid.") from exc
        return claims
