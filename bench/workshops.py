"""The workshop operations of the workload: the manager plans a workshop starting in ten minutes with
one place (and a weekly series of four), the learner takes the place, the admin joins the waitlist,
the learner gives the place up (the admin is promoted), the admin checks in with the code; the lists,
the page, the calendar files, the attendees, a change and a cancellation; one reminder run."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo


def _local(moment: datetime) -> str:
    return moment.astimezone(ZoneInfo("Europe/Brussels")).strftime("%Y-%m-%dT%H:%M")


def exercise_workshops(http: Any, seed: Any, workload: Any, org: Any) -> None:
    from bench.workload import BenchFailure
    from chalicelib.ids import utc_now
    from chalicelib.workshops.reminders import send_reminder

    learner, manager, admin = org.learner.token, org.manager.token, org.admin.token
    base = f"/v1/communities/{org.community_id}/workshops"
    draft = {
        "title": "Spreadsheets together",
        "place": "Room 2.01",
        "starts_at": _local(utc_now() + timedelta(minutes=10)),
        "duration_minutes": 60,
        "capacity": 1,
    }
    made = http("createWorkshop", "POST", base, manager, expect=201, body=draft).json()
    workshop = made["items"][0]
    one = f"{base}/{workshop['id']}"
    weekly = {**draft, "starts_at": _local(utc_now() + timedelta(days=2)), "every_weeks": 1, "occurrences": 4}
    series = http("createWorkshop:series", "POST", base, manager, expect=201, body=weekly).json()["items"]

    if http("rsvpWorkshop", "PUT", one + "/rsvp", learner).json()["my_status"] != "going":
        raise BenchFailure("rsvpWorkshop: the learner did not get the free place")
    waiting = http("rsvpWorkshop:waitlist", "PUT", one + "/rsvp", admin).json()
    if waiting["my_status"] != "waitlisted" or waiting["waitlist_position"] != 1:
        raise BenchFailure(f"rsvpWorkshop:waitlist: {waiting['my_status']} at {waiting['waitlist_position']}")
    http("rsvpWorkshop:replay", "PUT", one + "/rsvp", admin)
    http("getWorkshop", "GET", one, admin)
    http("listWorkshops", "GET", base + "?limit=20", learner)
    http("getWorkshopCalendar", "GET", one + "/calendar", learner)
    http("getWorkshopCalendar:series", "GET", f"{base}/{series[0]['id']}/calendar?series=true", learner)
    cancelled = http("cancelWorkshopRsvp", "DELETE", one + "/rsvp", learner).json()
    if cancelled["workshop"]["going"] != 1 or cancelled["workshop"]["waiting"] != 0:
        raise BenchFailure("cancelWorkshopRsvp: the waitlist was not promoted")
    http("listWorkshopAttendees", "GET", one + "/attendees", manager)
    code = http("getWorkshopCheckInCode", "GET", one + "/check-in-code", manager).json()["code"]
    checked = http("checkInToWorkshop", "POST", one + "/check-in", admin, body={"code": code}).json()
    if not checked["attended"]:
        raise BenchFailure("checkInToWorkshop: the promoted admin is not checked in")
    http("updateWorkshop", "PATCH", f"{base}/{series[1]['id']}", manager, body={"capacity": 20})
    http("cancelWorkshop", "POST", f"{base}/{series[2]['id']}/cancel", manager)
    # A reminder run for an occurrence with one person going: the occurrence, its RSVPs, and per
    # person their profile and the notification (bench/cost.py prices it per person).
    with workload.measuring("job:workshopReminder"):
        send_reminder(org.org_id, workshop["id"], "hour", workshop["starts_at"])
