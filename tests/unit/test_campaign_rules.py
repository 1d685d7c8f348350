"""Campaign rules as tables: Easter, presets, local time across DST, and the state machine."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from chalicelib import scheduler
from chalicelib.campaigns import rules
from chalicelib.campaigns.rules import CLOSED, OPEN, SCHEDULED, State, Step

BRUSSELS = "Europe/Brussels"


@pytest.mark.parametrize(
    ("year", "sunday"),
    [
        (1961, date(1961, 4, 2)),
        (2000, date(2000, 4, 23)),
        (2008, date(2008, 3, 23)),  # early
        (2011, date(2011, 4, 24)),
        (2019, date(2019, 4, 21)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),  # the day the clocks go forward in Europe
        (2028, date(2028, 4, 16)),
        (2038, date(2038, 4, 25)),  # the latest possible date
        (2285, date(2285, 3, 22)),  # the earliest possible date
    ],
)
def test_easter_sunday(year: int, sunday: date) -> None:
    assert rules.easter(year) == sunday


@pytest.mark.parametrize(
    ("preset", "year", "quarter", "opens", "closes", "reminder"),
    [
        ("easter", 2026, None, "2026-03-30 09:00", "2026-04-06 17:00", "2026-04-05 09:00"),
        ("easter", 2027, None, "2027-03-22 09:00", "2027-03-29 17:00", "2027-03-28 09:00"),
        ("christmas", 2026, None, "2026-12-15 09:00", "2026-12-23 17:00", "2026-12-22 09:00"),
        ("new_year", 2027, None, "2027-01-02 09:00", "2027-01-12 17:00", "2027-01-11 09:00"),
        ("quarterly", 2027, 1, "2027-01-04 09:00", "2027-01-15 17:00", "2027-01-14 09:00"),
        ("quarterly", 2026, 4, "2026-10-05 09:00", "2026-10-16 17:00", "2026-10-15 09:00"),
    ],
)
def test_preset_windows_in_local_time(
    preset: str, year: int, quarter: int | None, opens: str, closes: str, reminder: str
) -> None:
    window = rules.preset_window(preset, year, quarter)
    assert window.opens == datetime.fromisoformat(opens)
    assert window.closes == datetime.fromisoformat(closes)
    assert window.reminders == (datetime.fromisoformat(reminder),)


def test_the_quarterly_preset_needs_its_quarter_and_names_it() -> None:
    with pytest.raises(rules.CampaignRuleError):
        rules.preset_window("quarterly", 2027)
    assert rules.preset_titles("quarterly", 3)["en"] == "Quarter kick-off Q3"
    assert rules.preset_titles("christmas")["nl"] == "Kerstquiz"


@pytest.mark.parametrize(
    ("local", "utc"),
    [
        ("2027-03-27 09:00", "2027-03-27 08:00"),  # winter time, UTC+1
        ("2027-03-28 09:00", "2027-03-28 07:00"),  # the clocks went forward at 02:00: UTC+2
        ("2027-03-28 02:30", "2027-03-28 01:30"),  # does not exist: read as winter time (03:30 CEST)
        ("2026-10-24 17:00", "2026-10-24 15:00"),  # summer time
        ("2026-10-25 02:30", "2026-10-25 00:30"),  # happens twice: the first one
        ("2026-10-25 17:00", "2026-10-25 16:00"),  # back to winter time
    ],
)
def test_local_times_to_utc_across_daylight_saving(local: str, utc: str) -> None:
    expected = datetime.fromisoformat(utc).replace(tzinfo=UTC)
    assert rules.to_utc(datetime.fromisoformat(local), BRUSSELS) == expected


@pytest.mark.parametrize(
    ("utc", "unambiguous"),
    [
        ("2026-10-25 00:30", False),  # 02:30 CEST, and 02:30 CET an hour later
        ("2026-10-25 01:30", False),
        ("2026-10-25 02:30", True),
        ("2027-03-28 01:30", True),  # 03:30 CEST
    ],
)
def test_which_moments_a_local_at_expression_can_name(utc: str, unambiguous: bool) -> None:
    moment = datetime.fromisoformat(utc).replace(tzinfo=UTC)
    assert scheduler.is_unambiguous(moment, BRUSSELS) is unambiguous


def test_next_years_window_moves_easter_and_keeps_fixed_dates() -> None:
    easter_2026 = rules.preset_window("easter", 2026)
    assert rules.next_year_window("easter", easter_2026).opens == datetime(2027, 3, 22, 9)
    custom = rules.LocalWindow(datetime(2028, 2, 29, 9), datetime(2028, 3, 3, 17), (datetime(2028, 3, 1, 9),))
    moved = rules.next_year_window(None, custom)
    assert (moved.opens, moved.closes, moved.reminders) == (
        datetime(2029, 2, 28, 9),
        datetime(2029, 3, 3, 17),
        (datetime(2029, 3, 1, 9),),
    )


T0 = datetime(2027, 3, 22, 8, 0, tzinfo=UTC)
T1 = datetime(2027, 3, 29, 15, 0, tzinfo=UTC)
R1 = "2027-03-28T07:00:00.000Z"


def state(status: str, reminded: tuple[str, ...] = (), pending: str | None = None) -> State:
    return State(status, T0, T1, (R1,), reminded, pending, T0 if pending else None)


@pytest.mark.parametrize(
    ("current", "step"),
    [
        (state(SCHEDULED), Step("open", T0)),
        (state(OPEN), Step("remind", rules.parse_iso(R1), reminder=R1)),
        (state(OPEN, (R1,)), Step("close", T1)),
        (state(OPEN, pending="open"), Step("open", T0, effects_only=True)),
        (state(OPEN, (R1,), pending=f"remind#{R1}"), Step("remind", T0, effects_only=True)),
        (state(CLOSED, (R1,), pending="close"), Step("close", T0, effects_only=True)),
        (state(CLOSED), None),
        (state("cancelled"), None),
    ],
)
def test_the_next_step(current: State, step: Step | None) -> None:
    assert rules.next_step(current) == step


@pytest.mark.parametrize(
    ("current", "now", "due"),
    [
        (state(SCHEDULED), T0 - timedelta(seconds=1), None),
        (state(SCHEDULED), T0, "open"),
        (state(OPEN), T0 + timedelta(days=1), None),
        (state(OPEN), rules.parse_iso(R1), "remind"),
        (state(OPEN, (R1,)), T1, "close"),
    ],
)
def test_what_is_due(current: State, now: datetime, due: str | None) -> None:
    step = rules.due_step(current, now)
    assert (step.kind if step else None) == due


@pytest.mark.parametrize(
    ("current", "step", "status", "pending"),
    [
        (state(SCHEDULED), Step("open", T0), OPEN, "open"),
        (state(OPEN), Step("remind", T0, reminder=R1), OPEN, f"remind#{R1}"),
        (state(OPEN, (R1,)), Step("close", T1), CLOSED, "close"),
    ],
)
def test_a_step_changes_the_status_and_leaves_its_effects_pending(
    current: State, step: Step, status: str, pending: str
) -> None:
    change = rules.change_for(current, step)
    assert (change.status, change.pending) == (status, pending)


@pytest.mark.parametrize(
    ("current", "step"),
    [
        (state(CLOSED), Step("open", T0)),
        (state(SCHEDULED), Step("close", T1)),
        (state("cancelled"), Step("open", T0)),
    ],
)
def test_a_step_that_does_not_fit_the_status_is_refused(current: State, step: Step) -> None:
    with pytest.raises(rules.CampaignRuleError):
        rules.change_for(current, step)


@pytest.mark.parametrize(
    ("opens", "closes", "reminders", "ok"),
    [
        (T0, T1, [T0 + timedelta(days=1)], True),
        (T0, T0 + timedelta(minutes=4), [], False),
        (T1, T0, [], False),
        (T0, T0 + timedelta(days=93), [], False),
        (T0, T1, [T1], False),
        (T0, T1, [T0 + timedelta(hours=h) for h in (1, 2, 3, 4)], False),
    ],
)
def test_campaign_windows(opens: datetime, closes: datetime, reminders: list[datetime], ok: bool) -> None:
    if ok:
        rules.check_window(opens, closes, reminders)
    else:
        with pytest.raises(rules.CampaignRuleError):
            rules.check_window(opens, closes, reminders)


def test_the_shortest_campaign_is_configurable() -> None:
    with pytest.raises(rules.CampaignRuleError, match="at least 5 minutes"):
        rules.check_window(T0, T0 + timedelta(minutes=2), [])
    rules.check_window(T0, T0 + timedelta(minutes=2), [], min_duration=timedelta(minutes=1))
    with pytest.raises(rules.CampaignRuleError, match="at least 1 minute after"):
        rules.check_window(T0, T0 + timedelta(seconds=30), [], min_duration=timedelta(minutes=1))


@pytest.mark.parametrize(
    ("texts", "language", "shown"),
    [
        ({"nl": "Kerstquiz", "en": "Christmas quiz"}, "nl", "Kerstquiz"),
        ({"nl": "Kerstquiz", "en": "Christmas quiz"}, "fr", "Christmas quiz"),
        ({"nl": "Kerstquiz"}, "fr", "Kerstquiz"),
    ],
)
def test_texts_in_my_language_or_a_fallback(texts: dict[str, str], language: str, shown: str) -> None:
    assert rules.pick_text(texts, language) == shown


def test_a_campaigns_stored_titles_read_back_as_written_and_a_damaged_document_as_none() -> None:
    stored = rules.texts_document({"nl": "Paasquiz", "en": "Easter quiz", "de": "Osterquiz", "fr": ""})
    assert rules.texts_of(stored) == {"en": "Easter quiz", "nl": "Paasquiz"}
    assert rules.texts_of(None) == {}
    assert rules.texts_of("{not json") == {}
