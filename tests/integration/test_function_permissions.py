"""Each function's role allows what its code paths do (the guard in tests/conftest.py checks every
test); these are the paths no other test walks."""

from __future__ import annotations

import boto3
import pytest

from chalicelib.identity import use_cases
from local.emulator import LocalResources
from tests.support.permission_guard import GUARD
from tests.support.stack import ApiClient, unique
from tests.support.world import OrgWorld


def test_an_invitation_whose_profile_cannot_be_written_removes_the_account_it_created(
    api: ApiClient, resources: LocalResources, org_a: OrgWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    def profile_write_fails(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the table refused the profile")

    monkeypatch.setattr(use_cases.users, "add_member", profile_write_fails)
    email = f"{unique('orphan')}@{org_a.org_id}.kring.test"
    start = len(GUARD.denied)

    reply = api.post("/v1/admin/users", org_a.admin.token, {"email": email, "display_name": "Orphan"})

    assert reply.status == 500
    cognito = boto3.client("cognito-idp", endpoint_url=resources.endpoint_url, region_name="eu-west-1")
    with pytest.raises(cognito.exceptions.UserNotFoundException):
        cognito.admin_get_user(UserPoolId=resources.user_pool_id, Username=email)
    assert GUARD.denied_since(start) == []  # the API's role may delete the account (AdminDeleteUser)
