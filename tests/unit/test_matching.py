"""Buddy and mentor matching: the hard constraints always hold and, on small random cases, the
proposal is the best one a brute force finds (as many pairs as possible, then the most points)."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator, Sequence

import pytest

from chalicelib.matching.buddies import propose_buddies
from chalicelib.matching.mentoring import propose_mentoring
from chalicelib.matching.participants import Participant, Slot, utc_week_hours
from chalicelib.matching.scoring import (
    POINTS_COMMON_LANGUAGE,
    POINTS_PER_SKILL,
    Rules,
    group_points,
    pair_points,
    refusal,
    score_pair,
)

SKILLS = ["excel", "python", "sales", "design"]


def someone(rnd: random.Random, n: int, capacity: int = 0) -> Participant:
    return Participant(
        id=f"p{n:02}",
        team=rnd.choice(["red", "blue", None]),
        offers=frozenset(rnd.sample(SKILLS, rnd.randint(0, 2))),
        wants=frozenset(rnd.sample(SKILLS, rnd.randint(0, 2))),
        languages=frozenset(rnd.sample(["nl", "fr", "en"], rnd.randint(1, 2))),
        availability=(Slot(rnd.randint(0, 1), rnd.randint(8, 12), rnd.randint(12, 18)),),
        capacity=capacity,
    )


def matchings(people: Sequence[Participant]) -> Iterator[list[tuple[Participant, Participant]]]:
    if len(people) < 2:
        yield []
        return
    first, rest = people[0], people[1:]
    yield from matchings(rest)  # the first stays alone
    for k, partner in enumerate(rest):
        for more in matchings(rest[:k] + rest[k + 1 :]):
            yield [(first, partner), *more]


def best_buddies(people: Sequence[Participant], rules: Rules) -> tuple[int, int]:
    return max(
        (len(m), sum(score_pair(a, b).points for a, b in m))
        for m in matchings(people)
        if all(refusal(a, b, rules) is None for a, b in m)
    )


@pytest.mark.parametrize("seed", range(60))
def test_buddy_pairs_are_the_best_the_constraints_allow(seed: int) -> None:
    rnd = random.Random(seed)
    people = [someone(rnd, n) for n in range(rnd.randint(2, 8))]
    earlier = {frozenset((people[0].id, people[1].id))}
    rules = Rules(not_same_team=rnd.random() < 0.5, earlier_pairs=earlier)
    proposal = propose_buddies(people, rules)
    by_id = {p.id: p for p in people}
    for pair in proposal.pairs:
        assert refusal(by_id[pair.first], by_id[pair.second], rules) is None
        assert pair.score == score_pair(by_id[pair.first], by_id[pair.second])
    seen = [p.first for p in proposal.pairs] + [p.second for p in proposal.pairs]
    assert len(seen) == len(set(seen)) and set(seen) | set(proposal.unmatched) == set(by_id)
    assert (len(proposal.pairs), proposal.points) == best_buddies(people, rules)
    assert proposal.exact and proposal.bound == proposal.points


@pytest.mark.parametrize("seed", range(60))
def test_mentoring_is_the_best_the_capacities_allow(seed: int) -> None:
    rnd = random.Random(seed)
    mentors = [someone(rnd, n, capacity=rnd.randint(1, 2)) for n in range(rnd.randint(1, 3))]
    mentees = [someone(rnd, 10 + n) for n in range(rnd.randint(1, 6))]
    rules = Rules(not_same_team=rnd.random() < 0.5)
    best = (0, 0)
    for choice in itertools.product([None, *mentors], repeat=len(mentees)):
        chosen = [(mentor, mentee) for mentor, mentee in zip(choice, mentees, strict=True) if mentor]
        loads = [sum(1 for mentor, _ in chosen if mentor is m) for m in mentors]
        if any(load > m.capacity for load, m in zip(loads, mentors, strict=True)):
            continue
        if any(refusal(mentor, mentee, rules) for mentor, mentee in chosen):
            continue
        best = max(best, (len(chosen), sum(score_pair(a, b, mentor=a).points for a, b in chosen)))
    proposal = propose_mentoring(mentors, mentees, rules)
    loads_by_id = {m.id: 0 for m in mentors}
    for pair in proposal.pairs:
        loads_by_id[pair.first] += 1
    assert all(loads_by_id[m.id] <= m.capacity for m in mentors)
    assert (len(proposal.pairs), proposal.points) == best


def test_two_colleagues_of_one_team_are_not_paired_when_the_organiser_asks() -> None:
    ann = Participant(
        "ann",
        team="sales",
        offers=frozenset({"excel"}),
        wants=frozenset({"python"}),
        languages=frozenset({"nl"}),
    )
    bob = Participant(
        "bob",
        team="sales",
        offers=frozenset({"python"}),
        wants=frozenset({"excel"}),
        languages=frozenset({"nl"}),
    )
    cas = Participant("cas", team="it", languages=frozenset({"nl"}))
    dee = Participant("dee", team="hr", languages=frozenset({"nl"}))
    apart = propose_buddies([ann, bob, cas, dee], Rules(not_same_team=True))
    assert {frozenset((p.first, p.second)) for p in apart.pairs} == {
        frozenset(("ann", "cas")),
        frozenset(("bob", "dee")),
    } or {frozenset((p.first, p.second)) for p in apart.pairs} == {
        frozenset(("ann", "dee")),
        frozenset(("bob", "cas")),
    }
    together = propose_buddies([ann, bob, cas, dee], Rules())
    assert any({p.first, p.second} == {"ann", "bob"} for p in together.pairs)


def test_a_pair_that_met_before_is_not_proposed_again() -> None:
    ann = Participant("ann", languages=frozenset({"fr"}))
    bob = Participant("bob", languages=frozenset({"fr"}))
    assert propose_buddies([ann, bob], Rules(earlier_pairs={frozenset(("ann", "bob"))})).pairs == ()


def test_a_score_says_which_reasons_gave_how_many_points() -> None:
    mornings = (Slot(0, 9, 12),)
    ann = Participant(
        "ann",
        offers=frozenset({"excel"}),
        wants=frozenset({"python"}),
        languages=frozenset({"nl", "en"}),
        availability=mornings,
    )
    bob = Participant(
        "bob", offers=frozenset({"python"}), languages=frozenset({"en"}), availability=(Slot(0, 10, 11),)
    )
    score = score_pair(ann, bob)
    assert [(r.code, r.detail, r.points) for r in score.reasons] == [
        ("skill", "python", POINTS_PER_SKILL),
        ("language", "en", POINTS_COMMON_LANGUAGE),
        ("shared_hours", "1", 2),
    ]
    assert score.points == sum(r.points for r in score.reasons)


def test_availability_is_compared_in_utc() -> None:
    brussels_ten = utc_week_hours((Slot(0, 10, 11),), "Europe/Brussels")
    london_nine = utc_week_hours((Slot(0, 9, 10),), "Europe/London")
    assert brussels_ten == london_nine == 1 << 9


def test_a_large_programme_is_matched_within_its_bound() -> None:
    rnd = random.Random(7)
    people = [someone(rnd, n) for n in range(260)]
    proposal = propose_buddies(people, Rules(not_same_team=True))
    assert not proposal.exact and proposal.points <= proposal.bound
    by_id = {p.id: p for p in people}
    assert all(
        refusal(by_id[p.first], by_id[p.second], Rules(not_same_team=True)) is None for p in proposal.pairs
    )


@pytest.mark.parametrize("seed", range(20))
def test_the_quick_points_are_the_explained_scores_total(seed: int) -> None:
    rnd = random.Random(seed)
    a, b = someone(rnd, 1), someone(rnd, 2)
    assert pair_points(a, b) == score_pair(a, b).points
    assert pair_points(a, b, mentor=a) == score_pair(a, b, mentor=a).points


def test_a_group_scores_the_sum_of_its_pairs_and_none_with_two_of_one_team() -> None:
    ann = Participant("ann", team="sales", offers=frozenset({"excel"}), languages=frozenset({"nl"}))
    bob = Participant("bob", team="it", wants=frozenset({"excel"}), languages=frozenset({"nl"}))
    cas = Participant("cas", team="sales", languages=frozenset({"nl"}))
    assert (
        group_points([ann, bob], Rules())
        == pair_points(ann, bob)
        == POINTS_PER_SKILL + POINTS_COMMON_LANGUAGE
    )
    assert group_points([ann, bob, cas], Rules()) == sum(
        pair_points(x, y) for x, y in ((ann, bob), (ann, cas), (bob, cas))
    )
    assert group_points([ann, bob, cas], Rules(not_same_team=True)) is None
