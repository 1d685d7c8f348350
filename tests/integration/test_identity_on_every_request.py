"""A token says who signed in; the person's profile, as it is now, decides what they may do.

Regression tests for the holes a hostile member found: a deactivated or demoted person kept
using the token they already had for up to an hour, and a member who changed their own sign-in
e-mail made their account unreachable for the admin's deactivate and role change.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from botocore.exceptions import ClientError

from chalicelib import bootstrap
from chalicelib.errors import Unauthenticated
from chalicelib.identity import current
from chalicelib.identity.current import current_principal
from chalicelib.ids import utc_now
from chalicelib.principal import Role, TokenIdentity
from chalicelib.store import users
from local import emulator
from local.emulator import LocalResources
from tests.support.stack import DEMO_PASSWORD, ApiClient, unique
from tests.support.tokens import sign_in, signed_in
from tests.support.world import OrgWorld

PROBLEM = "application/problem+json"


def newcomer(
    api: ApiClient, resources: LocalResources, org: OrgWorld, roles: list[str]
) -> tuple[str, str, str]:
    """(user id, e-mail, ID token) of someone the admin just invited, signed in."""
    email = f"{unique('new')}@{org.org_id}.kring.test"
    reply = api.post(
        "/v1/admin/users", org.admin.token, {"email": email, "display_name": "New", "roles": roles}
    )
    assert reply.status == 201, reply.body
    user_id = reply.json()["id"]
    bootstrap.user_directory().set_permanent_password(user_id, DEMO_PASSWORD)
    return user_id, email, sign_in(resources, email, DEMO_PASSWORD)


def access_token(resources: LocalResources, email: str) -> str:
    return signed_in(resources, email, DEMO_PASSWORD)["AccessToken"]


def test_a_deactivated_persons_token_stops_working_at_their_next_request(
    api: ApiClient, resources: LocalResources, org_a: OrgWorld
) -> None:
    user_id, _, token = newcomer(api, resources, org_a, [])
    assert api.get("/v1/me", token).status == 200
    assert api.post(f"/v1/admin/users/{user_id}/deactivate", org_a.admin.token).status == 200

    refused = api.get("/v1/communities", token)  # the same, still unexpired token
    assert refused.status == 401
    assert refused.header("content-type") == PROBLEM
    assert "deactivated" in refused.json()["detail"]

    assert api.post(f"/v1/admin/users/{user_id}/reactivate", org_a.admin.token).status == 200
    assert api.get("/v1/communities", token).status == 200


def test_a_demoted_admins_token_no_longer_opens_admin_routes(
    api: ApiClient, resources: LocalResources, org_a: OrgWorld
) -> None:
    user_id, _, token = newcomer(api, resources, org_a, ["org_admin"])
    assert api.get("/v1/admin/users?limit=1", token).status == 200
    demoted = api.put(f"/v1/admin/users/{user_id}/roles", org_a.admin.token, {"roles": ["learner"]})
    assert demoted.status == 200

    assert api.get("/v1/admin/users?limit=1", token).status == 403  # the token still says org_admin
    assert api.get("/v1/me", token).json()["roles"] == ["learner"]


def test_a_token_of_an_organisation_without_the_persons_profile_is_refused(
    api: ApiClient, resources: LocalResources, org_a: OrgWorld
) -> None:
    email = f"{unique('ghost')}@{org_a.org_id}.kring.test"
    directory = bootstrap.user_directory()
    user_id = directory.create_account(email, org_a.org_id, ["org_admin"], None)  # an account, no profile
    directory.set_permanent_password(user_id, DEMO_PASSWORD)
    token = sign_in(resources, email, DEMO_PASSWORD)

    reply = api.get("/v1/admin/users?limit=1", token)
    assert reply.status == 401 and reply.header("content-type") == PROBLEM


@pytest.mark.parametrize("attribute", ["email", "custom:org", "email_verified"])
def test_a_member_cannot_change_their_own_sign_in_attributes(
    api: ApiClient, resources: LocalResources, org_a: OrgWorld, attribute: str
) -> None:
    _, email, _ = newcomer(api, resources, org_a, [])
    cognito = emulator.client("cognito-idp", resources.endpoint_url)
    value = {"email": f"{unique('moved')}@elsewhere.test", "custom:org": "another-org"}.get(attribute, "true")
    with pytest.raises(ClientError) as refused:
        cognito.update_user_attributes(
            AccessToken=access_token(resources, email), UserAttributes=[{"Name": attribute, "Value": value}]
        )
    assert refused.value.response["Error"]["Code"] == "NotAuthorizedException"
    assert sign_in(resources, email, DEMO_PASSWORD)  # the account is as it was


def test_an_admin_reaches_an_account_by_its_subject_even_after_its_e_mail_changed(
    api: ApiClient, resources: LocalResources, org_a: OrgWorld
) -> None:
    user_id, _, token = newcomer(api, resources, org_a, [])
    cognito = emulator.client("cognito-idp", resources.endpoint_url)
    moved = f"{unique('moved')}@{org_a.org_id}.kring.test"
    cognito.admin_update_user_attributes(
        UserPoolId=resources.user_pool_id,
        Username=user_id,
        UserAttributes=[{"Name": "email", "Value": moved}],
    )

    assert api.put(f"/v1/admin/users/{user_id}/roles", org_a.admin.token, {"roles": ["mentor"]}).status == 200
    assert api.post(f"/v1/admin/users/{user_id}/deactivate", org_a.admin.token).status == 200
    account = cognito.admin_get_user(UserPoolId=resources.user_pool_id, Username=user_id)
    assert account["Enabled"] is False
    assert api.get("/v1/me", token).status == 401


@pytest.fixture
def cache_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    now = [1000.0]
    monkeypatch.setattr(current.time, "monotonic", lambda: now[0])
    current.forget_all()
    yield now
    current.forget_all()


def test_a_warm_container_trusts_a_profile_for_a_few_seconds_at_most(
    api: ApiClient, resources: LocalResources, org_a: OrgWorld, cache_clock: list[float]
) -> None:
    user_id, _, _ = newcomer(api, resources, org_a, ["mentor"])
    identity = TokenIdentity(org_a.org_id, user_id)
    assert Role.MENTOR in current_principal(identity, cache_seconds=5).roles
    # Another container deactivates the person: this one does not hear of it...
    users.update_member(org_a.org_id, user_id, {"status": "deactivated"}, utc_now())
    cache_clock[0] += 4.9
    assert current_principal(identity, cache_seconds=5).user_id == user_id
    cache_clock[0] += 0.2  # ...for at most the bound
    with pytest.raises(Unauthenticated):
        current_principal(identity, cache_seconds=5)


def test_deeply_nested_json_is_a_bad_request_not_a_server_error(api: ApiClient, org_a: OrgWorld) -> None:
    nested = "[" * 20_000 + "]" * 20_000
    for body in (nested, '{"body": ' + nested + "}", '{"a":' * 5000 + "1" + "}" * 5000):
        reply = api.call(
            "POST", f"/v1/communities/{org_a.community_id}/posts", org_a.learner.token, raw_body=body
        )
        assert reply.status == 400, reply.body[:200]
        assert reply.header("content-type") == PROBLEM
