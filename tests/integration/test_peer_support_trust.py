"""Peer support against a hostile colleague: what someone who was let in once, or never, still
gets out of questions and answers, pairs, intervision groups and workshops."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from chalice.test import Client

from chalicelib import ids
from chalicelib.communities import membership
from chalicelib.communities import use_cases as communities
from chalicelib.communities.use_cases import NewCommunity
from chalicelib.ids import utc_now
from chalicelib.moderation import actions as moderation
from chalicelib.moderation.actions import ModerationRequest
from chalicelib.programmes import review, signups
from chalicelib.reactors.consumer import dispatch
from chalicelib.reactors.events.communities import MembershipEnded
from chalicelib.store import programmes as programmes_store
from chalicelib.store import workshops as workshops_store
from chalicelib.store.models import WorkshopItem
from chalicelib.workshops import rsvps
from local import emulator
from local.emulator import LocalResources
from tests.support.stack import ApiClient, start_test_stack, unique
from tests.support.streams import StreamDrain
from tests.support.world import Person, _person, _workshop_world

pytestmark = pytest.mark.usefixtures("direct_emulator")  # see tests/integration/conftest.py


class World:
    def __init__(self, resources: LocalResources) -> None:
        self.org_id = unique("peer")
        self.admin = _person(resources, self.org_id, "org_admin", admin=True)
        self.manager = _person(resources, self.org_id, "community_manager")
        self.mentor = _person(resources, self.org_id, "mentor")
        self.learner = _person(resources, self.org_id, "learner")
        community = communities.create_community(
            self.manager.principal(self.org_id),
            NewCommunity(unique("closed"), "By invitation", "Learn", ["digital"], "invite_only"),
        )
        self.community_id = community.community_id
        for person in (self.mentor, self.learner):
            membership.invite(self.manager.principal(self.org_id), self.community_id, person.user_id)
            membership.join(person.principal(self.org_id), self.community_id)


@pytest.fixture(scope="module")
def world(resources: LocalResources) -> World:
    start_test_stack()
    return World(resources)


def in_routed(api: ApiClient, person: Person) -> list[str]:
    reply = api.get("/v1/me/routed-questions", person.token)
    assert reply.status == 200, reply.body
    return [r["question"]["id"] for r in reply.json()["items"]]


def test_an_expert_who_left_a_closed_community_no_longer_reads_its_questions_sent_to_them(
    api: ApiClient, world: World, drain_stream: StreamDrain
) -> None:
    skill = unique("payroll").lower()
    assert api.put("/v1/me/expertise", world.mentor.token, {"skills": [skill]}).status == 200
    body = unique("Why was my salary paid late") + "?"
    asked = api.post(
        f"/v1/communities/{world.community_id}/questions",
        world.learner.token,
        {"body": body, "skill_tags": [skill]},
    )
    assert asked.status == 201, asked.body
    drain_stream()
    assert asked.json()["id"] in in_routed(api, world.mentor)

    membership.leave(world.mentor.principal(world.org_id), world.community_id)
    # The question as it is now (edits included) is only for those who may read the community.
    reply = api.get("/v1/me/routed-questions", world.mentor.token)
    assert asked.json()["id"] not in in_routed(api, world.mentor)
    assert body.encode() not in reply.body


def test_an_organiser_shrinking_a_workshop_never_erases_a_place_taken_meanwhile(
    api: ApiClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    organiser, learner = world.manager.principal(world.org_id), world.learner.principal(world.org_id)
    workshop_id = _workshop_world(organiser, learner, world.community_id, "Excel")  # 2 places, 1 taken
    one = f"/v1/communities/{world.community_id}/workshops/{workshop_id}"
    save = workshops_store.save_workshop
    landed: list[str] = []

    def a_place_is_taken_while_the_organiser_edits(item: WorkshopItem, read_version: int) -> bool:
        if not landed:  # the organiser read one place taken; the mentor takes the second now
            mentor = world.mentor.principal(world.org_id)
            landed.append(rsvps.rsvp(mentor, world.community_id, workshop_id).status)
        return save(item, read_version)

    monkeypatch.setattr(workshops_store, "save_workshop", a_place_is_taken_while_the_organiser_edits)
    shrunk = api.patch(one, world.manager.token, {"capacity": 1})
    monkeypatch.undo()

    assert landed == ["going"]
    assert shrunk.status == 409, shrunk.body  # two people have a place now
    workshop = api.get(one, world.manager.token).json()["workshop"]
    assert (workshop["capacity"], workshop["going"]) == (2, 2)
    people = api.get(one + "/attendees", world.manager.token).json()["items"]
    assert sorted(p["status"] for p in people) == ["going", "going"]


def run_due_job(resources: LocalResources, lambdas: Client, name: str) -> Any:
    """Fires the one-time schedule `name` as EventBridge Scheduler would: its payload to the job."""
    scheduler = emulator.client("scheduler", resources.endpoint_url)
    made = scheduler.get_schedule(Name=name, GroupName=emulator.SCHEDULE_GROUP)
    payload = json.loads(made["Target"]["Input"])
    return lambdas.lambda_.invoke("run_scheduled_job", payload).payload["result"]


def test_a_mentee_asking_for_a_rematch_never_gives_their_mentor_more_mentees_than_places(
    api: ApiClient, resources: LocalResources, lambdas: Client, world: World
) -> None:
    mentor = world.mentor
    a, b, c, d = (_person(resources, world.org_id, "learner") for _ in range(4))
    draft = {"name": unique("Mentoring"), "kind": "mentoring"}
    programme = f"/v1/programmes/{api.post('/v1/programmes', world.manager.token, draft).json()['id']}"
    form = {"languages": ["nl"], "availability": ["0:9-12"], "time_zone": "Europe/Brussels"}
    signup = programme + "/signup"
    assert (
        api.put(signup, mentor.token, {**form, "role": "mentor", "capacity": 2, "offers": ["excel"]}).status
        == 200
    )
    for mentee in (a, b):
        assert api.put(signup, mentee.token, {**form, "role": "mentee", "wants": ["excel"]}).status == 200
    api.post(programme + "/matching", world.manager.token)
    assert run_due_job(resources, lambdas, f"programme-match-{programme[15:]}-1") == {"pairs": 2}
    api.post(programme + "/publish", world.manager.token)
    run_due_job(resources, lambdas, f"programme-publish-{programme[15:]}-1")
    (pair,) = [
        p["pair_id"] for p in api.get("/v1/me/pairs", a.token).json()["items"] if p["status"] == "active"
    ]
    assert api.post(f"/v1/pairs/{pair}/rematch", a.token).status == 204

    # A new round: the mentor still guides b, so one place is left for the two newcomers.
    api.put(programme + "/window", world.manager.token, {"open": True})
    for mentee in (c, d):
        assert api.put(signup, mentee.token, {**form, "role": "mentee", "wants": ["excel"]}).status == 200
    api.post(programme + "/matching", world.manager.token)
    assert run_due_job(resources, lambdas, f"programme-match-{programme[15:]}-2") == {"pairs": 1}
    proposal = api.get(programme + "/proposal", world.manager.token).json()
    ((first, second),) = [(p["first_id"], p["second_id"]) for p in proposal["pairs"]]
    assert first == mentor.user_id and second in (c.user_id, d.user_id)
    other = d if second == c.user_id else c
    by_hand = {"action": "pair", "first": mentor.user_id, "second": other.user_id}
    assert api.post(programme + "/proposal/adjustments", world.manager.token, by_hand).status == 409


def test_a_later_rounds_pairs_get_each_check_in_when_it_is_due_for_them_not_the_first_rounds(
    api: ApiClient, resources: LocalResources, lambdas: Client, world: World
) -> None:
    e, f, g, h = (_person(resources, world.org_id, "learner") for _ in range(4))
    draft = {"name": unique("Buddies"), "kind": "buddies", "check_in_days": [7]}
    programme_id = api.post("/v1/programmes", world.manager.token, draft).json()["id"]
    programme = f"/v1/programmes/{programme_id}"
    form = {"role": "buddy", "languages": ["nl"], "availability": ["0:9-12"], "time_zone": "Europe/Brussels"}

    def a_round(run: int, people: tuple[Person, Person]) -> str:
        for person in people:
            assert api.put(programme + "/signup", person.token, form).status == 200
        api.post(programme + "/matching", world.manager.token)
        assert run_due_job(resources, lambdas, f"programme-match-{programme_id}-{run}") == {"pairs": 1}
        api.post(programme + "/publish", world.manager.token)
        run_due_job(resources, lambdas, f"programme-publish-{programme_id}-{run}")
        (pair,) = api.get("/v1/me/pairs", people[0].token).json()["items"]
        return str(pair["pair_id"])

    def check_ins(pair_id: str, person: Person) -> list[int]:
        items = api.get(f"/v1/pairs/{pair_id}/messages", person.token).json()["items"]
        return [m["session"] for m in items if m["kind"] == "check_in"]

    try:
        first = a_round(1, (e, f))
        ids.travel(timedelta(days=5))
        api.put(programme + "/window", world.manager.token, {"open": True})
        second = a_round(2, (g, h))  # five days after the first round

        ids.travel(timedelta(days=7, minutes=1))  # the first round's week is over, not the second's
        run_due_job(resources, lambdas, f"programme-checkin-{programme_id}-1-1")
        assert (check_ins(first, e), check_ins(second, g)) == ([1], [])

        ids.travel(timedelta(days=12, minutes=1))  # a week after the second round
        run_due_job(resources, lambdas, f"programme-checkin-{programme_id}-2-1")
        assert (check_ins(first, e), check_ins(second, g)) == ([1], [1])
    finally:
        ids.travel(timedelta(0))


def test_a_programme_s_check_ins_come_within_a_year_of_publishing(api: ApiClient, world: World) -> None:
    for days in ([0], [-7], [7, 10**9]):  # a check-in the publish job could not schedule
        draft = {"name": unique("Odd"), "kind": "buddies", "check_in_days": days}
        assert api.post("/v1/programmes", world.manager.token, draft).status == 422
    draft = {"name": unique("Year"), "kind": "buddies", "check_in_days": [7, 366]}
    assert api.post("/v1/programmes", world.manager.token, draft).status == 201


def test_an_asker_who_left_a_closed_community_no_longer_accepts_answers_there(
    api: ApiClient, world: World, resources: LocalResources
) -> None:
    asker = _person(resources, world.org_id, "learner")
    membership.invite(world.manager.principal(world.org_id), world.community_id, asker.user_id)
    membership.join(asker.principal(world.org_id), world.community_id)
    questions = f"/v1/communities/{world.community_id}/questions"
    asked = api.post(questions, asker.token, {"body": "Which printer is on the third floor?"}).json()
    answered = api.post(
        f"{questions}/{asked['id']}/answers", world.learner.token, {"body": "The one by the lift."}
    )
    accept = f"{questions}/{asked['id']}/answers/{answered.json()['id']}/accepted"

    membership.leave(asker.principal(world.org_id), world.community_id)
    assert api.put(accept, asker.token).status == 403
    page = api.get(f"{questions}/{asked['id']}", world.learner.token).json()
    assert page["question"]["state"] == "answered"
    assert api.put(accept, world.manager.token).status == 200  # the community's moderator still may


def test_a_workshop_moved_after_its_reminder_is_announced_again_for_the_new_time(
    api: ApiClient, world: World, lambdas: Client
) -> None:
    organiser, learner = world.manager.principal(world.org_id), world.learner.principal(world.org_id)
    workshop_id = _workshop_world(organiser, learner, world.community_id, unique("Moved"))
    one = f"/v1/communities/{world.community_id}/workshops/{workshop_id}"

    def day_reminder() -> Any:
        starts_at = api.get(one, world.learner.token).json()["workshop"]["starts_at"]
        args = {"workshop_id": workshop_id, "reminder": "day", "starts_at": starts_at}
        payload = {"job": "workshop_reminder", "org_id": world.org_id, "args": args}
        return lambdas.lambda_.invoke("run_scheduled_job", payload).payload["result"]

    assert day_reminder() == 1
    later = (utc_now() + timedelta(days=9)).replace(tzinfo=None, second=0, microsecond=0).isoformat()
    assert api.patch(one, world.manager.token, {"starts_at": later}).status == 200
    assert day_reminder() == 1  # the learner hears of the new day
    assert day_reminder() == 0  # once


def a_second_click_lands_first(
    monkeypatch: pytest.MonkeyPatch, module: Any, name: str, click: Any
) -> list[Any]:
    """Between the first click's read and its write, `click` (the second click) runs whole."""
    original = getattr(module, name)
    landed: list[Any] = []
    racing_now: list[bool] = []

    def racing(*args: Any, **kwargs: Any) -> Any:
        if not racing_now:  # only the first click's write waits for the second click
            racing_now.append(True)
            landed.append(click())
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, racing)
    return landed


