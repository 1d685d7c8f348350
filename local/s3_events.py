"""Delivers "Object Created" events for the media bucket to the app's `@app.on_cw_event` handlers.

On AWS the bucket sends its notifications to EventBridge and a rule with the handler's event
pattern invokes the function. moto can forward S3 notifications to its EventBridge backend, but
the event it builds differs from AWS's (`eTag`, a numeric `time`); so instead this module lists
the bucket (ListObjectsV2), notices new keys or changed ETags, and builds the event exactly as AWS
documents it (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html). What was
delivered is remembered under .kring/ so a restart does not deliver it again (a redelivery
would be harmless: the handler is idempotent, as EventBridge delivers at least once).
"""

from __future__ import annotations

import logging
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from chalice.app import Chalice

from local import dead_letters, emulator, home
from local.event_patterns import matches
from local.handlers import EventSource, event_sources, invoke

log = logging.getLogger(__name__)


def delivered_path() -> Path:
    return home.path("s3-delivered.json")


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def object_created_event(
    bucket: str, key: str, size: int, etag: str, last_modified: datetime, reason: str = "PutObject"
) -> dict[str, Any]:
    """The EventBridge event S3 sends when an object is created."""
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Object Created",
        "source": "aws.s3",
        "account": emulator.LOCAL_ACCOUNT,
        "time": _iso(last_modified),
        "region": emulator.LOCAL_REGION,
        "resources": [f"arn:aws:s3:::{bucket}"],
        "detail": {
            "version": "0",
            "bucket": {"name": bucket},
            "object": {
                "key": key,
                "size": size,
                "etag": etag,
                # S3's sequencer orders events for one key; a hex timestamp does the same here.
                "sequencer": f"{int(last_modified.timestamp() * 1_000_000):016X}",
            },
            "request-id": uuid.uuid4().hex[:16].upper(),
            "requester": emulator.LOCAL_ACCOUNT,
            "source-ip-address": "127.0.0.1",
            "reason": reason,
        },
    }


class S3Delivery:
    def __init__(
        self,
        app: Chalice,
        bucket: str,
        endpoint_url: str,
        max_attempts: int = 3,
        state_file: Path | None = None,
        dead_letter_file: Path | None = None,
    ) -> None:
        self._app = app
        self._bucket = bucket
        self._s3 = emulator.client("s3", endpoint_url)
        self._targets: list[EventSource] = event_sources(app)
        self._max_attempts = max_attempts
        self._state_file = state_file or delivered_path()
        self._dead_letter_file = dead_letter_file
        self._attempts: dict[tuple[str, str], int] = {}
        self._stopping = threading.Event()
        self._lock = threading.Lock()

    def _delivered(self) -> dict[str, str]:
        saved: dict[str, dict[str, str]] = home.read_json(self._state_file, {})
        return dict(saved.get(self._bucket, {}))

    def _save(self, delivered: dict[str, str]) -> None:
        saved: dict[str, dict[str, str]] = home.read_json(self._state_file, {})
        saved[self._bucket] = delivered
        home.write_json(self._state_file, saved)

    def _objects(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for page in self._s3.get_paginator("list_objects_v2").paginate(Bucket=self._bucket):
            found.extend(page.get("Contents", []))
        return found

    def poll_once(self) -> int:
        """Deliver events for objects created since the last poll; returns how many were delivered."""
        with self._lock:
            delivered = self._delivered()
            objects = self._objects()
            present = {obj["Key"] for obj in objects}
            changed = False
            for gone in set(delivered) - present:  # deleted: a new upload under that key is new again
                del delivered[gone]
                changed = True
            count = 0
            for obj in sorted(objects, key=lambda o: (o["LastModified"], o["Key"])):
                key, etag = obj["Key"], str(obj.get("ETag", "")).strip('"')
                if delivered.get(key) == etag:
                    continue
                event = object_created_event(
                    self._bucket, key, int(obj.get("Size", 0)), etag, obj["LastModified"]
                )
                if self._deliver(event, key, etag):
                    delivered[key] = etag
                    changed = True
                    count += 1
                if self._stopping.is_set():
                    break
            if changed:
                self._save(delivered)
            return count

    def _deliver(self, event: dict[str, Any], key: str, etag: str) -> bool:
        """True when the event is done with (handled, or dead-lettered after its last attempt)."""
        failures: list[str] = []
        for target in self._targets:
            if not matches(target.pattern, event):
                continue
            try:
                invoke(self._app, target.name, target.handler, event)
            except Exception as exc:
                log.exception("S3 event handler %s failed for %s", target.name, key)
                failures.append(f"{target.name}: {type(exc).__name__}: {exc}")
        if not failures:
            self._attempts.pop((key, etag), None)
            return True
        attempts = self._attempts.get((key, etag), 0) + 1
        self._attempts[(key, etag)] = attempts
        if attempts < self._max_attempts:
            return False  # tried again at the next poll, as EventBridge retries
        dead_letters.record("s3:Object Created", "; ".join(failures), event, self._dead_letter_file)
        self._attempts.pop((key, etag), None)
        return True

    def run(self, interval_seconds: float = 1.0) -> None:
        while not self._stopping.is_set():
            try:
                self.poll_once()
            except Exception:
                log.exception("S3 delivery error; trying again shortly")
                self._stopping.wait(5)
            self._stopping.wait(interval_seconds)

    def stop(self) -> None:
        self._stopping.set()

    def start(self, interval_seconds: float = 1.0) -> threading.Thread:
        thread = threading.Thread(target=self.run, args=(interval_seconds,), name="s3-delivery", daemon=True)
        thread.start()
        return thread
