"""Matching (in a job), the organiser's review of the proposal (adjust: pair, unpair, swap, with the
hard constraints checked) and publishing it (in a job: pairs, spaces, notifications, check-ins)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

from chalicelib import observability, scheduler
from chalicelib.communities.audience import readers
from chalicelib.errors import Conflict, ValidationFailed
from chalicelib.ids import utc_now
from chalicelib.matching.buddies import propose_buddies
from chalicelib.matching.mentoring import propose_mentoring
from chalicelib.matching.participants import Participant
from chalicelib.matching.proposals import Proposal
from chalicelib.matching.scoring import PairScore, Rules, refusal, score_pair
from chalicelib.principal import Principal
from chalicelib.programmes.organise import require_programme
from chalicelib.programmes.signups import participant
from chalicelib.store import keys
from chalicelib.store import programmes as store
from chalicelib.store.models import (
    MyPairItem,
    PairItem,
    ProgrammeItem,
    ProgrammeSignupItem,
    ProposedPairItem,
)

MATCHING_JOB = "programme_matching"  # chalicelib.jobs.registry
PUBLISH_JOB = "programme_publish"
CHECK_IN_JOB = "programme_check_in"


def start_matching(principal: Principal, programme_id: str) -> ProgrammeItem:
    """The organiser asks for a proposal: the window closes and the matching job is scheduled."""
    programme = require_programme(principal.org_id, programme_id, consistent=True)
    if programme.status not in ("open", "closed", "review", "published"):
        raise Conflict(f"The programme cannot be matched now ({programme.status}).")
    run = int(programme.matching_run or 0) + 1
    started = store.update_programme(
        programme,
        [
            ProgrammeItem.status.set("matching"),
            ProgrammeItem.matching_run.set(run),
            ProgrammeItem.updated_at.set(utc_now()),
        ],
        (ProgrammeItem.status == programme.status) & (ProgrammeItem.matching_run == programme.matching_run),
    )
    if not started:  # another click (or organiser) moved it on between our read and this write
        raise Conflict("The programme changed meanwhile (matching was started or it was published).")
    scheduler.schedule_job_once(
        f"programme-match-{programme_id}-{run}",
        utc_now() + timedelta(seconds=1),
        MATCHING_JOB,
        principal.org_id,
        {"programme_id": programme_id, "run": run},
    )
    return programme


def _rules(org_id: str, programme: ProgrammeItem, people: list[ProgrammeSignupItem]) -> Rules:
    earlier: set[frozenset[str]] = set()
    for person in people:  # one Query per participant: the pairs they were in before
        for mine in store.my_pairs(org_id, person.user_id):
            earlier.add(frozenset((person.user_id, mine.partner_id)))
    return Rules(not_same_team=bool(programme.not_same_team), earlier_pairs=earlier)


def run_matching(org_id: str, programme_id: str, run: int) -> dict[str, int]:
    """The job: compute the proposal from the waiting sign-ups and store it for review. A replay
    of an older run (or of a run already stored) changes nothing."""
    programme = require_programme(org_id, programme_id, consistent=True)
    if programme.status != "matching" or int(programme.matching_run or 0) != run:
        return {"pairs": -1}
    waiting = [s for s in store.all_signups(org_id, programme_id) if s.status == "waiting"]
    # Someone deactivated since signing up is not paired with anybody (BatchGetItem of profiles).
    active = readers(org_id, None, [s.user_id for s in waiting])
    people = [s for s in waiting if s.user_id in active]
    rules = _rules(org_id, programme, people)
    proposal = _propose(programme.kind, _with_places_left(org_id, programme_id, people), rules)
    store.replace_proposal(
        org_id,
        programme_id,
        [_proposed(org_id, programme_id, p.first, p.second, p.score) for p in proposal.pairs],
    )
    reviewed = store.update_programme(
        programme,
        [
            ProgrammeItem.status.set("review"),
            ProgrammeItem.proposal_points.set(proposal.points),
            ProgrammeItem.proposal_bound.set(proposal.bound),
            ProgrammeItem.proposal_exact.set(proposal.exact),
            ProgrammeItem.updated_at.set(utc_now()),
        ],
        (ProgrammeItem.matching_run == run) & (ProgrammeItem.status == "matching"),
    )
    if not reviewed:  # a newer run started meanwhile: its own job stores its proposal
        return {"pairs": -1}
    observability.count_business_event("ProgrammeMatched")
    return {"pairs": len(proposal.pairs)}


def _active_pairs(org_id: str, programme_id: str, user_id: str) -> int:
    """How many pairs of this programme `user_id` is in now (one Query)."""
    mine = store.my_pairs(org_id, user_id)
    return sum(1 for p in mine if p.programme_id == programme_id and p.status == "active")


def _with_places_left(org_id: str, programme_id: str, people: list[ProgrammeSignupItem]) -> list[Participant]:
    """A mentor waits again when one mentee asked for a rematch while others stay: they are offered
    only the places they have left (none left: not matched at all)."""
    found: list[Participant] = []
    for person in people:
        one = participant(person)
        if one.capacity > 0:
            left = one.capacity - _active_pairs(org_id, programme_id, one.id)
            if left <= 0:
                continue
            one = replace(one, capacity=left)
        found.append(one)
    return found


def _propose(kind: str, participants: list[Participant], rules: Rules) -> Proposal:
    if kind == "buddies":
        return propose_buddies(participants, rules)
    mentors = [p for p in participants if p.capacity > 0]
    mentees = [p for p in participants if p.capacity == 0]
    return propose_mentoring(mentors, mentees, rules)


def _proposed(
    org_id: str, programme_id: str, first: str, second: str, score: PairScore, by_hand: bool = False
) -> ProposedPairItem:
    return ProposedPairItem(
        keys.programme_pk(org_id, programme_id),
        keys.proposed_sk(first, second),
        org_id=org_id,
        programme_id=programme_id,
        first_id=first,
        second_id=second,
        points=score.points,
        reasons=json.dumps([{"code": r.code, "points": r.points, "detail": r.detail} for r in score.reasons]),
        by_hand=by_hand,
    )


def adjust(
    principal: Principal, programme_id: str, action: str, first: str, second: str
) -> list[ProposedPairItem]:
    """pair: make first and second a pair (both unpaired); unpair: undo the pair of first and
    second; swap: first and second exchange partners. Hard constraints are checked."""
    org_id = principal.org_id
    programme = require_programme(org_id, programme_id, consistent=True)
    if programme.status != "review":
        raise Conflict("Only a proposal under review can be adjusted.")
    pairs = store.proposal(org_id, programme_id)
    partner: dict[str, ProposedPairItem] = {}
    for p in pairs:
        partner[p.first_id] = partner[p.second_id] = p
    signups = {s.user_id: s for s in store.all_signups(org_id, programme_id)}
    if first not in signups or second not in signups or first == second:
        raise ValidationFailed("Name two different people who signed up.")
    removed: list[ProposedPairItem] = []
    wanted: list[tuple[str, str]] = []
    if action == "unpair":
        pair = partner.get(first)
        if pair is None or second not in (pair.first_id, pair.second_id):
            raise ValidationFailed("These two are not a pair of the proposal.")
        removed.append(pair)
    elif action == "pair":
        if first in partner or second in partner:
            raise Conflict("Unpair them first: each is in a pair already.")
        wanted.append((first, second))
    elif action == "swap":
        a, b = partner.get(first), partner.get(second)
        if a is None or b is None or a is b:
            raise ValidationFailed("Swap needs two people in two different pairs.")
        other_a = a.second_id if a.first_id == first else a.first_id
        other_b = b.second_id if b.first_id == second else b.first_id
        removed.extend([a, b])
        wanted.extend([(first, other_b), (second, other_a)])
    else:
        raise ValidationFailed("The action is pair, unpair or swap.")
    rules = _rules(org_id, programme, [signups[u] for u in {u for pair in wanted for u in pair}])
    made = [
        _checked_pair(org_id, programme, signups[x], signups[y], rules, pairs, removed) for x, y in wanted
    ]
    for old in removed:
        store.delete_proposed(old)
    for new in made:
        store.put_proposed(new)
    return store.proposal(org_id, programme_id)


def _checked_pair(
    org_id: str,
    programme: ProgrammeItem,
    x: ProgrammeSignupItem,
    y: ProgrammeSignupItem,
    rules: Rules,
    pairs: list[ProposedPairItem],
    removed: list[ProposedPairItem],
) -> ProposedPairItem:
    mentor: Participant | None = None
    a, b = participant(x), participant(y)
    if programme.kind == "mentoring":
        if (a.capacity > 0) == (b.capacity > 0):
            raise Conflict("A mentoring pair is one mentor and one mentee.")
        if b.capacity > 0:
            a, b = b, a
        mentor = a
        load = sum(1 for p in pairs if p.first_id == a.id and p not in removed)
        load += _active_pairs(org_id, programme.programme_id, a.id)  # mentees of an earlier round
        if load >= a.capacity:
            raise Conflict("This mentor has no place left.")
    reason = refusal(a, b, rules)
    if reason is not None:
        raise Conflict(f"These two cannot be paired: {reason.replace('_', ' ')}.")
    return _proposed(
        org_id, programme.programme_id, a.id, b.id, score_pair(a, b, mentor=mentor), by_hand=True
    )


def publish(principal: Principal, programme_id: str) -> ProgrammeItem:
    programme = require_programme(principal.org_id, programme_id, consistent=True)
    if programme.status != "review":
        raise Conflict("Only a reviewed proposal can be published.")
    publishing = store.update_programme(
        programme,
        [ProgrammeItem.status.set("publishing"), ProgrammeItem.updated_at.set(utc_now())],
        (ProgrammeItem.status == "review") & (ProgrammeItem.matching_run == programme.matching_run),
    )
    if not publishing:  # another click published it, or matching started again, since our read
        raise Conflict("The programme changed meanwhile (it is being published or matched again).")
    scheduler.schedule_job_once(
        f"programme-publish-{programme_id}-{programme.matching_run}",
        utc_now() + timedelta(seconds=1),
        PUBLISH_JOB,
        principal.org_id,
        {"programme_id": programme_id},
    )
    return programme


def pair_id_of(programme_id: str, first: str, second: str) -> str:
    """Deterministic, so a replayed publish writes the same pair."""
    import hashlib

    return hashlib.sha256(f"{programme_id}#{first}#{second}".encode()).hexdigest()[:26].upper()


def run_publish(org_id: str, programme_id: str) -> dict[str, int]:
    """The job: the proposal becomes pairs, each with its space; both members are notified and the
    check-ins are scheduled. A replay writes the same items and delivers no second notification."""
    from chalicelib.programmes.notices import notify_published

    programme = require_programme(org_id, programme_id, consistent=True)
    if programme.status != "publishing":
        return {"pairs": -1}
    proposed = store.proposal(org_id, programme_id)
    signups = {s.user_id: s for s in store.all_signups(org_id, programme_id)}
    now = utc_now()
    pairs, mine, paired = [], [], []
    for p in proposed:
        pair_id = pair_id_of(programme_id, p.first_id, p.second_id)
        members = [signups[p.first_id], signups[p.second_id]]
        pair = PairItem(
            keys.pair_pk(org_id, pair_id),
            keys.PAIR_SK,
            org_id=org_id,
            pair_id=pair_id,
            programme_id=programme_id,
            programme_name=programme.name,
            member_ids=[m.user_id for m in members],
            member_names=[m.display_name for m in members],
            mentor_id=p.first_id if programme.kind == "mentoring" else None,
            points=p.points,
            reasons=p.reasons,
            started_at=now,
            gsi1pk=keys.programme_pairs_gsi1pk(org_id, programme_id),
            gsi1sk=keys.pair_sk(pair_id),
        )
        pairs.append(pair)
        for me, other in ((members[0], members[1]), (members[1], members[0])):
            mine.append(
                MyPairItem(
                    keys.my_pairs_pk(org_id, me.user_id),
                    keys.pair_sk(pair_id),
                    org_id=org_id,
                    user_id=me.user_id,
                    pair_id=pair_id,
                    programme_id=programme_id,
                    programme_name=programme.name,
                    partner_id=other.user_id,
                    partner_name=other.display_name,
                )
            )
            me.status = "paired"
            paired.append(me)
    # A mentor is in several pairs: their sign-up is written once (a batch refuses a key twice).
    unique_paired = list({s.user_id: s for s in paired}.values())
    store.publish_pairs(org_id, pairs, mine, unique_paired, proposed)
    for pair in pairs:
        notify_published(org_id, pair)
    for session, days in enumerate(programme.check_in_days or [], start=1):
        scheduler.schedule_job_once(
            f"programme-checkin-{programme_id}-{programme.matching_run}-{session}",
            now + timedelta(days=int(days)),
            CHECK_IN_JOB,
            org_id,
            {"programme_id": programme_id, "session": session},
        )
    store.update_programme(
        programme, [ProgrammeItem.status.set("published"), ProgrammeItem.updated_at.set(now)]
    )
    observability.count_business_event("ProgrammePublished")
    return {"pairs": len(pairs)}
