"""The app's non-HTTP handlers, called the way Lambda calls them with the payloads in events/."""

from __future__ import annotations

import copy
import json
import uuid
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from chalice.test import Client
from pynamodb.exceptions import UpdateError

from chalicelib.ids import new_id
from chalicelib.media.uploads import start_upload
from chalicelib.reactors import consumer
from chalicelib.reactors.events import PostPublished
from chalicelib.reactors.replay import replay_stream_dead_letters
from chalicelib.store import keys
from chalicelib.store.dead_letters import StreamDeadLetter, stream_dead_letters
from chalicelib.store.models import MediaItem, OrganisationItem, UserItem
from local.emulator import LocalResources
from local.handlers import schedule_sources
from local.recorder import RECORDER
from tests.support.events import post_published, sample
from tests.support.media import MP4_BYTES
from tests.support.world import OrgWorld, build_org


def consume(lambdas: Client, event: dict[str, Any]) -> Any:
    with RECORDER.recording("on_table_change"):
        return lambdas.lambda_.invoke("on_table_change", event).payload


def post_count(org: OrgWorld, user_id: str) -> int:
    return int(UserItem.get(keys.org_pk(org.org_id), keys.user_sk(user_id), consistent_read=True).post_count)


def test_a_published_post_counts_once_for_its_author_even_when_redelivered(
    lambdas: Client, org_b: OrgWorld
) -> None:
    before = post_count(org_b, org_b.manager.user_id)
    event = post_published(
        org_b.org_id, org_b.community_id, "01JREPLAYEDPOST0000000000", org_b.manager.user_id
    )
    assert consume(lambdas, event) == {"batchItemFailures": []}
    assert consume(lambdas, event) == {"batchItemFailures": []}  # Lambda retries and replays deliver it again
    assert post_count(org_b, org_b.manager.user_id) == before + 1


def dead_letter_of(record: dict[str, Any]) -> StreamDeadLetter | None:
    return next((letter for letter in stream_dead_letters() if letter.event_id == record["eventID"]), None)


def batch_of(*events: dict[str, Any]) -> dict[str, Any]:
    """One batch of the events' records, each with its own eventID and sequence number."""
    records = []
    for event in events:
        for record in copy.deepcopy(event["Records"]):
            record["eventID"] = uuid.uuid4().hex
            record["dynamodb"]["SequenceNumber"] = str(uuid.uuid4().int)[:21]
            records.append(record)
    return {"Records": records}


def a_post(org: OrgWorld, author_id: str | None = None) -> dict[str, Any]:
    return post_published(org.org_id, org.community_id, new_id(), author_id or org.learner.user_id)


def test_a_record_a_reactor_keeps_failing_on_is_dead_lettered_whole_and_the_rest_of_the_batch_is_applied(
    lambdas: Client, org_b: OrgWorld
) -> None:
    before = post_count(org_b, org_b.manager.user_id)
    batch = batch_of(
        a_post(org_b, org_b.manager.user_id),
        a_post(org_b, "no-such-member"),  # its author does not exist: no retry will change that
        a_post(org_b, org_b.manager.user_id),
    )
    assert consume(lambdas, batch) == {"batchItemFailures": []}

    assert post_count(org_b, org_b.manager.user_id) == before + 2
    poison = batch["Records"][1]
    letter = dead_letter_of(poison)
    assert letter is not None and letter.record == poison  # enough to replay it
    assert letter.org_id == org_b.org_id and letter.reason.startswith("a reactor failed: ")
    assert all(dead_letter_of(record) is None for record in batch["Records"][::2])


def test_a_record_of_an_unknown_organisation_is_dead_lettered_with_the_reason(lambdas: Client) -> None:
    ghost = batch_of(post_published("no-such-org", "01JGHOSTCOMMUNITY00000000", new_id(), "someone"))
    assert consume(lambdas, ghost) == {"batchItemFailures": []}
    letter = dead_letter_of(ghost["Records"][0])
    assert letter is not None and letter.reason == "unknown organisation 'no-such-org'"
    assert letter.org_id == "no-such-org" and letter.record == ghost["Records"][0]


