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
from chalicelib.matching.scoring import Rules, pair_points, refusal, score_pair

DENSE_LIMIT = 40_000
CANDIDATES = 5


def propose_mentoring(
    mentors: Sequence[Participant], mentees: Sequence[Participant], rules: Rules
) -> Proposal:
    mentors = sorted(mentors, key=lambda p: p.id)
    mentees = sorted(mentees, key=lambda p: p.id)
    nobody = len(mentors)
    scores: list[dict[int, int]] = []
    for mentee in mentees:
        allowed = {
            j: pair_points(mentor, mentee, mentor=mentor)
            for j, mentor in enumerate(mentors)
            if mentor.capacity > 0 and refusal(mentor, mentee, rules) is None
        }
        scores.append(allowed)
    bound = sum(max(row.values(), default=0) for row in scores)
    exact = len(mentors) * len(mentees) <= DENSE_LIMIT
    big = bound + 1
    edges: list[dict[int, int]] = []
    for row in scores:
        kept = row if exact else dict(sorted(row.items(), key=lambda kv: -kv[1])[:CANDIDATES])
        costs = {j: -(big + points) for j, points in kept.items()}
        costs[nobody] = 0
        edges.append(costs)
    capacity = [m.capacity for m in mentors] + [len(mentees)]
    mentor_of = _assign(edges, capacity)
    pairs = [
        ProposedPair(mentors[j].id, mentees[i].id, score_pair(mentors[j], mentees[i], mentor=mentors[j]))
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
    capacities; the last column must be able to take every row.

    Nodes are numbered for speed: rows 0..R-1, columns R..R+C-1, and a sink reached from a column
    with room left (`via` remembers which column)."""
    rows, columns = len(edges), len(capacity)
    sink = rows + columns
    potential = [0] * (sink + 1)
    column_of = [-1] * rows
    rows_of: list[set[int]] = [set() for _ in range(columns)]
    infinite = float("inf")
    for start in range(rows):
        potential[start] = max(potential[rows + j] - c for j, c in edges[start].items())
        dist: dict[int, int] = {start: 0}
        came_from: dict[int, int] = {}
        settled: dict[int, int] = {}
        heap: list[tuple[int, int]] = [(0, start)]
        via = -1
        total = 0
        while heap:
            d, node = heapq.heappop(heap)
            if node in settled:
                continue
            settled[node] = d
            if node == sink:
                total = d
                break
            if node < rows:
                own = column_of[node]
                base = d + potential[node]
                for j, cost in edges[node].items():
                    if j == own:
                        continue
                    target = rows + j
                    nd = base + cost - potential[target]
                    if nd < dist.get(target, infinite):
                        dist[target] = nd
                        came_from[target] = node
                        heapq.heappush(heap, (nd, target))
            else:
                j = node - rows
                if len(rows_of[j]) < capacity[j]:
                    nd = d + potential[node] - potential[sink]
                    if nd < dist.get(sink, infinite):
                        dist[sink] = nd
                        via = j
                        heapq.heappush(heap, (nd, sink))
                base = d + potential[node]
                for row in rows_of[j]:
                    nd = base - edges[row][j] - potential[row]
                    if nd < dist.get(row, infinite):
                        dist[row] = nd
                        came_from[row] = node
                        heapq.heappush(heap, (nd, row))
        # Shift the potentials so the path's edges become tight and no reduced cost goes negative.
        for node, d in settled.items():
            if node != sink:
                potential[node] += d - total
        column = via
        while True:
            row = came_from[rows + column]
            previous = column_of[row]
            if previous >= 0:
                rows_of[previous].discard(row)
            column_of[row] = column
            rows_of[column].add(row)
            if row == start:
                break
            column = came_from[row] - rows
    return column_of
