"""An admin changes the organisation's refresher settings; the daily reminder moves with them."""

from __future__ import annotations

from chalicelib.errors import Conflict
from chalicelib.ids import utc_now
from chalicelib.observability import count_business_event
from chalicelib.principal import Principal
from chalicelib.refreshers import reminders, rules
from chalicelib.refreshers.settings import Settings, forget, read_settings
from chalicelib.store import refreshers as store


def change_settings(
    principal: Principal, desired_retention: float, daily_size: int, remind_at: str, read_version: int | None
) -> Settings:
    """An admin sets the organisation's refresher settings (a versioned save: two admins at once
    cannot overwrite each other unseen); the daily reminder moves to the new time."""
    current = read_settings(principal.org_id)
    if read_version is not None and read_version != (current.version or 0):
        raise Conflict("The refresher settings changed since you read them: read them again.")
    item = store.new_settings(principal.org_id)
    item.desired_retention = rules.require_retention(desired_retention)
    item.daily_size = rules.require_daily(daily_size)
    item.remind_at = rules.require_clock_time(remind_at, "remind_at")
    item.reminder_scheduled = current.reminder_scheduled
    item.updated_at = utc_now()
    if not store.save_settings(item, current.version):
        raise Conflict("The refresher settings changed since you read them: read them again.")
    forget(principal.org_id)
    count_business_event("RefresherSettingsChanged")
    changed = read_settings(principal.org_id)
    if changed.reminder_scheduled is not None:  # once the organisation has refreshers at all
        reminders.schedule_reminders(principal.org_id, changed)
    return read_settings(principal.org_id)
