"""Campaigns on the schedule path, with a controlled clock.

The local clock (local/clock.py) is driven with a fake now: it fires the one-time Scheduler
schedules the app created in the emulator when their local `at(...)` comes in their time zone,
and the app's `sweep_campaigns` rule every 5 minutes. A campaign opens, reminds and closes at
the right local times across both daylight-saving changes of Europe/Brussels; the sweeper heals a
schedule that did not fire; each transition's effects happen once however often it fires.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from chalice.test import Client

from chalicelib.campaigns import audience as campaign_audience
from chalicelib.campaigns import closing, lifecycle
from chalicelib.campaigns import use_cases as campaign_use_cases
from chalicelib.campaigns.calendar import state_of
from chalicelib.gamification import badge_awards, board_upkeep
from chalicelib.store import badges as badge_store
from chalicelib.store import campaigns as store
from chalicelib.store import keys
from chalicelib.store import notifications as inbox
from chalicelib.store.models import KringItem, PlayerScoreItem, PostItem, QuestionStatsItem
from chalicelib.teams import use_cases as teams
from local import emulator
from local.clock import LocalClock
from local.emulator import LocalResources
from tests.integration.local.conftest import FakeNow
from tests.support.events import sample
from tests.support.stack import ApiClient, start_test_stack
from tests.support.world import OrgWorld, _person, build_org

pytestmark = pytest.mark.usefixtures("direct_emulator")  # see tests/integration/conftest.py


ADMIN_CAMPAIGNS = "/v1/admin/campaigns"
CONTROLLED_NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # before every date these tests use


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture(autouse=True)
def now_before_the_campaigns(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """The campaign modules' "now" (what the API and a transition without a time fall back on)."""
    # The calendar must not make these tests fail: their fixed 2027-2030 dates stay in the future.
    monkeypatch.setattr(campaign_use_cases, "utc_now", lambda: CONTROLLED_NOW)
    monkeypatch.setattr(lifecycle, "utc_now", lambda: CONTROLLED_NOW)
    return CONTROLLED_NOW


@pytest.fixture(scope="module")
def world(resources: LocalResources) -> OrgWorld:
    start_test_stack()
    return build_org(resources, "camp")


@pytest.fixture
def app_module(resources: LocalResources) -> Any:
    start_test_stack()
    import app

    return app


def clock_at(
    app_module: Any, resources: LocalResources, tmp_path: Path, moment: datetime
) -> tuple[LocalClock, FakeNow]:
    now = FakeNow(moment)
    clock = LocalClock(
        app_module.app,
        resources.endpoint_url,
        now=now,
        state_file=tmp_path / "fired.json",
        dead_letter_file=tmp_path / "dead.jsonl",
    )
    return clock, now


def mine(fired: list[str], campaign_id: str) -> list[str]:
    """The firings of this campaign's schedules (other tests' schedules share the emulator)."""
    return [name.split(f"campaign-{campaign_id}-", 1)[1] for name in fired if campaign_id in name]


def schedules_of(campaign_id: str) -> dict[str, dict[str, Any]]:
    scheduler = emulator.client("scheduler", start_test_stack().endpoint_url)
    found = {}
    for summary in scheduler.list_schedules(GroupName=emulator.SCHEDULE_GROUP)["Schedules"]:
        if campaign_id in summary["Name"]:
            found[summary["Name"].split(f"campaign-{campaign_id}-", 1)[1]] = scheduler.get_schedule(
                Name=summary["Name"], GroupName=emulator.SCHEDULE_GROUP
            )
    return found


def system_posts(world: OrgWorld, campaign_id: str) -> list[PostItem]:
    found = KringItem.query(
        keys.community_pk(world.org_id, world.community_id), KringItem.sk.startswith(keys.POST_SK_PREFIX)
    )
    return [p for p in found if isinstance(p, PostItem) and p.system_campaign_id == campaign_id]


def score(world: OrgWorld, campaign_id: str, user_id: str, pts: int, at: str) -> None:
    """A participant's campaign score, as the quiz consumer writes it."""
    item = PlayerScoreItem(
        keys.player_pk(world.org_id, campaign_id, user_id),
        keys.PLAYER_SCORE_SK,
        org_id=world.org_id,
        context_id=campaign_id,
        user_id=user_id,
        points=pts,
        answered=2,
        correct=pts // 10,
        last_scored_at=at,
        version=1,
    )
    item.save()
    image = {"user_id": user_id, "context_id": campaign_id, "points": pts, "answered": 2}
    image |= {"last_scored_at": at, "version": 1}
    board_upkeep.place_on_boards(world.org_id, board_upkeep.changes_of("player_score", None, image))


def create(api: ApiClient, world: OrgWorld, body: dict[str, Any]) -> dict[str, Any]:
    reply = api.post(ADMIN_CAMPAIGNS, world.admin.token, body)
    assert reply.status == 201, reply.body
    return dict(reply.json())


