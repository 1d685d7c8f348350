"""Awarding and withdrawing points, exactly once, and what a member sees of them.

An award is keyed by `<action>#<source event id>`; a withdrawal by `withdrawn#<that award's key>`,
so each happens at most once however often the event is delivered. Only what the member does
themselves (posting, commenting, reacting) keeps a streak going, also when the daily cap leaves it
0 points; withdrawals do not touch the streak, nor give back the day's cap.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from chalicelib.gamification import rules
from chalicelib.ids import iso, utc_now
from chalicelib.observability import count_business_event
from chalicelib.store import points as store
from chalicelib.store.models import PointRulesItem, PointsTotalItem

DEFAULT_TIMEZONE = "Europe/Brussels"
ATTEMPTS = 5


def zone(timezone: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(timezone or DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE)


def moment(value: str) -> datetime:
    """A stored or event timestamp; now when it is missing or unreadable."""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return utc_now()
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=ZoneInfo("UTC"))


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


class PointsBusy(RuntimeError):
    """The member's totals kept changing under us; the stream record is retried."""


def award(
    org_id: str, user_id: str, action: str, source_id: str, occurred_at: str, content_id: str | None = None
) -> bool:
    """Give `user_id` the points of `action` for the event `source_id`, once. True if written now."""
    organisation, rules_item = store.read_organisation_setup(org_id)
    when = moment(occurred_at)
    day = when.astimezone(zone(organisation.timezone if organisation else None)).date()
    rule = org_rules(rules_item)[action]
    entry_key = f"{action}#{source_id}"
    for _ in range(ATTEMPTS):
        state = store.read_state(org_id, user_id, day.isoformat(), entry_key, None)
        if state.entry is not None:
            return False
        if state.profile is None:
            return False  # not (or no longer) a member of this organisation
        earned = store.earned_today(state.day)
        points = rules.points_for(rule, earned.get(action, 0))
        totals = state.totals or store.new_totals(org_id, user_id)
        read_version = int(totals.version) if state.totals is not None else None
        streak = streak_of(totals)
        if action in rules.LEARNING_ACTIVITY:
            streak = rules.with_activity(streak, day)
        totals.points = int(totals.points) + points
        level = rules.level_for(int(totals.points)).number
        totals.level = level
        totals.streak_current, totals.streak_longest = streak.current, streak.longest
        totals.streak_last_day = streak.last_day.isoformat() if streak.last_day else None
        totals.freeze_week = streak.freeze_week
        note = None
        if level > int(totals.notified_level) and state.profile.status != "deactivated":
            note = store.level_up_note(org_id, state.profile, level)
        if level > int(totals.notified_level):
            totals.notified_level = level
        earned[action] = earned.get(action, 0) + points
        entry = store.new_entry(
            org_id,
            user_id,
            entry_key,
            iso(when),
            action=action,
            points=points,
            requested_points=rule.points,
            source_id=source_id,
            content_id=content_id,
            day=day.isoformat(),
            occurred_at=when,
        )
        try:
            written = store.record(
                entry, totals, read_version, store.new_day(org_id, user_id, day.isoformat(), earned), note
            )
        except store.VersionConflict:
            continue
        if written:
            count_business_event("PointsAwarded")
            if note is not None:
                count_business_event("LevelReached")
        return written
    raise PointsBusy(f"points of {user_id} kept changing")


def withdraw(org_id: str, user_id: str, award_key: str, source_id: str, occurred_at: str) -> bool:
    """Take back the points of the award `award_key` (if it gave any), once. True if written now."""
    when = moment(occurred_at)
    entry_key = f"{rules.WITHDRAWN}#{award_key}"
    for _ in range(ATTEMPTS):
        state = store.read_state(org_id, user_id, "-", entry_key, award_key)
        if state.entry is not None or state.award is None or int(state.award.points) <= 0:
            return False
        if state.totals is None:
            return False
        totals = state.totals
        read_version = int(totals.version)
        totals.points = max(0, int(totals.points) - int(state.award.points))
        totals.level = rules.level_for(int(totals.points)).number
        entry = store.new_entry(
            org_id,
            user_id,
            entry_key,
            iso(when),
            action=rules.WITHDRAWN,
            points=-int(state.award.points),
            requested_points=-int(state.award.points),
            source_id=source_id,
            content_id=state.award.content_id,
            day=state.award.day,
            occurred_at=when,
        )
        try:
            written = store.record(entry, totals, read_version, None, None)
        except store.VersionConflict:
            continue
        if written:
            count_business_event("PointsWithdrawn")
        return written
    raise PointsBusy(f"points of {user_id} kept changing")


# What a member sees ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PointsSummary:
    points: int
    level: rules.Level
    current_streak: int
    longest_streak: int
    last_active_day: str | None


def summary(org_id: str, user_id: str) -> PointsSummary:
    organisation, _ = store.read_organisation_setup(org_id)
    totals = store.get_totals(org_id, user_id) or store.new_totals(org_id, user_id)
    today = utc_now().astimezone(zone(organisation.timezone if organisation else None)).date()
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
