"""The permission guard asks for the IAM actions AWS would check for each call."""

from __future__ import annotations

import pytest

from infra.permissions import API_FUNCTION, FUNCTION_ACCESS, MEDIA_FUNCTION, STREAM_FUNCTION, Target, allowed
from tests.support.permission_guard import required_permissions


def test_a_transaction_needs_the_actions_of_the_items_it_holds() -> None:
    params = {"TransactItems": [{"Put": {}}, {"Update": {}}, {"ConditionCheck": {}}, {"Delete": {}}]}
    assert required_permissions("dynamodb", "TransactWriteItems", params) == [
        (Target.TABLE, "dynamodb:PutItem"),
        (Target.TABLE, "dynamodb:UpdateItem"),
        (Target.TABLE, "dynamodb:ConditionCheckItem"),
        (Target.TABLE, "dynamodb:DeleteItem"),
    ]
    assert required_permissions("dynamodb", "TransactGetItems", {}) == [(Target.TABLE, "dynamodb:GetItem")]


def test_a_query_of_an_index_needs_the_index() -> None:
    assert required_permissions("dynamodb", "Query", {"IndexName": "gsi1"}) == [
        (Target.INDEX, "dynamodb:Query")
    ]
    assert required_permissions("dynamodb", "Query", {}) == [(Target.TABLE, "dynamodb:Query")]


def test_objects_outside_the_organisations_prefix_belong_to_no_role() -> None:
    assert required_permissions("s3", "HeadObject", {"Key": "orgs/o/media/m"}) == [
        (Target.MEDIA, "s3:GetObject")
    ]
    assert required_permissions("s3", "PutObject", {"Key": "elsewhere/x"}) == [(None, "s3:PutObject")]


def test_creating_a_schedule_passes_the_scheduler_role() -> None:
    assert required_permissions("scheduler", "CreateSchedule", {}) == [
        (Target.SCHEDULES, "scheduler:CreateSchedule"),
        (Target.SCHEDULER_ROLE, "iam:PassRole"),
    ]
    assert required_permissions("scheduler", "DeleteSchedule", {}) == [
        (Target.SCHEDULES, "scheduler:DeleteSchedule")
    ]


def test_only_the_api_administers_users_or_reads_the_cursor_secret() -> None:
    for function in FUNCTION_ACCESS:
        is_api = function == API_FUNCTION
        assert allowed(function, Target.USER_POOL, "cognito-idp:AdminCreateUser") is is_api, function
        assert allowed(function, Target.CURSOR_SECRET, "secretsmanager:GetSecretValue") is is_api, function


def test_no_function_may_scan_and_only_the_stream_consumer_reads_the_stream() -> None:
    for function, access in FUNCTION_ACCESS.items():
        assert not any("Scan" in action for actions in access.values() for action in actions), function
        assert (Target.STREAM in access) is (function == STREAM_FUNCTION), function
    assert not allowed(MEDIA_FUNCTION, Target.MEDIA, "s3:PutObject")  # it checks uploads, never writes one


def test_each_secret_is_its_own_resource(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KRING_CURSOR_SECRET_ID", "stage/cursor")
    monkeypatch.setenv("KRING_MEDIA_CDN_SIGNING_KEY_SECRET_ID", "stage/media-key")
    read = "secretsmanager:GetSecretValue"
    assert required_permissions("secretsmanager", "GetSecretValue", {"SecretId": "stage/cursor"}) == [
        (Target.CURSOR_SECRET, read)
    ]
    assert required_permissions("secretsmanager", "GetSecretValue", {"SecretId": "stage/media-key"}) == [
        (Target.MEDIA_SIGNING_KEY, read)
    ]
    assert required_permissions("secretsmanager", "GetSecretValue", {"SecretId": "other"}) == [(None, read)]


def test_only_the_api_signs_download_urls_and_it_reads_no_object_but_captions() -> None:
    for function in FUNCTION_ACCESS:
        is_api = function == API_FUNCTION
        assert allowed(function, Target.MEDIA_SIGNING_KEY, "secretsmanager:GetSecretValue") is is_api, (
            function
        )
    # The distribution serves media; the API reads only a video's WebVTT captions (chalicelib/learning/
    # video_play.captions), small text a <track> can use only from the app's own origin.
    assert allowed(API_FUNCTION, Target.MEDIA, "s3:GetObject")