def test_an_easter_quiz_opens_reminds_and_closes_at_local_times_across_the_spring_change(
    api: ApiClient, world: OrgWorld, app_module: Any, resources: LocalResources, tmp_path: Path
) -> None:
    # Easter 2027 is 28 March, the very day Brussels goes from UTC+1 to UTC+2.
    body = {
        "preset": "easter",
        "year": 2027,
        "audience": "community",
        "community_id": world.community_id,
        "quiz_id": world.quiz_id,
    }
    campaign = create(api, world, body)
    cid = campaign["id"]
    assert (campaign["opens_local"], campaign["closes_local"]) == (
        "2027-03-22T09:00:00",
        "2027-03-29T17:00:00",
    )
    assert (campaign["opens_at"], campaign["closes_at"]) == (
        "2027-03-22T08:00:00.000Z",
        "2027-03-29T15:00:00.000Z",
    )
    assert campaign["reminders"] == ["2027-03-28T07:00:00.000Z"]  # 09:00 summer time
    assert campaign["titles"]["nl"] == "Paasquiz" and campaign["status"] == "scheduled"

    made = schedules_of(cid)
    assert set(made) == {"open", "remind-0", "close"}
    assert made["open"]["ScheduleExpression"] == "at(2027-03-22T09:00:00)"
    assert made["remind-0"]["ScheduleExpression"] == "at(2027-03-28T09:00:00)"
    assert made["close"]["ScheduleExpression"] == "at(2027-03-29T17:00:00)"
    for schedule in made.values():
        assert schedule["ScheduleExpressionTimezone"] == "Europe/Brussels"
        assert schedule["ActionAfterCompletion"] == "DELETE"
        assert schedule["Target"]["Arn"] == emulator.SCHEDULED_JOB_FUNCTION_ARN
        assert schedule["Target"]["RetryPolicy"]["MaximumRetryAttempts"] >= 1
        assert schedule["Target"]["DeadLetterConfig"]["Arn"] == emulator.SCHEDULER_DLQ_ARN
        assert json.loads(schedule["Target"]["Input"])["job"] == "campaign_transition"

    clock, now = clock_at(app_module, resources, tmp_path, utc("2027-03-22 07:59:59"))
    assert mine(clock.tick(), cid) == []
    now.moment = utc("2027-03-22 08:00:00")
    assert mine(clock.tick(), cid) == ["open"]
    opened = store.get_campaign(world.org_id, cid, consistent=True)
    assert opened is not None and opened.status == "open" and opened.pending is None
    (announcement,) = system_posts(world, cid)
    assert announcement.system_kind == "campaign_opened"
    assert "29/03/2027 17:00" in json.loads(announcement.system_texts or "{}")["en"]
    assert inbox.get_note(world.org_id, world.learner.user_id, f"campaign-{cid}-opened") is not None
    mine_now = api.get("/v1/campaigns", world.learner.token).json()["items"]
    assert cid in [c["id"] for c in mine_now]

    # The manager has answered every question by the reminder: only who has not is reminded.
    assert inbox.get_note(world.org_id, world.manager.user_id, f"campaign-{cid}-opened") is not None
    score(world, cid, world.manager.user_id, 20, "2027-03-25T11:00:00.000Z")
    now.moment = utc("2027-03-28 06:59:59")  # 08:59:59 summer time
    assert mine(clock.tick(), cid) == []
    now.moment = utc("2027-03-28 07:00:00")
    assert mine(clock.tick(), cid) == ["remind-0"]
    reminded = inbox.get_note(world.org_id, world.learner.user_id, f"campaign-{cid}-reminder-0")
    assert reminded is not None and reminded.kind == "campaign_reminder"
    assert inbox.get_note(world.org_id, world.manager.user_id, f"campaign-{cid}-reminder-0") is None

    score(world, cid, world.learner.user_id, 30, "2027-03-25T10:00:00.000Z")
    progress = api.get(f"/v1/campaigns/{cid}/progress", world.learner.token).json()
    assert (progress["points"], progress["answered"], progress["status"]) == (30, 2, "open")

    stats = QuestionStatsItem(
        keys.question_stats_pk(world.org_id, world.question_id),
        keys.question_stats_sk(0),
        org_id=world.org_id,
        question_id=world.question_id,
        answers=4,
        correct=1,
    )
    stats.save()  # as the quiz consumer counts answers: 1 of 4 right

    now.moment = utc("2027-03-29 14:59:59")
    assert mine(clock.tick(), cid) == []
    now.moment = utc("2027-03-29 15:00:00")  # 17:00 summer time
    assert mine(clock.tick(), cid) == ["close"]
    closing = store.get_campaign(world.org_id, cid, consistent=True)
    assert closing is not None and closing.status == "closed" and closing.pending == "close"
    # 90 s later, when the stream has scored the last answers: ranks, badges and the recap.
    now.moment = utc("2027-03-29 15:01:30")
    assert mine(clock.tick(), cid) == ["finish"]
    closed = store.get_campaign(world.org_id, cid, consistent=True)
    assert closed is not None and closed.status == "closed" and closed.pending is None
    assert closed.gsi1pk is None  # nothing due any more: out of the sweeper's index
    assert schedules_of(cid) == {}  # each deleted itself after it ran
    recap = next(p for p in system_posts(world, cid) if p.system_kind == "campaign_recap")
    recap_en = json.loads(recap.system_texts or "{}")["en"]
    assert "2 took part" in recap_en and "1. learner of" in recap_en and "2. community_manager of" in recap_en
    assert "The hardest question: “Which community is" in recap_en and "(25% right)" in recap_en
    held = {a.badge_id for a in badge_store.list_awards(world.org_id, world.learner.user_id)}
    assert {"quiz-participant", "quiz-champion"} <= held
    runner_up = {a.badge_id for a in badge_store.list_awards(world.org_id, world.manager.user_id)}
    assert "quiz-participant" in runner_up and "quiz-champion" not in runner_up

    top = api.get(f"/v1/campaigns/{cid}/leaderboard", world.learner.token).json()
    assert [(p["rank"], p["id"]) for p in top["items"]] == [
        (1, world.learner.user_id),
        (2, world.manager.user_id),
    ]
    around = api.get(f"/v1/campaigns/{cid}/leaderboard/around-me", world.manager.token).json()
    assert around["me"]["rank"] == 2
    assert api.get(f"/v1/campaigns/{cid}/leaderboard/teams", world.learner.token).status == 200
    assert api.get(f"/v1/campaigns/{cid}/progress", world.learner.token).json()["rank"] == 1


