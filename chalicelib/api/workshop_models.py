"""Request and response shapes of the workshop routes (chalicelib/api/workshops.py)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.api.schemas import request_model_config
from chalicelib.ids import iso
from chalicelib.store.models import WorkshopItem
from chalicelib.workshops import rules
from chalicelib.workshops.planning import Attendee
from chalicelib.workshops.rsvps import MyAnswer

if TYPE_CHECKING:
    from chalicelib.workshops.check_in import CodeView

RsvpStatus = Literal["none", "going", "waitlisted", "cancelled"]


class Workshop(BaseModel):
    id: str
    series_id: str
    occurrence: int  # 1..occurrences
    occurrences: int
    community_id: str
    organiser_id: str
    title: str
    description: str
    place: str | None
    online_url: str | None
    starts_at: str  # UTC
    ends_at: str
    starts_local: str  # wall-clock time in `timezone` (the organisation's)
    ends_local: str
    timezone: str
    rsvp_until: str
    capacity: int
    going: int
    waiting: int
    places_left: int
    status: Literal["scheduled", "cancelled"]

    @classmethod
    def of(cls, item: WorkshopItem) -> Workshop:
        zone = ZoneInfo(item.timezone)
        return cls(
            id=item.workshop_id,
            series_id=item.series_id,
            occurrence=int(item.occurrence),
            occurrences=int(item.occurrences),
            community_id=item.community_id,
            organiser_id=item.organiser_id,
            title=item.title,
            description=item.description or "",
            place=item.place,
            online_url=item.online_url,
            starts_at=iso(item.starts_at),
            ends_at=iso(item.ends_at),
            starts_local=item.starts_at.astimezone(zone).strftime("%Y-%m-%dT%H:%M"),
            ends_local=item.ends_at.astimezone(zone).strftime("%Y-%m-%dT%H:%M"),
            timezone=item.timezone,
            rsvp_until=iso(item.rsvp_until),
            capacity=int(item.capacity),
            going=int(item.going),
            waiting=int(item.waiting),
            places_left=max(0, int(item.capacity) - int(item.going)),
            status=item.status,  # type: ignore[arg-type]
        )


class WorkshopSummary(BaseModel):
    workshop: Workshop
    my_status: RsvpStatus


class WorkshopList(BaseModel):
    items: list[WorkshopSummary]
    next_cursor: str | None
    may_organise: bool  # the caller may plan workshops in this community


class WorkshopPage(BaseModel):
    """An occurrence as the caller sees it: their answer and place on the waitlist."""

    workshop: Workshop
    my_status: RsvpStatus
    waitlist_position: int | None  # 1: next to get a place
    attended: bool
    may_organise: bool

    @classmethod
    def of(cls, answer: MyAnswer, may_organise: bool) -> WorkshopPage:
        return cls(
            workshop=Workshop.of(answer.workshop),
            my_status=answer.status,  # type: ignore[arg-type]
            waitlist_position=answer.position,
            attended=answer.rsvp is not None and answer.rsvp.attended_at is not None,
            may_organise=may_organise,
        )


class WorkshopSeries(BaseModel):
    items: list[Workshop]  # every occurrence created, in order


class WorkshopDraft(BaseModel):
    model_config = request_model_config(
        {
            "title": "Giving feedback that lands",
            "description": "Practise the feedback model in pairs.",
            "place": "Room 3.14, Brussels office",
            "starts_at": "2026-12-15T14:00",
            "duration_minutes": 90,
            "capacity": 12,
            "rsvp_closes_hours_before": 24,
            "every_weeks": 1,
            "occurrences": 4,
        }
    )

    title: str = Field(min_length=1, max_length=140)
    description: str = Field("", max_length=4000)
    place: str | None = Field(None, max_length=300)
    online_url: str | None = Field(None, max_length=500, pattern=r"^https://\S+$")
    starts_at: datetime = Field(description="The first start, a wall-clock time in the organisation's zone")
    duration_minutes: int = Field(ge=5, le=720)
    capacity: int = Field(ge=1, le=rules.MAX_CAPACITY)
    rsvp_closes_hours_before: int = Field(0, ge=0, le=24 * 14)
    every_weeks: int = Field(1, ge=1, le=rules.MAX_EVERY_WEEKS)
    occurrences: int = Field(1, ge=1, le=rules.MAX_OCCURRENCES)


class WorkshopChange(BaseModel):
    model_config = request_model_config({"capacity": 15, "starts_at": "2026-12-15T15:00"})

    title: str | None = Field(None, min_length=1, max_length=140)
    description: str | None = Field(None, max_length=4000)
    place: str | None = Field(None, max_length=300)
    online_url: str | None = Field(None, max_length=500, pattern=r"^(https://\S+)?$")
    starts_at: datetime | None = Field(None, description="A wall-clock time in the organisation's time zone")
    duration_minutes: int | None = Field(None, ge=5, le=720)
    capacity: int | None = Field(None, ge=1, le=rules.MAX_CAPACITY)


class CalendarQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    series: bool = Field(False, description="Every occurrence of the series, not only this one")


class CalendarFile(BaseModel):
    filename: str
    media_type: str
    content: str  # iCalendar text (RFC 5545)


class WorkshopAttendee(BaseModel):
    user_id: str
    display_name: str
    status: Literal["going", "waitlisted"]
    waitlist_ticket: int | None
    answered_at: str
    attended: bool

    @classmethod
    def of(cls, attendee: Attendee) -> WorkshopAttendee:
        rsvp = attendee.rsvp
        return cls(
            user_id=rsvp.user_id,
            display_name=attendee.name,
            status=rsvp.status,  # type: ignore[arg-type]
            waitlist_ticket=int(rsvp.ticket) if rsvp.ticket is not None else None,
            answered_at=iso(rsvp.answered_at),
            attended=rsvp.attended_at is not None,
        )


class WorkshopAttendees(BaseModel):
    workshop: Workshop
    items: list[WorkshopAttendee]


class CheckInCode(BaseModel):
    code: str
    valid_from: str
    valid_until: str
    open_now: bool

    @classmethod
    def of(cls, view: CodeView, now: datetime) -> CheckInCode:
        return cls(
            code=view.code,
            valid_from=iso(view.window.opens_at),
            valid_until=iso(view.window.closes_at),
            open_now=view.window.holds(now),
        )


class CheckInDraft(BaseModel):
    model_config = request_model_config({"code": "K7PQ4M"})

    code: str = Field(min_length=1, max_length=16)
