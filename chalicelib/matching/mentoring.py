"""Mentoring: each mentee gets at most one mentor, each mentor at most `capacity` mentees; as many
mentees as the hard constraints allow are matched and, among those answers, the total score is
the highest.

This is a min-cost flow (source -> mentee -> mentor -> sink, the mentor's edge to the sink with
the mentor's capacity), solved by successive shortest paths with potentials, one mentee at a
time (the incremental Hungarian method of Jonker and Volgenant). A "nobody" mentor of unlimited
capacity and cost 0 lets a mentee stay unmatched; a real pair costs -(BIG + score), BIG larger
than any total score, so a matched mentee always beats an unmatched one. Exact on the graph of
allowed pairs; above DENSE_LIMIT candidate pairs each mentee keeps its CANDIDATES best mentors.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

from chalicelib.matching.participants import Participant
from chalicelib.matching.proposals import Proposal, ProposedPair
from chalicelib.matching.scoring import PairScore, Rules, refusal, score_pair

DENSE_LIMIT = 40_000
CANDIDATES = 8


def propose_mentoring(
    mentors: Sequence[Participant], mentees: Sequence[Participant], rules: Rules
) -> Proposal:
    mentors = sorted(mentors, key=lambda p: p.id)
    mentees = sorted(mentees, key=lambda p: p.id)
    nobody = len(mentors)
    scores: list[dict[int, PairScore]] = []
    for mentee in mentees:
        allowed = {
            j: score_pair(mentor, mentee, mentor=mentor)
            for j, mentor in enumerate(mentors)
            if mentor.capacity > 0 and refusal(mentor, mentee, rules) is None
        }
        scores.append(allowed)
    bound = sum(max((s.points for s in row.values()), default=0) for row in scores)
    exact = len(mentors) * len(mentees) <= DENSE_LIMIT
    big = bound + 1
    edges: list[dict[int, int]] = []
    for row in scores:
        kept = row if exact else dict(sorted(row.items(), key=lambda kv: -kv[1].points)[:CANDIDATES])
        costs = {j: -(big + s.points) for j, s in kept.items()}
        costs[nobody] = 0
        edges.append(costs)
    capacity = [m.capacity for m in mentors] + [len(mentees)]
    mentor_of = _assign(edges, capacity)
    pairs = [
        ProposedPair(mentors[j].id, mentees[i].id, scores[i][j])
        for i, j in enumerate(mentor_of)
        if j != nobody
    ]
    points = sum(p.score.points for p in pairs)
    return Proposal(
        pairs=tuple(sorted(pairs, key=lambda p: (p.first, p.second))),
        unmatched=tuple(mentees[i].id for i, j in enumerate(mentor_of) if j == nobody),
        points=points,
        bound=points if exact else max(bound, points),
        exact=exact,
    )


def _assign(edges: Sequence[dict[int, int]], capacity: Sequence[int]) -> list[int]:
    """Min-cost assignment of every row to a column (edges[row][col] = cost) within the columns'
    capacities; the last column must be able to take every row."""
    columns = len(capacity)
    row_potential = [0] * len(edges)
    col_potential = [0] * columns
    sink_potential = 0
    column_of = [-1] * len(edges)
    rows_of: list[set[int]] = [set() for _ in range(columns)]
    for start, start_edges in enumerate(edges):
        row_potential[start] = max(col_potential[j] - c for j, c in start_edges.items())
        # Dijkstra over reduced costs: nodes are ("r", row), ("c", col) and the sink.
        dist: dict[tuple[str, int], int] = {("r", start): 0}
        came_from: dict[tuple[str, int], tuple[str, int]] = {}
        settled: dict[tuple[str, int], int] = {}
        heap: list[tuple[int, str, int]] = [(0, "r", start)]
        reached = -1
        total = 0
        while heap:
            d, kind, index = heapq.heappop(heap)
            node = (kind, index)
            if node in settled:
                continue
            settled[node] = d
            if kind == "t":
                reached, total = index, d
                break
            if kind == "r":
                for j, cost in edges[index].items():
                    if j == column_of[index]:
                        continue
                    _relax(
                        heap,
                        dist,
                        came_from,
                        ("c", j),
                        d + cost + row_potential[index] - col_potential[j],
                        node,
                    )
            else:
                if len(rows_of[index]) < capacity[index]:
                    nd = d + col_potential[index] - sink_potential
                    if nd < dist.get(("t", index), nd + 1):
                        dist[("t", index)] = nd
                        heapq.heappush(heap, (nd, "t", index))
                for row in rows_of[index]:
                    back = -edges[row][index]
                    _relax(
                        heap,
                        dist,
                        came_from,
                        ("r", row),
                        d + back + col_potential[index] - row_potential[row],
                        node,
                    )
        # Shift the potentials so the path's edges become tight and no reduced cost goes negative.
        for (kind, index), d in settled.items():
            if kind == "r":
                row_potential[index] += d - total
            elif kind == "c":
                col_potential[index] += d - total
        column = reached
        while True:
            row = came_from[("c", column)][1]
            previous = column_of[row]
            if previous >= 0:
                rows_of[previous].discard(row)
            column_of[row] = column
            rows_of[column].add(row)
            if row == start:
                break
            column = came_from[("r", row)][1]
    return column_of


def _relax(
    heap: list[tuple[int, str, int]],
    dist: dict[tuple[str, int], int],
    came_from: dict[tuple[str, int], tuple[str, int]],
    node: tuple[str, int],
    distance: int,
    via: tuple[str, int],
) -> None:
    if distance < dist.get(node, distance + 1):
        dist[node] = distance
        came_from[node] = via
        heapq.heappush(heap, (distance, node[0], node[1]))
