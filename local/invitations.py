"""The invitation e-mail Cognito would send, as one line on the local console.

On AWS, AdminCreateUser without a TemporaryPassword makes one that meets the pool's password
policy and e-mails it to the new person. moto makes none (the account could never sign in) and
sends nothing. Here the emulator makes one as Cognito does and, instead of the e-mail, `kring run`
prints:

    10:25:27  Invitation for nora@demo.kring.test: temporary password Qx7…, valid 7 days

Nothing is announced for MessageAction SUPPRESS (Cognito sends nothing then either), nor while
`held()` (the demo data: the seed gives its people the demo password at once).
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import string
import threading
from collections.abc import Iterator
from typing import Any, Final

log = logging.getLogger(__name__)

_LOCK: Final = threading.Lock()
_held = 0
_SYMBOLS: Final = "^$*.[]{}()?-!@#%&/,><:;|_~+="  # Cognito's accepted special characters


def temporary_password(policy: dict[str, Any]) -> str:
    """A random password that meets the pool's policy, as Cognito generates for an invitation."""
    length = max(int(policy.get("MinimumLength") or 8), 12)
    required = [string.ascii_lowercase, string.ascii_uppercase, string.digits]
    if policy.get("RequireSymbols"):
        required.append(_SYMBOLS)
    alphabet = "".join(required)
    chosen = [secrets.choice(kind) for kind in required]
    chosen += [secrets.choice(alphabet) for _ in range(length - len(chosen))]
    secrets.SystemRandom().shuffle(chosen)
    return "".join(chosen)


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Announce no invitation meanwhile (in the whole process)."""
    global _held
    with _LOCK:
        _held += 1
    try:
        yield
    finally:
        with _LOCK:
            _held -= 1


def announce(email: str, password: str, valid_days: int) -> None:
    with _LOCK:
        if _held:
            return
    log.info("Invitation for %s: temporary password %s, valid %d days", email, password, valid_days)


def invitations_are_sent() -> None:
    """Patch the emulator's AdminCreateUser (see the module). Idempotent."""
    from moto.cognitoidp.models import CognitoIdpBackend

    if getattr(CognitoIdpBackend, "_kring_invitations", False):
        return
    original = CognitoIdpBackend.admin_create_user

    def admin_create_user(
        self: Any,
        user_pool_id: str,
        username: str,
        message_action: str,
        temporary_password_given: str,
        attributes: list[dict[str, str]],
    ) -> Any:
        policies = self.describe_user_pool(user_pool_id).extended_config.get("Policies", {})
        policy = policies.get("PasswordPolicy", {})
        password = temporary_password_given or temporary_password(policy)
        user = original(self, user_pool_id, username, message_action, password, attributes)
        if message_action != "SUPPRESS":
            email = {a["Name"]: a["Value"] for a in user.attributes}.get("email") or username
            announce(email, password, int(policy.get("TemporaryPasswordValidityDays") or 7))
        return user

    CognitoIdpBackend.admin_create_user = admin_create_user  # type: ignore[method-assign]
    CognitoIdpBackend._kring_invitations = True  # type: ignore[attr-defined]
