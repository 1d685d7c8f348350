"""Workshops and meetups of a community: planning by its organisers, RSVPs with a waitlist, calendar
files and check-in by code (/v1/communities/{community_id}/workshops...)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from chalicelib.api.framework import Api, ApiRequest, Created
from chalicelib.api.relations import Relation
from chalicelib.api.schemas import PageQuery
from chalicelib.api.workshop_models import (
    CalendarFile,
    CalendarQuery,
    CheckInCode,
    CheckInDraft,
    Workshop,
    WorkshopAttendee,
    WorkshopAttendees,
    WorkshopChange,
    WorkshopDraft,
    WorkshopList,
    WorkshopPage,
    WorkshopSeries,
    WorkshopSummary,
)
from chalicelib.communities.membership import load_access
from chalicelib.ids import iso, utc_now
from chalicelib.store import workshops as store
from chalicelib.workshops import planning, rsvps

api = Api(__name__, tag="workshops")

BASE = "/v1/communities/{community_id}/workshops"
ONE = BASE + "/{workshop_id}"
PAST_GRACE = timedelta(hours=12)  # the list still shows a workshop that started this morning


def _local(moment: datetime, org_id: str) -> datetime:
    """A wall-clock time in the organisation's zone (a time given with an offset is converted)."""
    if moment.tzinfo is None:
        return moment.replace(second=0, microsecond=0)
    zone = ZoneInfo(planning.organisation_timezone(org_id))
    return moment.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0)


def _may_organise(request: ApiRequest) -> bool:
    return load_access(request.principal, request.path_params["community_id"]).is_event_organiser


@api.route(
    BASE,
    "GET",
    operation_id="listWorkshops",
    summary="A community's coming workshops and meetups, soonest first, with my answer to each",
    relation=Relation.COMMUNITY_READER,
    query=PageQuery,
    response=WorkshopList,
)
def list_workshops(request: ApiRequest) -> WorkshopList:
    query: PageQuery = request.query
    org_id, community_id = request.principal.org_id, request.path_params["community_id"]
    page = store.list_community_workshops(
        org_id, community_id, iso(utc_now() - PAST_GRACE), query.limit, request.cursor_in(query.cursor)
    )
    mine = store.my_rsvps(org_id, request.principal.user_id, [w.workshop_id for w in page.items])
    items = [
        WorkshopSummary(
            workshop=Workshop.of(w),
            my_status=mine[w.workshop_id].status if w.workshop_id in mine else "none",  # type: ignore[arg-type]
        )
        for w in page.items
        if w.ends_at > utc_now()
    ]
    next_cursor = request.cursor_out(page.last_key)
    return WorkshopList(items=items, next_cursor=next_cursor, may_organise=_may_organise(request))


@api.route(
    BASE,
    "POST",
    operation_id="createWorkshop",
    summary="Plan a workshop or meetup, once or every N weeks (each occurrence stored on its own)",
    relation=Relation.EVENT_ORGANISER,
    request=WorkshopDraft,
    response=WorkshopSeries,
    status=201,
    idempotent=True,
)
def create_workshop(request: ApiRequest) -> Created:
    body: WorkshopDraft = request.body
    community_id = request.path_params["community_id"]
    load_access(request.principal, community_id).require_open_for_changes()
    plan = planning.Plan(
        title=body.title,
        description=body.description,
        place=body.place,
        online_url=body.online_url,
        starts_local=_local(body.starts_at, request.principal.org_id),
        duration=timedelta(minutes=body.duration_minutes),
        capacity=body.capacity,
        rsvp_closes_before=timedelta(hours=body.rsvp_closes_hours_before),
        every_weeks=body.every_weeks,
        occurrences=body.occurrences,
    )
    items = planning.create_series(request.principal, community_id, plan)
    location = f"{BASE.replace('{community_id}', community_id)}/{items[0].workshop_id}"
    return Created(WorkshopSeries(items=[Workshop.of(i) for i in items]), location)


@api.route(
    ONE,
    "GET",
    operation_id="getWorkshop",
    summary="A workshop occurrence with my answer and my place on the waitlist",
    relation=Relation.COMMUNITY_READER,
    response=WorkshopPage,
)
def get_workshop(request: ApiRequest) -> WorkshopPage:
    p = request.path_params
    answer = rsvps.view(request.principal, p["community_id"], p["workshop_id"])
    return WorkshopPage.of(answer, _may_organise(request))


