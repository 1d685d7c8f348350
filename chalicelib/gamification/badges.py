"""Badges: what they are, the rules that earn them, and the default catalogue.

Plain Python, no I/O. An organisation's catalogue is the default badges below, with the
organisation's own edits of them and its own badges over them (one JSON document, stored as
`ORG#<org>` / `BADGE_CATALOGUE`). A badge is held at most once per member; these rules only say
which badges a member's counters, longest streak or rank in an event now earn.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from chalicelib.gamification import rules

LANGUAGES = ("nl", "fr", "en")
ANSWER_ACCEPTED = rules.ANSWER_ACCEPTED  # a ledger action since questions and answers (chalicelib/qa)
# What a counter rule can count: the ledger's actions (accepted answers among them).
KNOWN_COUNTERS = rules.ACTIONS
SEASONAL_QUIZ = "seasonal_quiz"


@dataclass(frozen=True)
class CounterRule:
    """Earned when the member was awarded `counter` at least `threshold` times."""

    counter: str
    threshold: int
    type: str = field(default="counter", init=False)


@dataclass(frozen=True)
class StreakRule:
    """Earned when the member's longest streak reached `length` days."""

    length: int
    type: str = field(default="streak", init=False)


@dataclass(frozen=True)
class EventRankRule:
    """Earned by ranking at most `max_rank` in an event of `event_kind` (0: by every participant)."""

    event_kind: str
    max_rank: int = 0
    type: str = field(default="event_rank", init=False)


@dataclass(frozen=True)
class ManualRule:
    """Awarded by a community moderator, with a reason."""

    type: str = field(default="manual", init=False)


Rule = CounterRule | StreakRule | EventRankRule | ManualRule
RULE_TYPES = ("counter", "streak", "event_rank", "manual")


@dataclass(frozen=True)
class Badge:
    id: str
    names: dict[str, str]  # nl, fr, en
    descriptions: dict[str, str]  # nl, fr, en
    rule: Rule
    image_media_id: str | None = None
    image_key: str | None = None  # the image's object key in the media bucket (to sign its URL)
    enabled: bool = True
    default: bool = False  # one of DEFAULT_BADGES (possibly edited by the organisation)

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names.get("en") or self.id

    def description(self, language: str) -> str:
        return self.descriptions.get(language) or self.descriptions.get("en") or ""


def _badge(
    badge_id: str, rule: Rule, names: tuple[str, str, str], descriptions: tuple[str, str, str]
) -> Badge:
    by_language = dict(zip(LANGUAGES, names, strict=True))
    return Badge(badge_id, by_language, dict(zip(LANGUAGES, descriptions, strict=True)), rule, default=True)


