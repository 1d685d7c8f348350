"""Calendar files (iCalendar, RFC 5545) for workshops, intervision sessions and other meetings.

One VEVENT per occurrence, with times in UTC: a recurring series is written out occurrence by
occurrence (each with its own UID) rather than as an RRULE, because our occurrences are stored one
by one (a moved or cancelled session changes only its own event) and because a TZID needs a
VTIMEZONE block that calendar apps disagree about. UTC times are shown in the reader's own zone.

An update to an event is the same UID with a higher SEQUENCE; a cancellation is STATUS:CANCELLED
with METHOD:CANCEL, which calendar apps apply to the event they imported earlier.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

PRODUCT_ID = "-//Kring//Social Learning Communities//EN"
MEDIA_TYPE = "text/calendar; charset=utf-8"
_LINE_OCTETS = 75  # RFC 5545 3.1: lines longer than 75 octets are folded


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # stable for the occurrence, unique across organisations: "<kind>-<id>@kring"
    starts_at: datetime  # timezone-aware
    ends_at: datetime  # timezone-aware, after starts_at
    summary: str
    description: str = ""
    location: str = ""  # a place, or the online link
    url: str = ""  # where the event is in the app
    sequence: int = 0  # raised on every change people should see in their calendar
    cancelled: bool = False
    updated_at: datetime | None = None  # DTSTAMP; the start of the event's last change


def calendar_file(events: Sequence[CalendarEvent], *, name: str = "") -> str:
    """The .ics text for one or more events (CRLF line ends, folded, escaped)."""
    if not events:
        raise ValueError("a calendar file needs at least one event")
    cancelling = all(event.cancelled for event in events)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{'CANCEL' if cancelling else 'PUBLISH'}",
    ]
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for event in events:
        lines.extend(_event_lines(event))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def _event_lines(event: CalendarEvent) -> list[str]:
    if event.starts_at.tzinfo is None or event.ends_at.tzinfo is None:
        raise ValueError("calendar times must be timezone-aware")
    if event.ends_at <= event.starts_at:
        raise ValueError("an event ends after it starts")
    stamp = event.updated_at or event.starts_at
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.uid)}",
        f"DTSTAMP:{utc_stamp(stamp)}",
        f"DTSTART:{utc_stamp(event.starts_at)}",
        f"DTEND:{utc_stamp(event.ends_at)}",
        f"SEQUENCE:{event.sequence}",
        f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    lines.append("END:VEVENT")
    return lines


def utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def escape_text(text: str) -> str:
    """TEXT values (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks are escaped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into 75-octet pieces, never inside a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= _LINE_OCTETS:
        return line
    pieces: list[str] = []
    current = ""
    limit = _LINE_OCTETS
    for char in line:
        if len((current + char).encode("utf-8")) > limit:
            pieces.append(current)
            current = char
            limit = _LINE_OCTETS - 1  # continuation lines start with one space
        else:
            current += char
    pieces.append(current)
    return "\r\n ".join(pieces)
