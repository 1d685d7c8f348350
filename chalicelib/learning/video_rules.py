"""Watching an interactive video: the pure rules (no I/O).

The server decides what was watched, never the player. A player reports the segments it played
(seconds from, to); the server keeps what is plausible and allowed, merges it into the learner's
watched ranges, and decides completion from them: the watched fraction reaches the video's
threshold and every required cue is done.

What a report may add:
- a segment lies within the video (0 to its duration); anything else is an absurd report (422);
- the played seconds a report claims fit the wall-clock time since the previous report at the
  fastest playback rate the player offers (2x), plus a little slack; the excess is not counted;
- nothing counts past a required cue that is not done yet (the player pauses there);
- when the video blocks skipping ahead, a segment must start within what was watched (or at a
  branch the learner took); after a first full viewing, skipping is free.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from chalicelib.errors import ValidationFailed

Segment = tuple[float, float]  # seconds into the video: from, to

QUESTION, TEXT, LINK, BRANCH = "question", "text", "link", "branch"
CUE_KINDS = (QUESTION, TEXT, LINK, BRANCH)

MAX_PLAYBACK_RATE = 2.0  # the player's fastest speed; a report cannot claim more than this
REPORT_SLACK_SECONDS = 3.0  # network and timer jitter, in played seconds
FIRST_REPORT_WALL_SECONDS = 20.0  # no report before: the player's first comes 15 s into playing
# Waiting longer between reports earns no more. The player reports once a minute while playing;
# twice that leaves room for a late timer (a background tab's timers run once a minute at best) and
# a slow network, and changes no bound on the rate: a report still claims at most 2x the time that
# passed since the previous one.
MAX_REPORT_WALL_SECONDS = 120.0
MERGE_GAP_SECONDS = 0.3  # the player's time updates are ~0.25 s apart: such a gap is not a gap
SEEK_TOLERANCE_SECONDS = 1.0  # a segment may start this far past the furthest watched point
END_TOLERANCE_SECONDS = 0.5  # a player's end may overshoot the declared duration a little
FULL_VIEW_MISSING_SECONDS = 1.0  # a first full viewing misses at most this much
MAX_SEGMENTS_PER_REPORT = 50
MAX_WATCHED_RANGES = 200  # more ranges than this are merged across their smallest gaps


@dataclass(frozen=True)
class BranchOption:
    label: str
    to: float  # seconds: where the video jumps


@dataclass(frozen=True)
class Cue:
    cue_id: str
    at: float  # seconds
    kind: str  # question | text | link | branch
    required: bool = False
    must_be_correct: bool = False  # a question only: answered right, not just answered
    question_id: str | None = None
    text: str = ""
    url: str | None = None
    options: tuple[BranchOption, ...] = ()


@dataclass(frozen=True)
class VideoRules:
    """What the author decided about watching one video."""

    duration: float
    completion_threshold: float  # 0.5 to 1: the watched fraction that completes it
    block_forward_skip: bool
    cues: tuple[Cue, ...] = ()

    def cue(self, cue_id: str) -> Cue | None:
        return next((cue for cue in self.cues if cue.cue_id == cue_id), None)


@dataclass(frozen=True)
class CueAnswer:
    """What a learner did at a cue: answered (right or wrong), read it, or took a branch."""

    correct: bool | None = None  # questions only
    attempts: int = 1
    option: int | None = None  # branches only


@dataclass(frozen=True)
class Viewing:
    """A learner's watching of one video, as the server keeps it."""

    watched: tuple[Segment, ...] = ()  # merged, sorted
    position: float = 0.0  # where they resume
    fully_viewed: bool = False
    answers: Mapping[str, CueAnswer] = field(default_factory=dict)
    last_report_at: float | None = None  # epoch seconds, the server's clock


# Watched ranges --------------------------------------------------------------------------------


def merge(segments: Iterable[Segment], gap: float = MERGE_GAP_SECONDS) -> tuple[Segment, ...]:
    """Sorted ranges with overlaps and tiny gaps joined."""
    merged: list[Segment] = []
    for start, end in sorted(s for s in segments if s[1] > s[0]):
        if merged and start <= merged[-1][1] + gap:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    while len(merged) > MAX_WATCHED_RANGES:
        # Keep the item small: join the two ranges closest together (counting their gap watched).
        i = min(range(len(merged) - 1), key=lambda k: merged[k + 1][0] - merged[k][1])
        merged[i : i + 2] = [(merged[i][0], merged[i + 1][1])]
    return tuple(merged)