# id                 rule                                            names (nl / fr / en) and descriptions
DEFAULT_BADGES: tuple[Badge, ...] = (
    _badge(
        "first-post",
        CounterRule(rules.POST_PUBLISHED, 1),
        ("Eerste bericht", "Première publication", "First post"),
        (
            "Je publiceerde je eerste bericht",
            "Vous avez publié votre première publication",
            "You published your first post",
        ),
    ),
    _badge(
        "helpful",
        CounterRule(rules.REACTION_RECEIVED, 10),
        ("Behulpzaam", "Serviable", "Helpful"),
        (
            "Je bijdragen kregen 10 reacties",
            "Vos contributions ont reçu 10 réactions",
            "Your contributions received 10 reactions",
        ),
    ),
    _badge(
        "mentor",
        CounterRule(ANSWER_ACCEPTED, 5),
        ("Mentor", "Mentor", "Mentor"),
        (
            "5 van je antwoorden werden aanvaard",
            "5 de vos réponses ont été acceptées",
            "5 of your answers were accepted",
        ),
    ),
    _badge(
        "streak-7",
        StreakRule(7),
        ("7 dagen op rij", "7 jours d'affilée", "7-day streak"),
        ("Je leerde 7 dagen op rij", "Vous avez appris 7 jours d'affilée", "You learned 7 days in a row"),
    ),
    _badge(
        "streak-30",
        StreakRule(30),
        ("30 dagen op rij", "30 jours d'affilée", "30-day streak"),
        ("Je leerde 30 dagen op rij", "Vous avez appris 30 jours d'affilée", "You learned 30 days in a row"),
    ),
    _badge(
        "quiz-participant",
        EventRankRule(SEASONAL_QUIZ, 0),
        ("Quizdeelnemer", "Participant au quiz", "Quiz participant"),
        (
            "Je deed mee aan een seizoensquiz",
            "Vous avez participé à un quiz saisonnier",
            "You took part in a seasonal quiz",
        ),
    ),
    _badge(
        "quiz-champion",
        EventRankRule(SEASONAL_QUIZ, 1),
        ("Quizkampioen", "Champion du quiz", "Quiz champion"),
        ("Je won een seizoensquiz", "Vous avez gagné un quiz saisonnier", "You won a seasonal quiz"),
    ),
    _badge(
        "role-model",
        CounterRule(rules.MEMBER_SPOTLIGHTED, 1),
        ("Rolmodel", "Modèle", "Role model"),
        (
            "Je kwam in de kijker als rolmodel van een community",
            "Vous avez été mis en avant comme modèle d'une communauté",
            "You were spotlighted as a community's role model",
        ),
    ),
    _badge(
        "community-hero",
        ManualRule(),
        ("Communityheld", "Héros de la communauté", "Community hero"),
        (
            "Een moderator zette je in de bloemetjes voor wat je voor de community deed",
            "Un modérateur vous a remercié pour ce que vous avez fait pour la communauté",
            "A moderator thanked you for what you did for the community",
        ),
    ),
)
DEFAULT_IDS = frozenset(badge.id for badge in DEFAULT_BADGES)


# What the ledger and the event jobs ask -------------------------------------------------------


def newly_earned(
    catalogue: list[Badge], counters: Mapping[str, int], longest_streak: int, held: set[str]
) -> list[Badge]:
    """The enabled badges not held yet whose counter or streak rule now holds (in catalogue order)."""
    return [
        badge
        for badge in catalogue
        if badge.enabled and badge.id not in held and _holds(badge.rule, counters, longest_streak)
    ]


def _holds(rule: Rule, counters: Mapping[str, int], longest_streak: int) -> bool:
    if isinstance(rule, CounterRule):
        return int(counters.get(rule.counter, 0)) >= rule.threshold
    if isinstance(rule, StreakRule):
        return longest_streak >= rule.length
    return False  # event ranks and manual awards are not earned by counting


def event_badges(catalogue: list[Badge], event_kind: str, rank: int) -> list[Badge]:
    """The enabled badges a participant of an `event_kind` event earns with `rank` (1 is the best)."""
    return [
        badge
        for badge in catalogue
        if badge.enabled
        and isinstance(badge.rule, EventRankRule)
        and badge.rule.event_kind == event_kind
        and rank >= 1
        and (badge.rule.max_rank == 0 or rank <= badge.rule.max_rank)
    ]


def is_manual(badge: Badge) -> bool:
    return isinstance(badge.rule, ManualRule)


# The organisation's catalogue document --------------------------------------------------------


def effective_catalogue(item: object | None) -> list[Badge]:
    """The defaults (with the organisation's edits) followed by the organisation's own badges.

    `item` is the organisation's `BadgeCatalogueItem` (or None: only the defaults)."""
    document = getattr(item, "catalogue", None)
    return merged(parse_document(document) if isinstance(document, str) else {})


def merged(own: Mapping[str, Badge]) -> list[Badge]:
    defaults = [
        replace(own[badge.id], default=True) if badge.id in own else badge for badge in DEFAULT_BADGES
    ]
    return defaults + [badge for badge_id, badge in own.items() if badge_id not in DEFAULT_IDS]


def find(catalogue: Iterable[Badge], badge_id: str) -> Badge | None:
    return next((badge for badge in catalogue if badge.id == badge_id), None)


