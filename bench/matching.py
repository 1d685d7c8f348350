"""Matching 2,000 participants (issue #15): the buddy matcher and the mentoring matcher on a
synthetic organisation, time (wall clock, one run) and peak memory (tracemalloc, a second run:
tracing slows the code down, so it is not timed). The matchers run in a job, not a request.

`python -m bench.matching 400` runs it at another size."""

from __future__ import annotations

import json
import random
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from chalicelib.matching.buddies import propose_buddies
from chalicelib.matching.mentoring import propose_mentoring
from chalicelib.matching.participants import Participant, Slot
from chalicelib.matching.proposals import Proposal
from chalicelib.matching.scoring import Rules

PARTICIPANTS = 2_000
MENTOR_SHARE = 0.15
MENTOR_CAPACITY = 4
SKILLS = [f"skill-{n}" for n in range(40)]
ZONES = ["Europe/Brussels"] * 8 + ["Europe/London", "America/New_York"]


def people(count: int, seed: int = 15) -> list[Participant]:
    rnd = random.Random(seed)
    made = []
    for n in range(count):
        languages = {rnd.choices(["nl", "fr", "en"], weights=[5, 3, 2])[0]}
        if rnd.random() < 0.6:
            languages.add("en")
        slots = tuple(
            Slot(rnd.randint(0, 4), start, start + rnd.randint(1, 3))
            for start in (rnd.randint(8, 17) for _ in range(rnd.randint(1, 3)))
        )
        made.append(
            Participant(
                id=f"user-{n:05}",
                team=f"team-{rnd.randint(0, 49)}",
                offers=frozenset(rnd.sample(SKILLS, rnd.randint(1, 3))),
                wants=frozenset(rnd.sample(SKILLS, rnd.randint(1, 3))),
                languages=frozenset(languages),
                time_zone=rnd.choice(ZONES),
                availability=slots,
            )
        )
    return made


def _measure(run: Callable[[], Proposal]) -> dict[str, Any]:
    started = time.perf_counter()
    proposal = run()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "seconds": round(seconds, 2),
        "peak_mb": round(peak / 1024**2, 1),
        "pairs": len(proposal.pairs),
        "unmatched": len(proposal.unmatched),
        "points": proposal.points,
        "bound": proposal.bound,
        # The share of the upper bound reached: 1.0 is certainly optimal.
        "of_bound": round(proposal.points / proposal.bound, 3) if proposal.bound else 1.0,
        "exact": proposal.exact,
    }


def measure(participants: int = PARTICIPANTS) -> dict[str, Any]:
    everyone = people(participants)
    rules = Rules(not_same_team=True)
    mentor_count = int(participants * MENTOR_SHARE)
    mentors = [Participant(**{**_fields(p), "capacity": MENTOR_CAPACITY}) for p in everyone[:mentor_count]]
    mentees = everyone[mentor_count:]
    return {
        "participants": participants,
        "buddies": _measure(lambda: propose_buddies(everyone, rules)),
        "mentoring": {
            "mentors": mentor_count,
            "capacity_each": MENTOR_CAPACITY,
            **_measure(lambda: propose_mentoring(mentors, mentees, rules)),
        },
    }


def _fields(p: Participant) -> dict[str, Any]:
    return {
        "id": p.id,
        "team": p.team,
        "offers": p.offers,
        "wants": p.wants,
        "languages": p.languages,
        "time_zone": p.time_zone,
        "availability": p.availability,
    }


if __name__ == "__main__":
    print(json.dumps(measure(int(sys.argv[1]) if len(sys.argv) > 1 else PARTICIPANTS), indent=2))