@api.route(
    ONE,
    "PATCH",
    operation_id="updateWorkshop",
    summary="Change one occurrence (time, place, capacity...); a raised capacity promotes the waitlist",
    relation=Relation.EVENT_ORGANISER,
    request=WorkshopChange,
    response=Workshop,
)
def update_workshop(request: ApiRequest) -> Workshop:
    body: WorkshopChange = request.body
    p = request.path_params
    change = planning.Change(
        title=body.title,
        description=body.description,
        place=body.place,
        online_url=body.online_url,
        starts_local=_local(body.starts_at, request.principal.org_id) if body.starts_at else None,
        duration=timedelta(minutes=body.duration_minutes) if body.duration_minutes else None,
        capacity=body.capacity,
    )
    changed = planning.change_occurrence(request.principal, p["community_id"], p["workshop_id"], change)
    return Workshop.of(changed)


@api.route(
    ONE + "/cancel",
    "POST",
    operation_id="cancelWorkshop",
    summary="Cancel one occurrence: everyone who answered is told, its reminders are dropped",
    relation=Relation.EVENT_ORGANISER,
    response=Workshop,
)
def cancel_workshop(request: ApiRequest) -> Workshop:
    p = request.path_params
    return Workshop.of(planning.cancel_occurrence(request.principal, p["community_id"], p["workshop_id"]))


@api.route(
    ONE + "/rsvp",
    "PUT",
    operation_id="rsvpWorkshop",
    summary="Come to a workshop: a place while one is free, the waitlist otherwise (again: unchanged)",
    relation=Relation.COMMUNITY_READER,
    response=WorkshopPage,
)
def rsvp_workshop(request: ApiRequest) -> WorkshopPage:
    p = request.path_params
    answer = rsvps.rsvp(request.principal, p["community_id"], p["workshop_id"])
    return WorkshopPage.of(answer, _may_organise(request))


@api.route(
    ONE + "/rsvp",
    "DELETE",
    operation_id="cancelWorkshopRsvp",
    summary="Cancel my RSVP: my place goes to the first on the waitlist",
    relation=Relation.COMMUNITY_READER,
    response=WorkshopPage,
)
def cancel_rsvp(request: ApiRequest) -> WorkshopPage:
    p = request.path_params
    answer = rsvps.cancel(request.principal, p["community_id"], p["workshop_id"])
    return WorkshopPage.of(answer, _may_organise(request))


@api.route(
    ONE + "/calendar",
    "GET",
    operation_id="getWorkshopCalendar",
    summary="An .ics calendar file for this occurrence, or for every occurrence of its series",
    relation=Relation.COMMUNITY_READER,
    query=CalendarQuery,
    response=CalendarFile,
)
def get_calendar(request: ApiRequest) -> CalendarFile:
    p = request.path_params
    query: CalendarQuery = request.query
    # The calendar file's code loads for this route only.
    from chalicelib.calendar_files import MEDIA_TYPE
    from chalicelib.workshops import calendar

    name, text = calendar.calendar_for(request.principal, p["community_id"], p["workshop_id"], query.series)
    return CalendarFile(filename=name, media_type=MEDIA_TYPE, content=text)


@api.route(
    ONE + "/attendees",
    "GET",
    operation_id="listWorkshopAttendees",
    summary="For organisers: who has a place, the waitlist in order, and who checked in",
    relation=Relation.EVENT_ORGANISER,
    response=WorkshopAttendees,
)
def list_attendees(request: ApiRequest) -> WorkshopAttendees:
    p = request.path_params
    workshop, people = planning.attendees(request.principal, p["community_id"], p["workshop_id"])
    return WorkshopAttendees(workshop=Workshop.of(workshop), items=[WorkshopAttendee.of(a) for a in people])


@api.route(
    ONE + "/check-in-code",
    "GET",
    operation_id="getWorkshopCheckInCode",
    summary="For organisers: the code to show at the workshop, and when it is accepted",
    relation=Relation.EVENT_ORGANISER,
    response=CheckInCode,
)
def get_check_in_code(request: ApiRequest) -> CheckInCode:
    p = request.path_params
    from chalicelib.workshops import check_in  # the check-in routes only

    _, view = check_in.code_for_organiser(request.principal, p["community_id"], p["workshop_id"])
    return CheckInCode.of(view, utc_now())


@api.route(
    ONE + "/check-in",
    "POST",
    operation_id="checkInToWorkshop",
    summary="Check in at a workshop with the code shown there (during the workshop, a few tries)",
    relation=Relation.COMMUNITY_READER,
    request=CheckInDraft,
    response=WorkshopPage,
)
def check_in_to_workshop(request: ApiRequest) -> WorkshopPage:
    from chalicelib.workshops import check_in  # the check-in routes only

    body: CheckInDraft = request.body
    p = request.path_params
    check_in.check_in(request.principal, p["community_id"], p["workshop_id"], body.code)
    answer = rsvps.view(request.principal, p["community_id"], p["workshop_id"])
    return WorkshopPage.of(answer, _may_organise(request))
