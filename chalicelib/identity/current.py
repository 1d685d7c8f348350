"""Who is calling, decided on every request by the person's current profile.

A verified token only proves who signed in; it was issued up to an hour ago. Whether that
person may still act, and with which roles, is read from their profile in the token's
organisation: no profile there, or a deactivated one, answers 401 on the next request, and the
roles are the profile's roles as they are now.

A warm container keeps a profile for at most `Config.profile_cache_seconds` (5 s by default),
so the bound on a change reaching every container is that many seconds. The container that
made the change forgets the profile at once (`forget`).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from chalicelib.errors import Unauthenticated
from chalicelib.principal import Principal, Role, TokenIdentity
from chalicelib.store import users

_KNOWN_ROLES = frozenset(role.value for role in Role)
_MAX_CACHED = 2048  # a container serves one organisation's burst at a time; keep memory small


@dataclass(frozen=True)
class _Cached:
    principal: Principal | None  # None: no usable profile (absent or deactivated)
    reason: str
    expires: float


_cache: dict[tuple[str, str], _Cached] = {}
_lock = threading.Lock()


def current_principal(identity: TokenIdentity, cache_seconds: float) -> Principal:
    """The caller as their profile says now, or 401 when they may no longer act."""
    key = (identity.org_id, identity.user_id)
    now = time.monotonic()
    cached = _cache.get(key)
    if cached is None or cached.expires <= now:
        cached = _read(identity, now + cache_seconds)
        if cache_seconds > 0:
            with _lock:
                if len(_cache) >= _MAX_CACHED:
                    _cache.clear()
                _cache[key] = cached
    if cached.principal is None:
        raise Unauthenticated(cached.reason)
    return cached.principal


def forget(org_id: str, user_id: str) -> None:
    """Drop a cached profile after changing it, so this container sees the change at once."""
    with _lock:
        _cache.pop((org_id, user_id), None)


def forget_all() -> None:
    with _lock:
        _cache.clear()


def _read(identity: TokenIdentity, expires: float) -> _Cached:
    profile = users.get_member(identity.org_id, identity.user_id, consistent=True)
    if profile is None:
        return _Cached(None, "You have no profile in this organisation.", expires)
    if profile.status == "deactivated":
        return _Cached(None, "Your account is deactivated; ask an admin of your organisation.", expires)
    roles = frozenset(Role(role) for role in profile.roles if role in _KNOWN_ROLES)
    principal = Principal(org_id=identity.org_id, user_id=identity.user_id, email=profile.email, roles=roles)
    return _Cached(principal, "", expires)