def test_autumn_times_and_an_hour_that_happens_twice(
    api: ApiClient, world: OrgWorld, app_module: Any, resources: LocalResources, tmp_path: Path
) -> None:
    # 31 October 2027: Brussels goes back from UTC+2 to UTC+1 at 03:00; 02:30 happens twice.
    body = {
        "titles": {"en": "Autumn challenge"},
        "kind": "challenge",
        "audience": "community",
        "community_id": world.community_id,
        "opens_local": "2027-10-30T09:00:00",
        "closes_local": "2027-11-01T17:00:00",
        "reminders_local": ["2027-10-31T02:30:00", "2027-10-31T10:00:00"],
    }
    campaign = create(api, world, body)
    cid = campaign["id"]
    assert campaign["opens_at"] == "2027-10-30T07:00:00.000Z"  # summer time
    assert campaign["reminders"] == ["2027-10-31T00:30:00.000Z", "2027-10-31T09:00:00.000Z"]
    assert campaign["closes_at"] == "2027-11-01T16:00:00.000Z"  # winter time
    made = schedules_of(cid)
    # A local wall time that happens twice cannot name its moment: that one is scheduled in UTC.
    assert (made["remind-0"]["ScheduleExpression"], made["remind-0"]["ScheduleExpressionTimezone"]) == (
        "at(2027-10-31T00:30:00)",
        "UTC",
    )
    assert (made["remind-1"]["ScheduleExpression"], made["remind-1"]["ScheduleExpressionTimezone"]) == (
        "at(2027-10-31T10:00:00)",
        "Europe/Brussels",
    )

    clock, now = clock_at(app_module, resources, tmp_path, utc("2027-10-30 06:59:00"))
    assert mine(clock.tick(), cid) == []
    now.moment = utc("2027-10-30 07:00:00")
    assert mine(clock.tick(), cid) == ["open"]
    now.moment = utc("2027-10-31 00:30:00")
    assert mine(clock.tick(), cid) == ["remind-0"]
    now.moment = utc("2027-10-31 08:59:59")  # 09:59:59 winter time
    assert mine(clock.tick(), cid) == []
    now.moment = utc("2027-10-31 09:00:00")
    assert mine(clock.tick(), cid) == ["remind-1"]
    now.moment = utc("2027-11-01 15:59:59")
    assert mine(clock.tick(), cid) == []
    now.moment = utc("2027-11-01 16:00:00")
    assert mine(clock.tick(), cid) == ["close"]
    closed = store.get_campaign(world.org_id, cid, consistent=True)
    assert closed is not None and closed.status == "closed"
    assert sorted(closed.reminded) == campaign["reminders"]


