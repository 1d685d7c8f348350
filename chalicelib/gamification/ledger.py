"""Awarding and withdrawing points, exactly once (what a member sees of them: my_points.py).

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
from zoneinfo import ZoneInfo

from pynamodb.expressions.condition import Condition

from chalicelib.gamification import badge_awards, board_upkeep, periods, rules, setup
from chalicelib.gamification.boards import community_scope
from chalicelib.gamification.my_points import org_rules, streak_of
from chalicelib.gamification.periods import zone
from chalicelib.ids import iso, utc_now
from chalicelib.observability import count_business_event
from chalicelib.store import points as store
from chalicelib.store.leaderboards import MemberEntry
from chalicelib.store.models import BoardEntryItem, CommunityScoreItem, PointsTotalItem

ATTEMPTS = 5


def moment(value: str) -> datetime:
    """A stored or event timestamp; now when it is missing or unreadable."""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return utc_now()
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=ZoneInfo("UTC"))


@dataclass
class CommunityPoints:
    """A member's points in one community, as their entry on the community's board holds them: the
    award's transaction writes that entry itself (there is no separate community score to mirror)."""

    points: int = 0
    week_key: str | None = None
    week_points: int = 0
    prev_week_key: str | None = None
    prev_week_points: int = 0
    quarter_key: str | None = None
    quarter_points: int = 0
    prev_quarter_key: str | None = None
    prev_quarter_points: int = 0
    last_scored_at: str | None = None

    @classmethod
    def of(cls, entry: MemberEntry | None, legacy: CommunityScoreItem | None = None) -> CommunityPoints:
        """From the member's board entry; or from the community score item awards wrote before, if
        it is newer (an award of the previous version whose record the board has not placed yet)."""
        if legacy is not None and int(legacy.version) > (entry.version if entry is not None else -1):
            return cls(**{name: getattr(legacy, name) for name in cls.__dataclass_fields__})
        image = board_upkeep.score_of(entry)
        return cls(**{name: image[name] for name in cls.__dataclass_fields__ if name in image})

    def image(self, version: int) -> dict[str, Any]:
        return {**self.__dict__, "version": version}


Scored = PointsTotalItem | CommunityPoints


def _week(item: Scored) -> periods.PeriodPoints:
    return periods.PeriodPoints(
        item.week_key, int(item.week_points), item.prev_week_key, int(item.prev_week_points)
    )


def _quarter(item: Scored) -> periods.PeriodPoints:
    return periods.PeriodPoints(
        item.quarter_key, int(item.quarter_points), item.prev_quarter_key, int(item.prev_quarter_points)
    )


def period_points(item: Scored, kind: str) -> periods.PeriodPoints:
    return _week(item) if kind == periods.WEEK else _quarter(item)


def _count_points(item: Scored, points: int, day: date, at: str) -> None:
    """Add `points` (negative: withdrawn) to the all-time, week and quarter points of `day`."""
    if points == 0:
        return
    item.points = max(0, int(item.points) + points)
    week = periods.add_points(_week(item), periods.week_key(day), points)
    item.week_key, item.week_points = week.key, week.points
    item.prev_week_key, item.prev_week_points = week.previous_key, week.previous_points
    quarter = periods.add_points(_quarter(item), periods.quarter_key(day), points)
    item.quarter_key, item.quarter_points = quarter.key, quarter.points
    item.prev_quarter_key, item.prev_quarter_points = quarter.previous_key, quarter.previous_points
    item.last_scored_at = max(item.last_scored_at or "", at)


def earned_on(totals: PointsTotalItem, day: str) -> dict[str, int] | None:
    """Points earned per action on `day` (organisation time), for the daily caps: the totals keep the
    last two days the member scored on (a late event of yesterday still finds its day). A day after
    the older of the two earned nothing yet (it would be kept otherwise). None: a day before both,
    whose points are no longer known, so an event that late earns nothing (it cannot exceed its
    day's cap); only a record delivered days late, such as a replayed dead letter, gets there."""
    if day == totals.earned_day:
        kept = totals.earned
    elif day == totals.prev_earned_day:
        kept = totals.prev_earned
    elif totals.prev_earned_day is not None and day < totals.prev_earned_day:
        return None
    else:
        return {}
    return {str(k): int(v) for k, v in json.loads(kept or "{}").items()}


def keep_earned(totals: PointsTotalItem, day: str, earned: dict[str, int]) -> None:
    """Record what `day` has earned; a later day becomes the current one, the current the previous."""
    text = json.dumps(earned, sort_keys=True)
    if day == totals.earned_day:
        totals.earned = text
    elif day == totals.prev_earned_day:
        totals.prev_earned = text
    elif totals.earned_day is None or day > totals.earned_day:
        totals.prev_earned_day, totals.prev_earned = totals.earned_day, totals.earned
        totals.earned_day, totals.earned = day, text
    elif totals.prev_earned_day is None or day > totals.prev_earned_day:
        totals.prev_earned_day, totals.prev_earned = day, text


def counters_of(totals: PointsTotalItem) -> dict[str, int]:
    return {str(k): int(v) for k, v in json.loads(totals.counters or "{}").items()}


def _board_writes(
    org_id: str,
    user_id: str,
    community_id: str,
    state: store.PointsState,
    points: int,
    day: date,
    at: str,
    version: int,
) -> list[tuple[BoardEntryItem, Condition | None]]:
    """The member's community board entry with `points` counted (negative: withdrawn) at `version`
    of their totals. Raises `VersionConflict` if the entry is at that version already (read again)."""
    community = CommunityPoints.of(state.community, state.legacy_community)
    _count_points(community, points, day, at)
    writes = board_upkeep.entry_writes(
        org_id, community_scope(community_id), user_id, state.community, community.image(version)
    )
    if writes is None:
        raise store.VersionConflict(f"the community entry of {user_id} is ahead of the totals read")
    return writes


