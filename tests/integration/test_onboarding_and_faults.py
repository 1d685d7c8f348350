"""Onboarding is all or nothing, and transient AWS trouble is a 503 the client may retry."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from pynamodb.exceptions import GetError

from chalicelib import bootstrap
from chalicelib.errors import Conflict
from chalicelib.identity import use_cases
from chalicelib.identity.use_cases import NewMember
from chalicelib.store import organisations
from chalicelib.store.models import UserItem
from local.emulator import LocalResources
from tests.support.stack import ApiClient, start_test_stack, unique
from tests.support.world import OrgWorld


def admin(email: str) -> NewMember:
    return NewMember(email, "First Admin", [], "nl", "Europe/Brussels")


def test_onboarding_with_a_taken_email_leaves_nothing_behind_and_can_be_retried(
    resources: LocalResources, org_a: OrgWorld
) -> None:
    start_test_stack()
    directory = bootstrap.user_directory()
    org_id = unique("onboard")
    with pytest.raises(Conflict):
        use_cases.onboard_organisation(
            directory, org_id, "Onboard", admin(org_a.admin.email), "Europe/Brussels", "nl"
        )
    assert organisations.get_organisation(org_id) is None

    organisation, member = use_cases.onboard_organisation(
        directory, org_id, "Onboard", admin(f"{unique('first')}@example.com"), "Europe/Brussels", "nl"
    )
    assert organisation.org_id == org_id and "org_admin" in member.roles


def test_an_organisation_id_is_onboarded_once(resources: LocalResources, org_a: OrgWorld) -> None:
    start_test_stack()
    with pytest.raises(Conflict):
        use_cases.onboard_organisation(
            bootstrap.user_directory(), org_a.org_id, "Again", admin("x@example.com"), "Europe/Brussels", "nl"
        )


def test_dynamodb_throttling_is_a_503_with_retry_after(
    api: ApiClient, org_a: OrgWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    throttled = ClientError(
        {"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow down"}}, "GetItem"
    )

    def throttle(*args: object, **kwargs: object) -> None:
        raise GetError("Failed to get item", cause=throttled)

    monkeypatch.setattr(UserItem, "get", throttle)
    reply = api.get("/v1/me", org_a.learner.token)
    assert reply.status == 503 and reply.header("retry-after") == "2"
    assert reply.json()["type"].endswith("/service-unavailable")


def test_an_unexpected_failure_is_a_500_problem_without_internals(
    api: ApiClient, org_a: OrgWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(UserItem, "get", explode)
    reply = api.get("/v1/me", org_a.learner.token)
    assert reply.status == 500 and reply.header("content-type") == "application/problem+json"
    assert "secret internal detail" not in reply.body.decode()