def test_the_sweeper_heals_a_schedule_that_did_not_fire(
    api: ApiClient, world: OrgWorld, app_module: Any, resources: LocalResources, tmp_path: Path
) -> None:
    body = {
        "titles": {"en": "Spring nudge"},
        "kind": "nudge",
        "audience": "community",
        "community_id": world.community_id,
        "opens_local": "2028-04-03T09:00:00",
        "closes_local": "2028-04-07T17:00:00",
    }
    cid = create(api, world, body)["id"]
    scheduler = emulator.client("scheduler", resources.endpoint_url)
    scheduler.delete_schedule(Name=f"campaign-{cid}-open", GroupName=emulator.SCHEDULE_GROUP)  # lost

    clock, now = clock_at(app_module, resources, tmp_path, utc("2028-04-03 06:58:00"))  # 08:58 local
    assert clock.next_firings()["sweep_campaigns"] == utc("2028-04-03 07:03:00")
    now.moment = utc("2028-04-03 07:01:00")
    assert mine(clock.tick(), cid) == []  # no schedule fired: the open one is gone
    assert store.get_campaign(world.org_id, cid, consistent=True).status == "scheduled"  # type: ignore[union-attr]
    now.moment = utc("2028-04-03 07:03:00")
    assert "sweep_campaigns" in clock.tick()
    healed = store.get_campaign(world.org_id, cid, consistent=True)
    assert healed is not None and healed.status == "open" and healed.pending is None
    assert [p.system_kind for p in system_posts(world, cid)] == ["campaign_opened"]
    # The due index now names the close: the sweeper's one Query finds it when it comes.
    assert healed.gsi1sk is not None and healed.gsi1sk.startswith("2028-04-07T15:00:00.000Z#")


