"""Workshops and meetups: a mentor plans a series in the organisation's time zone, people RSVP, the
waitlist is promoted exactly (also under concurrent RSVPs and cancellations), check-in by code
earns the attendance points once, the organiser cancels and everyone is told; and what a hostile
colleague cannot do."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from chalice.test import Client

from chalicelib import ids
from chalicelib.communities import membership
from chalicelib.errors import NotFound
from chalicelib.ids import iso, utc_now
from chalicelib.principal import Principal
from chalicelib.reactors.events.workshops import WaitlistPromoted, WorkshopAttended
from chalicelib.reactors.workshops import award_attendance, notify_promoted
from chalicelib.store import workshops as store
from chalicelib.workshops import rsvps
from local import emulator
from local.emulator import LocalResources
from tests.integration.test_notifications import inbox
from tests.support.stack import ApiClient, start_test_stack, unique
from tests.support.streams import StreamDrain
from tests.support.world import OrgWorld, Person, _person, build_org

pytestmark = pytest.mark.usefixtures("direct_emulator")  # see tests/integration/conftest.py


@dataclass
class Club:
    world: OrgWorld
    mentor: Person  # the community's mentor: organises its workshops
    people: list[Person]  # five members of the community

    def base(self) -> str:
        return f"/v1/communities/{self.world.community_id}/workshops"


@pytest.fixture(scope="module")
def club(resources: LocalResources) -> Club:
    start_test_stack()
    world = build_org(resources, "workshop")
    mentor = _person(resources, world.org_id, "learner")
    membership.join(mentor.principal(world.org_id), world.community_id)
    membership.set_role(world.manager.principal(world.org_id), world.community_id, mentor.user_id, "mentor")
    people = [_person(resources, world.org_id, "learner") for _ in range(4)]
    for person in people:
        membership.join(person.principal(world.org_id), world.community_id)
    return Club(world, mentor, [world.learner, *people])  # the world's learner is a member already


@pytest.fixture
def clock() -> Iterator[None]:
    yield
    ids.travel(timedelta(0))


def local_in(days: int, hour: int = 14) -> str:
    day = (utc_now() + timedelta(days=days)).astimezone(ZoneInfo("Europe/Brussels")).date()
    return f"{day.isoformat()}T{hour:02d}:00"


def plan(api: ApiClient, club: Club, capacity: int = 3, **extra: Any) -> dict[str, Any]:
    body = {
        "title": unique("Feedback that lands"),
        "place": "Room 3.14",
        "starts_at": local_in(3),
        "duration_minutes": 90,
        "capacity": capacity,
        **extra,
    }
    made = api.post(club.base(), club.mentor.token, body)
    assert made.status == 201, made.body
    first: dict[str, Any] = made.json()["items"][0]
    return first


def rsvp(api: ApiClient, club: Club, workshop_id: str, person: Person) -> dict[str, Any]:
    reply = api.put(f"{club.base()}/{workshop_id}/rsvp", person.token)
    assert reply.status == 200, reply.body
    answer: dict[str, Any] = reply.json()
    return answer


def test_a_mentor_plans_a_series_every_two_weeks_at_the_same_local_hour(
    api: ApiClient, club: Club, resources: LocalResources
) -> None:
    made = api.post(
        club.base(),
        club.mentor.token,
        {
            "title": "Coaching circle",
            "online_url": "https://meet.example.com/circle",
            "starts_at": local_in(2, 9),
            "duration_minutes": 60,
            "capacity": 8,
            "every_weeks": 2,
            "occurrences": 3,
            "rsvp_closes_hours_before": 2,
        },
    )
    assert made.status == 201, made.body
    items = made.json()["items"]
    assert [i["occurrence"] for i in items] == [1, 2, 3]
    assert {i["starts_local"][11:] for i in items} == {"09:00"}
    assert {i["timezone"] for i in items} == {"Europe/Brussels"}
    first, second = (datetime.fromisoformat(i["starts_local"]) for i in items[:2])
    assert second - first == timedelta(weeks=2)

    # Each occurrence has its own reminders, a day and an hour before.
    from chalicelib.workshops.planning import reminder_schedule_name

    scheduler = emulator.client("scheduler", resources.endpoint_url)
    occurrence = store.get_workshop(club.world.org_id, items[1]["id"])
    assert occurrence is not None
    for reminder in ("day", "hour"):
        name = reminder_schedule_name(occurrence, reminder)
        assert scheduler.get_schedule(Name=name, GroupName=emulator.SCHEDULE_GROUP)["State"] == "ENABLED"

    # One occurrence moves; the others stay where they were.
    moved = api.patch(f"{club.base()}/{items[1]['id']}", club.mentor.token, {"starts_at": local_in(16, 11)})
    assert moved.status == 200, moved.body
    assert moved.json()["starts_local"].endswith("T11:00")
    listed = api.get(club.base() + "?limit=50", club.people[0].token).json()["items"]
    mine = [w["workshop"] for w in listed if w["workshop"]["series_id"] == items[0]["series_id"]]
    assert [w["starts_local"][11:] for w in mine] == ["09:00", "11:00", "09:00"]

    series = api.get(f"{club.base()}/{items[0]['id']}/calendar?series=true", club.people[0].token).json()
    assert series["media_type"].startswith("text/calendar")
    assert series["content"].count("BEGIN:VEVENT") == 3
    one = api.get(f"{club.base()}/{items[1]['id']}/calendar", club.people[0].token).json()["content"]
    assert one.count("BEGIN:VEVENT") == 1 and "SEQUENCE:1" in one and "meet.example.com" in one


def test_three_places_five_rsvps_and_a_cancellation_promotes_the_first_on_the_waitlist(
    api: ApiClient, club: Club, drain_stream: StreamDrain
) -> None:
    workshop = plan(api, club, capacity=3)
    answers = [rsvp(api, club, workshop["id"], person) for person in club.people]
    assert [a["my_status"] for a in answers] == ["going"] * 3 + ["waitlisted"] * 2
    assert [a["waitlist_position"] for a in answers[3:]] == [1, 2]
    again = rsvp(api, club, workshop["id"], club.people[3])  # a retried RSVP changes nothing
    assert again["my_status"] == "waitlisted" and again["workshop"]["waiting"] == 2

    cancelled = api.call("DELETE", f"{club.base()}/{workshop['id']}/rsvp", club.people[1].token)
    assert cancelled.status == 200 and cancelled.json()["my_status"] == "cancelled"
    promoted = api.get(f"{club.base()}/{workshop['id']}", club.people[3].token).json()
    assert promoted["my_status"] == "going"
    assert promoted["workshop"]["going"] == 3 and promoted["workshop"]["waiting"] == 1
    last = api.get(f"{club.base()}/{workshop['id']}", club.people[4].token).json()
    assert (last["my_status"], last["waitlist_position"]) == ("waitlisted", 1)

    drain_stream()
    # The event again (a redelivered record): nobody is told twice.
    notify_promoted(
        WaitlistPromoted(club.world.org_id, club.people[3].user_id, workshop["id"], club.world.community_id)
    )
    told = [n for n in inbox(api, club.people[3]) if n["kind"] == "workshop_promoted"]
    assert len(told) == 1 and told[0]["content_id"] == workshop["id"]

    attendees = api.get(f"{club.base()}/{workshop['id']}/attendees", club.mentor.token).json()["items"]
    assert [a["status"] for a in attendees] == ["going"] * 3 + ["waitlisted"]
    assert attendees[-1]["user_id"] == club.people[4].user_id

    # A raised capacity gives the last one a place too; a lower one than the places given is refused.
    raised = api.patch(f"{club.base()}/{workshop['id']}", club.mentor.token, {"capacity": 4})
    assert raised.status == 200 and raised.json()["going"] == 4
    assert api.patch(f"{club.base()}/{workshop['id']}", club.mentor.token, {"capacity": 2}).status == 409


def test_concurrent_rsvps_and_cancellations_never_overbook_and_lose_no_promotion(
    api: ApiClient, club: Club
) -> None:
    workshop = plan(api, club, capacity=3)
    org_id, community_id, workshop_id = club.world.org_id, club.world.community_id, workshop["id"]
    crowd = [Principal(org_id, f"crowd-{n}-{unique('u')}", "", frozenset()) for n in range(6)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        first = list(pool.map(lambda p: rsvps.rsvp(p, community_id, workshop_id).status, crowd))
    assert first.count("going") == 3 and first.count("waitlisted") == 3

    going = [p for p, s in zip(crowd, first, strict=True) if s == "going"]
    latecomers = [Principal(org_id, f"late-{n}-{unique('u')}", "", frozenset()) for n in range(2)]

    def act(step: tuple[str, Principal]) -> None:
        kind, who = step
        if kind == "cancel":
            rsvps.cancel(who, community_id, workshop_id)
        else:
            rsvps.rsvp(who, community_id, workshop_id)

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(act, [("cancel", p) for p in going[:2]] + [("rsvp", p) for p in latecomers]))

    occurrence = store.get_workshop(org_id, workshop_id)
    assert occurrence is not None
    answers = [r for r in store.list_rsvps(org_id, workshop_id) if r.status != "cancelled"]
    confirmed = [r for r in answers if r.status == "going"]
    waiting = [r for r in answers if r.status == "waitlisted"]
    assert len(confirmed) == int(occurrence.going) == 3  # full again, never more
    assert len(waiting) == int(occurrence.waiting) == 3 - 2 + 2
    # The two places went to the first two on the waitlist, not to a latecomer.
    latecomer_ids = {p.user_id for p in latecomers}
    assert not latecomer_ids & {r.user_id for r in confirmed}
    head = store.first_waiting(org_id, workshop_id)
    assert head is not None and head.user_id in {r.user_id for r in waiting}


def test_check_in_with_the_code_during_the_workshop_earns_the_points_once(
    api: ApiClient, club: Club, drain_stream: StreamDrain, clock: None
) -> None:
    workshop = plan(api, club, capacity=5)
    guesser, attendee = club.people[0], club.people[1]
    for person in (guesser, attendee):
        rsvp(api, club, workshop["id"], person)
    path = f"{club.base()}/{workshop['id']}"
    code = api.get(path + "/check-in-code", club.mentor.token).json()
    assert code["open_now"] is False
    assert api.post(path + "/check-in", attendee.token, {"code": code["code"]}).status == 409  # too early

    ids.travel(datetime.fromisoformat(workshop["starts_at"]) - utc_now() - timedelta(minutes=5))
    assert api.get(path + "/check-in-code", club.mentor.token).json()["open_now"] is True
    for _ in range(5):
        assert api.post(path + "/check-in", guesser.token, {"code": "AAAAAA"}).status == 422
    locked = api.post(path + "/check-in", guesser.token, {"code": code["code"]})
    assert locked.status == 429  # even the right code, after five wrong ones
    # Answering again does not give new tries.
    assert api.call("DELETE", path + "/rsvp", guesser.token).status == 200
    rsvp(api, club, workshop["id"], guesser)
    assert api.post(path + "/check-in", guesser.token, {"code": code["code"]}).status == 429

    checked = api.post(path + "/check-in", attendee.token, {"code": code["code"].lower()})
    assert checked.status == 200 and checked.json()["attended"] is True
    assert api.post(path + "/check-in", attendee.token, {"code": code["code"]}).status == 200  # a retry
    drain_stream()
    rsvp_item = store.get_rsvp(club.world.org_id, workshop["id"], attendee.user_id)
    assert rsvp_item is not None and rsvp_item.attended_at is not None
    attended = WorkshopAttended(
        club.world.org_id,
        attendee.user_id,
        workshop["id"],
        club.world.community_id,
        iso(rsvp_item.attended_at),
    )
    award_attendance(attended)  # the event again (a redelivered record): no second award
    ledger = api.get("/v1/me/points/ledger?limit=50", attendee.token).json()["items"]
    assert [e["action"] for e in ledger if e["action"] == "workshop_attended"] == ["workshop_attended"]

    ids.travel(datetime.fromisoformat(workshop["ends_at"]) - utc_now() + timedelta(minutes=1))
    assert api.post(path + "/check-in", club.people[2].token, {"code": code["code"]}).status == 409


def test_the_organiser_cancels_and_everyone_who_answered_is_told(
    api: ApiClient, club: Club, drain_stream: StreamDrain, lambdas: Client
) -> None:
    workshop = plan(api, club, capacity=1)
    for person in club.people[:2]:
        rsvp(api, club, workshop["id"], person)
    payload = {
        "job": "workshop_reminder",
        "org_id": club.world.org_id,
        "args": {"workshop_id": workshop["id"], "reminder": "day", "starts_at": workshop["starts_at"]},
    }
    assert lambdas.lambda_.invoke("run_scheduled_job", payload).payload["result"] == 1  # the one going
    assert lambdas.lambda_.invoke("run_scheduled_job", payload).payload["result"] == 0  # a replay

    cancelled = api.post(f"{club.base()}/{workshop['id']}/cancel", club.mentor.token)
    assert cancelled.status == 200 and cancelled.json()["status"] == "cancelled"
    assert api.put(f"{club.base()}/{workshop['id']}/rsvp", club.people[2].token).status == 409
    assert lambdas.lambda_.invoke("run_scheduled_job", payload).payload["result"] == 0
    drain_stream()
    for person in club.people[:2]:
        kinds = [n["kind"] for n in inbox(api, person) if n.get("content_id") == workshop["id"]]
        assert kinds.count("workshop_cancelled") == 1


def test_a_plain_member_cannot_organise_nor_cancel_someone_elses_rsvp(api: ApiClient, club: Club) -> None:
    workshop = plan(api, club, capacity=2)
    path = f"{club.base()}/{workshop['id']}"
    owner, member = club.people[0], club.people[1]
    rsvp(api, club, workshop["id"], owner)
    draft = {"title": "Mine", "place": "x", "starts_at": local_in(3), "duration_minutes": 30, "capacity": 2}
    assert api.post(club.base(), member.token, draft).status == 403
    assert api.patch(path, member.token, {"capacity": 1}).status == 403
    assert api.post(path + "/cancel", member.token).status == 403
    assert api.get(path + "/attendees", member.token).status == 403
    assert api.get(path + "/check-in-code", member.token).status == 403
    # Cancelling acts on the caller's own RSVP only: the owner keeps their place.
    assert api.call("DELETE", path + "/rsvp", member.token).json()["my_status"] == "none"
    assert api.get(path, owner.token).json()["my_status"] == "going"
    # The page never shows the check-in code.
    assert "check_in_code" not in api.get(path, member.token).body.decode()


def test_an_invite_only_communitys_workshop_is_not_for_outsiders_nor_other_organisations(
    api: ApiClient, club: Club
) -> None:
    world = club.world
    closed = api.post("/v1/communities", world.manager.token, {"name": unique("closed"), "goal": "x"})
    closed_id = closed.json()["id"]
    api.patch(f"/v1/communities/{closed_id}", world.manager.token, {"visibility": "invite_only"})
    draft = {"title": "Inner", "place": "x", "starts_at": local_in(3), "duration_minutes": 30, "capacity": 2}
    made = api.post(f"/v1/communities/{closed_id}/workshops", world.manager.token, draft)
    assert made.status == 201, made.body
    inner = f"/v1/communities/{closed_id}/workshops/{made.json()['items'][0]['id']}"
    outsider = club.people[0]
    assert api.put(inner + "/rsvp", outsider.token).status in (403, 404)
    assert api.get(inner, outsider.token).status in (403, 404)
    # The same workshop through the path of a community the outsider reads is not there.
    detour = f"{club.base()}/{made.json()['items'][0]['id']}"
    assert api.put(detour + "/rsvp", outsider.token).status == 404
    # Someone of another organisation naming these ids reaches nothing: every key starts with the
    # caller's own organisation (over HTTP, tests/integration/test_tenant_isolation.py tries every route).
    stranger = Principal(unique("elsewhere"), outsider.user_id, "", frozenset())
    for call in (rsvps.rsvp, rsvps.view, rsvps.cancel):
        with pytest.raises(NotFound):
            call(stranger, world.community_id, made.json()["items"][0]["id"])
