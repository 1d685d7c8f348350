"""The app's non-HTTP handlers, called the way Lambda calls them with the payloads in events/."""

from __future__ import annotations

import copy
from typing import Any

import boto3
from chalice.test import Client

from chalicelib.media.uploads import start_upload
from chalicelib.store import keys
from chalicelib.store.models import BoardsStateItem, MediaItem, OrganisationItem, UserItem
from local.emulator import LocalResources
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


def test_a_failing_record_is_reported_so_only_it_and_later_ones_are_retried(
    lambdas: Client, org_b: OrgWorld
) -> None:
    good = post_published(
        org_b.org_id, org_b.community_id, "01JGOODPOST00000000000000", org_b.learner.user_id
    )
    bad = copy.deepcopy(good)
    bad_record = bad["Records"][0]
    bad_record["dynamodb"]["SequenceNumber"] = "200000000000000000002"
    bad_record["dynamodb"]["NewImage"]["post_id"]["S"] = "01JBADPOST000000000000000"
    bad_record["dynamodb"]["NewImage"]["author_id"]["S"] = "no-such-member"  # its author does not exist
    batch = {"Records": good["Records"] + bad["Records"]}
    assert consume(lambdas, batch) == {"batchItemFailures": [{"itemIdentifier": "200000000000000000002"}]}


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


def test_the_every_minute_schedule_rebuilds_the_leaderboards_of_organisations_that_changed(
    lambdas: Client, resources: LocalResources
) -> None:
    # An organisation of its own: the shared ones get points from other tests, and a score written
    # in the last two minutes is looked at again (the job's overlap).
    quiet = build_org(resources, "boards")
    state = BoardsStateItem(keys.org_pk(quiet.org_id), keys.BOARDS_STATE_SK)
    lambdas.lambda_.invoke("refresh_leaderboards", sample("schedule_refresh_leaderboards.json"))
    state.refresh(consistent_read=True)
    assert state.checkpoint is not None and state.running_until is None
    first = state.refreshed_at
    lambdas.lambda_.invoke("refresh_leaderboards", sample("schedule_refresh_leaderboards.json"))
    state.refresh(consistent_read=True)
    assert state.refreshed_at == first  # nothing changed: the organisation was skipped


def test_a_one_time_schedule_runs_its_job_for_the_organisation_it_names(
    lambdas: Client, org_b: OrgWorld
) -> None:
    payload = {**sample("scheduler_run_job.json"), "org_id": org_b.org_id}
    result = lambdas.lambda_.invoke("run_scheduled_job", payload).payload
    assert result["ran"] is True and result["org_id"] == org_b.org_id
    assert lambdas.lambda_.invoke("run_scheduled_job", {"job": "nope", "org_id": "x"}).payload["ran"] is False
