"""The daily refresher session: today's due cards (one Query of the due index) and answering one.

Answering a refresher is answering its question again: the server grades it and the grade rates
the card (rules.rating_for: wrong is Again; right is Good, or Hard / Easy as the learner says). Only
a card of mine, due today or earlier, can be answered, once a day; answering it again the same day
returns the first outcome and changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from chalicelib.errors import Conflict, NotFound, ValidationFailed
from chalicelib.ids import utc_now
from chalicelib.principal import Principal
from chalicelib.quizzes import bank
from chalicelib.quizzes import rules as quiz_rules
from chalicelib.quizzes.rules import QuestionContent
from chalicelib.refreshers import rules
from chalicelib.refreshers.deck import answer_card, answered_on
from chalicelib.refreshers.settings import settings_of
from chalicelib.store import questions
from chalicelib.store import refreshers as store
from chalicelib.store.models import QuestionItem, RefresherCardItem

if TYPE_CHECKING:
    from chalicelib.quizzes import scoring

_QUESTION_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
NOT_YOURS = "This question is not among your refreshers."


@dataclass(frozen=True)
class SessionCard:
    card: RefresherCardItem
    question: QuestionItem
    shown: quiz_rules.Shown


@dataclass(frozen=True)
class Session:
    today: date
    daily_size: int
    cards: list[SessionCard]
    more: bool  # more cards are due than today's session holds


def todays_session(principal: Principal, language: str, now: datetime | None = None) -> Session:
    """Up to the organisation's daily size of my due cards, the longest overdue first: one Query of
    the due index and one BatchGetItem of their questions."""
    settings = settings_of(principal.org_id)
    today = rules.local_day(now or utc_now(), settings.timezone)
    due = store.due_cards(principal.org_id, principal.user_id, today, settings.daily_size + 1)
    shown = due[: settings.daily_size]
    found = questions.get_questions(principal.org_id, [c.question_id for c in shown]) if shown else {}
    cards = [
        SessionCard(
            card,
            found[card.question_id],
            quiz_rules.shown_in(bank.content_of(found[card.question_id]), language),
        )
        for card in shown
        if card.question_id in found
    ]
    return Session(today, settings.daily_size, cards, len(due) > settings.daily_size)


def count_due_today(principal: Principal, now: datetime | None = None) -> tuple[date, int]:
    settings = settings_of(principal.org_id)
    today = rules.local_day(now or utc_now(), settings.timezone)
    return today, store.count_due(principal.org_id, principal.user_id, today)


@dataclass(frozen=True)
class Outcome:
    card: RefresherCardItem
    content: QuestionContent
    correct: bool
    replayed: bool


def answer(
    principal: Principal,
    question_id: str,
    option_ids: list[str] | None,
    number: float | None,
    confidence: str | None,
    now: datetime | None = None,
) -> Outcome:
    at = now or utc_now()
    settings = settings_of(principal.org_id)
    today = rules.local_day(at, settings.timezone)
    card = (
        store.get_card(principal.org_id, principal.user_id, question_id)
        if _QUESTION_ID.match(question_id)
        else None
    )
    if card is None:
        raise NotFound(NOT_YOURS)
    question = questions.get_question(principal.org_id, question_id)
    if question is None:
        raise NotFound("This question is gone from the question bank.")
    content = bank.content_of(question)
    if answered_on(card, today, settings.timezone):
        return Outcome(card, content, int(card.last_rating or 0) != 1, replayed=True)
    if date.fromisoformat(card.due_on) > today:
        raise Conflict(f"This refresher is not due yet: it comes back on {card.due_on}.")
    from chalicelib.quizzes import scoring  # answering scores; today's session does not

    given = _given(content, option_ids, number)
    correct = scoring.is_correct(
        scoring.AnswerKey(
            content.kind,
            frozenset(content.correct_option_ids),
            content.correct_number,
            float(content.tolerance or 0),
        ),
        given,
    )
    answered = answer_card(card, rules.rating_for(correct, confidence), at, settings)
    if answered is None:
        # Answered today already (the same answer raced itself: the first one counts).
        card = store.get_card(principal.org_id, principal.user_id, question_id) or card
        return Outcome(card, content, int(card.last_rating or 0) != 1, replayed=True)
    return Outcome(answered, content, correct, replayed=False)


def _given(content: QuestionContent, option_ids: list[str] | None, number: float | None) -> scoring.Given:
    from chalicelib.quizzes import scoring

    if content.kind == quiz_rules.NUMERIC:
        if number is None or option_ids:
            raise ValidationFailed("Answer a numeric question with a number (and no option_ids).")
        return scoring.Given(number=quiz_rules.number(number, "number"))
    chosen = list(dict.fromkeys(option_ids or []))
    if not chosen or number is not None:
        raise ValidationFailed("Answer with the option_ids you choose (and no number).")
    offered = {o.id for o in content.options}
    unknown = [o for o in chosen if o not in offered]
    if unknown:
        raise ValidationFailed(f"Not options of this question: {', '.join(unknown)}.")
    if content.kind != quiz_rules.MULTIPLE and len(chosen) != 1:
        raise ValidationFailed("Choose one option.")
    return scoring.Given(option_ids=frozenset(chosen))
