"""The leaderboard rules, as a table: periods, ranking, ties, opting out and fair team scores."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from fractions import Fraction
from zoneinfo import ZoneInfo

from chalicelib.gamification.board_upkeep import changes_of, entry_writes, merged, score_of
from chalicelib.gamification.boards import Entrant, around, fair_team_score, rank, shown_score
from chalicelib.gamification.periods import (
    PeriodPoints,
    add_points,
    previous_period_key,
    quarter_key,
    since_period_start,
    week_key,
)
from chalicelib.store.leaderboards import MemberEntry, Slot


def test_weeks_are_iso_weeks_and_quarters_start_in_january_april_july_october() -> None:
    assert week_key(date(2026, 12, 7)) == "2026-W50"  # a Monday
    assert week_key(date(2027, 1, 3)) == "2026-W53"  # a Sunday still in 2026's last ISO week
    assert quarter_key(date(2026, 3, 31)) == "2026-Q1"
    assert quarter_key(date(2026, 4, 1)) == "2026-Q2"
    assert previous_period_key("week", date(2027, 1, 4)) == "2026-W53"
    assert previous_period_key("quarter", date(2027, 1, 4)) == "2026-Q4"
    assert previous_period_key("all", date(2027, 1, 4)) is None


def test_a_new_period_starts_from_zero_and_keeps_the_previous_one_for_late_events() -> None:
    this_week = add_points(PeriodPoints(), "2026-W49", 10)
    assert this_week == PeriodPoints("2026-W49", 10, None, 0)
    next_week = add_points(this_week, "2026-W50", 5)
    assert next_week == PeriodPoints("2026-W50", 5, "2026-W49", 10)
    late = add_points(next_week, "2026-W49", 2)  # an event of last Sunday, scored on Monday
    assert late.points_in("2026-W49") == 12 and late.points_in("2026-W50") == 5
    assert add_points(late, "2026-W40", 7) == late  # too old: its board is final
    assert add_points(late, "2026-W50", -20).points_in("2026-W50") == 0  # never below zero


def test_the_periods_of_a_change_are_the_organisations_and_only_what_moved_is_placed() -> None:
    brussels = ZoneInfo("Europe/Brussels")
    sunday_late_utc = datetime(2026, 12, 6, 22, 30, tzinfo=UTC)  # Sunday 23:30 in Brussels
    monday_early_utc = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)  # Monday 00:30 in Brussels
    assert week_key(sunday_late_utc.astimezone(brussels).date()) == "2026-W49"
    assert week_key(monday_early_utc.astimezone(brussels).date()) == "2026-W50"
    assert since_period_start("week", monday_early_utc, brussels).total_seconds() == 30 * 60

    last_week = {"user_id": "ann", "points": 40, "week_key": "2026-W49", "week_points": 40}
    last_week |= {"quarter_key": "2026-Q4", "quarter_points": 40, "last_scored_at": "T1", "version": 4}
    this_week = last_week | {"points": 50, "week_key": "2026-W50", "week_points": 10}
    this_week |= {"prev_week_key": "2026-W49", "prev_week_points": 40, "quarter_points": 50}
    this_week |= {"last_scored_at": "T2", "version": 5}
    # One entry for the organisation's boards: all time and every period the totals keep.
    (change,) = changes_of("points_total", last_week, this_week)
    assert (change.scope, change.score, change.on_board, change.version) == ("org", 50, True, 5)
    assert dict(change.periods) == {"week:2026-W50": 10, "week:2026-W49": 40, "quarter:2026-Q4": 50}
    # A late event of last week moves last week, the quarter and all time.
    late = this_week | {"prev_week_points": 45, "quarter_points": 55, "points": 55, "version": 6}
    (change,) = changes_of("points_total", this_week, late)
    assert dict(change.periods)["week:2026-W49"] == 45
    # A badge award bumps the version but moves no score: nothing to place.
    assert changes_of("points_total", late, late | {"version": 7}) == []


def test_a_member_entry_keeps_when_each_period_was_reached_and_hands_over_the_periods_it_drops() -> None:
    week49 = {"user_id": "ann", "points": 40, "week_key": "2026-W49", "week_points": 40}
    week49 |= {"quarter_key": "2026-Q4", "quarter_points": 40, "last_scored_at": "T1", "version": 4}
    (first,) = changes_of("points_total", None, week49)
    placed = merged(None, first)
    assert placed is not None
    entry, dropped = placed
    assert dropped == {} and entry.periods["week:2026-W49"] == Slot(40, "T1")

    # A new week: last week's points were reached at T1 and stay so; the new week's at T2.
    week50 = week49 | {"points": 50, "week_key": "2026-W50", "week_points": 10, "quarter_points": 50}
    week50 |= {"prev_week_key": "2026-W49", "prev_week_points": 40, "last_scored_at": "T2", "version": 5}
    (second,) = changes_of("points_total", week49, week50)
    placed = merged(entry, second)
    assert placed is not None
    entry, dropped = placed
    assert dropped == {}
    assert entry.periods["week:2026-W49"] == Slot(40, "T1")
    assert entry.periods["week:2026-W50"] == Slot(10, "T2")
    assert (entry.score, entry.reached_at) == (50, "T2")

    # Two weeks on, week 49 is no longer kept by the totals: it is handed over, final, as it was.
    week52 = week50 | {"points": 53, "week_key": "2026-W52", "week_points": 3, "quarter_points": 53}
    week52 |= {"prev_week_key": "2026-W50", "prev_week_points": 10, "last_scored_at": "T3", "version": 6}
    (third,) = changes_of("points_total", week50, week52)
    placed = merged(entry, third)
    assert placed is not None
    entry, dropped = placed
    assert dropped == {"week:2026-W49": Slot(40, "T1")}
    assert set(entry.periods) == {"week:2026-W52", "week:2026-W50", "quarter:2026-Q4"}
    assert entry.periods["week:2026-W50"] == Slot(10, "T2")

    # A record delivered again, or late, changes nothing.
    assert merged(entry, second) is None and merged(entry, third) is None


def test_points_in_a_community_are_counted_on_its_board_entry_as_its_score_item_counted_them() -> None:
    """The award writes a member's community entry itself: read back as a score, counted, written."""
    ann = MemberEntry(
        40,
        "T1",
        True,
        4,
        {
            "week:2026-W49": Slot(30, "T1"),
            "week:2026-W48": Slot(10, "T0"),
            "quarter:2026-Q4": Slot(40, "T1"),
        },
    )
    score = score_of(ann)
    assert score == {
        "points": 40,
        "version": 4,
        "last_scored_at": "T1",
        "week_key": "2026-W49",
        "week_points": 30,
        "prev_week_key": "2026-W48",
        "prev_week_points": 10,
        "quarter_key": "2026-Q4",
        "quarter_points": 40,
    }
    # Five points in a new week: week 48 drops out, handed over final; week 49 keeps when it was reached.
    moved = score | {"points": 45, "week_key": "2026-W50", "week_points": 5, "quarter_points": 45}
    moved |= {"prev_week_key": "2026-W49", "prev_week_points": 30, "last_scored_at": "T2", "version": 5}
    writes = entry_writes("org1", "community:c1", "ann", ann, moved)
    assert writes is not None
    (entry, _), (copy, copy_condition) = writes
    assert (entry.score, entry.reached_at, entry.version, entry.on_board) == (45, "T2", 5, True)
    assert json.loads(entry.periods or "{}") == {
        "quarter:2026-Q4": [45, "T2"],
        "week:2026-W49": [30, "T1"],
        "week:2026-W50": [5, "T2"],
    }
    assert copy.pk.endswith("#BOARD#community:c1#week:2026-W48#" + copy.pk.rsplit("#", 1)[1])
    assert (copy.score, copy.reached_at, copy.version, copy_condition) == (10, "T0", 4, None)
    # A member who never scored in the community starts from nothing; a replay of what the entry
    # already holds (the same or an older version of the totals) writes nothing.
    assert score_of(None) == {"points": 0, "version": 0, "last_scored_at": None}
    assert entry_writes("org1", "community:c1", "ann", ann, score) is None


