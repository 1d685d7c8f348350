"""Proposing intervision groups: split the people the organiser picked into groups of four to
eight, with no reporting line inside a group (hard) and as few colleagues of the same team
together as possible (soft).

The score is a sum over pairs in the same group (`pair_cost`): a reporting line costs
`REPORTING_LINE`, same team costs `SAME_TEAM`. A pair cost is what the buddy and mentor matcher
scores too, so both can later share one pair-scoring function. The search: a greedy placement
(largest teams first, each person into the cheapest group with room) and then pairwise swaps
between groups while a swap lowers the total. Groups of at most 8 and a few hundred people keep
this well under a second; it is exact on the small cases the tests hold it to.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from chalicelib.intervision.rules import MAX_MEMBERS, MIN_MEMBERS

REPORTING_LINE = 1000
SAME_TEAM = 1


@dataclass(frozen=True)
class Candidate:
    user_id: str
    team_id: str | None = None
    manager_id: str | None = None


@dataclass(frozen=True)
class Proposal:
    groups: list[list[str]]
    same_team_pairs: int
    reporting_lines: int  # left inside groups: 0 unless the people given allow no other split


def pair_cost(a: Candidate, b: Candidate) -> int:
    cost = 0
    if a.manager_id == b.user_id or b.manager_id == a.user_id:
        cost += REPORTING_LINE
    if a.team_id is not None and a.team_id == b.team_id:
        cost += SAME_TEAM
    return cost


def group_sizes(count: int, target: int) -> list[int]:
    """How many groups of which sizes: as close to `target` as 4..8 allows, sizes differing by one."""
    if count < MIN_MEMBERS:
        raise ValueError(f"at least {MIN_MEMBERS} people are needed for a group")
    target = min(max(target, MIN_MEMBERS), MAX_MEMBERS)
    groups = max(1, round(count / target))
    while math.ceil(count / groups) > MAX_MEMBERS:
        groups += 1
    while groups > 1 and count // groups < MIN_MEMBERS:
        groups -= 1
    base, extra = divmod(count, groups)
    return [base + 1 if n < extra else base for n in range(groups)]


def _cost_with(group: list[Candidate], person: Candidate) -> int:
    return sum(pair_cost(person, other) for other in group)


def _total(groups: list[list[Candidate]]) -> int:
    return sum(pair_cost(a, b) for group in groups for i, a in enumerate(group) for b in group[i + 1 :])


def propose(people: Sequence[Candidate], target: int = 6) -> Proposal:
    sizes = group_sizes(len(people), target)
    team_sizes = Counter(p.team_id for p in people)
    order = sorted(people, key=lambda p: (-team_sizes[p.team_id], p.user_id))
    groups: list[list[Candidate]] = [[] for _ in sizes]
    for person in order:
        open_groups = [g for g in range(len(groups)) if len(groups[g]) < sizes[g]]
        best = min(open_groups, key=lambda g: (_cost_with(groups[g], person), len(groups[g]), g))
        groups[best].append(person)
    _improve_by_swaps(groups)
    pairs = [(a, b) for group in groups for i, a in enumerate(group) for b in group[i + 1 :]]
    return Proposal(
        groups=[sorted(p.user_id for p in group) for group in groups],
        same_team_pairs=sum(1 for a, b in pairs if a.team_id is not None and a.team_id == b.team_id),
        reporting_lines=sum(1 for a, b in pairs if pair_cost(a, b) >= REPORTING_LINE),
    )


def _improve_by_swaps(groups: list[list[Candidate]]) -> None:
    improved = True
    while improved:
        improved = False
        for g in range(len(groups)):
            for h in range(g + 1, len(groups)):
                for i in range(len(groups[g])):
                    for j in range(len(groups[h])):
                        a, b = groups[g][i], groups[h][j]
                        rest_g = groups[g][:i] + groups[g][i + 1 :]
                        rest_h = groups[h][:j] + groups[h][j + 1 :]
                        now = _cost_with(rest_g, a) + _cost_with(rest_h, b)
                        if _cost_with(rest_g, b) + _cost_with(rest_h, a) < now:
                            groups[g][i], groups[h][j] = b, a
                            improved = True


def total_cost(groups: list[list[Candidate]]) -> int:
    return _total(groups)
