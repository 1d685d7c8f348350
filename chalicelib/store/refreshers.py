"""Refresher cards, decks and settings (docs/data-model.md, "Refreshers").

A learner's cards live in their own partition; the due ones are found with one Query of GSI1
(`ORG#<org>#USER#<user>#REFRESHERS_DUE`, sorted by `<due_on>#<question>`). A review met elsewhere
(a quiz, a lesson, a video) is one versioned Put of the card, which keeps the events that reviewed
it lately (`recent_sources`), so a replayed event changes nothing; a refresher answered in the
session is once a day per card, which the card itself records (`refreshed_on`), so it is one
versioned Put (`save_answer`).
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from datetime import date, datetime
from typing import Any

from pynamodb.exceptions import PutError

from chalicelib.ids import utc_now
from chalicelib.store import keys
from chalicelib.store.conditions import is_condition_failure
from chalicelib.store.effects import MARKER_LIFETIME
from chalicelib.store.models import (
    EffectItem,
    RefresherCardItem,
    RefresherDeckItem,
    RefresherSettingsItem,
)
from chalicelib.store.pages import Page
from chalicelib.store.writes import save_versioned

REVIEW_EFFECT = "refresher-review"
# Sorts after any question id: `<day>#~` closes the day's range in the due index.
_DAY_END = "#~"


class CardChanged(RuntimeError):
    """Someone reviewed the card since we read it: read it again."""


def get_card(org_id: str, user_id: str, question_id: str) -> RefresherCardItem | None:
    try:
        return RefresherCardItem.get(
            keys.refreshers_pk(org_id, user_id), keys.refresher_sk(question_id), consistent_read=True
        )
    except RefresherCardItem.DoesNotExist:
        return None


def new_card(org_id: str, user_id: str, question_id: str, first_met_at: datetime) -> RefresherCardItem:
    return RefresherCardItem(
        keys.refreshers_pk(org_id, user_id),
        keys.refresher_sk(question_id),
        org_id=org_id,
        user_id=user_id,
        question_id=question_id,
        first_met_at=first_met_at,
    )


def _digest(source_event: str) -> str:
    """A 96-bit digest of an event id, as the card keeps it: a card is ~750 bytes and its events'
    ids ~110 each (no two events of one card share a digest in any likelihood worth naming)."""
    return base64.urlsafe_b64encode(hashlib.blake2b(source_event.encode(), digest_size=12).digest()).decode()


def reviewed_lately(card: RefresherCardItem, source_event: str) -> bool:
    """Whether the event is the card's latest review or one it keeps (no request)."""
    if card.last_source == source_event:
        return True
    digest = _digest(source_event)
    return any(entry.partition(" ")[2] == digest for entry in card.recent_sources or ())


def reviewed_by(card: RefresherCardItem, source_event: str, met_at: datetime) -> bool:
    """Whether the event (met at `met_at`) reviewed the card already: its latest review or a recent
    one; for an event met before the card kept its recent events, its effect marker says it."""
    if reviewed_lately(card, source_event):
        return True
    legacy = card.recent_sources is None and int(card.version or 0) > 0
    if legacy or (card.markers_before is not None and met_at < card.markers_before):
        try:
            EffectItem.get(keys.effect_pk(card.org_id, source_event), REVIEW_EFFECT, consistent_read=True)
        except EffectItem.DoesNotExist:
            return False
        return True
    return False


def save_review(card: RefresherCardItem, read_version: int | None, source_event: str) -> None:
    """Put the reviewed card if it is still at the version read (None: absent), with the event
    among its recent ones (those written longer than MARKER_LIFETIME ago are dropped: no record is
    delivered that late). Raises CardChanged when the card was written since it was read (read it
    again: a concurrent delivery of the same event then finds itself on it)."""
    now = utc_now()
    if card.recent_sources is None and read_version is not None:
        card.markers_before = now  # the events before now were reviewed with their markers
    oldest = int((now - MARKER_LIFETIME).timestamp())
    kept = {entry for entry in card.recent_sources or () if int(entry.partition(" ")[0]) > oldest}
    card.recent_sources = kept | {f"{int(now.timestamp())} {_digest(source_event)}"}
    card.gsi1pk = keys.refreshers_due_pk(card.org_id, card.user_id)
    card.gsi1sk = keys.refresher_due_sk(card.due_on, card.question_id)
    if not save_versioned(card, read_version):
        raise CardChanged(card.question_id)


def save_answer(card: RefresherCardItem) -> None:
    """Write the card answered in today's session, if it is still at the version it was read at
    (`card.version` is that version). Raises CardChanged when it is not: read it again (a retry of
    the same answer then finds today in `refreshed_on`)."""
    read_version = int(card.version or 0)
    card.gsi1pk = keys.refreshers_due_pk(card.org_id, card.user_id)
    card.gsi1sk = keys.refresher_due_sk(card.due_on, card.question_id)
    if not save_versioned(card, read_version):
        raise CardChanged(card.question_id)


