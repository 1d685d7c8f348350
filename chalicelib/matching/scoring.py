"""The score of a pair, explained: which reasons gave how many points, and whether the pair is
allowed at all (the hard constraints). Integer points, so matchings are compared exactly."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from chalicelib.matching.participants import Participant

# Points per reason (documented in docs/decisions.md, "Buddy and mentor matching").
POINTS_PER_SKILL = 30  # a skill one offers and the other wants, each direction counted
MAX_SKILLS = 3
POINTS_COMMON_LANGUAGE = 10
POINTS_PER_SHARED_HOUR = 2  # an hour of the week both are available
MAX_SHARED_HOURS = 10


@dataclass(frozen=True)
class Reason:
    code: str  # "skill", "language", "shared_hours"
    points: int
    detail: str  # the skill, the language(s), or the number of hours


@dataclass(frozen=True)
class PairScore:
    points: int
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Rules:
    """The organiser's hard constraints."""

    not_same_team: bool = False
    # Pairs that met before (earlier programmes, a rematch): frozensets of two participant ids.
    earlier_pairs: Collection[frozenset[str]] = frozenset()


def refusal(a: Participant, b: Participant, rules: Rules) -> str | None:
    """Why a and b may not be paired ("same_team", "met_before", "no_common_language"), or None."""
    if a.id == b.id:
        return "same_person"
    if rules.not_same_team and a.team is not None and a.team == b.team:
        return "same_team"
    if frozenset((a.id, b.id)) in rules.earlier_pairs:
        return "met_before"
    if not a.languages & b.languages:
        return "no_common_language"
    return None


def score_pair(a: Participant, b: Participant, *, mentor: Participant | None = None) -> PairScore:
    """What a and b give each other. For mentoring (`mentor` is a or b) only the mentor's
    offered skills that the mentee wants count; buddies count both directions."""
    if mentor is None:
        skills = sorted(a.offers & b.wants) + sorted(b.offers & a.wants)
    else:
        mentee = b if mentor is a else a
        skills = sorted(mentor.offers & mentee.wants)
    reasons = [Reason("skill", POINTS_PER_SKILL, skill) for skill in skills[:MAX_SKILLS]]
    languages = sorted(a.languages & b.languages)
    if languages:
        reasons.append(Reason("language", POINTS_COMMON_LANGUAGE, ",".join(languages)))
    hours = min((a.hours & b.hours).bit_count(), MAX_SHARED_HOURS)
    if hours:
        reasons.append(Reason("shared_hours", POINTS_PER_SHARED_HOUR * hours, str(hours)))
    return PairScore(sum(r.points for r in reasons), tuple(reasons))


def pair_points(a: Participant, b: Participant, *, mentor: Participant | None = None) -> int:
    """`score_pair(...).points` without its explanation: the matchers weigh every candidate pair
    with this and explain only the pairs they propose (a unit test holds the two equal)."""
    if mentor is None:
        skills = len(a.offers & b.wants) + len(b.offers & a.wants)
    else:
        mentee = b if mentor is a else a
        skills = len(mentor.offers & mentee.wants)
    points = POINTS_PER_SKILL * min(skills, MAX_SKILLS)
    if not a.languages.isdisjoint(b.languages):
        points += POINTS_COMMON_LANGUAGE
    return points + POINTS_PER_SHARED_HOUR * min((a.hours & b.hours).bit_count(), MAX_SHARED_HOURS)


def group_points(members: Sequence[Participant], rules: Rules) -> int | None:
    """A group's score for a group matcher (intervision): the sum over every pair inside it, or
    None when any two of its members may not be together."""
    total = 0
    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            if refusal(a, b, rules) is not None:
                return None
            total += pair_points(a, b)
    return total


def best_possible(p: Participant, *, mentoring: bool = False) -> int:
    """No partner can give p a higher score than this (used for the proposal's upper bound)."""
    skill_count = len(p.offers) + len(p.wants) if not mentoring else len(p.wants) or len(p.offers)
    hours = min(p.hours.bit_count(), MAX_SHARED_HOURS)
    return (
        POINTS_PER_SKILL * min(skill_count, MAX_SKILLS)
        + (POINTS_COMMON_LANGUAGE if p.languages else 0)
        + POINTS_PER_SHARED_HOUR * hours
    )
