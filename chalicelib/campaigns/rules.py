"""Campaign rules: presets, local times, and the state machine. Plain Python, no I/O.

A campaign is chosen in the organisation's local time and stored in UTC. Its life:
`scheduled -> open -> closed`, or `cancelled` from scheduled or open. While open it sends its
reminders (each once). Each change of state has effects (announcement, notifications, final
ranks); `pending` names the transition whose effects are not all applied yet, so a run that
stopped halfway is finished by the next one. `next_step` says what is due next and when: the
sweeper's index (CAMPAIGNS_DUE) is sorted by that moment.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

KINDS = ("quiz", "challenge", "nudge")
AUDIENCES = ("organisation", "community", "teams")
PRESETS = ("easter", "christmas", "new_year", "quarterly")
LANGUAGES = ("nl", "fr", "en")

SCHEDULED, OPEN, CLOSED, CANCELLED = "scheduled", "open", "closed", "cancelled"
STATUSES = (SCHEDULED, OPEN, CLOSED, CANCELLED)

OPEN_STEP, REMIND_STEP, CLOSE_STEP = "open", "remind", "close"
MAX_REMINDERS = 3
MIN_DURATION = timedelta(minutes=5)
MAX_DURATION = timedelta(days=92)
# Notifications one run of a step delivers; the rest in the next run (a cursor goes on).
FANOUT_PER_RUN = 2000


class CampaignRuleError(ValueError):
    """A campaign that cannot be (times in the wrong order, a preset without its year...)."""


# Local time <-> UTC ----------------------------------------------------------------------------


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError) as exc:
        raise CampaignRuleError(f"unknown time zone {name!r}") from exc


def to_utc(local: datetime, timezone: str) -> datetime:
    """A wall-clock time of the zone as a UTC moment.

    A time that does not exist (the hour skipped in spring) is read with the offset before the
    change, so it lands that much later (02:30 -> 03:30 summer time); a time that happens twice
    (autumn) is its first occurrence. The local clock and zoneinfo read `at(...)` the same way."""
    if local.tzinfo is not None:
        return local.astimezone(UTC)
    return local.replace(tzinfo=zone(timezone)).astimezone(UTC)


def to_local(moment: datetime, timezone: str) -> datetime:
    """The wall-clock time (naive) of a UTC moment in the zone."""
    return moment.astimezone(zone(timezone)).replace(tzinfo=None)


# Presets -----------------------------------------------------------------------------------------


def easter(year: int) -> date:
    """Easter Sunday (Gregorian), by the anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


@dataclass(frozen=True)
class LocalWindow:
    """A campaign's times as the organisation sees them (naive wall-clock times)."""

    opens: datetime
    closes: datetime
    reminders: tuple[datetime, ...] = ()


PRESET_TITLES: dict[str, dict[str, str]] = {
    "easter": {"nl": "Paasquiz", "fr": "Quiz de Pâques", "en": "Easter quiz"},
    "christmas": {"nl": "Kerstquiz", "fr": "Quiz de Noël", "en": "Christmas quiz"},
    "new_year": {"nl": "Nieuwjaarsquiz", "fr": "Quiz du Nouvel An", "en": "New Year quiz"},
    "quarterly": {
        "nl": "Kwartaalaftrap Q{quarter}",
        "fr": "Lancement du trimestre T{quarter}",
        "en": "Quarter kick-off Q{quarter}",
    },
}


def preset_window(preset: str, year: int, quarter: int | None = None) -> LocalWindow:
    """The local times of a preset in `year`; each closes at 17:00 with a reminder the morning before.

    easter: Monday of Holy Week 09:00 to Easter Monday 17:00 (Easter computed for the year);
    christmas: 15 to 23 December; new_year: 2 to 12 January; quarterly: the first Monday of the
    quarter 09:00 to the Friday of the next week 17:00."""
    if preset == "easter":
        sunday = easter(year)
        first, last = sunday - timedelta(days=6), sunday + timedelta(days=1)
    elif preset == "christmas":
        first, last = date(year, 12, 15), date(year, 12, 23)
    elif preset == "new_year":
        first, last = date(year, 1, 2), date(year, 1, 12)
    elif preset == "quarterly":
        if quarter not in (1, 2, 3, 4):
            raise CampaignRuleError("the quarterly preset needs a quarter (1-4)")
        first = _first_monday(year, 3 * (quarter - 1) + 1)
        last = first + timedelta(days=11)
    else:
        raise CampaignRuleError(f"unknown preset {preset!r}")
    opens, closes = datetime.combine(first, time(9)), datetime.combine(last, time(17))
    reminder = datetime.combine(last - timedelta(days=1), time(9))
    return LocalWindow(opens, closes, (reminder,) if opens < reminder < closes else ())


def preset_titles(preset: str, quarter: int | None = None) -> dict[str, str]:
    return {lang: text.format(quarter=quarter or "") for lang, text in PRESET_TITLES[preset].items()}


def next_year(local: datetime) -> datetime:
    """The same wall-clock time a year later (29 February becomes the 28th)."""
    try:
        return local.replace(year=local.year + 1)
    except ValueError:
        return local.replace(year=local.year + 1, day=28)