class PointsBusy(RuntimeError):
    """The member's totals kept changing under us; the stream record is retried."""


def award(
    org_id: str,
    user_id: str,
    action: str,
    source_id: str,
    occurred_at: str,
    content_id: str | None = None,
    community_id: str | None = None,
) -> bool:
    """Give `user_id` the points of `action` for the event `source_id`, once. True if written now.

    The same write counts the points in the member's week, quarter and all-time totals (and in
    `community_id`'s, for the community leaderboards), counts the action for the badge rules and
    awards the badges that now hold (each at most once).
    """
    organisation = setup.organisation_setup(org_id)
    when = moment(occurred_at)
    at = iso(when)
    day = when.astimezone(zone(organisation.timezone)).date()
    rule = org_rules(organisation.rules_item)[action]
    entry_key = f"{action}#{source_id}"
    for _ in range(ATTEMPTS):
        # The entry is not read: the transaction puts it only if it does not exist (a replay writes
        # nothing and returns False), so the read would only have spared a replay's refused write.
        community = (community_id, community_scope(community_id)) if community_id else None
        state = store.read_state(org_id, user_id, None, None, community)
        if state.profile is None:
            return False  # not (or no longer) a member of this organisation
        totals = state.totals or store.new_totals(org_id, user_id)
        earned = earned_on(totals, day.isoformat())
        points = rules.points_for(rule, earned.get(action, 0)) if earned is not None else 0
        read_version = int(totals.version) if state.totals is not None else None
        streak = streak_of(totals)
        if action in rules.LEARNING_ACTIVITY:
            streak = rules.with_activity(streak, day)
        _count_points(totals, points, day, at)
        level = rules.level_for(int(totals.points)).number
        totals.level = level
        totals.streak_current, totals.streak_longest = streak.current, streak.longest
        totals.streak_last_day = streak.last_day.isoformat() if streak.last_day else None
        totals.freeze_week = streak.freeze_week
        counters = counters_of(totals)
        counters[action] = counters.get(action, 0) + 1
        totals.counters = json.dumps(counters, sort_keys=True)
        earned_badges = badge_awards.earned_now(organisation, totals, counters, source_id, community_id, when)
        note = None
        if level > int(totals.notified_level) and state.profile.status != "deactivated":
            note = store.level_up_note(org_id, state.profile, level)
        if level > int(totals.notified_level):
            totals.notified_level = level
        if earned is not None:
            earned[action] = earned.get(action, 0) + points
            keep_earned(totals, day.isoformat(), earned)
        entry = store.new_entry(
            org_id,
            user_id,
            entry_key,
            at,
            action=action,
            points=points,
            requested_points=rule.points if rule.points != points else None,
            content_id=content_id,
            community_id=community_id,
            day=day.isoformat(),
        )
        try:
            board = (
                _board_writes(org_id, user_id, community_id, state, points, day, at, (read_version or 0) + 1)
                if community_id and points
                else []
            )
            written = store.record(entry, totals, read_version, note, board=board, once=list(earned_badges))
        except store.VersionConflict:
            continue
        if written:
            count_business_event("PointsAwarded")
            if note is not None:
                count_business_event("LevelReached")
            for _ in earned_badges:
                count_business_event("BadgeEarned")
        return written
    raise PointsBusy(f"points of {user_id} kept changing")


def withdraw(
    org_id: str,
    user_id: str,
    award_key: str,
    source_id: str,
    occurred_at: str,
    community_id: str | None = None,
) -> bool:
    """Take back the points of the award `award_key` (if it gave any), once. True if written now.

    The points leave the periods (and the community) the award counted in; the action's counter goes
    down with them. Badges already earned are kept.
    """
    when = moment(occurred_at)
    entry_key = f"{rules.WITHDRAWN}#{award_key}"
    for _ in range(ATTEMPTS):
        community = (community_id, community_scope(community_id)) if community_id else None
        state = store.read_state(org_id, user_id, entry_key, award_key, community)
        if state.entry is not None or state.award is None or int(state.award.points) <= 0:
            return False
        if state.totals is None:
            return False
        awarded, totals = state.award, state.totals
        read_version = int(totals.version)
        award_day = date.fromisoformat(awarded.day)
        _count_points(totals, -int(awarded.points), award_day, iso(when))
        totals.level = rules.level_for(int(totals.points)).number
        counters = counters_of(totals)
        if awarded.action in counters:
            counters[awarded.action] = max(0, counters[awarded.action] - 1)
        totals.counters = json.dumps(counters, sort_keys=True)
        entry = store.new_entry(
            org_id,
            user_id,
            entry_key,
            iso(when),
            action=rules.WITHDRAWN,
            points=-int(awarded.points),
            source_id=source_id,
            content_id=awarded.content_id,
            community_id=awarded.community_id,
            day=awarded.day,
        )
        try:
            board = (
                _board_writes(
                    org_id,
                    user_id,
                    community_id,
                    state,
                    -int(awarded.points),
                    award_day,
                    iso(when),
                    read_version + 1,
                )
                if community_id
                and (state.community is not None or state.legacy_community is not None)
                and awarded.community_id == community_id
                else []
            )
            written = store.record(entry, totals, read_version, None, board=board)
        except store.VersionConflict:
            continue
        if written:
            count_business_event("PointsWithdrawn")
        return written
    raise PointsBusy(f"points of {user_id} kept changing")
