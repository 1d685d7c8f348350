"""The badge rules, as a table: which counters, streaks and ranks earn which badge, once."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

import pytest

from chalicelib.gamification import badges
from chalicelib.gamification.badges import (
    Badge,
    CounterRule,
    EventRankRule,
    ManualRule,
    StreakRule,
    effective_catalogue,
    event_badges,
    newly_earned,
)

DEFAULTS = effective_catalogue(None)


def ids(found: list[Badge]) -> list[str]:
    return [badge.id for badge in found]


# The default catalogue -------------------------------------------------------------------------

# badge              rule
DEFAULT_RULES = {
    "first-post": CounterRule("post_published", 1),
    "helpful": CounterRule("reaction_received", 10),
    "mentor": CounterRule("answer_accepted", 5),
    "streak-7": StreakRule(7),
    "streak-30": StreakRule(30),
    "quiz-participant": EventRankRule("seasonal_quiz", 0),
    "quiz-champion": EventRankRule("seasonal_quiz", 1),
    "role-model": CounterRule("member_spotlighted", 1),
    "community-hero": ManualRule(),
}


def test_the_default_catalogue_is_the_rule_table() -> None:
    assert {badge.id: badge.rule for badge in DEFAULTS} == DEFAULT_RULES
    assert all(badge.enabled and badge.default for badge in DEFAULTS)


@pytest.mark.parametrize("badge", DEFAULTS, ids=lambda b: b.id)
def test_every_default_badge_has_a_name_and_description_in_nl_fr_en(badge: Badge) -> None:
    assert badges.problems(badge) == []
    assert len({badge.name(lang) for lang in badges.LANGUAGES}) >= 1
    assert badge.name("de") == badge.names["en"]  # a language we do not have: English


# Earned by counting ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    counters: dict[str, int]
    longest_streak: int
    held: set[str]
    earned: list[str]


# counters                                           longest streak  held              earns
CASES = {
    "nothing yet": Case({}, 0, set(), []),
    "a first post": Case({"post_published": 1}, 1, set(), ["first-post"]),
    "the first post, held already": Case({"post_published": 3}, 1, {"first-post"}, []),
    "9 reactions received": Case({"reaction_received": 9}, 0, set(), []),
    "10 reactions received": Case({"reaction_received": 10}, 0, set(), ["helpful"]),
    "5 accepted answers": Case({"answer_accepted": 5}, 0, set(), ["mentor"]),
    "spotlighted once": Case({"member_spotlighted": 1}, 0, set(), ["role-model"]),
    "a 6-day streak": Case({}, 6, set(), []),
    "a 7-day streak": Case({}, 7, set(), ["streak-7"]),
    "a 30-day streak, 7 held": Case({}, 30, {"streak-7"}, ["streak-30"]),
    "everything at once": Case(
        {"post_published": 1, "reaction_received": 10, "answer_accepted": 5, "member_spotlighted": 1},
        30,
        set(),
        ["first-post", "helpful", "mentor", "streak-7", "streak-30", "role-model"],
    ),
    "never manual or event badges": Case(
        {"post_published": 100}, 365, {"first-post"}, ["streak-7", "streak-30"]
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_newly_earned(case: Case) -> None:
    assert ids(newly_earned(DEFAULTS, case.counters, case.longest_streak, case.held)) == case.earned


def test_a_disabled_badge_is_not_earned() -> None:
    catalogue = [replace(b, enabled=False) if b.id == "first-post" else b for b in DEFAULTS]
    assert newly_earned(catalogue, {"post_published": 1}, 0, set()) == []


# Earned by a rank in an event -----------------------------------------------------------------

# event kind         rank  earns
RANKS = [
    ("seasonal_quiz", 1, ["quiz-participant", "quiz-champion"]),
    ("seasonal_quiz", 2, ["quiz-participant"]),
    ("seasonal_quiz", 250, ["quiz-participant"]),
    ("seasonal_quiz", 0, []),  # not a rank
    ("hackathon", 1, []),  # no badge for this kind of event
]


@pytest.mark.parametrize(("event_kind", "rank", "earned"), RANKS)
def test_event_badges(event_kind: str, rank: int, earned: list[str]) -> None:
    assert ids(event_badges(DEFAULTS, event_kind, rank)) == earned


def test_a_top_three_badge() -> None:
    podium = Badge("podium", {"en": "Podium"}, {"en": "Top 3"}, EventRankRule("seasonal_quiz", 3))
    assert [ids(event_badges([podium], "seasonal_quiz", rank)) for rank in (1, 3, 4)] == [
        ["podium"],
        ["podium"],
        [],
    ]


# The organisation's catalogue -------------------------------------------------------------------


@dataclass
class CatalogueItem:
    catalogue: str


KIND_HELPER = Badge(
    "kind-helper",
    {"nl": "Helper", "fr": "Aide", "en": "Helper"},
    {"nl": "Hielp", "fr": "A aidé", "en": "Helped"},
    ManualRule(),
    image_media_id="01JDEMOMEDIA0000000000000",
    image_key="orgs/demo/media/01JDEMOMEDIA0000000000000/helper.png",
)


def test_an_organisation_edits_a_default_and_adds_its_own() -> None:
    helpful = replace(DEFAULTS[1], rule=CounterRule("reaction_received", 25), enabled=True)
    first_post_off = replace(DEFAULTS[0], enabled=False)
    own = {"helpful": helpful, "kind-helper": KIND_HELPER, "first-post": first_post_off}
    catalogue = effective_catalogue(CatalogueItem(badges.document_of(own)))
    assert ids(catalogue) == [*DEFAULT_RULES, "kind-helper"]  # defaults first, in their order
    assert badges.find(catalogue, "helpful").rule == CounterRule("reaction_received", 25)  # type: ignore[union-attr]
    assert badges.find(catalogue, "kind-helper") == KIND_HELPER
    assert ids(newly_earned(catalogue, {"post_published": 1, "reaction_received": 10}, 0, set())) == []


def test_an_unreadable_entry_is_left_out() -> None:
    document = json.dumps({"broken": {"names": {}}, "kind-helper": badges.badge_document(KIND_HELPER)})
    assert ids(effective_catalogue(CatalogueItem(document))) == [*DEFAULT_RULES, "kind-helper"]
    assert ids(effective_catalogue(CatalogueItem("not json"))) == list(DEFAULT_RULES)


# What an admin may define -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"names": {"nl": "Helper", "en": "Helper"}}, "names.fr is missing"),
        ({"descriptions": {"nl": "x", "fr": " ", "en": "x"}}, "descriptions.fr is missing"),
        ({"rule": CounterRule("hugging", 1)}, "rule.counter must be one of"),
        ({"rule": CounterRule("answer_accepted", 0)}, "rule.threshold must be at least 1"),
        ({"rule": StreakRule(0)}, "rule.length must be at least 1"),
    ],
)
def test_problems_of_a_badge(change: dict[str, object], problem: str) -> None:
    found = badges.problems(replace(KIND_HELPER, **change))  # type: ignore[arg-type]
    assert len(found) == 1 and found[0].startswith(problem)


def test_known_counters_are_the_ledger_actions_and_accepted_answers() -> None:
    from chalicelib.gamification import rules

    assert set(badges.KNOWN_COUNTERS) == {*rules.ACTIONS, "answer_accepted"}


def test_the_announcement_in_every_language() -> None:
    hero = badges.find(DEFAULTS, "community-hero")
    assert hero is not None
    assert badges.announcement_texts(hero, "Anna") == {
        "nl": "Anna kreeg de badge “Communityheld”",
        "fr": "Anna a reçu le badge « Héros de la communauté »",
        "en": "Anna earned the badge “Community hero”",
    }
    assert badges.announcement_texts(hero, "Anna", "Welcomed everyone")["en"] == (
        "Anna earned the badge “Community hero”: Welcomed everyone"
    )
