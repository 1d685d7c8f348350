"""Refresher cards, decks and settings (docs/data-model.md, "Refreshers").

A learner's cards live in their own partition; the due ones are found with one Query of GSI1
(`ORG#<org>#USER#<user>#REFRESHERS_DUE`, sorted by `<due_on>#<question>`). A review met elsewhere
(a quiz, a lesson, a video) writes the card with the event's effect marker in one transaction, so a
replayed event changes nothing; a refresher answered in the session is once a day per card, which
the card itself records (`refreshed_on`), so it is one versioned Put (`save_answer`).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

from pynamodb.exceptions import PutError

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
from chalicelib.store.writes import Steps, StepsRefused, save_versioned, versioned

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


def save_review(card: RefresherCardItem, read_version: int | None, source_event: str) -> bool:
    """Write the reviewed card with its event's marker: False when the event was applied before.

    Raises CardChanged when the card was written since it was read."""
    card.gsi1pk = keys.refreshers_due_pk(card.org_id, card.user_id)
    card.gsi1sk = keys.refresher_due_sk(card.due_on, card.question_id)
    marker = EffectItem(
        keys.effect_pk(card.org_id, source_event),
        REVIEW_EFFECT,
        org_id=card.org_id,
        source_event=source_event,
        effect=REVIEW_EFFECT,
        expires_at=card.last_review + MARKER_LIFETIME if card.last_review else None,
    )
    steps = Steps()
    steps.put("marker", marker, EffectItem.pk.does_not_exist())
    steps.put("card", card, versioned(card, read_version))
    try:
        steps.write()
    except StepsRefused as refused:
        if "marker" in refused:
            return False
        raise CardChanged(card.question_id) from refused
    return True


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


def get_deck(org_id: str, user_id: str) -> RefresherDeckItem | None:
    try:
        return RefresherDeckItem.get(*deck_key(org_id, user_id), consistent_read=True)
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
