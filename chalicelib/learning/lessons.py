"""Writing lessons (microlearnings made of cards): a lesson is learning content of kind `lesson`
whose payload is its cards. This module checks the cards against the organisation (media ids,
questions of the bank) and, when a lesson is published, snapshots each question card's question
into the release, so learners open and answer it without reading the bank.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from chalicelib.communities.skills import normalise_tags
from chalicelib.errors import ValidationFailed
from chalicelib.learning import access, content, question_snapshot, rules
from chalicelib.learning import cards as card_rules
from chalicelib.learning.content import ContentForm
from chalicelib.learning.items import cards_of, payload_of
from chalicelib.principal import Principal
from chalicelib.store import keys
from chalicelib.store.batch import get_items
from chalicelib.store.models import LearningHeadItem, LearningReleaseItem

if TYPE_CHECKING:
    from chalicelib.store.models import MediaItem, QuestionItem

KIND = rules.LESSON


@dataclass(frozen=True)
class LessonForm:
    """A lesson as its author writes it."""

    language: str
    variants: dict[str, Any]
    cards: list[dict[str, Any]]
    skill_tags: list[str] = field(default_factory=list)
    estimated_minutes: int = 5
    review_on: date | None = None
    co_author_ids: list[str] | None = None  # None: on a change, the authors stay as they are


def _problem(at: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, [{"field": at, "message": message, "code": "invalid"}])


@dataclass(frozen=True)
class MediaAllowed:
    """An upload of one of the lesson's authors (someone else's upload is theirs to share), or
    media the lesson already shows (kept when a manager changes it)."""

    uploaders: frozenset[str]
    shown: frozenset[str] = frozenset()

    def admits(self, item: MediaItem) -> bool:
        return item.owner_id in self.uploaders or item.media_id in self.shown


def _check_media(org_id: str, cards: list[dict[str, Any]], allowed: MediaAllowed | None = None) -> None:
    """Each content card's media is a ready image or video of the organisation, not attached to a
    post (a post's media goes when the post goes). Its kind and object key go on the card.
    `allowed`: whose uploads, and which media the lesson already shows, may be named (None: the
    release's check of what the working copy already names)."""
    wanted = {card["media_id"] for card in cards if card.get("media_id")}
    if not wanted:
        return
    from chalicelib.store.models import MediaItem  # only a lesson that shows media reads it

    found = get_items([(keys.org_pk(org_id), keys.media_sk(m)) for m in wanted])
    by_id = {item.media_id: item for item in found.values() if isinstance(item, MediaItem)}
    for index, card in enumerate(cards):
        media_id = card.get("media_id")
        if not media_id:
            continue
        item = by_id.get(media_id)
        if (
            item is None
            or item.status != "ready"
            or item.kind not in card_rules.MEDIA_KINDS
            or item.post_id
            or (allowed is not None and not allowed.admits(item))
        ):
            raise _problem(f"cards.{index}.media_id", "Name a ready image or video you uploaded for lessons.")
        card["media_kind"], card["media_key"] = item.kind, item.object_key


def _check_questions(
    org_id: str, cards: list[dict[str, Any]], published_only: bool
) -> dict[str, QuestionItem]:
    wanted = [card["question_id"] for card in card_rules.question_cards(cards)]
    if not wanted:
        return {}
    # The bank's store and rules load for a lesson that asks questions of it.
    from chalicelib.quizzes.rules import PUBLISHED as QUESTION_PUBLISHED
    from chalicelib.store import questions

    found = questions.get_questions(org_id, wanted)
    for index, card in enumerate(cards):
        if card["type"] != card_rules.QUESTION:
            continue
        item = found.get(card["question_id"])
        if item is None:
            raise _problem(f"cards.{index}.question_id", "No question with this id in your organisation.")
        if published_only and item.status != QUESTION_PUBLISHED:
            raise _problem(
                f"cards.{index}.question_id", "Publish the question before the lesson that asks it."
            )
    return found


def _check_question_reader(principal: Principal, cards: list[dict[str, Any]], named: set[str]) -> None:
    """Who may not read the bank names no new question of it (`named`: those the lesson has)."""
    if access.may_read_question_bank(principal):
        return
    for index, card in enumerate(cards):
        if card["type"] == card_rules.QUESTION and card["question_id"] not in named:
            raise _problem(
                f"cards.{index}.question_id",
                "Only the question bank's authors put its questions in a lesson.",
            )


def _content_form(
    principal: Principal, form: LessonForm, head: LearningHeadItem | None = None
) -> ContentForm:
    """`head`: the working copy being changed; the questions it asks and the media it shows stay
    allowed when someone else changes it."""
    language = rules.check_language(form.language)
    checked = card_rules.author_cards(form.cards, language)
    kept = cards_of(head) if head is not None else []
    named = {card["question_id"] for card in card_rules.question_cards(kept)}
    _check_question_reader(principal, checked, named)
    authors = {principal.user_id}  # not the co-authors the form names: their uploads are theirs to add
    if head is not None:
        authors |= {head.created_by, *(head.author_ids or [])}
    shown = frozenset(str(card["media_id"]) for card in kept if card.get("media_id"))
    _check_media(principal.org_id, checked, MediaAllowed(frozenset(authors), shown))
    _check_questions(principal.org_id, checked, published_only=False)
    return ContentForm(
        language=language,
        variants=rules.variants_of(form.variants, language),
        payload={"cards": checked},
        skill_tags=normalise_tags(form.skill_tags),
        estimated_minutes=form.estimated_minutes,
        review_on=form.review_on,
        co_author_ids=form.co_author_ids,
    )


def create(
    principal: Principal, community_id: str | None, form: LessonForm, content_id: str | None = None
) -> LearningHeadItem:
    access.may_author_in(principal, community_id)  # before checking what it refers to
    return content.create(principal, KIND, community_id, _content_form(principal, form), content_id)


def change(
    principal: Principal, lesson_id: str, form: LessonForm, expected_version: int | None
) -> LearningHeadItem:
    head = access.require_editor(principal, content.get_working_copy(principal, lesson_id, KIND))
    return content.change(principal, lesson_id, _content_form(principal, form, head), expected_version, KIND)


def check_release(principal: Principal, head: LearningHeadItem) -> None:
    """What a published lesson needs: its questions published (snapshotted into the cards), its
    media still ready."""

    cards = payload_of(head).get("cards") or []
    _check_media(principal.org_id, cards)
    found = _check_questions(principal.org_id, cards, published_only=True)
    for card in card_rules.question_cards(cards):
        card["question"] = question_snapshot.snapshot(found[card["question_id"]])
    head.payload = json.dumps({"cards": cards}, ensure_ascii=False, sort_keys=True)


def publish(
    principal: Principal, lesson_id: str, major: bool
) -> tuple[LearningHeadItem, LearningReleaseItem]:
    return content.publish(principal, lesson_id, major, check_release, KIND)


def decide_review(
    principal: Principal, lesson_id: str, approve: bool, note: str, major: bool
) -> LearningHeadItem:
    return content.decide_review(principal, lesson_id, approve, note, major, check_release, KIND)


def preview_cards(principal: Principal, head: LearningHeadItem) -> list[dict[str, Any]]:
    """The working copy's cards as a learner would see them, questions read from the bank now."""
    cards = cards_of(head)
    asked = card_rules.question_cards(cards)
    if not asked:
        return cards
    from chalicelib.store import questions  # a lesson that asks questions reads them from the bank

    found = questions.get_questions(principal.org_id, [c["question_id"] for c in asked])
    for card in asked:
        item = found.get(card["question_id"])
        if item is not None:
            card["question"] = question_snapshot.snapshot(item)
    return cards