def due_cards(org_id: str, user_id: str, today: date, limit: int) -> list[RefresherCardItem]:
    """Up to `limit` cards due by the end of `today`, the longest overdue first: one Query."""
    found = RefresherCardItem.gsi1.query(
        keys.refreshers_due_pk(org_id, user_id),
        RefresherCardItem.gsi1sk <= f"{today.isoformat()}{_DAY_END}",
        limit=limit,
        page_size=limit,
    )
    return [item for item in found if isinstance(item, RefresherCardItem)]


def count_due(org_id: str, user_id: str, today: date) -> int:
    """How many cards are due by the end of `today` (Select COUNT: one Query, read units by size)."""
    return int(
        RefresherCardItem.gsi1.count(
            keys.refreshers_due_pk(org_id, user_id),
            RefresherCardItem.gsi1sk <= f"{today.isoformat()}{_DAY_END}",
        )
    )


def load_between(org_id: str, user_id: str, first: date, last: date) -> Counter[date]:
    """How many of the learner's cards are due on each day from `first` to `last`: one Query of
    the due index, reading only its sort key."""
    found = RefresherCardItem.gsi1.query(
        keys.refreshers_due_pk(org_id, user_id),
        RefresherCardItem.gsi1sk.between(first.isoformat(), f"{last.isoformat()}{_DAY_END}"),
        attributes_to_get=["gsi1sk"],
    )
    return Counter(date.fromisoformat(str(item.gsi1sk)[:10]) for item in found)


# Decks ----------------------------------------------------------------------------------------


def deck_key(org_id: str, user_id: str) -> tuple[str, str]:
    return keys.refreshers_pk(org_id, user_id), keys.REFRESHER_DECK_SK


def get_deck(org_id: str, user_id: str, consistent: bool = True) -> RefresherDeckItem | None:
    try:
        return RefresherDeckItem.get(*deck_key(org_id, user_id), consistent_read=consistent)
    except RefresherDeckItem.DoesNotExist:
        return None


def open_deck(org_id: str, user_id: str, now: datetime) -> bool:
    """Create the learner's deck once (True when it was created now)."""
    deck = RefresherDeckItem(
        *deck_key(org_id, user_id),
        org_id=org_id,
        user_id=user_id,
        created_at=now,
        gsi1pk=keys.refresher_decks_pk(org_id),
        gsi1sk=user_id,
    )
    try:
        deck.save(condition=RefresherDeckItem.pk.does_not_exist())
    except PutError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


def save_reminder_preferences(
    org_id: str, user_id: str, reminders: bool, quiet_from: str | None, quiet_until: str | None, now: datetime
) -> None:
    """Set the learner's reminder preferences (the deck is made if they have no refreshers yet)."""
    deck = RefresherDeckItem(*deck_key(org_id, user_id))
    deck.update(
        actions=[
            RefresherDeckItem.item_type.set(RefresherDeckItem),  # type: ignore[arg-type]
            RefresherDeckItem.org_id.set(org_id),
            RefresherDeckItem.user_id.set(user_id),
            RefresherDeckItem.created_at.set(RefresherDeckItem.created_at | now),
            RefresherDeckItem.gsi1pk.set(keys.refresher_decks_pk(org_id)),
            RefresherDeckItem.gsi1sk.set(user_id),
            RefresherDeckItem.reminders.set(reminders),
            RefresherDeckItem.quiet_from.set(quiet_from)
            if quiet_from
            else RefresherDeckItem.quiet_from.remove(),
            RefresherDeckItem.quiet_until.set(quiet_until)
            if quiet_until
            else RefresherDeckItem.quiet_until.remove(),
        ]
    )


def list_decks(org_id: str, limit: int, after: dict[str, Any] | None) -> Page[RefresherDeckItem]:
    """The organisation's decks, a page at a time (the daily reminder walks them)."""
    results = RefresherDeckItem.gsi1.query(
        keys.refresher_decks_pk(org_id), limit=limit, page_size=limit, last_evaluated_key=after
    )
    items = [item for item in results if isinstance(item, RefresherDeckItem)]
    return Page(items, results.last_evaluated_key)


# Settings -------------------------------------------------------------------------------------


def get_settings(org_id: str) -> RefresherSettingsItem | None:
    try:
        return RefresherSettingsItem.get(keys.refresher_settings_pk(org_id), keys.REFRESHER_SETTINGS_SK)
    except RefresherSettingsItem.DoesNotExist:
        return None


def new_settings(org_id: str) -> RefresherSettingsItem:
    return RefresherSettingsItem(
        keys.refresher_settings_pk(org_id), keys.REFRESHER_SETTINGS_SK, org_id=org_id
    )


def save_settings(item: RefresherSettingsItem, read_version: int | None) -> bool:
    """A versioned save: False when an admin changed them since they were read."""
    return save_versioned(item, read_version)


def note_reminder_scheduled(org_id: str, scheduled: str) -> None:
    RefresherSettingsItem(keys.refresher_settings_pk(org_id), keys.REFRESHER_SETTINGS_SK).update(
        actions=[RefresherSettingsItem.reminder_scheduled.set(scheduled)],
        condition=RefresherSettingsItem.pk.exists(),
    )
