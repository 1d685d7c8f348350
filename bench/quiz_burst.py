"""The quiz burst (issue #6): many participants answering the same question within a minute.

`make bench` records it as `quiz_burst` (docs/benchmarks.md, "The quiz burst");
`python -m bench.quiz_burst --users 500` runs one on its own. What happens:

1. A table of its own (bench.harness.burst_table) holds one organisation, its participants
   (profiles written directly), a published quiz of one single-choice question with a speed bonus,
   and an open quiz campaign for the whole organisation (CampaignItem written directly).
2. A deterministic plan (seed 6) serves each participant the question at a simulated moment and
   has them answer it some seconds later, so the answers spread over the burst; some answer late
   (no points), some send their answer again (the same answer: replayed), a few then try another
   answer (409). Serving and answering go through the use cases the routes call
   (`chalicelib.quizzes.play.campaign` + `next_question`, `play.answer`), with the use cases'
   clock on the simulated one: the server's elapsed time is the plan's.
3. The stream reaches `app.on_table_change` as Lambda delivers it (bench/burst_lambda.py): shards,
   batches, redeliveries, and half-failed batches (one record fails once after its score and
   statistics were written but before its points, or before it did anything).
   The consumer's own writes (campaign scores, points) come back on the stream and it places them
   on the boards; no job.
4. Every write is counted per partition key (table and GSI1) and simulated second
   (bench/write_meter.py); every DynamoDB request of each answer is counted. At the end each
   participant's answer, campaign score and quiz points, the question's statistics and the
   campaign board are compared with what the plan and `chalicelib/quizzes/scoring.py` say.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bench.burst_lambda import BurstFailure, EventSourceMapping, Faults, Record, StreamReader
from bench.burst_plan import BURST_START
from bench.harness import (
    SimulatedClock,
    configure_logging,
    hot_key_figures,
    member_item,
    metered_burst_table,
    organisation_item,
    places_wrong,
    stored_places,
    stream_figures,
)
from bench.write_meter import WriteMeter

log = logging.getLogger("bench.quiz_burst")

# The issue's burst: 10,000 participants answering the same question within one minute.
ISSUE_USERS, ISSUE_SECONDS = 10_000, 60.0
ISSUE_RATE = ISSUE_USERS / ISSUE_SECONDS  # answers a second
BENCH_USERS = 1_000  # `make bench`: the issue's rate with fewer participants, for a shorter burst
SOURCES = ("serve", "answer", "consumer")
MAX_ANSWER_REQUESTS = 2  # issue #6: answering a question, at most 2 DynamoDB requests

OPTIONS = ("a", "b", "c", "d")
CORRECT = "b"
POINTS, SECONDS_ALLOWED, SPEED_BONUS_MAX = 100, 20, 50


@dataclass(frozen=True)
class QuizBurstSettings:
    users: int = ISSUE_USERS
    seconds: float = ISSUE_SECONDS  # answers arrive within this many simulated seconds
    shards: int = 4
    poll_seconds: float = 0.25
    redeliver_every: int = 50
    half_failed_batches: tuple[int, ...] = (7, 19)
    retry_share: float = 0.05  # participants who send their answer again
    conflict_share: float = 0.01  # ... and then another answer (refused)
    opt_out_share: float = 0.02  # hidden from others' boards
    seed: int = 6


@dataclass(frozen=True)
class Participant:
    user_id: str
    name: str
    served_ms: int  # simulated milliseconds since BURST_START
    answered_ms: int
    choice: str
    retry_ms: int | None
    conflict: bool
    opt_out: bool


@dataclass(frozen=True)
class QuizPlan:
    org_id: str
    campaign_id: str
    quiz_id: str
    question_id: str
    participants: list[Participant]

    @property
    def timezone(self) -> str:
        return "Europe/Brussels"


def make_plan(settings: QuizBurstSettings) -> QuizPlan:
    rng = random.Random(settings.seed)
    span_ms = int(settings.seconds * 1000)
    # Up to SECONDS_ALLOWED + 4 s from serving to answering (past the time and its grace: late);
    # the answers arrive within `seconds` after the first serving that long, whatever the scale.
    think_max_ms = (SECONDS_ALLOWED + 4) * 1000
    participants = []
    for n in range(settings.users):
        think = int(rng.triangular(300, think_max_ms, 6000))
        answered = think_max_ms + rng.randrange(span_ms)
        retry = rng.random() < settings.retry_share
        participants.append(
            Participant(
                user_id=f"u{n:05d}-{uuid.UUID(int=rng.getrandbits(128)).hex[:12]}",
                name=f"Participant {n + 1}",
                served_ms=answered - think,
                answered_ms=answered,
                choice=CORRECT if rng.random() < 0.7 else rng.choice([o for o in OPTIONS if o != CORRECT]),
                retry_ms=answered + rng.randrange(200, 3000) if retry else None,
                conflict=retry and rng.random() < settings.conflict_share / settings.retry_share,
                opt_out=rng.random() < settings.opt_out_share,
            )
        )
    org = f"quizburst{rng.getrandbits(32):08x}"
    return QuizPlan(
        org, f"camp{rng.getrandbits(32):08x}", f"quiz{rng.getrandbits(32):08x}", "q1", participants
    )


def at(ms: int) -> datetime:
    return BURST_START + timedelta(milliseconds=ms)


# The organisation, the quiz and the campaign ---------------------------------------------------


def seed(plan: QuizPlan) -> None:
    from chalicelib.store import keys
    from chalicelib.store.models import BoardHiddenItem, CampaignItem, KringItem, QuestionItem, QuizItem

    org, before = plan.org_id, BURST_START - timedelta(days=30)
    opted_out = {person.user_id for person in plan.participants if person.opt_out}
    with KringItem.batch_write() as batch:
        batch.save(organisation_item(org, f"Quiz burst {org}", plan.timezone, before))
        # Who opted out, as the profile route keeps it beside the profiles (store.leaderboards).
        batch.save(
            BoardHiddenItem(keys.org_pk(org), keys.BOARD_HIDDEN_SK, org_id=org, opted_out=opted_out or None)
        )
        for person in plan.participants:
            batch.save(
                member_item(
                    org,
                    person.user_id,
                    f"{person.user_id}@{org}.kring.test",
                    person.name,
                    plan.timezone,
                    before,
                    leaderboard_opt_out=person.opt_out,
                )
            )
        batch.save(
            QuestionItem(
                keys.questions_pk(org),
                keys.question_sk(plan.question_id),
                org_id=org,
                question_id=plan.question_id,
                kind="single",
                language="nl",
                prompt="Welke kleur heeft de lucht op een heldere dag?",
                options=json.dumps([{"id": o, "text": f"Antwoord {o}"} for o in OPTIONS]),
                correct_option_ids=[CORRECT],
                explanation="Blauw, door Rayleigh-verstrooiing.",
                status="published",
                created_by=plan.participants[0].user_id,
                created_at=before,
                published_at=before,
            )
        )
        batch.save(
            QuizItem(
                keys.quizzes_pk(org),
                keys.quiz_sk(plan.quiz_id),
                org_id=org,
                quiz_id=plan.quiz_id,
                title="De burst-quiz",
                language="nl",
                question_ids=[plan.question_id],
                seconds_per_question=SECONDS_ALLOWED,
                points_per_question=POINTS,
                speed_bonus=True,
                speed_bonus_max=SPEED_BONUS_MAX,
                status="published",
                created_by=plan.participants[0].user_id,
                created_at=before,
                published_at=before,
            )
        )
        batch.save(
            CampaignItem(
                keys.campaigns_pk(org),
                keys.campaign_sk(plan.campaign_id),
                org_id=org,
                campaign_id=plan.campaign_id,
                kind="quiz",
                titles=json.dumps({"nl": "Burst", "fr": "Burst", "en": "Burst"}),
                quiz_id=plan.quiz_id,
                audience="organisation",
                timezone=plan.timezone,
                opens_at=BURST_START - timedelta(hours=1),
                closes_at=BURST_START + timedelta(hours=2),
                status="open",
                opened_at=BURST_START - timedelta(hours=1),
                created_by=plan.participants[0].user_id,
                created_at=before,
            )
        )


# Faults ----------------------------------------------------------------------------------------


def is_answer(record: Record) -> bool:
    image = record["dynamodb"].get("NewImage") or {}
    return record.get("eventName") == "INSERT" and image.get("type") == {"S": "quiz_answer"}


class QuizFaults(Faults):
    """In the chosen batches, one answer in the second half fails once: alternately after its score
    and statistics were written (its points not yet), and before it did anything."""

    # An answer's only `ledger.award` call (its quiz points) comes after its score and statistics.
    AFTER_AWARD = "after-score-and-stats"
    FAILING_AWARD = 1
    RECORD = "answer"
    AFTER_WHAT = "its score and statistics"

    def award_candidates(self, candidates: list[Record]) -> list[Record]:
        return candidates  # every answer awards its points


# The request path ------------------------------------------------------------------------------


@dataclass
class RequestFigures:
    served: int = 0
    answered: int = 0
    replayed: int = 0
    refused_other_answer: int = 0
    unexpected: list[str] = field(default_factory=list)
    answer_requests: Counter[int] = field(default_factory=Counter)  # requests per answer call -> calls
    answer_operations: Counter[str] = field(default_factory=Counter)
    serve_requests: Counter[int] = field(default_factory=Counter)


def _requests_of(meter: WriteMeter, source: str) -> Counter[str]:
    return Counter({op: n for (s, op), n in meter.requests.items() if s == source})


def _principal(plan: QuizPlan, person: Participant) -> Any:
    from chalicelib.principal import Principal

    return Principal(plan.org_id, person.user_id, f"{person.user_id}@{plan.org_id}.kring.test", frozenset())


def serve(plan: QuizPlan, person: Participant, meter: WriteMeter, figures: RequestFigures) -> None:
    """POST /v1/campaigns/{campaign_id}/play/next, as its route calls the use cases."""
    from chalicelib.quizzes import play

    before = sum(_requests_of(meter, "serve").values())
    principal = _principal(plan, person)
    served = play.next_question(principal, play.campaign(principal, plan.campaign_id))
    if served is None or served.question.question_id != plan.question_id:
        figures.unexpected.append(f"{person.user_id}: not served the question")
        return
    figures.served += 1
    figures.serve_requests[sum(_requests_of(meter, "serve").values()) - before] += 1


def send_answer(
    plan: QuizPlan, person: Participant, meter: WriteMeter, figures: RequestFigures, kind: str
) -> None:
    """POST /v1/campaigns/{campaign_id}/play/answers, as its route calls the use case."""
    from chalicelib.errors import Conflict
    from chalicelib.quizzes import play

    choice = person.choice
    if kind == "conflict":
        choice = next(o for o in OPTIONS if o != person.choice)
    before = _requests_of(meter, "answer")
    try:
        done = play.answer(
            _principal(plan, person), plan.campaign_id, plan.campaign_id, plan.question_id, [choice], None
        )
    except Conflict:
        if kind == "conflict":
            figures.refused_other_answer += 1
        else:
            figures.unexpected.append(f"{person.user_id}: {kind} refused")
        return
    finally:
        spent = _requests_of(meter, "answer") - before
        figures.answer_requests[sum(spent.values())] += 1
        figures.answer_operations.update(spent)
    if kind == "first" and not done.replayed:
        figures.answered += 1
    elif kind == "retry" and done.replayed and done.answer.option_ids == [person.choice]:
        figures.replayed += 1
    else:
        figures.unexpected.append(f"{person.user_id}: {kind} answered (replayed={done.replayed})")


# The expectation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    points: int
    correct: bool
    reached_at: str  # what the score records as last_scored_at ("" without points)


def expectation(plan: QuizPlan) -> dict[str, Expected]:
    """Each participant's score, from the plan and the pure rules of chalicelib/quizzes/scoring.py."""
    from pynamodb.attributes import UTCDateTimeAttribute

    from chalicelib.quizzes import scoring

    key = scoring.AnswerKey("single", frozenset({CORRECT}))
    fmt = UTCDateTimeAttribute()
    expected = {}
    for person in plan.participants:
        result = scoring.score(
            key,
            scoring.Given(option_ids=frozenset({person.choice})),
            POINTS,
            person.answered_ms - person.served_ms,
            scoring.seconds_allowed(SECONDS_ALLOWED, False),
            scoring.speed_bonus_max(True, SPEED_BONUS_MAX, False),
        )
        moment = str(fmt.serialize(at(person.answered_ms)))  # type: ignore[no-untyped-call]
        reached = moment if result.points > 0 else ""
        expected[person.user_id] = Expected(result.points, result.correct, reached)
    return expected