def test_a_withdrawal_to_zero_takes_the_entry_off_the_board_and_practice_has_no_board() -> None:
    before = {"user_id": "bob", "community_id": "c1", "points": 10, "week_key": "2026-W50"}
    before |= {"week_points": 10, "quarter_key": "2026-Q4", "quarter_points": 10, "version": 2}
    after = before | {"points": 0, "week_points": 0, "quarter_points": 0, "version": 3}
    # The entry stays, marked off the board, so that an older record cannot put the 10 points back.
    (change,) = changes_of("community_score", before, after)
    assert (change.scope, change.score, change.on_board, change.version) == ("community:c1", 0, False, 3)
    assert dict(change.periods) == {"week:2026-W50": 0, "quarter:2026-Q4": 0}
    practice = {"user_id": "bob", "context_id": "practice-q1", "points": 5, "answered": 1, "version": 1}
    assert changes_of("player_score", None, practice) == []
    campaign = practice | {"context_id": "camp1", "points": 0}
    (entry,) = changes_of("player_score", None, campaign)  # answered, no points yet: on the board
    assert (entry.scope, entry.periods, entry.score, entry.on_board) == ("campaign:camp1", (), 0, True)


def test_higher_scores_first_and_a_tie_goes_to_who_got_there_first() -> None:
    ranking = rank(
        [
            Entrant("ann", "Ann", 30, "2026-12-01T10:00:00Z"),
            Entrant("bob", "Bob", 50, "2026-12-01T11:00:00Z"),
            Entrant("cas", "Cas", 30, "2026-12-01T09:00:00Z"),
            Entrant("dee", "Dee", 30, "2026-12-01T09:00:00Z"),
        ]
    )
    assert [(p.rank, p.entrant.entrant_id) for p in ranking.places] == [
        (1, "bob"),
        (2, "cas"),  # reached 30 first (same moment as dee: the smaller id)
        (3, "dee"),
        (4, "ann"),
    ]


