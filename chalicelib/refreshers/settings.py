"""The organisation's refresher settings: desired retention, the size of a daily session and the
local time of the daily reminder; an admin changes them, everyone else reads them (cached)."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass

from chalicelib.refreshers import rules
from chalicelib.store import keys
from chalicelib.store.batch import get_items
from chalicelib.store.models import OrganisationItem, RefresherSettingsItem

DEFAULT_TIMEZONE = "Europe/Brussels"


@dataclass(frozen=True)
class Settings:
    timezone: str
    desired_retention: float = rules.DEFAULT_RETENTION
    daily_size: int = rules.DEFAULT_DAILY
    remind_at: str = rules.DEFAULT_REMIND_AT
    reminder_scheduled: str | None = None
    version: int | None = None  # None: never saved (the defaults)

    @property
    def reminder_slot(self) -> str:
        """What the organisation's reminder schedule must say: its local time and zone."""
        return f"{self.remind_at}@{self.timezone}"


def read_settings(org_id: str) -> Settings:
    """One BatchGetItem: the organisation (its time zone) and its refresher settings."""
    organisation_key = (keys.org_pk(org_id), keys.ORGANISATION_SK)
    settings_key = (keys.refresher_settings_pk(org_id), keys.REFRESHER_SETTINGS_SK)
    found = get_items([organisation_key, settings_key])
    organisation, item = found.get(organisation_key), found.get(settings_key)
    timezone = organisation.timezone if isinstance(organisation, OrganisationItem) else DEFAULT_TIMEZONE
    if not isinstance(item, RefresherSettingsItem):
        return Settings(timezone)
    return Settings(
        timezone,
        float(item.desired_retention),
        int(item.daily_size),
        item.remind_at,
        item.reminder_scheduled,
        int(item.version or 0),
    )


_cache: dict[str, tuple[float, Settings]] = {}
_lock = threading.Lock()


def settings_of(org_id: str) -> Settings:
    """The settings, read at most once a minute per container: a learner's review needs them and
    would otherwise make the settings item a hot key of a busy morning."""
    now = time.monotonic()
    with _lock:
        cached = _cache.get(org_id)
    if cached is not None and now - cached[0] < float(os.environ.get("KRING_SETUP_CACHE_SECONDS", "60")):
        return cached[1]
    found = read_settings(org_id)
    with _lock:
        _cache[org_id] = (now, found)
    return found


def forget(org_id: str) -> None:
    with _lock:
        _cache.pop(org_id, None)
