"""The daily "refreshers due" reminder: one recurring schedule per organisation at its local time.

The schedule is made when the organisation's first learner gets a refresher (an organisation that
never uses refreshers has none and costs nothing) and moved when an admin changes the time. When it
fires, the job walks the organisation's decks (one Query of the decks index per page) and, for each
learner who wants reminders and is not in their quiet hours now, counts their due cards (one Query,
Select COUNT) and puts one notification in their inbox: at most one a day, however often the job
runs.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from chalicelib import scheduler
from chalicelib.errors import ValidationFailed
from chalicelib.ids import utc_now
from chalicelib.notifications.texts import REFRESHERS_DUE
from chalicelib.observability import count_business_event, logger
from chalicelib.principal import Principal
from chalicelib.refreshers import rules
from chalicelib.refreshers.settings import Settings, forget, read_settings, settings_of
from chalicelib.store import notifications, users
from chalicelib.store import refreshers as store
from chalicelib.store.models import RefresherDeckItem

JOB = "refresher_reminders"  # chalicelib/jobs/registry.py runs it
DECKS_PER_PAGE = 100


def schedule_name(org_id: str) -> str:
    return f"refreshers-{org_id}"[:64]


def cron_at(remind_at: str) -> str:
    hour, minute = remind_at.split(":")
    return f"cron({int(minute)} {int(hour)} * * ? *)"


def open_deck(org_id: str, user_id: str, now: datetime, settings: Settings) -> None:
    """The learner's first refresher: their deck, and the organisation's reminder if it has none yet
    (checked on every new card, so a schedule that failed to be made is made with the next one).

    Most new cards are of a learner who has a deck: an eventually consistent read (0.5 RCU) spares
    the conditional put that would be refused (1 WCU). Decks are not deleted, so a deck it finds
    exists; one made a moment ago that it misses is refused by the put's condition."""
    if store.get_deck(org_id, user_id, consistent=False) is None:
        store.open_deck(org_id, user_id, now)
    if settings.reminder_scheduled != settings.reminder_slot:
        schedule_reminders(org_id, read_settings(org_id))


def schedule_reminders(org_id: str, settings: Settings) -> None:
    """Make (or move) the organisation's daily reminder to its time, in its time zone."""
    if settings.reminder_scheduled == settings.reminder_slot:
        return
    scheduler.put_recurring_job_schedule(
        schedule_name(org_id), cron_at(settings.remind_at), settings.timezone, JOB, org_id, {}
    )
    if settings.version is None:
        item = store.new_settings(org_id)
        item.desired_retention = settings.desired_retention
        item.daily_size = settings.daily_size
        item.remind_at = settings.remind_at
        item.reminder_scheduled = settings.reminder_slot
        item.updated_at = utc_now()
        if store.save_settings(item, None):
            forget(org_id)
            return
    store.note_reminder_scheduled(org_id, settings.reminder_slot)
    forget(org_id)


def send_daily_reminders(org_id: str, now: datetime | None = None) -> dict[str, int]:
    """Remind every learner of the organisation who has refreshers due today (see the module doc)."""
    at = now or utc_now()
    settings = settings_of(org_id)
    today = rules.local_day(at, settings.timezone)
    sent = skipped = 0
    after: dict[str, Any] | None = None
    while True:
        page = store.list_decks(org_id, DECKS_PER_PAGE, after)
        for deck in page.items:
            if remind(org_id, deck, today, at):
                sent += 1
            else:
                skipped += 1
        after = page.last_key
        if not after:
            break
    logger.info("Refresher reminders", extra={"org_id": org_id, "sent": sent, "skipped": skipped})
    return {"sent": sent, "skipped": skipped}


def remind(org_id: str, deck: RefresherDeckItem, today: date, at: datetime) -> bool:
    if not deck.reminders:
        return False
    profile = users.get_member(org_id, deck.user_id)
    if profile is None or profile.status == "deactivated":
        return False
    local = at.astimezone(ZoneInfo(profile.timezone or read_settings(org_id).timezone)).time()
    if rules.in_quiet_hours(local, deck.quiet_from, deck.quiet_until):
        return False
    due = store.count_due(org_id, deck.user_id, today)
    if due == 0:
        return False
    note = notifications.new_note(
        org_id,
        deck.user_id,
        f"refreshers-{today.isoformat()}",
        kind=REFRESHERS_DUE,
        language=profile.language,
        actor_count=due,  # how many refreshers are due
    )
    # Its id names the day: a second run (a retried schedule) delivers nothing. That is the only
    # guard: noting the day on the deck as well cost 2 WCU a reminder to spare a rare second run
    # the learner's count.
    if not notifications.deliver(note):
        return False
    count_business_event("NotificationDelivered")
    return True


def save_preferences(
    principal: Principal, reminders: bool, quiet_from: str | None, quiet_until: str | None
) -> RefresherDeckItem:
    if (quiet_from is None) != (quiet_until is None):
        raise ValidationFailed("Quiet hours need both a start and an end (or neither).")
    if quiet_from is not None and quiet_until is not None:
        rules.require_clock_time(quiet_from, "quiet_from")
        rules.require_clock_time(quiet_until, "quiet_until")
    store.save_reminder_preferences(
        principal.org_id, principal.user_id, reminders, quiet_from, quiet_until, utc_now()
    )
    deck = store.get_deck(principal.org_id, principal.user_id)
    assert deck is not None
    return deck


def preferences(principal: Principal) -> RefresherDeckItem | None:
    return store.get_deck(principal.org_id, principal.user_id)