def seconds_watched(watched: Iterable[Segment]) -> float:
    return sum(end - start for start, end in watched)


def watched_fraction(watched: Iterable[Segment], duration: float) -> float:
    if duration <= 0:
        return 0.0
    return min(1.0, seconds_watched(watched) / duration)


def furthest_point(watched: Iterable[Segment]) -> float:
    return max((end for _, end in watched), default=0.0)


def is_full_viewing(watched: Iterable[Segment], duration: float) -> bool:
    return seconds_watched(watched) >= duration - FULL_VIEW_MISSING_SECONDS


# Cues ------------------------------------------------------------------------------------------


def cue_done(cue: Cue, answer: CueAnswer | None) -> bool:
    """A cue is done when the learner dealt with it: a question answered (right, when it must be),
    a text or link seen, a branch taken."""
    if answer is None:
        return False
    if cue.kind == QUESTION and cue.must_be_correct:
        return answer.correct is True
    if cue.kind == BRANCH:
        return answer.option is not None
    return True


def pending_required(rules: VideoRules, answers: Mapping[str, CueAnswer]) -> tuple[Cue, ...]:
    return tuple(
        sorted(
            (cue for cue in rules.cues if cue.required and not cue_done(cue, answers.get(cue.cue_id))),
            key=lambda cue: cue.at,
        )
    )


def gate(rules: VideoRules, answers: Mapping[str, CueAnswer]) -> float | None:
    """Where playback stops until a required cue is done (the earliest such cue), if anywhere."""
    pending = pending_required(rules, answers)
    return pending[0].at if pending else None


def branch_targets(rules: VideoRules, answers: Mapping[str, CueAnswer]) -> tuple[float, ...]:
    """Where the branches the learner took jump to: places they may play from."""
    targets: list[float] = []
    for cue in rules.cues:
        answer = answers.get(cue.cue_id)
        taken = answer.option if answer is not None and cue.kind == BRANCH else None
        if taken is not None and 0 <= taken < len(cue.options):
            targets.append(cue.options[taken].to)
    return tuple(targets)


def may_skip_freely(rules: VideoRules, viewing: Viewing) -> bool:
    return not rules.block_forward_skip or viewing.fully_viewed


def seek_limit(rules: VideoRules, viewing: Viewing) -> float:
    """The furthest point a learner may move to now: the end, or the furthest watched point when
    skipping ahead is blocked; never past a required cue that is not done."""
    limit = rules.duration
    if not may_skip_freely(rules, viewing):
        limit = max(furthest_point(viewing.watched), *branch_targets(rules, viewing.answers), 0.0)
    stop = gate(rules, viewing.answers)
    return min(limit, stop) if stop is not None else limit


def may_answer(rules: VideoRules, viewing: Viewing, cue: Cue) -> bool:
    """A cue is answered when the learner can have reached it."""
    return cue.at <= seek_limit(rules, viewing) + SEEK_TOLERANCE_SECONDS


def record_answer(
    cue: Cue, previous: CueAnswer | None, correct: bool | None, option: int | None
) -> CueAnswer:
    """The answer kept for a cue. Once a cue is done, a new answer changes nothing (a retried
    request, or a second try at a question already right)."""
    if previous is not None and cue_done(cue, previous):
        return previous
    attempts = (previous.attempts if previous is not None else 0) + 1
    return CueAnswer(correct=correct if cue.kind == QUESTION else None, attempts=attempts, option=option)


def is_complete(rules: VideoRules, viewing: Viewing) -> bool:
    """Watched at least the threshold, and every required cue done."""
    return watched_fraction(
        viewing.watched, rules.duration
    ) >= rules.completion_threshold and not pending_required(rules, viewing.answers)


# Reports ---------------------------------------------------------------------------------------


def _problem(field_name: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, [{"field": field_name, "message": message, "code": "invalid"}])


