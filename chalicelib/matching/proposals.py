"""A matcher's answer: the proposed pairs with their explained scores, who stays unmatched, and
how far the answer can be from the best one (`bound`)."""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.matching.scoring import PairScore


@dataclass(frozen=True)
class ProposedPair:
    first: str  # the mentor, for mentoring
    second: str
    score: PairScore


@dataclass(frozen=True)
class Proposal:
    pairs: tuple[ProposedPair, ...]
    unmatched: tuple[str, ...]
    points: int
    # No proposal with as many pairs scores more than `bound` (equal to `points` when `exact`).
    bound: int
    exact: bool
