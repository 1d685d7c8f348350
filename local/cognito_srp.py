"""The emulator's Cognito checks the password of a USER_SRP_AUTH sign-in, as Cognito does.

moto answers InitiateAuth(USER_SRP_AUTH) with random values and signs in whoever answers the
PASSWORD_VERIFIER challenge, whatever their password. Here the challenge is Cognito's: SRP-6a
over the 3072-bit group (g = 2), a salt and verifier made from the password the emulator keeps,
SRP_B = k*v + g^b, an opaque SECRET_BLOCK; the answer's PASSWORD_CLAIM_SIGNATURE must be the
HMAC-SHA256, keyed with the HKDF-derived key of the shared secret, over pool name + user id +
secret block + timestamp. A wrong one is "Incorrect username or password.". A secret block
answers once, within the app client's auth session validity (3 minutes unless set), and so does
the session a challenge that follows hands out (NEW_PASSWORD_REQUIRED).

Like Cognito with PreventUserExistenceErrors, an unknown e-mail gets a challenge too, and then
the same refusal as a wrong password.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

N_HEX: Final = (
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"
)
N: Final = int(N_HEX, 16)
G: Final = 2
WRONG_PASSWORD: Final = "Incorrect username or password."
SESSION_EXPIRED: Final = "Invalid session for the user, session is expired."
DEFAULT_AUTH_SESSION_MINUTES: Final = 3  # an app client's AuthSessionValidity unless it sets one

# Monotonic seconds; tests move it to see a secret block expire.
clock: Callable[[], float] = time.monotonic


def pad_hex(value: int) -> bytes:
    """A positive number as Cognito hashes it: big-endian, with a leading zero byte when the top
    bit is set (the hex of an even length, "00" first when it starts with 8-f)."""
    text = format(value, "x")
    text = "0" + text if len(text) % 2 else text
    return bytes.fromhex("00" + text if text[0] in "89abcdef" else text)


def _hash_int(*parts: bytes) -> int:
    return int(hashlib.sha256(b"".join(parts)).hexdigest(), 16)


K: Final = _hash_int(pad_hex(N), pad_hex(G))


def password_exponent(pool_name: str, user_id: str, password: str, salt: int) -> int:
    """x = H(salt | H(pool name | user id | ":" | password))."""
    inner = hashlib.sha256(f"{pool_name}{user_id}:{password}".encode()).digest()
    return _hash_int(pad_hex(salt), inner)


def signature(key: bytes, pool_name: str, user_id: str, secret_block: str, timestamp: str) -> str:
    message = pool_name.encode() + user_id.encode() + base64.b64decode(secret_block) + timestamp.encode()
    return base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()


def derived_key(shared_secret: int, scrambler: int) -> bytes:
    """HKDF-SHA256 (one block, 16 bytes) of S salted with u: Cognito's "Caldera Derived Key"."""
    prk = hmac.new(pad_hex(scrambler), pad_hex(shared_secret), hashlib.sha256).digest()
    return hmac.new(prk, b"Caldera Derived Key\x01", hashlib.sha256).digest()[:16]


@dataclass(frozen=True)
class Challenge:
    """The server's half of one PASSWORD_VERIFIER challenge."""

    user_pool_id: str
    client_id: str
    username: str | None  # the emulator's user name (the sub); None for an unknown e-mail
    user_id_for_srp: str
    salt: int
    verifier: int
    public_a: int
    private_b: int
    public_b: int
    secret_block: str
    expires_at: float

    def expected_key(self) -> bytes | None:
        """The key the client derives when it knows the password; None when A and B scramble to 0."""
        u = _hash_int(pad_hex(self.public_a), pad_hex(self.public_b))
        if u == 0:
            return None
        shared = pow(self.public_a * pow(self.verifier, u, N) % N, self.private_b, N)
        return derived_key(shared, u)

    def proves_the_password(self, pool_name: str, claimed: str, timestamp: str) -> bool:
        key = self.expected_key()
        if key is None or self.username is None:
            return False
        expected = signature(key, pool_name, self.user_id_for_srp, self.secret_block, timestamp)
        return hmac.compare_digest(expected.encode(), claimed.encode())


# The salt is stable for a password while the emulator runs (as Cognito's is for a password), but
# tells nothing about it: keyed with a secret of this process.
_SALT_KEY: Final = secrets.token_bytes(32)


