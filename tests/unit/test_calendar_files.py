"""Calendar files a learner imports into their phone's calendar for a workshop or a session."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from chalicelib.calendar_files import CalendarEvent, calendar_file, escape_text, fold

BRUSSELS = ZoneInfo("Europe/Brussels")


def _workshop(**changes: object) -> CalendarEvent:
    values: dict[str, object] = {
        "uid": "workshop-01J-occurrence-1@kring",
        "starts_at": datetime(2027, 3, 30, 14, 0, tzinfo=BRUSSELS),
        "ends_at": datetime(2027, 3, 30, 15, 30, tzinfo=BRUSSELS),
        "summary": "Excel: pivot tables",
    }
    values.update(changes)
    return CalendarEvent(**values)  # type: ignore[arg-type]


def test_a_workshop_becomes_one_event_in_utc_with_crlf_line_ends() -> None:
    text = calendar_file([_workshop(location="Room 2.14, Brussels")])

    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VEVENT\r\nEND:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    # 14:00 in Brussels on 30 March 2027 is summer time (UTC+2).
    assert "DTSTART:20270330T120000Z\r\n" in text
    assert "DTEND:20270330T133000Z\r\n" in text
    assert "LOCATION:Room 2.14\\, Brussels\r\n" in text
    assert "METHOD:PUBLISH\r\n" in text
    assert "STATUS:CONFIRMED\r\n" in text


def test_a_series_lists_every_occurrence_with_its_own_uid() -> None:
    first = _workshop()
    second = _workshop(
        uid="workshop-01J-occurrence-2@kring",
        starts_at=first.starts_at + timedelta(days=7),
        ends_at=first.ends_at + timedelta(days=7),
    )

    text = calendar_file([first, second], name="Excel club")

    assert text.count("BEGIN:VEVENT") == 2
    assert "UID:workshop-01J-occurrence-1@kring" in text
    assert "UID:workshop-01J-occurrence-2@kring" in text
    assert "X-WR-CALNAME:Excel club" in text


def test_a_cancelled_event_cancels_what_the_calendar_imported_before() -> None:
    text = calendar_file([_workshop(cancelled=True, sequence=2)])

    assert "METHOD:CANCEL\r\n" in text
    assert "STATUS:CANCELLED\r\n" in text
    assert "SEQUENCE:2\r\n" in text


def test_text_that_looks_like_syntax_is_escaped() -> None:
    assert escape_text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
    text = calendar_file([_workshop(summary="Break;in\r\nDTSTART:19700101T000000Z")])
    assert "\r\nDTSTART:19700101" not in text


def test_long_lines_are_folded_without_splitting_a_character() -> None:
    line = "DESCRIPTION:" + "é" * 100
    folded = fold(line)

    pieces = folded.split("\r\n ")
    assert all(len(piece.encode("utf-8")) <= 75 for piece in pieces[:1])
    assert all(len(piece.encode("utf-8")) <= 74 for piece in pieces[1:])
    assert "".join(pieces) == line


def test_times_must_say_their_zone_and_events_must_end_after_they_start() -> None:
    with pytest.raises(ValueError):
        calendar_file([_workshop(starts_at=datetime(2027, 3, 30, 14, 0))])
    with pytest.raises(ValueError):
        calendar_file([_workshop(ends_at=datetime(2027, 3, 30, 12, 0, tzinfo=UTC))])
    with pytest.raises(ValueError):
        calendar_file([])