# Checking the outcome --------------------------------------------------------------------------


def compare_players(plan: QuizPlan, expected: dict[str, Expected]) -> dict[str, Any]:
    """Each participant's partition (SERVED, ANSWER, SCORE) and points ledger, against the plan."""
    from chalicelib.gamification import rules
    from chalicelib.store import keys
    from chalicelib.store import play as store
    from chalicelib.store.models import KringItem, PointsEntryItem, PointsTotalItem

    quiz_points = rules.DEFAULT_RULES[rules.QUIZ_ANSWERED].points
    found: Counter[str] = Counter()
    for person in plan.participants:
        wanted = expected[person.user_id]
        mine = store.read_play(plan.org_id, plan.campaign_id, person.user_id)
        answer, score = mine.answers.get(plan.question_id), mine.score
        found["answers_missing"] += int(answer is None)
        found["answers_wrong"] += int(
            answer is not None
            and (int(answer.points) != wanted.points or list(answer.option_ids) != [person.choice])
        )
        answered = int(score.answered) if score is not None else 0
        points = int(score.points) if score is not None else 0
        found["scores_missing"] += int(score is None)
        found["scores_answered_short"] += int(answered < 1)
        found["scores_answered_over"] += int(answered > 1)
        found["scores_points_short"] += int(points < wanted.points)
        found["scores_points_over"] += int(points > wanted.points)
        found["scores_correct_wrong"] += int(score is not None and int(score.correct) != int(wanted.correct))
        found["score_points"] += points
        entries = total = 0
        for item in KringItem.query(keys.points_pk(plan.org_id, person.user_id)):
            if isinstance(item, PointsEntryItem) and item.action == rules.QUIZ_ANSWERED:
                entries += 1
                found["ledger_points_wrong"] += int(int(item.points) != quiz_points)
            elif isinstance(item, PointsTotalItem):
                total = int(item.points)
        found["ledger_entries_missing"] += int(entries < 1)
        found["ledger_entries_extra"] += max(0, entries - 1)
        found["ledger_totals_short"] += int(total < quiz_points)
        found["ledger_totals_over"] += int(total > quiz_points)
    lost = sum(
        found[k]
        for k in (
            "answers_missing",
            "scores_answered_short",
            "scores_points_short",
            "ledger_entries_missing",
            "ledger_totals_short",
        )
    )
    duplicated = sum(
        found[k]
        for k in ("scores_answered_over", "scores_points_over", "ledger_entries_extra", "ledger_totals_over")
    )
    return {
        "lost": lost,
        "duplicated": duplicated,
        "points_expected": sum(e.points for e in expected.values()),
        **dict(sorted(found.items())),
    }


