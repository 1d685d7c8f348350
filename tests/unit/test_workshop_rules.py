"""The rules of workshops: a series keeps its local hour, the check-in window and code, reminders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.reactors.events.base import ItemChange
from chalicelib.reactors.events.workshops import (
    WaitlistPromoted,
    WorkshopAttended,
    WorkshopCancelled,
    rsvp_events,
    workshop_events,
)
from chalicelib.workshops import rules

BRUSSELS = "Europe/Brussels"


def test_a_weekly_series_keeps_its_local_hour_across_the_change_to_summer_time() -> None:
    starts = rules.occurrence_starts(datetime(2027, 3, 18, 14, 0), BRUSSELS, 1, 3)
    assert starts == [
        datetime(2027, 3, 18, 13, 0, tzinfo=UTC),  # winter time: UTC+1
        datetime(2027, 3, 25, 13, 0, tzinfo=UTC),
        datetime(2027, 4, 1, 12, 0, tzinfo=UTC),  # summer time since 28 March: UTC+2
    ]


def test_a_series_every_two_weeks() -> None:
    starts = rules.occurrence_starts(datetime(2027, 1, 5, 9, 30), BRUSSELS, 2, 3)
    assert [s.date().isoformat() for s in starts] == ["2027-01-05", "2027-01-19", "2027-02-02"]


@pytest.mark.parametrize(("every_weeks", "count"), [(1, 0), (1, rules.MAX_OCCURRENCES + 1), (0, 2), (5, 2)])
def test_a_series_is_bounded(every_weeks: int, count: int) -> None:
    with pytest.raises(ValueError):
        rules.occurrence_starts(datetime(2027, 1, 5, 9, 30), BRUSSELS, every_weeks, count)


def test_the_check_in_window_opens_a_little_before_the_start_and_closes_at_the_end() -> None:
    start = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
    window = rules.check_in_window(start, start + timedelta(hours=2))
    assert not window.holds(start - timedelta(minutes=16))
    assert window.holds(start - timedelta(minutes=15))
    assert window.holds(start + timedelta(hours=1, minutes=59))
    assert not window.holds(start + timedelta(hours=2))


def test_a_check_in_code_is_read_aloud_easily_and_typed_loosely() -> None:
    codes = {rules.new_check_in_code() for _ in range(50)}
    assert len(codes) > 45  # random, not a sequence
    assert all(len(c) == rules.CODE_LENGTH and set(c) <= set(rules.CODE_ALPHABET) for c in codes)
    code = sorted(codes)[0]
    assert rules.codes_match(f" {code[:3].lower()}-{code[3:]} ", code)
    assert not rules.codes_match(code[:-1], code)


def test_reminders_a_day_and_an_hour_before_only_while_still_ahead() -> None:
    start = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
    assert rules.reminder_moments(start, start - timedelta(days=3)) == [
        ("day", start - timedelta(days=1)),
        ("hour", start - timedelta(hours=1)),
    ]
    assert rules.reminder_moments(start, start - timedelta(hours=5)) == [("hour", start - timedelta(hours=1))]
    assert rules.reminder_moments(start, start - timedelta(minutes=30)) == []


def _change(event_name: str, old: dict[str, str] | None, new: dict[str, str]) -> ItemChange:
    return ItemChange(event_name, "workshop_rsvp", new, old)


RSVP = {"org_id": "o", "user_id": "u", "workshop_id": "w-1", "community_id": "c"}


def test_a_promotion_and_a_check_in_are_events_once_each() -> None:
    promoted = rsvp_events(_change("MODIFY", {**RSVP, "status": "waitlisted"}, {**RSVP, "status": "going"}))
    assert promoted == [WaitlistPromoted("o", "u", "w-1", "c")]
    assert rsvp_events(_change("INSERT", None, {**RSVP, "status": "going"})) == []  # a place taken at once
    checked = {**RSVP, "status": "going", "attended_at": "2027-01-05T09:05:00.000000+0000"}
    attended = rsvp_events(_change("MODIFY", {**RSVP, "status": "going"}, checked))
    assert attended == [WorkshopAttended("o", "u", "w-1", "c", checked["attended_at"])]
    assert attended[0].source_id == "workshop-attended#w-1#u"  # the award's key: one per person and session
    assert rsvp_events(_change("MODIFY", checked, {**checked, "wrong_codes": "1"})) == []


def test_only_a_cancellation_of_a_scheduled_occurrence_tells_people() -> None:
    scheduled = {"org_id": "o", "workshop_id": "w-1", "community_id": "c", "status": "scheduled"}
    cancelled = {**scheduled, "status": "cancelled"}
    assert workshop_events(ItemChange("MODIFY", "workshop", cancelled, scheduled)) == [
        WorkshopCancelled("o", "w-1", "c")
    ]
    assert workshop_events(ItemChange("MODIFY", "workshop", cancelled, cancelled)) == []
