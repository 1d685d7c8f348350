"""A learner's refresher cards: what meeting a question does, and reviewing a card.

`met_question` is the one entry point for every place a learner meets a question (a quiz answer
today; lesson question cards and video cues call it the same way): the first meeting makes the
card, every meeting is a review (right is Good, wrong is Again). Each review is applied once, keyed
by the event that caused it, so a replayed event changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from fsrs import Rating

from chalicelib.observability import count_business_event
from chalicelib.refreshers import rules
from chalicelib.refreshers.settings import Settings, settings_of
from chalicelib.store import refreshers as store
from chalicelib.store.models import RefresherCardItem

ATTEMPTS = 5


class RefresherBusy(RuntimeError):
    """The card kept changing under us; the caller retries (the stream delivers the record again)."""


@dataclass(frozen=True)
class QuestionMet:
    """A learner met question Q and answered it, right or wrong (the domain event lessons, videos
    and quizzes raise; `source_id` names the answer, so a replay is recognised)."""

    org_id: str
    user_id: str
    question_id: str
    correct: bool
    met_at: datetime
    met_in: str  # rules.MET_IN
    source_id: str


def met_question(met: QuestionMet, card: RefresherCardItem | None = None, card_read: bool = False) -> bool:
    """Make or review the learner's card for the question. False when this event was applied before.

    `card_read`: the caller read the card (consistently) just before, `card` as found (None: absent)."""
    if met.met_in not in rules.MET_IN:
        raise ValueError(f"unknown place to meet a question: {met.met_in!r}")
    settings = settings_of(met.org_id)
    return review_card(
        met.org_id,
        met.user_id,
        met.question_id,
        rules.rating_for(met.correct),
        met.met_at,
        met.met_in,
        met.source_id,
        settings,
        card,
        card_read,
    )


def review_card(
    org_id: str,
    user_id: str,
    question_id: str,
    rating: Rating,
    at: datetime,
    met_in: str,
    source_id: str,
    settings: Settings,
    card: RefresherCardItem | None = None,
    card_read: bool = False,
) -> bool:
    """Review the card (made if absent) with `rating` at `at`: False when this event was applied before.
    `card` is read here unless given or `card_read` (read by the caller and found absent)."""
    known = card is not None or card_read
    for _ in range(ATTEMPTS):
        if not known:
            card = store.get_card(org_id, user_id, question_id)
        known = False  # after a conflict: read it again
        if card is not None and store.reviewed_by(card, source_id, at):
            return False  # a redelivery, known without a refused write
        read_version = None if card is None else int(card.version or 0)
        if card is None:
            # The learner's deck first (once): a failure between the two leaves a deck, never a card
            # the daily reminder cannot find.
            from chalicelib.refreshers.reminders import open_deck  # the scheduler only for a new card

            open_deck(org_id, user_id, at, settings)
            card = store.new_card(org_id, user_id, question_id, at)
        schedule(card, rating, at, met_in, source_id, settings)
        try:
            store.save_review(card, read_version, source_id)
        except store.CardChanged:
            card = None
            continue
        count_business_event("RefresherReviewed")
        return True
    raise RefresherBusy(f"the refresher card of {user_id} for {question_id} kept changing")


def answer_card(
    card: RefresherCardItem, rating: Rating, at: datetime, settings: Settings
) -> RefresherCardItem | None:
    """Review the card answered in today's refresher session, and return it as written: None when it
    was answered today already (a retry, or the same answer racing itself: the first one counts).

    Once a day per card is the rule, so the card's `refreshed_on` is the guard and its version the
    lock: one Put, no effect marker (a marker is for events that can be replayed after later
    reviews of the card; this answer's retry finds its own day on the card, whatever came after)."""
    today = rules.local_day(at, settings.timezone)
    source_id = f"{rules.REFRESHER}#{card.user_id}#{card.question_id}#{today.isoformat()}"
    current: RefresherCardItem | None = card
    for _ in range(ATTEMPTS):
        if current is None:
            current = store.get_card(card.org_id, card.user_id, card.question_id)
            if current is None:
                return None
        if answered_on(current, today, settings.timezone):
            return None
        schedule(current, rating, at, rules.REFRESHER, source_id, settings)
        current.refreshed_on = today.isoformat()
        try:
            store.save_answer(current)
        except store.CardChanged:
            current = None
            continue
        count_business_event("RefresherReviewed")
        return current
    raise RefresherBusy(f"the refresher card of {card.user_id} for {card.question_id} kept changing")


def answered_on(card: RefresherCardItem, today: date, timezone: str) -> bool:
    """Whether the card was answered as a refresher on `today`. Cards answered before `refreshed_on`
    was kept say it only while a refresher answer is their last review."""
    if card.refreshed_on is not None:
        return card.refreshed_on == today.isoformat()
    return (
        card.last_met_in == rules.REFRESHER
        and card.last_review is not None
        and rules.local_day(card.last_review, timezone) == today
    )


def schedule(
    card: RefresherCardItem, rating: Rating, at: datetime, met_in: str, source_id: str, settings: Settings
) -> None:
    """Apply the review to the card: its FSRS memory and the day it is due, spread over the learner's
    least busy day within the interval's fuzz range."""
    memory = rules.Memory(
        float(card.stability) if card.stability is not None else None,
        float(card.difficulty) if card.difficulty is not None else None,
        card.last_review,
        int(card.state) if card.state is not None else rules.Memory().state,
    )
    reviewed = rules.review(memory, rating, at, settings.desired_retention)
    today = rules.local_day(at, settings.timezone)
    card.due_on = due_day(card, today, reviewed.interval_days).isoformat()
    card.stability = reviewed.memory.stability
    card.difficulty = reviewed.memory.difficulty
    card.last_review = reviewed.memory.last_review
    card.state = reviewed.memory.state
    card.reviews = int(card.reviews or 0) + 1
    card.lapses = int(card.lapses or 0) + (1 if rating == Rating.Again else 0)
    card.last_rating = int(rating.value)
    card.last_met_in = met_in
    card.last_source = source_id


def due_day(card: RefresherCardItem, today: date, interval_days: int) -> date:
    low, high = rules.fuzz_range(interval_days)
    if low == high:
        return today + timedelta(days=low)
    load = store.load_between(
        card.org_id, card.user_id, today + timedelta(days=low), today + timedelta(days=high)
    )
    if card.due_on:  # the card itself moves away from the day it is due now
        current = date.fromisoformat(card.due_on)
        if load.get(current, 0) > 0:
            load[current] -= 1
    return rules.spread_day(today, interval_days, load)