def compare_stats(plan: QuizPlan, expected: dict[str, Expected]) -> dict[str, Any]:
    from chalicelib.store import question_stats

    counted = question_stats.read_counts(plan.org_id, plan.question_id)
    options = Counter(person.choice for person in plan.participants)
    wanted_correct = sum(1 for e in expected.values() if e.correct)
    return {
        "answers": counted.answers,
        "participants": len(plan.participants),
        "correct": counted.correct,
        "correct_expected": wanted_correct,
        "options": dict(sorted(counted.options.items())),
        "options_expected": dict(sorted(options.items())),
        "exact": counted.answers == len(plan.participants)
        and counted.correct == wanted_correct
        and dict(counted.options) == dict(options),
    }


def compare_board(plan: QuizPlan, expected: dict[str, Expected]) -> dict[str, Any]:
    """The campaign's board against `boards.rank` of the expectation."""
    from chalicelib.gamification import boards, periods

    entrants = [
        boards.Entrant(
            p.user_id, p.name, expected[p.user_id].points, expected[p.user_id].reached_at, hidden=p.opt_out
        )
        for p in plan.participants
    ]
    wanted = [
        (place.rank, place.entrant.entrant_id, place.entrant.score) for place in boards.rank(entrants).places
    ]
    found = stored_places(plan.org_id, boards.campaign_scope(plan.campaign_id), periods.ALL_TIME)
    wrong = places_wrong(wanted, found)
    return {"places": len(wanted), "places_found": len(found), "places_wrong": wrong, "exact": wrong == 0}


