"""Reading what a working copy or a release holds: its language variants, title and payload."""

from __future__ import annotations

import json
from typing import Any

from chalicelib.learning import rules
from chalicelib.learning.rules import Variant
from chalicelib.store.models import LearningHeadItem, LearningReleaseItem

Content = LearningHeadItem | LearningReleaseItem


def variants_of(item: Content) -> dict[str, Variant]:
    return {lang: Variant(**texts) for lang, texts in json.loads(item.variants or "{}").items()}


def payload_of(item: Content) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads(item.payload or "{}")
    return payload


def cards_of(item: Content) -> list[dict[str, Any]]:
    """A lesson's cards (chalicelib/learning/cards.py)."""
    cards: list[dict[str, Any]] = payload_of(item).get("cards") or []
    return cards


def title_of(item: Content, language: str | None = None) -> str:
    return rules.variant_for(variants_of(item), language, item.language)[1].title
