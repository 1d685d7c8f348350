"""Token verification (the API's only; the Principal and roles are chalicelib/principal.py).

The app verifies every Cognito ID token itself, the same way locally and on AWS: RS256
signature against the user pool's JWKS, issuer, audience (the app client id), `token_use` and
expiry. The keys are handed to the function with its configuration (`KRING_USER_POOL_JWKS`, see
docs/decisions.md), so a cold container verifies without a request; without that setting they
are fetched on the first token. Either way they are fetched again when a token names an unknown
key id (a rotation), at most once a minute. The JWT and RSA work is
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
from chalicelib.config import Config, ConfigurationError
from chalicelib.errors import ServiceUnavailable, Unauthenticated
from chalicelib.principal import Principal, Role, TokenIdentity

ORG_CLAIM = "custom:org"
REQUIRED_CLAIMS = ("exp", "iat", "iss", "aud", "sub", "token_use")
# No leeway for clock skew, as before: Cognito and Lambda both keep AWS time.
_LEEWAY_SECONDS = 0
_JWKS_MIN_REFRESH_SECONDS = 60
_JWKS_TIMEOUT_SECONDS = 3
# KRING_USER_POOL_JWKS travels in the API function's environment, which Lambda caps at 4 KB in all.
MAX_CONFIGURED_JWKS_CHARS = 4096
# Tokens verified in this container, so a warm container checks a caller's signature once per token
# (docs/decisions.md): at most this many, each forgotten at its `exp` (never trusted after it).
VERIFIED_TOKENS_KEPT = 512
# The Powertools logger's name (chalicelib/observability.py), without importing Powertools here.
_log = logging.getLogger("kring")

__all__ = [
    "JwksCache",
    "Principal",
    "Role",
    "TokenIdentity",
    "TokenVerifier",
    "configured_keys",
    "keys_from_jwks",
]


class JwksCache:
    """The user pool's public keys: the configured ones, else fetched on first use; fetched again
    when a token names a key id not among them, at most once per _JWKS_MIN_REFRESH_SECONDS."""

    def __init__(self, url: str, configured: str | None = None) -> None:
        self._url = url
        self._keys: dict[str, jwt_rs256.RsaPublicKey] = configured_keys(configured) if configured else {}
        # When the last fetch was attempted (monotonic seconds); None: never, so the first unknown
        # key id fetches whatever the clock says (it counts from boot, which may be seconds ago).
        self._fetched_at: float | None = None
        self._lock = threading.Lock()

    def key_for(self, kid: str) -> jwt_rs256.RsaPublicKey | None:
        key = self._keys.get(kid)
        if key is not None:
            return key
        with self._lock:  # one fetch at a time; the others then find its keys
            key = self._keys.get(kid)
            now = time.monotonic()
            if key is not None or not self._may_fetch(now):
                return key
            previous, self._fetched_at = self._fetched_at, now
            try:
                self._refresh()
            except ServiceUnavailable:
                # With keys in hand a failed fetch counts too: unknown key ids sent while the pool's
                # endpoint fails cost one attempt a period, not one per request. Without any (no
                # configured keys, nothing fetched yet) the next token tries again, as it always did.
                if not self._keys:
                    self._fetched_at = previous
                raise
            return self._keys.get(kid)

    def _may_fetch(self, now: float) -> bool:
        return self._fetched_at is None or now - self._fetched_at > _JWKS_MIN_REFRESH_SECONDS

    def _refresh(self) -> None:
        import urllib.request  # only a container fetching keys needs HTTP (and its TLS context)

        try:
            with urllib.request.urlopen(self._url, timeout=_JWKS_TIMEOUT_SECONDS) as response:  # noqa: S310
                document = json.load(response)
        except (OSError, ValueError) as exc:
            raise ServiceUnavailable("The identity provider's keys could not be fetched.") from exc
        if not isinstance(document, dict):
            raise ServiceUnavailable("The identity provider's keys could not be fetched.")
        self._keys = keys_from_jwks(document)


def configured_keys(text: str) -> dict[str, jwt_rs256.RsaPublicKey]:
    """The keys of KRING_USER_POOL_JWKS, which must be exactly a set of RS256 public keys.

    Anything else is a broken deployment, not a key to skip: it is logged and raised, so every
    request that needs a token fails (500) until the setting is fixed, rather than running with
    keys nobody meant (jwt_rs256.strict_rs256_keys says what is accepted).
    """
    try:
        if len(text) > MAX_CONFIGURED_JWKS_CHARS:
            raise jwt_rs256.InvalidKey(f"{len(text)} characters, more than {MAX_CONFIGURED_JWKS_CHARS}")
        try:
            document = jwt_rs256.json_object(text.encode("utf-8"))
        except ValueError as exc:
            raise jwt_rs256.InvalidKey(f"not one JSON object ({exc})") from exc
        return jwt_rs256.strict_rs256_keys(document)
    except jwt_rs256.InvalidKey as exc:
        _log.error("KRING_USER_POOL_JWKS is refused: %s", exc)
        raise ConfigurationError(f"KRING_USER_POOL_JWKS is not a set of RS256 public keys: {exc}") from exc


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
        self._jwks = jwks or JwksCache(config.jwks_url, config.user_pool_jwks)
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