def checked_segments(rules: VideoRules, raw: Iterable[Any]) -> list[Segment]:
    """The reported segments, in the order played; 422 for what no player could report."""
    segments: list[Segment] = []
    for i, item in enumerate(raw):
        if i >= MAX_SEGMENTS_PER_REPORT:
            raise _problem("segments", f"A report has at most {MAX_SEGMENTS_PER_REPORT} segments.")
        if not isinstance(item, list | tuple) or len(item) != 2:
            raise _problem(f"segments[{i}]", "A segment is [from, to] in seconds.")
        start, end = float(item[0]), float(item[1])
        if not (0 <= start <= end <= rules.duration + END_TOLERANCE_SECONDS):
            raise _problem(f"segments[{i}]", f"A segment lies between 0 and {rules.duration:g} seconds.")
        segments.append((start, min(end, rules.duration)))
    return segments


def report_budget(last_report_at: float | None, now: float) -> float:
    """The played seconds a report may claim: the wall-clock time since the previous report (at
    most two minutes count) at the fastest rate, plus slack."""
    wall = FIRST_REPORT_WALL_SECONDS if last_report_at is None else max(0.0, now - last_report_at)
    return min(wall, MAX_REPORT_WALL_SECONDS) * MAX_PLAYBACK_RATE + REPORT_SLACK_SECONDS


@dataclass(frozen=True)
class Counted:
    """A report, counted: the viewing after it and how much of what was claimed counted."""

    viewing: Viewing
    claimed_seconds: float
    counted_seconds: float  # played seconds kept (before merging with what was watched before)
    completed_now: bool  # complete after this report and not before


def _within_budget(segments: list[Segment], budget: float) -> list[Segment]:
    kept: list[Segment] = []
    for start, end in segments:
        if budget <= 0:
            break
        end = min(end, start + budget)
        kept.append((start, end))
        budget -= end - start
    return kept


def _allowed_part(
    rules: VideoRules, viewing: Viewing, watched: tuple[Segment, ...], segment: Segment
) -> Segment | None:
    start, end = segment
    stop = gate(rules, viewing.answers)
    if stop is not None:
        if start >= stop:
            return None
        end = min(end, stop)
    if not may_skip_freely(rules, viewing):
        reachable = furthest_point(watched) + SEEK_TOLERANCE_SECONDS
        from_branch = any(
            abs(start - to) <= SEEK_TOLERANCE_SECONDS for to in branch_targets(rules, viewing.answers)
        )
        if start > reachable and not from_branch:
            return None
    return (start, end) if end > start else None


def count_report(
    rules: VideoRules, viewing: Viewing, raw_segments: Iterable[Any], position: float | None, now: float
) -> Counted:
    """Apply a player's report (segments played, in order, and where it is now) to a viewing."""
    segments = checked_segments(rules, raw_segments)
    claimed = seconds_watched(segments)
    plausible = _within_budget(segments, report_budget(viewing.last_report_at, now))
    watched = viewing.watched
    counted = 0.0
    for segment in plausible:
        part = _allowed_part(rules, viewing, watched, segment)
        if part is not None:
            counted += part[1] - part[0]
            watched = merge((*watched, part))
    was_complete = is_complete(rules, viewing)
    after = Viewing(
        watched=watched,
        position=viewing.position,
        fully_viewed=viewing.fully_viewed or is_full_viewing(watched, rules.duration),
        answers=viewing.answers,
        last_report_at=now,
    )
    if position is not None:
        if not (0 <= position <= rules.duration + END_TOLERANCE_SECONDS):
            raise _problem("position", f"The position lies between 0 and {rules.duration:g} seconds.")
        after = with_position(after, min(position, seek_limit(rules, after), rules.duration))
    return Counted(after, claimed, counted, is_complete(rules, after) and not was_complete)


def with_position(viewing: Viewing, position: float) -> Viewing:
    return Viewing(viewing.watched, position, viewing.fully_viewed, viewing.answers, viewing.last_report_at)


def with_answer(viewing: Viewing, cue_id: str, answer: CueAnswer) -> Viewing:
    answers = {**viewing.answers, cue_id: answer}
    return Viewing(viewing.watched, viewing.position, viewing.fully_viewed, answers, viewing.last_report_at)