def test_records_with_a_malformed_image_are_dead_lettered_with_the_reason(
    lambdas: Client, org_b: OrgWorld
) -> None:
    without_id, unreadable, elsewhere = (batch_of(a_post(org_b)) for _ in range(3))
    del without_id["Records"][0]["dynamodb"]["NewImage"]["post_id"]
    unreadable["Records"][0]["dynamodb"]["NewImage"]["author_id"] = {"NOPE": "x"}
    # An item in another organisation's partition that claims to be of this one.
    elsewhere["Records"][0]["dynamodb"]["Keys"]["pk"]["S"] = "ORG#someone-else#COMMUNITY#x"
    for event in (without_id, unreadable, elsewhere):
        assert consume(lambdas, event) == {"batchItemFailures": []}
    reasons = [dead_letter_of(event["Records"][0]) for event in (without_id, unreadable, elsewhere)]
    assert [letter.reason.split(":")[0] if letter else None for letter in reasons] == ["malformed image"] * 3
    assert "'post_id'" in reasons[0].reason  # type: ignore[union-attr]
    assert "ORG#someone-else#COMMUNITY#x" in reasons[2].reason  # type: ignore[union-attr]


def throttled(*args: object, **kwargs: object) -> None:
    cause = ClientError({"Error": {"Code": "ThrottlingException", "Message": "slow down"}}, "UpdateItem")
    raise UpdateError("Failed to update item", cause=cause)


