"""Intervision's pure rules: group sizes and reporting lines, recurring dates, rotating roles, the
phase clock, the choice of case, the method templates, and group proposals with a known best."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.intervision import methods, proposer, rules
from chalicelib.intervision.proposer import Candidate


@pytest.mark.parametrize(
    ("members", "ok"),
    [
        (["a", "b", "c"], False),
        (["a", "b", "c", "d"], True),
        (list("abcdefgh"), True),
        (list("abcdefghi"), False),
    ],
)
def test_a_group_has_four_to_eight_different_members(members: list[str], ok: bool) -> None:
    assert (rules.size_problem(members) is None) == ok
    assert rules.size_problem(["a", "a", "b", "c"]) == "A person is named twice."


def test_a_manager_and_their_report_in_one_group_is_a_reporting_line() -> None:
    managers = {"b": "a", "c": "x", "d": None}
    assert rules.reporting_lines_inside(["a", "b", "c", "d"], managers) == [("a", "b")]
    assert rules.reporting_lines_inside(["b", "c", "d", "e"], managers) == []


def test_sessions_every_four_weeks_keep_their_local_time_across_daylight_saving() -> None:
    first = datetime(2027, 3, 1, 18, 0, tzinfo=UTC)  # 19:00 in Brussels (winter time)
    starts = rules.occurrences(first, 4, 3, "Europe/Brussels")
    assert [s.astimezone(UTC).hour for s in starts] == [18, 17, 17]  # 19:00 local each time
    assert starts[1] - starts[0] == timedelta(weeks=4) - timedelta(hours=1)


def test_each_member_takes_a_turn_as_facilitator_and_then_as_timekeeper() -> None:
    members = ["a", "b", "c", "d"]
    assert [rules.rotating_roles(members, n) for n in range(1, 6)] == [
        ("a", "b"),
        ("b", "c"),
        ("c", "d"),
        ("d", "a"),
        ("a", "b"),
    ]


def test_the_phase_clock_counts_down_and_stops_at_zero() -> None:
    started = datetime(2027, 1, 1, 18, 0, tzinfo=UTC)
    clock = rules.phase_clock(methods.INCIDENT, 2, started, started + timedelta(minutes=5))
    assert (clock.key, clock.remaining_seconds) == ("questions", 10 * 60)
    assert clock.ends_at == started + timedelta(minutes=15)
    late = rules.phase_clock(methods.INCIDENT, 2, started, started + timedelta(hours=1))
    assert late.remaining_seconds == 0


@pytest.mark.parametrize(
    ("votes", "chosen"),
    [
        ({"a": "c2", "b": "c2", "c": "c1"}, "c2"),
        ({"a": "c2", "b": "c1"}, "c1"),  # a tie: the case brought in first
        ({}, "c1"),
        ({"a": "gone"}, "c1"),  # a vote for no case of the session counts for nothing
    ],
)
def test_the_case_with_most_votes_is_chosen(votes: dict[str, str], chosen: str) -> None:
    assert rules.chosen_case(votes, ["c1", "c2"]) == chosen
    assert rules.chosen_case(votes, []) is None


def test_the_incident_method_has_its_six_timed_phases_in_three_languages() -> None:
    incident = methods.METHODS["incident"]
    assert [p.key for p in incident.phases] == [
        "cases",
        "choose",
        "questions",
        "analysis",
        "advice",
        "evaluation",
    ]
    assert [p.kind for p in incident.phases] == ["cases", "choose", "notes", "notes", "notes", "notes"]
    assert incident.minutes == 70
    assert [p.key for p in methods.BALINT.phases][2:5] == ["story", "questions", "associations"]
    for method in methods.METHODS.values():
        assert set(method.name) == {"nl", "fr", "en"}
        for phase in method.phases:
            assert phase.kind in methods.KINDS and phase.minutes > 0
            assert set(phase.title) == {"nl", "fr", "en"}
            assert "member" in phase.instructions
            for role, texts in phase.instructions.items():
                assert role in methods.ROLES and set(texts) == {"nl", "fr", "en"}
        assert [p.actions for p in method.phases][-1] is True  # the case owner's actions, at the end


@pytest.mark.parametrize(
    ("count", "target", "sizes"),
    [(4, 6, [4]), (12, 6, [6, 6]), (13, 6, [7, 6]), (9, 4, [5, 4]), (17, 8, [6, 6, 5])],
)
def test_group_sizes_stay_between_four_and_eight(count: int, target: int, sizes: list[int]) -> None:
    assert proposer.group_sizes(count, target) == sizes


def _best_by_brute_force(people: list[Candidate], sizes: list[int]) -> int:
    best = None
    for order in itertools.permutations(people):
        groups, start = [], 0
        for size in sizes:
            groups.append(list(order[start : start + size]))
            start += size
        cost = proposer.total_cost(groups)
        best = cost if best is None else min(best, cost)
    assert best is not None
    return best


def test_two_teams_of_four_are_mixed_two_and_two() -> None:
    people = [Candidate(f"s{n}", "sales") for n in range(4)] + [Candidate(f"o{n}", "ops") for n in range(4)]
    proposal = proposer.propose(people, target=4)
    assert proposal.same_team_pairs == 4  # 2+2 in each group: the fewest possible
    for group in proposal.groups:
        assert sorted(u[0] for u in group) == ["o", "o", "s", "s"]


def test_no_manager_is_placed_with_their_report_when_another_split_exists() -> None:
    people = [
        Candidate("boss", "a"),
        Candidate("r1", "a", manager_id="boss"),
        Candidate("r2", "a", manager_id="boss"),
        Candidate("r3", "a", manager_id="boss"),
        Candidate("x1", "b"),
        Candidate("x2", "b"),
        Candidate("x3", "b"),
        Candidate("x4", "b"),
    ]
    proposal = proposer.propose(people, target=4)
    assert proposal.reporting_lines == 0
    boss_group = next(g for g in proposal.groups if "boss" in g)
    assert not {"r1", "r2", "r3"} & set(boss_group)


def test_the_proposal_is_as_good_as_the_best_split_on_small_cases() -> None:
    people = [
        Candidate("a1", "a"),
        Candidate("a2", "a"),
        Candidate("a3", "a"),
        Candidate("a4", "a", manager_id="a1"),
        Candidate("a5", "a"),
        Candidate("b1", "b"),
        Candidate("b2", "b", manager_id="b1"),
        Candidate("c1", "c"),
    ]
    proposal = proposer.propose(people, target=4)
    by_id = {p.user_id: p for p in people}
    groups = [[by_id[u] for u in g] for g in proposal.groups]
    assert proposer.total_cost(groups) == _best_by_brute_force(people, [4, 4])
    assert sorted(u for g in proposal.groups for u in g) == sorted(by_id)