def next_year_window(preset: str | None, window: LocalWindow, quarter: int | None = None) -> LocalWindow:
    """Next year's window of a yearly campaign: a preset again (Easter moves), or the same dates."""
    if preset is not None:
        year = window.opens.year + 1
        return preset_window(preset, year, quarter)
    return LocalWindow(
        next_year(window.opens), next_year(window.closes), tuple(next_year(r) for r in window.reminders)
    )


def check_window(
    opens: datetime, closes: datetime, reminders: Sequence[datetime], min_duration: timedelta = MIN_DURATION
) -> None:
    """Times (UTC) a campaign can have: it opens before it closes, reminders in between."""
    if closes - opens < min_duration:
        minutes = min_duration.total_seconds() / 60
        unit = "minute" if minutes == 1 else "minutes"
        raise CampaignRuleError(f"a campaign closes at least {minutes:g} {unit} after it opens")
    if closes - opens > MAX_DURATION:
        raise CampaignRuleError("a campaign runs at most 92 days")
    if len(reminders) > MAX_REMINDERS:
        raise CampaignRuleError(f"at most {MAX_REMINDERS} reminders")
    for reminder in reminders:
        if not opens < reminder < closes:
            raise CampaignRuleError("reminders fall after the opening and before the close")


# The state machine ----------------------------------------------------------------------------


@dataclass(frozen=True)
class State:
    status: str
    opens_at: datetime
    closes_at: datetime
    reminders: tuple[str, ...] = ()  # ISO UTC
    reminded: tuple[str, ...] = ()
    pending: str | None = None  # a step whose effects are not all applied yet
    pending_since: datetime | None = None


@dataclass(frozen=True)
class Step:
    kind: str  # open | remind | close, or the pending one's
    at: datetime
    reminder: str | None = None  # remind: which one (ISO UTC)
    effects_only: bool = False  # the state changed already; its effects are to be finished


@dataclass(frozen=True)
class Change:
    """What taking a step writes: the new status and the bookkeeping."""

    status: str
    reminded: tuple[str, ...] = field(default=())
    pending: str | None = None


def parse_iso(value: str) -> datetime:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def next_step(state: State) -> Step | None:
    """What the campaign does next, and when (None: nothing any more)."""
    if state.pending is not None:
        return Step(state.pending.split("#", 1)[0], state.pending_since or state.opens_at, effects_only=True)
    if state.status == SCHEDULED:
        return Step(OPEN_STEP, state.opens_at)
    if state.status == OPEN:
        for reminder in sorted(state.reminders):
            if reminder not in state.reminded and parse_iso(reminder) < state.closes_at:
                return Step(REMIND_STEP, parse_iso(reminder), reminder=reminder)
        return Step(CLOSE_STEP, state.closes_at)
    return None


def due_step(state: State, now: datetime) -> Step | None:
    step = next_step(state)
    return step if step is not None and step.at <= now else None


def change_for(state: State, step: Step) -> Change:
    """The state after `step` (which must be the next one), with its effects pending."""
    if step.kind == OPEN_STEP and state.status == SCHEDULED:
        return Change(OPEN, state.reminded, OPEN_STEP)
    if step.kind == REMIND_STEP and state.status == OPEN and step.reminder is not None:
        return Change(OPEN, (*state.reminded, step.reminder), f"{REMIND_STEP}#{step.reminder}")
    if step.kind == CLOSE_STEP and state.status == OPEN:
        return Change(CLOSED, state.reminded, CLOSE_STEP)
    raise CampaignRuleError(f"a {state.status} campaign cannot {step.kind}")


def skip_stale_reminder(step: Step, now: datetime, closes_at: datetime) -> bool:
    """A reminder found only after the close passed is not sent (it would arrive after the end)."""
    return step.kind == REMIND_STEP and now >= closes_at


def can_open_by_hand(status: str) -> bool:
    return status == SCHEDULED


def can_close_by_hand(status: str) -> bool:
    return status == OPEN


def can_cancel(status: str) -> bool:
    return status in (SCHEDULED, OPEN)


def can_change(status: str) -> bool:
    return status in (SCHEDULED, OPEN)


def holds_its_quiz(status: str, pending: str | None) -> bool:
    """A campaign holds its quiz while it is scheduled or open, and until its close is finished (a
    yearly campaign then hands it to next year's): no other campaign may play it meanwhile."""
    return status in (SCHEDULED, OPEN) or (status == CLOSED and pending is not None)


def texts_document(values: dict[str, str]) -> str:
    """A campaign's titles or descriptions as stored: JSON of the known languages, none empty."""
    return json.dumps(
        {k: v for k, v in values.items() if k in LANGUAGES and v}, ensure_ascii=False, sort_keys=True
    )


def texts_of(document: str | None) -> dict[str, str]:
    """A campaign's stored titles or descriptions (texts_document), read back; {} if unreadable."""
    try:
        return {str(k): str(v) for k, v in json.loads(document or "{}").items()}
    except ValueError:
        return {}


def pick_text(texts: dict[str, str], language: str, fallback: str = "en") -> str:
    """A text in `language`, else the fallback language, else any there is."""
    for lang in (language, fallback, *LANGUAGES):
        if texts.get(lang):
            return texts[lang]
    return next(iter(texts.values()), "")