def test_passing_aws_trouble_is_reported_for_a_retry_from_that_record_not_dead_lettered(
    lambdas: Client, org_b: OrgWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = batch_of(a_post(org_b), a_post(org_b))
    monkeypatch.setitem(consumer.REACTORS, PostPublished.__name__, [throttled])
    failing = batch["Records"][0]["dynamodb"]["SequenceNumber"]
    assert consume(lambdas, batch) == {"batchItemFailures": [{"itemIdentifier": failing}]}
    assert dead_letter_of(batch["Records"][0]) is None


def test_a_poison_record_that_cannot_be_kept_is_retried_rather_than_lost(
    lambdas: Client, org_b: OrgWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    def table_unreachable(*args: object, **kwargs: object) -> None:
        raise RuntimeError("cannot write the dead letter")

    monkeypatch.setattr(consumer, "keep_stream_record", table_unreachable)
    batch = batch_of(a_post(org_b, "no-such-member"), a_post(org_b))
    failing = batch["Records"][0]["dynamodb"]["SequenceNumber"]
    # Lambda retries it, and in the end hands it to the mapping's on-failure destination.
    assert consume(lambdas, batch) == {"batchItemFailures": [{"itemIdentifier": failing}]}


def test_dead_letters_replayed_once_the_fault_is_fixed_apply_once_and_are_gone(
    lambdas: Client, org_b: OrgWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    def bug(event: object) -> None:
        raise KeyError("a bug in a new release")

    before = post_count(org_b, org_b.learner.user_id)
    batch = batch_of(a_post(org_b))
    with monkeypatch.context() as release:
        release.setitem(
            consumer.REACTORS, PostPublished.__name__, [bug, *consumer.REACTORS[PostPublished.__name__]]
        )
        assert consume(lambdas, batch) == {"batchItemFailures": []}
    letter = dead_letter_of(batch["Records"][0])
    assert letter is not None and "a bug in a new release" in letter.reason
    assert post_count(org_b, org_b.learner.user_id) == before

    # The fix is deployed: the same consumer applies the kept record.
    report = replay_stream_dead_letters()
    assert letter.event_id in report.applied
    assert post_count(org_b, org_b.learner.user_id) == before + 1
    assert dead_letter_of(batch["Records"][0]) is None
    again = replay_stream_dead_letters()
    assert letter.event_id not in again.applied + again.still_failing
    assert post_count(org_b, org_b.learner.user_id) == before + 1


def test_a_dead_letter_that_still_fails_stays_with_the_new_reason(lambdas: Client) -> None:
    ghost = batch_of(post_published("still-no-such-org", "01JGHOSTCOMMUNITY00000000", new_id(), "someone"))
    consume(lambdas, ghost)
    report = replay_stream_dead_letters()
    assert ghost["Records"][0]["eventID"] in report.still_failing
    letter = dead_letter_of(ghost["Records"][0])
    assert letter is not None and letter.failures == 2


def test_records_of_other_item_types_are_ignored(lambdas: Client, org_b: OrgWorld) -> None:
    event = post_published(
        org_b.org_id, org_b.community_id, "01JIGNORED000000000000000", org_b.learner.user_id
    )
    event["Records"][0]["dynamodb"]["NewImage"]["type"]["S"] = "something-new"
    assert consume(lambdas, event) == {"batchItemFailures": []}


def test_an_uploaded_object_makes_its_declared_media_ready_once(
    lambdas: Client, resources: LocalResources, org_b: OrgWorld
) -> None:
    video = MP4_BYTES[:2048]
    upload = start_upload(
        org_b.learner.principal(org_b.org_id), "video/mp4", len(video), "screen-sharing.mp4"
    )
    key = upload.item.object_key
    s3 = boto3.client("s3", endpoint_url=resources.endpoint_url, region_name="eu-west-1")
    s3.put_object(Bucket=resources.media_bucket, Key=key, Body=video, ContentType="video/mp4")
    event = sample("s3_media_object_created.json")
    event["detail"]["bucket"]["name"] = resources.media_bucket
    event["detail"]["object"]["key"] = key
    lambdas.lambda_.invoke("on_media_uploaded", event)
    lambdas.lambda_.invoke("on_media_uploaded", event)  # EventBridge delivers at least once
    media = MediaItem.get(keys.org_pk(org_b.org_id), keys.media_sk(upload.item.media_id))
    assert (media.size_bytes, media.content_type, media.status) == (2048, "video/mp4", "ready")


def test_objects_outside_the_media_layout_are_ignored(lambdas: Client, resources: LocalResources) -> None:
    event = sample("s3_media_object_created.json")
    event["detail"]["object"]["key"] = "somewhere/else.txt"
    assert lambdas.lambda_.invoke("on_media_uploaded", event).payload is None


def test_the_nightly_job_counts_members_by_status(lambdas: Client, org_a: OrgWorld) -> None:
    lambdas.lambda_.invoke("nightly_member_counts", sample("schedule_nightly_member_counts.json"))
    organisation = OrganisationItem.get(keys.org_pk(org_a.org_id), keys.ORGANISATION_SK)
    assert organisation.stats_updated_at is not None
    assert organisation.active_members + organisation.invited_members >= 3


def test_an_idle_organisation_costs_no_request_an_hour(lambdas: Client, resources: LocalResources) -> None:
    """Leaderboards are kept by the stream as scores change: no schedule polls an organisation, so an
    hour of the app's frequent schedules (all but the nightly one) asks nothing about a quiet one."""
    import app

    quiet = build_org(resources, "idle")
    frequent = [s for s in schedule_sources(app.app) if "rate(" in s.expression]
    assert frequent, "the sweeper at least"
    with RECORDER.recording("schedules") as calls:
        for source in frequent:
            minutes = int(source.expression.split("(")[1].split()[0])
            for _ in range(60 // minutes):
                lambdas.lambda_.invoke(source.name, sample(f"schedule_{source.name}.json"))
    assert all(quiet.org_id not in json.dumps(call.params) for call in calls)
    # What is not about one organisation is polling: only the sweeper's one Query of what is due, every
    # five minutes, for everyone. (Campaigns other tests left due are swept too: those calls name them.)
    polling = [call for call in calls if "ORG#" not in json.dumps(call.params)]
    assert len(polling) <= 12


def test_a_one_time_schedule_runs_its_job_for_the_organisation_it_names(
    lambdas: Client, org_b: OrgWorld
) -> None:
    payload = {**sample("scheduler_run_job.json"), "org_id": org_b.org_id}
    result = lambdas.lambda_.invoke("run_scheduled_job", payload).payload
    assert result["ran"] is True and result["org_id"] == org_b.org_id
    assert lambdas.lambda_.invoke("run_scheduled_job", {"job": "nope", "org_id": "x"}).payload["ran"] is False
