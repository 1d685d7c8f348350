"""What a member sees of their points (their total, level and streak) and the organisation's
points rules as a document: read without the code that awards points (ledger.py: badges, boards).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from chalicelib.gamification import rules, setup
from chalicelib.gamification.periods import zone
from chalicelib.ids import utc_now
from chalicelib.store import points as store
from chalicelib.store.models import PointRulesItem, PointsTotalItem


def org_rules(item: PointRulesItem | None) -> dict[str, rules.PointRule]:
    if item is None:
        return dict(rules.DEFAULT_RULES)
    overrides = {
        str(action): rules.PointRule(int(rule["points"]), int(rule["daily_cap"]))
        for action, rule in json.loads(item.rules).items()
    }
    return rules.rules_with(overrides)


def streak_of(totals: PointsTotalItem) -> rules.Streak:
    last = date.fromisoformat(totals.streak_last_day) if totals.streak_last_day else None
    return rules.Streak(int(totals.streak_current), int(totals.streak_longest), last, totals.freeze_week)


@dataclass(frozen=True)
class PointsSummary:
    points: int
    level: rules.Level
    current_streak: int
    longest_streak: int
    last_active_day: str | None


def summary(org_id: str, user_id: str) -> PointsSummary:
    organisation = setup.organisation_setup(org_id)
    totals = store.get_totals(org_id, user_id) or store.new_totals(org_id, user_id)
    today = utc_now().astimezone(zone(organisation.timezone)).date()
    streak = streak_of(totals)
    return PointsSummary(
        int(totals.points),
        rules.level_for(int(totals.points)),
        rules.current_streak(streak, today),
        int(totals.streak_longest),
        totals.streak_last_day,
    )


def rules_document(item: PointRulesItem | None) -> dict[str, dict[str, Any]]:
    return {
        action: {"points": rule.points, "daily_cap": rule.daily_cap}
        for action, rule in org_rules(item).items()
    }
