"""Buddy pairs: a maximum weight matching of the people who signed up, as many pairs as the hard
constraints allow and, among those, the highest total score.

Up to EXACT_LIMIT participants the whole graph of allowed pairs is matched by the blossom
algorithm: the answer is optimal. Above it (a pure-Python blossom on 2,000 people would take
minutes) the participants are cut into groups of at most EXACT_LIMIT that share a first
language and similar hours, each group keeps every person's CANDIDATES best allowed partners,
and each group is matched exactly; the proposal carries an upper bound so the organiser (and
the bench) can see how close it is.
"""

from __future__ import annotations

from collections.abc import Sequence

from chalicelib.matching.blossom import max_weight_matching
from chalicelib.matching.participants import Participant
from chalicelib.matching.proposals import Proposal, ProposedPair
from chalicelib.matching.scoring import Rules, best_possible, pair_points, refusal, score_pair

EXACT_LIMIT = 200
CANDIDATES = 12


def propose_buddies(participants: Sequence[Participant], rules: Rules) -> Proposal:
    people = sorted(participants, key=lambda p: p.id)
    if len(people) <= EXACT_LIMIT:
        pairs = _match_group(people, rules, keep=None)
        return _proposal(people, pairs, exact=True)
    ordered = sorted(people, key=_group_key)
    count = -(-len(ordered) // EXACT_LIMIT)
    size = -(-len(ordered) // count)
    pairs = []
    for start in range(0, len(ordered), size):
        pairs.extend(_match_group(ordered[start : start + size], rules, keep=CANDIDATES))
    return _proposal(people, pairs, exact=False)


def _group_key(p: Participant) -> tuple[str, int, str]:
    first_hour = (p.hours & -p.hours).bit_length()
    return (min(p.languages, default=""), first_hour, p.id)


def _match_group(people: Sequence[Participant], rules: Rules, keep: int | None) -> list[ProposedPair]:
    scores: dict[tuple[int, int], int] = {}
    for i, a in enumerate(people):
        for j in range(i + 1, len(people)):
            b = people[j]
            if refusal(a, b, rules) is None:
                scores[(i, j)] = pair_points(a, b)
    adjacency: list[dict[int, int]] = [{} for _ in people]
    if keep is None:
        kept = set(scores)
    else:
        best: list[list[tuple[int, tuple[int, int]]]] = [[] for _ in people]
        for key, score in scores.items():
            best[key[0]].append((score, key))
            best[key[1]].append((score, key))
        kept = {key for options in best for _, key in sorted(options, reverse=True)[:keep]}
    for i, j in kept:
        adjacency[i][j] = adjacency[j][i] = scores[(i, j)]
    mate = max_weight_matching(adjacency)
    return [
        ProposedPair(people[i].id, people[j].id, score_pair(people[i], people[j]))
        for i, j in enumerate(mate)
        if j > i
    ]


def _proposal(people: Sequence[Participant], pairs: list[ProposedPair], exact: bool) -> Proposal:
    paired = {p.first for p in pairs} | {p.second for p in pairs}
    points = sum(p.score.points for p in pairs)
    bound = points if exact else sum(best_possible(p) for p in people) // 2
    return Proposal(
        pairs=tuple(sorted(pairs, key=lambda p: (p.first, p.second))),
        unmatched=tuple(p.id for p in people if p.id not in paired),
        points=points,
        bound=max(bound, points),
        exact=exact,
    )
