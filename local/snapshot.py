"""Saves the emulator's state to one file under .kring/ and loads it back at start.

moto keeps each service's state in plain Python objects (one "backend" per account and
region). DynamoDB (with its stream records), S3 and Scheduler pickle as they are. A Cognito
user pool holds a joserfc RSAKey (`json_web_key`, the token signing key moto loads from its
bundled jwks-private.json) that does not pickle: the pickler writes a reference to that file
instead, and loading imports the same key again, so tokens issued before a restart still verify.

Stream shard iterators (dynamodbstreams) are not saved: they are short-lived handles the
poller asks for again after a restart.
"""

from __future__ import annotations

import io
import logging
import pickle
import time
from pathlib import Path
from typing import Any

from local import home

SERVICES = ("dynamodb", "s3", "cognito-idp", "scheduler")
FORMAT = 1
_ATTEMPTS = 5
log = logging.getLogger(__name__)


def _moto_signing_key() -> Any:
    from joserfc import jwk
    from moto.utilities.utils import load_resource

    return jwk.RSAKey.import_key(load_resource("cognitoidp/resources/jwks-private.json"))


class _EmulatorPickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        from joserfc.jwk import RSAKey

        if isinstance(obj, RSAKey):
            return (_moto_signing_key, ())
        return NotImplemented


def _backends(service: str) -> Any:
    from moto.backends import get_backend

    return get_backend(service)  # type: ignore[call-overload]


def _capture() -> dict[str, Any]:
    from moto.s3.models import s3_backends

    state: dict[str, Any] = {"format": FORMAT, "backends": {}, "s3_bucket_accounts": {}}
    for service in SERVICES:
        state["backends"][service] = {
            account: dict(regions.items()) for account, regions in list(_backends(service).items())
        }
    state["s3_bucket_accounts"] = dict(s3_backends.bucket_accounts)
    return state


def dumps(extra: dict[str, Any] | None = None) -> bytes:
    """The emulator's state (plus `extra`, runtime bookkeeping saved alongside) as bytes."""
    last_error: Exception | None = None
    for _ in range(_ATTEMPTS):
        # Requests keep being served while we pickle; a dict changing size mid-pickle is retried.
        try:
            buffer = io.BytesIO()
            state = _capture()
            state["extra"] = extra or {}
            _EmulatorPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(state)
            return buffer.getvalue()
        except RuntimeError as exc:
            last_error = exc
            time.sleep(0.05)
    raise RuntimeError(f"could not snapshot the emulator: {last_error}")


def clear() -> None:
    """Forget everything the emulator holds for the snapshotted services (an empty start)."""
    from moto.s3.models import s3_backends

    for service in SERVICES:
        for account_backends in list(_backends(service).values()):
            account_backends.clear()
    s3_backends.bucket_accounts.clear()


def loads(data: bytes) -> dict[str, Any]:
    """Replace the emulator's state with a snapshot's; returns the snapshot's `extra`."""
    from moto.s3.models import s3_backends

    state = pickle.loads(data)  # noqa: S301 - our own file, written by dumps()
    if state.get("format") != FORMAT:
        raise ValueError("snapshot format not understood")
    for service, accounts in state["backends"].items():
        backends = _backends(service)
        for account, regions in accounts.items():
            account_backends = backends[account]  # creates the account's container
            account_backends.clear()
            for region, backend in regions.items():
                account_backends[region] = backend
    s3_backends.bucket_accounts.clear()
    s3_backends.bucket_accounts.update(state["s3_bucket_accounts"])
    _forget_stream_iterators()
    return dict(state.get("extra") or {})


def _forget_stream_iterators() -> None:
    """Shard iterators handed out before point at the replaced tables' old streams: reading one
    would silently return nothing new. Forgotten, they fail, and a reader asks for a new one from
    its saved position, as it does when an iterator expires on AWS."""
    for regions in list(_backends("dynamodbstreams").values()):
        for backend in list(regions.values()):
            backend.shard_iterators.clear()


def snapshot_path() -> Path:
    return home.path("emulator.pickle")


def save(extra: dict[str, Any] | None = None, target: Path | None = None) -> Path:
    started = time.monotonic()
    target = target or snapshot_path()
    home.write_bytes_atomically(target, dumps(extra))
    log.info("Snapshot saved to %s in %.2fs", target, time.monotonic() - started)
    return target


def restore(source: Path | None = None) -> dict[str, Any] | None:
    """Load the snapshot if there is one; None when starting empty."""
    source = source or snapshot_path()
    if not source.exists():
        return None
    try:
        extra = loads(source.read_bytes())
    except Exception as exc:  # a snapshot from another moto version, a truncated file...
        broken = source.with_suffix(".broken")
        source.replace(broken)
        log.warning("Snapshot %s could not be loaded (%s); moved to %s, starting empty", source, exc, broken)
        return None
    log.info("Emulator state restored from %s", source)
    return extra