# The simulation --------------------------------------------------------------------------------


@contextmanager
def use_case_clock(clock: SimulatedClock) -> Iterator[None]:
    """The play use cases' clock (serving time, answering time, the campaign's close) on the simulated one."""
    from chalicelib.quizzes import play

    real = play.utc_now  # type: ignore[attr-defined]
    play.utc_now = lambda: BURST_START + timedelta(seconds=clock.now)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        play.utc_now = real  # type: ignore[attr-defined]


def run_quiz_burst(settings: QuizBurstSettings, resources: Any) -> dict[str, Any]:
    """Run the quiz burst on the (in-process) emulator at `resources`; returns its figures."""
    import app as app_module
    from local.handlers import invoke, stream_sources

    started = time.perf_counter()
    plan = make_plan(settings)
    (source,) = stream_sources(app_module.app)
    clock = SimulatedClock()
    requests = RequestFigures()
    steps: list[tuple[int, int, str, Participant]] = []
    for person in plan.participants:
        steps.append((person.served_ms, 0, "serve", person))
        steps.append((person.answered_ms, 1, "first", person))
        if person.retry_ms is not None:
            steps.append((person.retry_ms, 2, "retry", person))
            if person.conflict:
                steps.append((person.retry_ms + 500, 3, "conflict", person))
    steps.sort(key=lambda step: (step[0], step[1], step[3].user_id))

    with ExitStack() as stack:
        stream_arn, meter = stack.enter_context(metered_burst_table(resources, clock, SOURCES))
        stack.enter_context(use_case_clock(clock))
        seed(plan)
        log.info(
            "quiz burst: %d participants seeded in %.1f s",
            len(plan.participants),
            time.perf_counter() - started,
        )
        reader = StreamReader(resources.endpoint_url, stream_arn)
        faults = QuizFaults(set(settings.half_failed_batches))
        mapping = EventSourceMapping(
            lambda batch: invoke(app_module.app, source.name, source.handler, {"Records": batch}),
            settings.shards,
            source.batch_size,
            settings.poll_seconds,
            settings.redeliver_every,
            faults,
            lambda records: None,
            is_answer,
        )
        stack.enter_context(faults.installed())
        next_step = 0
        last_report = time.perf_counter()
        while True:
            step_at = steps[next_step][0] / 1000 if next_step < len(steps) else None
            due = mapping.next_batch()
            candidates = [
                (t, kind) for t, kind in ((step_at, 0), (due[0] if due else None, 1)) if t is not None
            ]
            if not candidates:
                break
            moment, kind = min(candidates)
            clock.now = max(clock.now, moment)
            if kind == 0:
                _, _, action, person = steps[next_step]
                next_step += 1
                if action == "serve":
                    meter.source = "serve"
                    serve(plan, person, meter, requests)
                else:
                    meter.source = "answer"
                    send_answer(plan, person, meter, requests, action)
            else:
                assert due is not None
                meter.source = "consumer"
                mapping.deliver(due[1], moment)
            meter.source = "stream"
            mapping.add(reader.read(), moment)
            if time.perf_counter() - last_report > 30:
                last_report = time.perf_counter()
                log.info(
                    "quiz burst: simulated second %.1f, %d of %d requests, %d batches",
                    clock.now,
                    next_step,
                    len(steps),
                    mapping.figures.batches,
                )
        simulated = clock.now
        meter.source = "check"
        expected = expectation(plan)
        players = compare_players(plan, expected)
        stats = compare_stats(plan, expected)
        board = compare_board(plan, expected)
        figures = _figures(settings, plan, meter, mapping, faults, requests, players, stats, board, simulated)
    figures["wall_seconds"] = round(time.perf_counter() - started, 1)
    return figures