def test_an_opted_out_member_is_not_on_others_boards_but_sees_where_they_would_be() -> None:
    ranking = rank(
        [
            Entrant("ann", "Ann", 40),
            Entrant("bob", "Bob", 30, hidden=True),
            Entrant("cas", "Cas", 20),
        ]
    )
    assert [(p.rank, p.entrant.entrant_id) for p in ranking.places] == [(1, "ann"), (2, "cas")]
    bob = ranking.standings["bob"]
    assert (bob.rank, bob.visible) == (2, False)  # between Ann and Cas
    assert ranking.standings["cas"].rank == 2


def test_small_teams_can_win_on_points_per_active_member() -> None:
    big, small = fair_team_score(300, 10), fair_team_score(80, 2)
    assert small > big
    assert fair_team_score(50, 0) == 0
    assert shown_score(Fraction(100, 3)) == 33.33
    assert shown_score(40) == 40


def test_around_me_shows_five_places_above_and_below() -> None:
    assert around(20, 100) == (15, 25)
    assert around(2, 100) == (1, 7)
    assert around(99, 100) == (94, 100)


def test_popular_posts_move_in_bands_so_the_weeks_index_is_not_rewritten_at_every_reaction() -> None:
    from chalicelib.wall.popularity import score_band

    assert [score_band(n) for n in range(0, 10)] == [0, 0, 0, 0, 4, 4, 4, 4, 8, 8]
    assert score_band(100) == 64 and score_band(130) == 128
    moves = len({score_band(n) for n in range(4, 1001)})
    assert moves == 8  # a post with 1,000 reactions changed place 8 times, not 1,000
