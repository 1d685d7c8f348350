"""Pure rules of intervision: group sizes, reporting lines, recurring dates, rotating roles, the
phase clock and the choice of case."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from chalicelib.intervision.methods import Method

MIN_MEMBERS = 4
MAX_MEMBERS = 8
MAX_SESSIONS_AT_ONCE = 12
REMINDER_BEFORE = timedelta(hours=24)


def held_before_joining(starts_at: datetime, started_at: datetime | None, member_since: datetime) -> bool:
    """A session that began (or was due to) before someone joined the group is not theirs: the
    case brought in confidence before they were there stays with those who were."""
    began = min(starts_at, started_at) if started_at is not None else starts_at
    return began < member_since


def size_problem(member_ids: Sequence[str]) -> str | None:
    if len(set(member_ids)) != len(member_ids):
        return "A person is named twice."
    if not MIN_MEMBERS <= len(member_ids) <= MAX_MEMBERS:
        return f"A group has {MIN_MEMBERS} to {MAX_MEMBERS} members."
    return None


def reporting_lines_inside(
    member_ids: Iterable[str], managers: Mapping[str, str | None]
) -> list[tuple[str, str]]:
    """(manager, report) pairs that would both be in the group: intervision needs none."""
    inside = set(member_ids)
    return sorted(
        (manager, person)
        for person in inside
        if (manager := managers.get(person)) is not None and manager in inside
    )


def occurrences(first: datetime, every_weeks: int, count: int, timezone: str) -> list[datetime]:
    """`count` starts, `every_weeks` apart at the same local wall time in `timezone` (a session at
    19:00 stays at 19:00 across daylight saving)."""
    zone = ZoneInfo(timezone)
    local = first.astimezone(zone).replace(tzinfo=None)
    return [
        (local + timedelta(weeks=every_weeks * n)).replace(tzinfo=zone).astimezone(UTC) for n in range(count)
    ]


def rotating_roles(member_ids: Sequence[str], number: int) -> tuple[str, str]:
    """The facilitator and timekeeper of the group's session `number` (1, 2, ...): each member
    takes a turn, in the order of the group."""
    n = len(member_ids)
    return member_ids[(number - 1) % n], member_ids[number % n]


@dataclass(frozen=True)
class PhaseClock:
    index: int
    key: str
    ends_at: datetime
    remaining_seconds: int


def phase_clock(method: Method, index: int, started_at: datetime, now: datetime) -> PhaseClock:
    """Where the session's phase stands: it ends its duration after it started (the facilitator
    moves on; a phase that overran shows 0 left, never a negative time)."""
    phase = method.phases[index]
    ends_at = started_at + timedelta(minutes=phase.minutes)
    remaining = max(0, int((ends_at - now).total_seconds()))
    return PhaseClock(index, phase.key, ends_at, remaining)


def chosen_case(votes: Mapping[str, str], cases_in_order: Sequence[str]) -> str | None:
    """The case with most votes; a tie goes to the case brought in first; no votes: the first case."""
    if not cases_in_order:
        return None
    tally = Counter(case for case in votes.values() if case in cases_in_order)
    return max(cases_in_order, key=lambda case: (tally[case], -cases_in_order.index(case)))