def _figures(
    settings: QuizBurstSettings,
    plan: QuizPlan,
    meter: WriteMeter,
    mapping: EventSourceMapping,
    faults: QuizFaults,
    requests: RequestFigures,
    players: dict[str, Any],
    stats: dict[str, Any],
    board: dict[str, Any],
    simulated: float,
) -> dict[str, Any]:
    answers_per_second = Counter(p.answered_ms // 1000 for p in plan.participants)
    most_answer_requests = max(requests.answer_requests) if requests.answer_requests else 0
    return {
        "participants": len(plan.participants),
        "burst_seconds": settings.seconds,
        "answers_per_second": round(len(plan.participants) / settings.seconds, 1),
        "busiest_second_answers": max(answers_per_second.values()) if answers_per_second else 0,
        "issue_scale": len(plan.participants) >= ISSUE_USERS and settings.seconds >= ISSUE_SECONDS,
        "simulated_seconds": round(simulated, 1),
        **hot_key_figures(meter, set(SOURCES), {"consumer"}),
        "lost": players["lost"],
        "duplicated": players["duplicated"],
        "players": players,
        "question_stats": stats,
        "board": board,
        "answer_path": {
            "calls": sum(requests.answer_requests.values()),
            "most_requests_per_call": most_answer_requests,
            "limit": MAX_ANSWER_REQUESTS,
            "within_limit": most_answer_requests <= MAX_ANSWER_REQUESTS,
            "calls_by_requests": {str(k): v for k, v in sorted(requests.answer_requests.items())},
            "operations": dict(sorted(requests.answer_operations.items())),
        },
        "serve_path": {"calls_by_requests": {str(k): v for k, v in sorted(requests.serve_requests.items())}},
        "requests_outcome": {
            "served": requests.served,
            "answered": requests.answered,
            "replayed": requests.replayed,
            "refused_other_answer": requests.refused_other_answer,
            "unexpected": requests.unexpected[:20],
        },
        "stream": stream_figures(settings.shards, settings.poll_seconds, mapping, faults),
        "requests": meter.request_counts(),
        "item_writes": meter.item_write_counts(),
    }


def at_issue_rate(users: int) -> QuizBurstSettings:
    """`users` participants answering as many a second as the issue's 10,000 in a minute."""
    if users >= ISSUE_USERS:
        return QuizBurstSettings(users=users)
    return QuizBurstSettings(users=users, seconds=round(users / ISSUE_RATE, 3))


def measure(users: int) -> dict[str, Any]:
    """The quiz burst for `make bench` (bench/run.py), on the bench's emulator; prints the verdict."""
    from tests.support.stack import start_test_stack

    figures = run_quiz_burst(at_issue_rate(users), start_test_stack())
    print_verdict(figures)
    return figures


def print_verdict(figures: dict[str, Any]) -> None:
    log.info(
        "quiz burst: hottest key %s (%s) written %d times in one second; limit %d/s; lost %d, duplicated %d; "
        "answer path at most %d DynamoDB requests (limit %d)",
        figures["hottest_key"],
        figures["hottest_key_scope"],
        figures["hottest_key_writes_per_s"],
        figures["limit_writes_per_s"],
        figures["lost"],
        figures["duplicated"],
        figures["answer_path"]["most_requests_per_call"],
        figures["answer_path"]["limit"],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The quiz burst on its own (docs/benchmarks.md)")
    parser.add_argument("--users", type=int, default=ISSUE_USERS)
    parser.add_argument("--seconds", type=float, default=None, help="default: at the issue's rate")
    args = parser.parse_args(argv)
    configure_logging()
    from bench.run import stdout_to_stderr
    from tests.support.stack import start_test_stack

    settings = at_issue_rate(args.users)
    if args.seconds:
        settings = QuizBurstSettings(users=args.users, seconds=args.seconds)
    with stdout_to_stderr() as real_stdout:  # the app logs to stdout; only the figures go there
        figures = run_quiz_burst(settings, start_test_stack())
    print_verdict(figures)
    with os.fdopen(real_stdout, "w") as out:
        out.write(json.dumps(figures, indent=2) + "\n")
    if figures["lost"] or figures["duplicated"]:
        raise BurstFailure("answers lost or counted twice")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
