"""The rule table of points, caps, levels and streaks."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib.gamification import rules
from chalicelib.gamification.rules import (
    PointRule,
    Streak,
    current_streak,
    level_for,
    points_for,
    with_activity,
)


@pytest.mark.parametrize(
    ("action", "points", "daily_cap"),
    [
        ("post_published", 10, 50),
        ("comment_added", 5, 25),
        ("reaction_received", 2, 40),
        ("reaction_given", 1, 10),
        ("post_spotlighted", 20, 40),
        ("member_spotlighted", 25, 50),
        ("share_received", 3, 30),
        ("quiz_answered", 2, 40),
    ],
)
def test_default_points_and_daily_caps(action: str, points: int, daily_cap: int) -> None:
    assert rules.DEFAULT_RULES[action] == PointRule(points, daily_cap)


def test_the_daily_cap_stops_points_but_never_goes_negative() -> None:
    reactions = PointRule(1, 10)
    assert points_for(reactions, 0) == 1
    assert points_for(reactions, 9) == 1
    assert points_for(reactions, 10) == 0
    assert points_for(PointRule(10, 15), 10) == 5  # the last bit up to the cap
    assert points_for(reactions, 12) == 0


def test_nothing_for_reacting_to_yourself() -> None:
    assert not rules.earns_points(rules.REACTION_GIVEN, "anna", "anna")
    assert rules.earns_points(rules.REACTION_GIVEN, "anna", "bart")
    assert rules.earns_points(rules.POST_PUBLISHED, "anna", "anna")


def test_organisations_override_some_actions_and_keep_the_rest() -> None:
    mine = rules.rules_with({"reaction_given": PointRule(0, 0), "unknown": PointRule(5, 5)})
    assert mine["reaction_given"] == PointRule(0, 0)
    assert mine["post_published"] == rules.DEFAULT_RULES["post_published"]
    assert "unknown" not in mine


@pytest.mark.parametrize(
    ("points", "level", "en", "nl", "fr"),
    [
        (0, 1, "Newcomer", "Nieuwkomer", "Nouveau venu"),
        (49, 1, "Newcomer", "Nieuwkomer", "Nouveau venu"),
        (50, 2, "Explorer", "Ontdekker", "Explorateur"),
        (150, 3, "Learner", "Leergierige", "Apprenant"),
        (400, 4, "Contributor", "Bijdrager", "Contributeur"),
        (1000, 5, "Mentor", "Mentor", "Mentor"),
        (2500, 6, "Expert", "Expert", "Expert"),
        (99999, 7, "Master", "Meester", "Maître"),
    ],
)
def test_levels_by_experience_points(points: int, level: int, en: str, nl: str, fr: str) -> None:
    assert level_for(points).number == level
    assert [rules.level_name(level, lang) for lang in ("en", "nl", "fr")] == [en, nl, fr]


def test_every_reason_exists_in_three_languages() -> None:
    for action in (*rules.ACTIONS, rules.WITHDRAWN):
        assert {lang: bool(rules.reason(action, lang)) for lang in ("nl", "fr", "en")} == {
            "nl": True,
            "fr": True,
            "en": True,
        }


MON, TUE, WED, THU, FRI = (date(2026, 11, d) for d in (16, 17, 18, 19, 20))


def days(*active: date) -> Streak:
    streak = Streak()
    for day in active:
        streak = with_activity(streak, day)
    return streak


def test_consecutive_days_make_a_streak() -> None:
    assert days(MON, TUE, WED) == Streak(3, 3, WED, None)
    assert days(MON, MON, TUE).current == 2  # twice a day counts once


def test_one_missed_day_a_week_is_bridged_by_the_freeze() -> None:
    assert days(MON, WED).current == 2
    assert days(MON, WED).freeze_week == "2026-W47"
    assert days(MON, WED, FRI).current == 1  # the second gap that week breaks it
    assert days(MON, WED, FRI).longest == 2
    assert days(MON, THU).current == 1  # two missed days: no freeze helps


def test_the_freeze_is_back_next_week() -> None:
    sunday, tuesday_next = date(2026, 11, 22), date(2026, 11, 24)
    assert days(MON, WED, THU, FRI, date(2026, 11, 21), sunday, tuesday_next).current == 7


def test_late_activity_of_an_earlier_day_changes_nothing() -> None:
    assert days(MON, TUE, MON) == days(MON, TUE)


def test_the_shown_streak_ends_when_a_gap_cannot_be_bridged() -> None:
    streak = days(MON, TUE)
    assert current_streak(streak, WED) == 2
    assert current_streak(streak, THU) == 2  # the week's freeze can still bridge Wednesday
    assert current_streak(streak, FRI) == 0
    assert current_streak(Streak(), FRI) == 0


def test_a_published_post_that_is_hidden_withdraws_its_points() -> None:
    from chalicelib.reactors.events import ContentWithdrawn, domain_events
    from tests.support.events import sample

    events = domain_events(sample("dynamodb_post_hidden.json")["Records"][0])
    (event,) = [e for e in events if isinstance(e, ContentWithdrawn)]  # (it also leaves "popular")
    assert event == ContentWithdrawn(
        "demo",
        "post",
        "01JDEMOPOST00000000000000",
        "00000000-0000-4000-8000-000000000001",
        "2026-11-23T10:30:00.000000+0000",
        "01JDEMOCOMMUNITY000000000",
    )
    assert event.source_id == "content-withdrawn#01JDEMOPOST00000000000000"


def test_the_daily_caps_are_kept_on_the_totals_for_today_and_yesterday() -> None:
    from chalicelib.gamification.ledger import earned_on, keep_earned
    from chalicelib.store.models import PointsTotalItem

    totals = PointsTotalItem("ORG#o#POINTS#u", "TOTAL", org_id="o", user_id="u")
    assert earned_on(totals, "2026-12-06") == {}
    keep_earned(totals, "2026-12-06", {"reaction_given": 10})
    keep_earned(totals, "2026-12-07", {"post_published": 10})  # a new day: yesterday is kept too
    assert earned_on(totals, "2026-12-07") == {"post_published": 10}
    # A late event of yesterday still meets yesterday's cap, and counts there.
    assert earned_on(totals, "2026-12-06") == {"reaction_given": 10}
    keep_earned(totals, "2026-12-06", {"reaction_given": 11})
    assert earned_on(totals, "2026-12-06") == {"reaction_given": 11}
    assert earned_on(totals, "2026-12-07") == {"post_published": 10}
    # Older than both: what that day earned is no longer known (an event that late earns nothing).
    assert earned_on(totals, "2026-12-01") is None
    keep_earned(totals, "2026-12-09", {"post_published": 10})
    # A day between the two kept ones earned nothing yet: it would be kept otherwise.
    assert earned_on(totals, "2026-12-08") == {}
    assert earned_on(totals, "2026-12-06") is None