def open_challenge(
    user_pool_id: str,
    client_id: str,
    username: str | None,
    user_id_for_srp: str,
    password: str | None,
    public_a: int,
    valid_seconds: float,
) -> Challenge:
    pool_name = user_pool_id.split("_", 1)[-1]
    seed = f"{user_pool_id}\0{user_id_for_srp}\0{password}".encode()
    # No leading zero: every client pads the salt's hex the same way only then (Cognito's never has one).
    salt = int.from_bytes(hmac.new(_SALT_KEY, seed, hashlib.sha256).digest()[:16]) | (1 << 124)
    if password is None:  # no password (or nobody): a verifier nothing can match
        verifier = pow(G, secrets.randbits(1024), N)
    else:
        verifier = pow(G, password_exponent(pool_name, user_id_for_srp, password, salt), N)
    while True:
        private_b = secrets.randbits(1024) % N
        public_b = (K * verifier + pow(G, private_b, N)) % N
        if public_b != 0:
            break
    return Challenge(
        user_pool_id,
        client_id,
        username,
        user_id_for_srp,
        salt,
        verifier,
        public_a,
        private_b,
        public_b,
        base64.b64encode(secrets.token_bytes(64)).decode(),
        clock() + valid_seconds,
    )


class _Pending:
    """Open challenges by secret block, and expiry times of handed-out sessions. Not saved with
    the emulator's state: a sign-in under way when the stack stops starts again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._challenges: dict[str, Challenge] = {}
        self._sessions: dict[str, float] = {}

    def add(self, challenge: Challenge) -> None:
        with self._lock:
            self._forget_expired()
            self._challenges[challenge.secret_block] = challenge

    def take(self, secret_block: str) -> Challenge | None:
        """The challenge, once: None when unknown, already answered or expired."""
        with self._lock:
            challenge = self._challenges.pop(secret_block, None)
        return challenge if challenge is not None and challenge.expires_at > clock() else None

    def session_until(self, session: str, expires_at: float) -> None:
        with self._lock:
            self._forget_expired()
            self._sessions[session] = expires_at

    def session_expired(self, session: str) -> bool:
        with self._lock:
            expires_at = self._sessions.get(session)
        return expires_at is not None and expires_at <= clock()

    def end_session(self, session: str) -> None:
        with self._lock:
            self._sessions.pop(session, None)

    def _forget_expired(self) -> None:
        now = clock()
        for block in [b for b, c in self._challenges.items() if c.expires_at <= now]:
            del self._challenges[block]
        for session in [s for s, until in self._sessions.items() if until <= now]:
            del self._sessions[session]


PENDING: Final = _Pending()


def _session_seconds(client: Any) -> float:
    minutes = client.extended_config.get("AuthSessionValidity") or DEFAULT_AUTH_SESSION_MINUTES
    return float(minutes) * 60


def _pool_and_client(backend: Any, client_id: str) -> tuple[Any, Any]:
    for pool in backend.user_pools.values():
        if client_id in pool.clients:
            return pool, pool.clients[client_id]
    return None, None


def _hides_unknown_users(client: Any) -> bool:
    return client is not None and client.extended_config.get("PreventUserExistenceErrors") == "ENABLED"


def user_srp_auth_checks_the_password() -> None:
    """Patch the emulator's InitiateAuth and RespondToAuthChallenge (see the module). Idempotent."""
    from moto.cognitoidp.exceptions import InvalidParameterException, NotAuthorizedError, UserNotFoundError
    from moto.cognitoidp.models import CognitoIdpBackend

    if getattr(CognitoIdpBackend, "_kring_srp", False):
        return
    original_initiate = CognitoIdpBackend.initiate_auth
    original_admin_initiate = CognitoIdpBackend.admin_initiate_auth
    original_respond = CognitoIdpBackend.respond_to_auth_challenge

    def initiate_auth(self: Any, client_id: str, auth_flow: str, auth_parameters: dict[str, str]) -> Any:
        pool, client = _pool_and_client(self, client_id)
        try:
            result = original_initiate(self, client_id, auth_flow, auth_parameters)
        except UserNotFoundError:
            if not _hides_unknown_users(client):
                raise
            if auth_flow != "USER_SRP_AUTH":
                raise NotAuthorizedError(WRONG_PASSWORD) from None
            username = auth_parameters.get("USERNAME") or ""
            challenge = _challenge(pool, client, None, username, None, auth_parameters)
            return _verifier_challenge(challenge, username)
        if auth_flow == "USER_SRP_AUTH" and result.get("ChallengeName") == "PASSWORD_VERIFIER":
            asked, _ = self.sessions.pop(result["Session"])
            user = self.admin_get_user(pool.id, asked)
            challenge = _challenge(pool, client, user.username, user.id, user.password, auth_parameters)
            return _verifier_challenge(challenge, user.username)
        if result.get("Session"):
            PENDING.session_until(result["Session"], clock() + _session_seconds(client))
        return result

    def _challenge(
        pool: Any,
        client: Any,
        username: str | None,
        user_id: str,
        password: str | None,
        asked: dict[str, str],
    ) -> Challenge:
        try:
            public_a = int(asked.get("SRP_A") or "", 16)
        except ValueError:
            raise InvalidParameterException("SRP_A is not a hexadecimal number.") from None
        if public_a % N == 0:
            raise NotAuthorizedError(WRONG_PASSWORD)
        challenge = open_challenge(
            pool.id, client.id, username, user_id, password, public_a, _session_seconds(client)
        )
        PENDING.add(challenge)
        return challenge

    def admin_initiate_auth(
        self: Any, user_pool_id: str, client_id: str, auth_flow: str, auth_parameters: dict[str, str]
    ) -> Any:
        result = original_admin_initiate(self, user_pool_id, client_id, auth_flow, auth_parameters)
        if result.get("Session"):
            _, client = _pool_and_client(self, client_id)
            PENDING.session_until(result["Session"], clock() + _session_seconds(client))
        return result

    def respond_to_auth_challenge(
        self: Any, session: str, client_id: str, challenge_name: str, responses: dict[str, str]
    ) -> Any:
        if challenge_name == "PASSWORD_VERIFIER":
            return _verify(self, client_id, responses)
        if session and PENDING.session_expired(session):
            self.sessions.pop(session, None)
            PENDING.end_session(session)
            raise NotAuthorizedError(SESSION_EXPIRED)
        if challenge_name == "NEW_PASSWORD_REQUIRED" and session in self.sessions:
            # The session is the user's who signed in, not whoever the answer names.
            asked, pool = self.sessions[session]
            named = responses.get("USERNAME") or ""
            if pool._get_user(asked) is None or pool._get_user(asked) is not pool._get_user(named):
                raise NotAuthorizedError("Invalid session for the user.")
        result = original_respond(self, session, client_id, challenge_name, responses)
        if session not in self.sessions:
            PENDING.end_session(session)
        return result

    def _verify(self: Any, client_id: str, responses: dict[str, str]) -> Any:
        challenge = PENDING.take(responses.get("PASSWORD_CLAIM_SECRET_BLOCK") or "")
        pool = self.user_pools.get(challenge.user_pool_id) if challenge else None
        if challenge is None or pool is None or challenge.client_id != client_id:
            raise NotAuthorizedError(SESSION_EXPIRED)
        user = pool._get_user(challenge.username) if challenge.username else None
        proven = challenge.proves_the_password(
            pool.id.split("_", 1)[-1],
            responses.get("PASSWORD_CLAIM_SIGNATURE") or "",
            responses.get("TIMESTAMP") or "",
        )
        if user is None or user is not pool._get_user(responses.get("USERNAME") or "") or not proven:
            raise NotAuthorizedError(WRONG_PASSWORD)
        # moto's own answer from here (disabled, new password required, MFA, tokens), under a
        # session of its own: the secret block never serves twice.
        self.sessions[challenge.secret_block] = (user.username, pool)
        result = original_respond(
            self,
            challenge.secret_block,
            client_id,
            "PASSWORD_VERIFIER",
            {**responses, "USERNAME": user.username},
        )
        state = self.sessions.pop(challenge.secret_block, None)
        if state is not None and result.get("Session") == challenge.secret_block:
            follow_up = secrets.token_urlsafe(48)
            self.sessions[follow_up] = state
            result["Session"] = follow_up
            PENDING.session_until(follow_up, clock() + _session_seconds(pool.clients[client_id]))
        return result

    CognitoIdpBackend.initiate_auth = initiate_auth  # type: ignore[method-assign]
    CognitoIdpBackend.admin_initiate_auth = admin_initiate_auth  # type: ignore[method-assign]
    CognitoIdpBackend.respond_to_auth_challenge = respond_to_auth_challenge  # type: ignore[method-assign]
    CognitoIdpBackend._kring_srp = True  # type: ignore[attr-defined]


def _verifier_challenge(challenge: Challenge, username: str) -> dict[str, Any]:
    """Cognito's PASSWORD_VERIFIER: no Session (the secret block stands for it)."""
    return {
        "ChallengeName": "PASSWORD_VERIFIER",
        "ChallengeParameters": {
            "SALT": format(challenge.salt, "x"),
            "SRP_B": format(challenge.public_b, "x"),
            "SECRET_BLOCK": challenge.secret_block,
            "USERNAME": username,
            "USER_ID_FOR_SRP": challenge.user_id_for_srp,
        },
    }