def rule_of(data: Mapping[str, Any]) -> Rule:
    """A rule from its JSON form; ValueError when it is not one."""
    kind = data.get("type")
    if kind == "counter":
        return CounterRule(str(data["counter"]), int(data["threshold"]))
    if kind == "streak":
        return StreakRule(int(data["length"]))
    if kind == "event_rank":
        return EventRankRule(str(data["event_kind"]), int(data.get("max_rank", 0)))
    if kind == "manual":
        return ManualRule()
    raise ValueError(f"unknown rule type {kind!r}")


def rule_document(rule: Rule) -> dict[str, Any]:
    if isinstance(rule, CounterRule):
        return {"type": rule.type, "counter": rule.counter, "threshold": rule.threshold}
    if isinstance(rule, StreakRule):
        return {"type": rule.type, "length": rule.length}
    if isinstance(rule, EventRankRule):
        return {"type": rule.type, "event_kind": rule.event_kind, "max_rank": rule.max_rank}
    return {"type": rule.type}


def badge_document(badge: Badge) -> dict[str, Any]:
    return {
        "names": dict(badge.names),
        "descriptions": dict(badge.descriptions),
        "rule": rule_document(badge.rule),
        "image_media_id": badge.image_media_id,
        "image_key": badge.image_key,
        "enabled": badge.enabled,
    }


def parse_document(document: str) -> dict[str, Badge]:
    """The organisation's badges (and edited defaults) by id; unreadable entries are left out."""
    try:
        raw = json.loads(document or "{}")
    except ValueError:
        return {}
    badges: dict[str, Badge] = {}
    for badge_id, data in raw.items() if isinstance(raw, dict) else ():
        try:
            badges[str(badge_id)] = Badge(
                str(badge_id),
                {str(k): str(v) for k, v in data["names"].items()},
                {str(k): str(v) for k, v in data["descriptions"].items()},
                rule_of(data["rule"]),
                data.get("image_media_id"),
                data.get("image_key"),
                bool(data.get("enabled", True)),
                badge_id in DEFAULT_IDS,
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
    return badges


def document_of(own: Mapping[str, Badge]) -> str:
    return json.dumps({badge_id: badge_document(b) for badge_id, b in own.items()}, sort_keys=True)


def problems(badge: Badge) -> list[str]:
    """What is wrong with a badge an admin defines (empty: nothing)."""
    found = [f"names.{lang} is missing" for lang in LANGUAGES if not badge.names.get(lang, "").strip()]
    found += [
        f"descriptions.{lang} is missing"
        for lang in LANGUAGES
        if not badge.descriptions.get(lang, "").strip()
    ]
    rule = badge.rule
    if isinstance(rule, CounterRule):
        if rule.counter not in KNOWN_COUNTERS:
            found.append(f"rule.counter must be one of {', '.join(KNOWN_COUNTERS)}")
        if rule.threshold < 1:
            found.append("rule.threshold must be at least 1")
    elif isinstance(rule, StreakRule) and rule.length < 1:
        found.append("rule.length must be at least 1")
    elif isinstance(rule, EventRankRule) and rule.max_rank < 0:
        found.append("rule.max_rank must be 0 (every participant) or more")
    return found


# The announcement on the community wall -------------------------------------------------------

ANNOUNCEMENT = {
    "nl": "{member} kreeg de badge “{badge}”",
    "fr": "{member} a reçu le badge « {badge} »",
    "en": "{member} earned the badge “{badge}”",
}
ANNOUNCEMENT_WITH_REASON = {
    "nl": "{member} kreeg de badge “{badge}”: {reason}",
    "fr": "{member} a reçu le badge « {badge} » : {reason}",
    "en": "{member} earned the badge “{badge}”: {reason}",
}


def announcement_texts(badge: Badge, member_name: str, reason: str | None = None) -> dict[str, str]:
    """What the wall shows of a badge award, in every language (a manual award with its reason)."""
    templates = ANNOUNCEMENT_WITH_REASON if reason else ANNOUNCEMENT
    return {
        lang: templates[lang].format(member=member_name, badge=badge.name(lang), reason=reason or "")
        for lang in LANGUAGES
    }