def test_two_clicks_on_matching_or_publish_run_it_once_409_for_the_other_and_pair_only_those_still_here(
    api: ApiClient, resources: LocalResources, lambdas: Client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = {"name": unique("Clicks"), "kind": "buddies"}
    programme_id = api.post("/v1/programmes", world.manager.token, draft).json()["id"]
    programme = f"/v1/programmes/{programme_id}"
    form = {"role": "buddy", "languages": ["nl"], "availability": ["0:9-12"], "time_zone": "Europe/Brussels"}
    gone = [_person(resources, world.org_id, "learner") for _ in range(2)]
    for person in (world.mentor, world.learner, *gone):
        assert api.put(programme + "/signup", person.token, form).status == 200
    for person in gone:  # they left the organisation after signing up: nobody is paired with them
        assert api.post(f"/v1/admin/users/{person.user_id}/deactivate", world.admin.token).status == 200
    organiser = world.manager.principal(world.org_id)

    landed = a_second_click_lands_first(
        monkeypatch,
        programmes_store,
        "update_programme",
        lambda: review.start_matching(organiser, programme_id),
    )
    first = api.post(programme + "/matching", world.manager.token)
    monkeypatch.undo()
    assert landed[0].status == "matching"  # the second click started it
    assert first.status == 409 and first.header("content-type") == "application/problem+json", first.body
    assert api.get(programme, world.manager.token).json()["status"] == "matching"
    assert run_due_job(resources, lambdas, f"programme-match-{programme_id}-1") == {"pairs": 1}

    landed = a_second_click_lands_first(
        monkeypatch, programmes_store, "update_programme", lambda: review.publish(organiser, programme_id)
    )
    first = api.post(programme + "/publish", world.manager.token)
    monkeypatch.undo()
    assert first.status == 409 and first.header("content-type") == "application/problem+json", first.body
    assert run_due_job(resources, lambdas, f"programme-publish-{programme_id}-1") == {"pairs": 1}
    assert api.get(programme, world.manager.token).json()["status"] == "published"


def test_a_sign_up_sent_twice_at_once_is_counted_once(
    api: ApiClient, resources: LocalResources, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = {"name": unique("Twice"), "kind": "buddies"}
    programme_id = api.post("/v1/programmes", world.manager.token, draft).json()["id"]
    newcomer = _person(resources, world.org_id, "learner")
    form = signups.SignUp("buddy", (), (), ("nl",), "Europe/Brussels", ("0:9-12",))
    landed = a_second_click_lands_first(
        monkeypatch,
        programmes_store,
        "save_new_signup",
        lambda: signups.sign_up(newcomer.principal(world.org_id), programme_id, form),
    )
    body = {"role": "buddy", "languages": ["nl"], "availability": ["0:9-12"], "time_zone": "Europe/Brussels"}
    assert api.put(f"/v1/programmes/{programme_id}/signup", newcomer.token, body).status == 200
    monkeypatch.undo()
    assert landed
    assert api.get(f"/v1/programmes/{programme_id}", world.manager.token).json()["signup_count"] == 1


@pytest.mark.parametrize(
    ("field", "items"),
    [
        ("offers", ["x" * 41]),
        ("wants", ["excel"] * 11),
        ("languages", ["n" * 17]),
        ("availability", ["0:9-1" + "2" * 5000]),
    ],
)
def test_a_sign_up_s_lists_hold_a_few_short_items_and_a_longer_one_is_named_in_a_422(
    api: ApiClient, world: World, field: str, items: list[str]
) -> None:
    programme_id = api.post(
        "/v1/programmes", world.manager.token, {"name": unique("Caps"), "kind": "buddies"}
    )
    form = {"role": "buddy", "languages": ["nl"], "availability": ["0:9-12"], "time_zone": "Europe/Brussels"}
    reply = api.put(
        f"/v1/programmes/{programme_id.json()['id']}/signup", world.learner.token, {**form, field: items}
    )
    assert reply.status == 422 and reply.header("content-type") == "application/problem+json"
    assert {e["field"].split(".")[0] for e in reply.json()["errors"]} == {field}


def test_an_intervision_group_names_people_by_their_ids_not_by_megabytes(
    api: ApiClient, world: World
) -> None:
    members = [world.mentor.user_id, world.learner.user_id, world.manager.user_id, "u" * 65]
    reply = api.post("/v1/intervision/groups", world.admin.token, {"name": "Big", "member_ids": members})
    assert reply.status == 422 and reply.json()["errors"][0]["field"] == "member_ids.3"
    reply = api.put("/v1/me/expertise", world.mentor.token, {"skills": ["#" + "a" * 64]})
    assert reply.status == 422 and reply.json()["errors"][0]["field"] == "skills.0"


def test_a_member_removed_from_a_community_or_the_organisation_gives_their_workshop_place_back_once(
    api: ApiClient, resources: LocalResources, world: World, drain_stream: StreamDrain
) -> None:
    organiser = world.manager.principal(world.org_id)
    workshop_id = _workshop_world(
        organiser, world.learner.principal(world.org_id), world.community_id, "Word"
    )
    one = f"/v1/communities/{world.community_id}/workshops/{workshop_id}"
    removed, waiting = (_person(resources, world.org_id, "learner") for _ in range(2))
    for person in (removed, waiting):
        membership.invite(organiser, world.community_id, person.user_id)
        membership.join(person.principal(world.org_id), world.community_id)
    assert rsvps.rsvp(removed.principal(world.org_id), world.community_id, workshop_id).status == "going"
    assert rsvps.rsvp(waiting.principal(world.org_id), world.community_id, workshop_id).status == "waitlisted"

    removal = ModerationRequest("remove_member", "member", removed.user_id, None, "Left the company")
    moderation.moderate(organiser, world.community_id, removal)
    drain_stream()

    workshop = api.get(one, world.manager.token).json()["workshop"]
    assert (workshop["going"], workshop["waiting"]) == (2, 0)
    people = {
        p["user_id"]: p["status"] for p in api.get(one + "/attendees", world.manager.token).json()["items"]
    }
    assert removed.user_id not in people and people[waiting.user_id] == "going"

    # The stream delivers the removal again: nobody else loses or gains a place.
    dispatch(MembershipEnded(world.org_id, world.community_id, removed.user_id, "removed"))
    again = api.get(one, world.manager.token).json()["workshop"]
    assert (again["going"], again["waiting"]) == (2, 0)

    # Someone on the waitlist leaves the organisation: their ticket goes with them.
    gone = _person(resources, world.org_id, "learner")
    membership.invite(organiser, world.community_id, gone.user_id)
    membership.join(gone.principal(world.org_id), world.community_id)
    assert rsvps.rsvp(gone.principal(world.org_id), world.community_id, workshop_id).status == "waitlisted"
    assert api.post(f"/v1/admin/users/{gone.user_id}/deactivate", world.admin.token).status == 200
    drain_stream()
    after = api.get(one, world.manager.token).json()["workshop"]
    assert (after["going"], after["waiting"]) == (2, 0)