def test_a_firing_takes_its_own_step_and_never_a_later_one(
    api: ApiClient,
    world: OrgWorld,
    app_module: Any,
    resources: LocalResources,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A close that settles quickly (as on the e2e stack): its firing must still leave the last
    # answers their seconds on the stream before the ranks are final.
    monkeypatch.setattr(lifecycle, "settle", lambda: timedelta(seconds=15))
    body = {
        "titles": {"en": "Flash quiz"},
        "kind": "quiz",
        "quiz_id": world.quiz_id,
        "audience": "community",
        "community_id": world.community_id,
        "opens_local": "2028-05-02T12:00:00",
        "closes_local": "2028-05-02T12:05:00",
    }
    cid = create(api, world, body)["id"]
    clock, now = clock_at(app_module, resources, tmp_path, utc("2028-05-02 10:00:00"))  # 12:00 summer time
    assert mine(clock.tick(), cid) == ["open"]
    assert store.get_campaign(world.org_id, cid, consistent=True).status == "open"  # type: ignore[union-attr]
    now.moment = utc("2028-05-02 10:05:00")
    assert mine(clock.tick(), cid) == ["close"]
    closing = store.get_campaign(world.org_id, cid, consistent=True)
    assert closing is not None and closing.status == "closed" and closing.pending == "close"
    assert [p.system_kind for p in system_posts(world, cid)] == ["campaign_opened"]  # no recap yet
    now.moment = utc("2028-05-02 10:05:15")
    assert mine(clock.tick(), cid) == ["finish"]
    assert sorted(p.system_kind for p in system_posts(world, cid)) == ["campaign_opened", "campaign_recap"]


def test_transitions_fired_twice_take_effect_once(api: ApiClient, world: OrgWorld) -> None:
    body = {
        "titles": {"en": "Twice"},
        "audience": "community",
        "community_id": world.community_id,
        "opens_local": "2029-05-07T09:00:00",
        "closes_local": "2029-05-11T17:00:00",
        "reminders_local": ["2029-05-10T09:00:00"],
    }
    cid = create(api, world, body)["id"]
    unread_before = inbox.unread_count(world.org_id, world.learner.user_id)

    def fire(step: str, at: str) -> list[str]:
        payload = {
            "job": "campaign_transition",
            "org_id": world.org_id,
            "args": {"campaign_id": cid, "step": step, "at": at},
        }
        from chalicelib.jobs.registry import run_job

        return list(run_job(payload)["result"])

    assert fire("open", "2029-05-07T07:00:00+00:00") == ["open", "open:effects"]
    assert fire("open", "2029-05-07T07:00:00+00:00") == []
    assert inbox.unread_count(world.org_id, world.learner.user_id) == unread_before + 1
    assert fire("remind", "2029-05-10T07:00:00+00:00") == ["remind", "remind:effects"]
    assert fire("remind", "2029-05-10T07:00:00+00:00") == []
    assert inbox.unread_count(world.org_id, world.learner.user_id) == unread_before + 2

    score(world, cid, world.learner.user_id, 10, "2029-05-08T10:00:00.000Z")
    # A half-done close (the run stopped after the status change) is finished by the next run.
    item = store.get_campaign(world.org_id, cid, consistent=True)
    assert item is not None
    lifecycle.take_step(
        item, state_of(item), lifecycle.rules.Step("close", item.closes_at), utc("2029-05-11 15:00:00")
    )
    assert store.get_campaign(world.org_id, cid, consistent=True).pending == "close"  # type: ignore[union-attr]
    assert fire("close", "2029-05-11T15:00:00+00:00") == []  # its effects wait for the last answers
    assert fire("finish", "2029-05-11T15:01:30+00:00") == ["close:effects"]
    assert fire("finish", "2029-05-11T15:01:30+00:00") == []
    closing.finish(store.get_campaign(world.org_id, cid, consistent=True), utc("2029-05-11 15:00:00"))  # type: ignore[arg-type]

    kinds = sorted(str(p.system_kind) for p in system_posts(world, cid))
    assert kinds == ["campaign_opened", "campaign_recap"]
    again = badge_awards.award_event_badges(
        world.org_id, "seasonal_quiz", cid, world.community_id, [(world.learner.user_id, 1)]
    )
    assert again == []  # held already: the badges were awarded once
    # Reopening or closing again by hand changes nothing.
    closed = api.post(f"{ADMIN_CAMPAIGNS}/{cid}/close", world.admin.token)
    assert closed.status == 200 and closed.json()["status"] == "closed"
    assert api.post(f"{ADMIN_CAMPAIGNS}/{cid}/open", world.admin.token).status == 409


@pytest.fixture
def other_team(world: OrgWorld) -> Iterator[str]:
    team = teams.create_team(world.admin.principal(world.org_id), f"Elsewhere {world.org_id}", "")
    teams.put_member_in_team(world.admin.principal(world.org_id), team.team_id, world.manager.user_id)
    yield team.team_id


def test_a_learner_outside_the_audience_does_not_see_the_campaign(
    api: ApiClient, world: OrgWorld, other_team: str
) -> None:
    body = {
        "titles": {"en": "Only for the other team"},
        "audience": "teams",
        "team_ids": [other_team],
        "opens_local": "2029-06-04T09:00:00",
        "closes_local": "2029-06-08T17:00:00",
    }
    cid = create(api, world, body)["id"]
    listed = [c["id"] for c in api.get("/v1/campaigns?limit=100", world.learner.token).json()["items"]]
    assert cid not in listed
    assert api.get(f"/v1/campaigns/{cid}", world.learner.token).status == 404
    assert api.get(f"/v1/campaigns/{cid}/leaderboard", world.learner.token).status == 404
    assert api.get(f"/v1/campaigns/{cid}/progress", world.learner.token).status == 404
    assert api.get(f"/v1/campaigns/{cid}", world.manager.token).status == 200  # in the team (and a manager)
    assert api.get(f"{ADMIN_CAMPAIGNS}/{cid}", world.learner.token).status == 403


def test_a_community_campaign_needs_no_second_request_once_the_container_knows_it(
    api: ApiClient, world: OrgWorld, resources: LocalResources
) -> None:
    body = {
        "titles": {"en": "Safety week"},
        "audience": "community",
        "community_id": world.community_id,
        "opens_local": "2029-09-03T09:00:00",
        "closes_local": "2029-09-07T17:00:00",
    }
    cid = create(api, world, body)["id"]
    campaign_use_cases._community_hints.clear()  # as in a container that never read it
    board = f"/v1/campaigns/{cid}/leaderboard"
    first = api.get(board, world.learner.token)
    assert first.status == 200, first.body
    # my profile, then the campaign with the board, then my membership
    assert [c.operation for c in first.calls][:3] == ["GetItem", "BatchGetItem", "BatchGetItem"]
    again = api.get(board, world.learner.token)
    assert again.status == 200 and len(again.calls) == len(first.calls) - 1
    assert [c.operation for c in again.calls][:2] == ["GetItem", "BatchGetItem"]

    # The hint only saves the request: someone outside the community is still kept out.
    outsider = _person(resources, world.org_id, "learner")
    assert api.get(board, outsider.token).status == 404
    assert api.get(f"/v1/campaigns/{cid}", outsider.token).status == 404


def test_admins_and_community_moderators_manage_campaigns(api: ApiClient, world: OrgWorld) -> None:
    community = f"/v1/communities/{world.community_id}/campaigns"
    draft = {
        "titles": {"en": "Tips week"},
        "opens_local": "2029-09-03T09:00:00",
        "closes_local": "2029-09-07T17:00:00",
    }
    assert api.post(community, world.learner.token, draft).status == 403  # not a moderator
    made = api.post(community, world.manager.token, draft)
    assert made.status == 201, made.body
    cid = made.json()["id"]
    assert made.json()["audience"] == "community" and made.json()["community_id"] == world.community_id
    assert cid in [c["id"] for c in api.get(community, world.manager.token).json()["items"]]
    assert cid in [c["id"] for c in api.get(ADMIN_CAMPAIGNS, world.admin.token).json()["items"]]

    changed = api.patch(
        f"{community}/{cid}", world.manager.token, {"closes_local": "2029-09-08T12:00:00", "version": 1}
    )
    assert changed.status == 200, changed.body
    assert changed.json()["closes_at"] == "2029-09-08T10:00:00.000Z" and changed.json()["version"] == 2
    assert schedules_of(cid)["close"]["ScheduleExpression"] == "at(2029-09-08T12:00:00)"
    stale = api.patch(f"{community}/{cid}", world.manager.token, {"titles": {"en": "x"}, "version": 1})
    assert stale.status == 409
    bad = {"opens_local": "2029-09-09T09:00:00"}
    assert api.patch(f"{ADMIN_CAMPAIGNS}/{cid}", world.admin.token, bad).status == 422  # after the close

    cancelled = api.post(f"{community}/{cid}/cancel", world.manager.token)
    assert cancelled.status == 200 and cancelled.json()["status"] == "cancelled"
    assert schedules_of(cid) == {}
    assert api.post(f"{community}/{cid}/cancel", world.manager.token).json()["status"] == "cancelled"
    assert api.post(f"{community}/{cid}/open", world.manager.token).status == 409
    refused = api.post(
        ADMIN_CAMPAIGNS,
        world.admin.token,
        {
            "titles": {"en": "Past"},
            "opens_local": "2020-01-01T09:00:00",
            "closes_local": "2020-01-02T09:00:00",
        },
    )
    assert refused.status == 422
    no_quiz = {**draft, "quiz_id": "no-such-quiz"}
    assert api.post(community, world.manager.token, no_quiz).status == 422


def test_open_and_close_by_hand(api: ApiClient, world: OrgWorld) -> None:
    body = {
        "preset": "christmas",
        "year": 2029,
        "audience": "community",
        "community_id": world.community_id,
        "repeat_yearly": True,
    }
    cid = create(api, world, body)["id"]
    opened = api.post(f"{ADMIN_CAMPAIGNS}/{cid}/open", world.admin.token)
    assert opened.status == 200 and opened.json()["status"] == "open"
    assert set(schedules_of(cid)) == {"remind-0", "close"}
    closed = api.post(f"{ADMIN_CAMPAIGNS}/{cid}/close", world.admin.token).json()
    assert closed["status"] == "closed" and set(schedules_of(cid)) == {"finish"}  # ranks etc. in 90 s
    lifecycle.advance(world.org_id, cid, CONTROLLED_NOW + timedelta(seconds=91))  # closed at CONTROLLED_NOW
    nxt = (
        closed["next_campaign_id"] or store.get_campaign(world.org_id, cid, consistent=True).next_campaign_id
    )  # type: ignore[union-attr]
    assert nxt
    following = api.get(f"{ADMIN_CAMPAIGNS}/{nxt}", world.admin.token).json()
    assert (following["opens_local"], following["status"]) == ("2030-12-15T09:00:00", "scheduled")
    assert set(schedules_of(nxt)) == {"open", "remind-0", "close"}


def test_the_sample_payloads_drive_the_handlers(api: ApiClient, world: OrgWorld, lambdas: Client) -> None:
    body = {
        "titles": {"en": "Samples"},
        "audience": "community",
        "community_id": world.community_id,
        "opens_local": "2030-02-04T09:00:00",
        "closes_local": "2030-02-08T17:00:00",
    }
    campaign = create(api, world, body)
    payload = sample("scheduler_campaign_open.json")
    payload["org_id"] = world.org_id
    payload["args"].update(campaign_id=campaign["id"], at=campaign["opens_at"])
    result = lambdas.lambda_.invoke("run_scheduled_job", payload).payload
    assert result["ran"] is True and result["result"] == ["open", "open:effects"]
    close = sample("scheduler_campaign_close.json")
    close["org_id"] = world.org_id
    close["args"].update(campaign_id=campaign["id"], at=campaign["closes_at"])
    assert lambdas.lambda_.invoke("run_scheduled_job", close).payload["result"] == ["close"]
    finish = {**close, "args": {**close["args"], "step": "finish"}}
    finish["args"]["at"] = (datetime.fromisoformat(campaign["closes_at"]) + timedelta(seconds=90)).isoformat()
    assert lambdas.lambda_.invoke("run_scheduled_job", finish).payload["result"] == ["close:effects"]
    assert sample("scheduler_campaign_remind.json")["args"]["step"] == "remind"
    lambdas.lambda_.invoke("sweep_campaigns", sample("schedule_sweep_campaigns.json"))  # nothing due then
    assert store.get_campaign(world.org_id, campaign["id"], consistent=True).status == "closed"  # type: ignore[union-attr]


def test_a_large_audience_is_notified_in_bounded_runs(
    api: ApiClient, world: OrgWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(campaign_audience, "PAGE", 1)  # one member a page, so a run of 1 stops after each
    body = {
        "titles": {"en": "Everyone"},
        "audience": "organisation",
        "opens_local": "2030-03-04T09:00:00",
        "closes_local": "2030-03-08T17:00:00",
    }
    campaign = create(api, world, body)
    cid, opens = campaign["id"], lifecycle.rules.parse_iso(campaign["opens_at"])
    assert lifecycle.advance(world.org_id, cid, opens, fanout=1) == ["open"]
    runs = 1
    while (item := store.get_campaign(world.org_id, cid, consistent=True)) and item.pending:
        assert item.fanout_cursor is not None and item.gsi1pk == keys.CAMPAIGNS_DUE_PK  # still due
        lifecycle.advance(world.org_id, cid, opens, fanout=1)
        runs += 1
        assert runs < 20
    assert runs >= 3  # admin, manager, learner: one a run
    for person in (world.admin, world.manager, world.learner):
        assert inbox.get_note(world.org_id, person.user_id, f"campaign-{cid}-opened") is not None


# A campaign holds its quiz -------------------------------------------------------------------


def published_quiz(world: OrgWorld, publish: bool = True) -> str:
    """A quiz of one published question, written by the organisation's community manager."""
    from chalicelib.quizzes import bank

    author = world.manager.principal(world.org_id)
    question = bank.create_question(
        author,
        {
            "kind": "single",
            "language_code": "en",
            "prompt": "Which key locks a Windows screen?",
            "options": [{"text": "Win+L", "correct": True}, {"text": "Win+D"}],
        },
    )
    bank.publish_question(author, question.question_id)
    form = {
        "title": "Lock it",
        "description": "",
        "language_code": "en",
        "question_ids": [question.question_id],
        "seconds_per_question": 20,
        "points_per_question": 10,
        "speed_bonus": False,
        "speed_bonus_max": 0,
        "accessible": False,
        "practice": True,
    }
    quiz = bank.create_quiz(author, form)
    if publish:
        bank.publish_quiz(author, quiz.quiz_id)
    return quiz.quiz_id


@pytest.fixture(scope="module")
def community_moderator(resources: LocalResources, world: OrgWorld) -> Any:
    """A learner of the organisation whom the community manager made a moderator of the community."""
    from chalicelib.communities import membership

    person = _person(resources, world.org_id, "learner")
    membership.join(person.principal(world.org_id), world.community_id)
    membership.set_role(
        world.manager.principal(world.org_id), world.community_id, person.user_id, "moderator"
    )
    return person


def test_a_community_moderator_cannot_take_a_draft_quiz_or_one_another_campaign_holds(
    api: ApiClient, world: OrgWorld, community_moderator: Any
) -> None:
    community = f"/v1/communities/{world.community_id}/campaigns"
    week = {
        "titles": {"en": "Our own quiz"},
        "opens_local": "2030-05-06T09:00:00",
        "closes_local": "2030-05-10T17:00:00",
    }
    draft = published_quiz(world, publish=False)
    refused = api.post(community, community_moderator.token, {**week, "quiz_id": draft})
    assert refused.status == 422, refused.body  # a draft is its authors' (and not for playing yet)
    as_author = api.post(community, world.manager.token, {**week, "quiz_id": draft})
    assert as_author.status == 409, as_author.body

    # The admin schedules an organisation-wide quiz: its quiz is held from now on.
    upcoming = published_quiz(world)
    org_wide = create(
        api,
        world,
        {
            "titles": {"en": "Security month"},
            "quiz_id": upcoming,
            "opens_local": "2030-06-03T09:00:00",
            "closes_local": "2030-06-28T17:00:00",
        },
    )
    taken = api.post(community, community_moderator.token, {**week, "quiz_id": upcoming})
    assert taken.status == 409, taken.body
    assert org_wide["status"] == "scheduled"
    # Nor by moving a campaign of their own onto it, nor as an admin.
    own = api.post(community, community_moderator.token, week)
    assert own.status == 201, own.body
    moved = api.patch(f"{community}/{own.json()['id']}", community_moderator.token, {"quiz_id": upcoming})
    assert moved.status == 409, moved.body
    assert api.post(ADMIN_CAMPAIGNS, world.admin.token, {**week, "quiz_id": upcoming}).status == 409
    mine = api.get(f"{community}/{own.json()['id']}", community_moderator.token).json()
    assert mine["quiz_id"] is None and mine["version"] == 1  # unchanged
    # Nothing of the upcoming quiz can be played before it opens.
    assert api.post(f"/v1/quizzes/{upcoming}/play/next", community_moderator.token).status == 409


def test_a_quiz_is_free_again_once_its_campaign_is_cancelled_or_closed(
    api: ApiClient, world: OrgWorld
) -> None:
    from chalicelib.store import quizzes

    quiz_id = published_quiz(world)
    body = {
        "titles": {"en": "Passwords"},
        "quiz_id": quiz_id,
        "opens_local": "2030-09-02T09:00:00",
        "closes_local": "2030-09-06T17:00:00",
    }
    first = create(api, world, body)
    assert api.post(ADMIN_CAMPAIGNS, world.admin.token, body).status == 409
    assert api.post(f"{ADMIN_CAMPAIGNS}/{first['id']}/cancel", world.admin.token).status == 200
    second = create(api, world, body)  # cancelled: the quiz is free
    assert api.post(f"{ADMIN_CAMPAIGNS}/{second['id']}/open", world.admin.token).status == 200
    assert api.post(ADMIN_CAMPAIGNS, world.admin.token, body).status == 409  # open: still held
    assert api.post(f"{ADMIN_CAMPAIGNS}/{second['id']}/close", world.admin.token).status == 200
    lifecycle.advance(world.org_id, second["id"], CONTROLLED_NOW + timedelta(seconds=91))
    held = quizzes.get_quiz(world.org_id, quiz_id, consistent=True)
    assert held is not None and held.reserved_by is None
    create(api, world, body)  # closed: free again


def test_a_yearly_campaign_hands_its_quiz_to_next_years(api: ApiClient, world: OrgWorld) -> None:
    from chalicelib.store import quizzes

    quiz_id = published_quiz(world)
    body = {"preset": "new_year", "year": 2031, "quiz_id": quiz_id, "repeat_yearly": True}
    cid = create(api, world, body)["id"]
    assert api.post(f"{ADMIN_CAMPAIGNS}/{cid}/open", world.admin.token).status == 200
    assert api.post(f"{ADMIN_CAMPAIGNS}/{cid}/close", world.admin.token).status == 200
    other = {
        "titles": {"en": "Spring quiz"},
        "quiz_id": quiz_id,
        "opens_local": "2031-03-03T09:00:00",
        "closes_local": "2031-03-07T17:00:00",
    }
    assert api.post(ADMIN_CAMPAIGNS, world.admin.token, other).status == 409  # closing: still its
    lifecycle.advance(world.org_id, cid, CONTROLLED_NOW + timedelta(seconds=91))
    nxt = store.get_campaign(world.org_id, cid, consistent=True).next_campaign_id  # type: ignore[union-attr]
    held = quizzes.get_quiz(world.org_id, quiz_id, consistent=True)
    assert nxt and held is not None and held.reserved_by == nxt
    assert api.post(ADMIN_CAMPAIGNS, world.admin.token, other).status == 409


def test_two_campaigns_created_at_once_cannot_both_take_a_quiz(
    world: OrgWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chalicelib.errors import Conflict
    from chalicelib.store import quizzes

    quiz_id = published_quiz(world)
    as_read_before = quizzes.get_quiz(world.org_id, quiz_id, consistent=True)
    # Both requests read the quiz free before either writes.
    monkeypatch.setattr(quizzes, "get_quiz", lambda *args, **kwargs: as_read_before)
    draft = campaign_use_cases.CampaignDraft(
        titles={"en": "Race"},
        quiz_id=quiz_id,
        opens_local=datetime(2031, 5, 5, 9),
        closes_local=datetime(2031, 5, 9, 17),
    )
    admin = world.admin.principal(world.org_id)
    first = campaign_use_cases.create_campaign(admin, draft)
    with pytest.raises(Conflict):
        campaign_use_cases.create_campaign(admin, draft)
    monkeypatch.undo()
    held = quizzes.get_quiz(world.org_id, quiz_id, consistent=True)
    assert held is not None and held.reserved_by == first.campaign_id


def test_a_campaigns_reminder_reaches_only_who_may_still_read_its_community(
    api: ApiClient, world: OrgWorld, resources: LocalResources
) -> None:
    from chalicelib.communities import membership
    from chalicelib.jobs.registry import run_job

    deactivated, removed = (_person(resources, world.org_id, "learner") for _ in range(2))
    for person in (deactivated, removed):
        membership.join(person.principal(world.org_id), world.community_id)
    body = {
        "titles": {"en": "Reminder check"},
        "kind": "nudge",
        "audience": "community",
        "community_id": world.community_id,
        "opens_local": "2030-10-07T09:00:00",
        "closes_local": "2030-10-11T17:00:00",
        "reminders_local": ["2030-10-10T09:00:00"],
    }
    cid = create(api, world, body)["id"]

    def fire(step: str, at: str) -> list[str]:
        payload = {
            "job": "campaign_transition",
            "org_id": world.org_id,
            "args": {"campaign_id": cid, "step": step, "at": at},
        }
        return list(run_job(payload)["result"])

    assert fire("open", "2030-10-07T07:00:00+00:00") == ["open", "open:effects"]
    for person in (deactivated, removed, world.learner):
        assert inbox.get_note(world.org_id, person.user_id, f"campaign-{cid}-opened") is not None
    assert api.post(f"/v1/admin/users/{deactivated.user_id}/deactivate", world.admin.token).status == 200
    removal = {
        "action": "remove_member",
        "target_kind": "member",
        "target_id": removed.user_id,
        "reason": "x",
    }
    moderated = api.post(
        f"/v1/communities/{world.community_id}/moderation/actions", world.manager.token, removal
    )
    assert moderated.status == 200, moderated.body
    assert fire("remind", "2030-10-10T07:00:00+00:00") == ["remind", "remind:effects"]
    reminder = f"campaign-{cid}-reminder-0"
    assert inbox.get_note(world.org_id, world.learner.user_id, reminder) is not None
    assert inbox.get_note(world.org_id, deactivated.user_id, reminder) is None
    assert inbox.get_note(world.org_id, removed.user_id, reminder) is None
