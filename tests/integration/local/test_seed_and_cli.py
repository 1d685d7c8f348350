"""Demo data and the `kring` CLI against the emulator."""

from __future__ import annotations

from pathlib import Path

import jwt
import pytest

from chalicelib.auth import Principal, Role
from chalicelib.communities.use_cases import list_communities
from chalicelib.wall.feed import community_feed
from local import cli, emulator, runtime, seed
from tests.integration.local.conftest import Emulator


def sign_in(resources: emulator.LocalResources, email: str, password: str = seed.DEMO_PASSWORD) -> str:
    result = emulator.client("cognito-idp", resources.endpoint_url).initiate_auth(
        ClientId=resources.user_pool_client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": password},
    )
    return str(result["AuthenticationResult"]["IdToken"])


def claims(token: str) -> dict[str, object]:
    return dict(jwt.decode(token, options={"verify_signature": False}))


@pytest.fixture(scope="module")
def seeded(local_emulator: Emulator) -> emulator.LocalResources:
    resources = local_emulator.reset()
    assert seed.seed() is True
    return resources


def test_every_demo_account_signs_in_with_the_demo_password(seeded: emulator.LocalResources) -> None:
    accounts = seed.demo_accounts()
    assert {email for _, email, _ in accounts} >= {
        "admin@demo.kring.test",
        "mentor@demo.kring.test",
        "manager@demo.kring.test",
        "learner@demo.kring.test",
        "learner2@demo.kring.test",
        "admin@acme.kring.test",
        "mentor@acme.kring.test",
        "learner@acme.kring.test",
    }
    for org_id, email, roles in accounts:
        token_claims = claims(sign_in(seeded, email))
        assert token_claims["custom:org"] == org_id
        assert token_claims["email"] == email
        assert set(roles) <= set(token_claims["cognito:groups"])  # type: ignore[arg-type]


def test_each_organisation_has_a_community_with_a_goal_and_posts(seeded: emulator.LocalResources) -> None:
    from chalicelib import bootstrap

    for org_id, community_name in (("demo", "Digital skills"), ("acme", "Safety first")):
        principal = bootstrap.token_verifier().verify(sign_in(seeded, f"learner@{org_id}.kring.test"))
        assert principal.org_id == org_id
        (community,) = list_communities(principal, 10, None).items
        assert community.name == community_name
        assert community.goal
        posts = community_feed(principal, community.community_id, 10, None).posts
        assert len(posts) >= 2
        assert len({post.author_id for post in posts}) >= 2
    demo = Principal("demo", "x", "x", frozenset({Role.LEARNER}))
    assert (
        list_communities(demo, 10, None).items[0].goal == "Everyone confident with our digital tools by June"
    )


def test_seeding_again_changes_nothing(seeded: emulator.LocalResources) -> None:
    assert seed.seed() is False


@pytest.fixture
def cli_home(seeded: emulator.LocalResources, kring_home: Path) -> Path:
    runtime.save_resources(seeded, "http://127.0.0.1:1")  # what `kring run` records for the CLI
    return kring_home


def test_kring_token_prints_an_id_token(cli_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["token", "mentor@acme.kring.test"]) == 0
    token = capsys.readouterr().out.strip()
    assert claims(token)["custom:org"] == "acme"
    assert claims(token)["token_use"] == "id"


def test_kring_token_with_a_wrong_password_fails_clearly(
    cli_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["token", "mentor@acme.kring.test", "--password", "Wrong-Password-1"]) == 1
    assert "Sign-in of mentor@acme.kring.test failed" in capsys.readouterr().err


def test_kring_org_create_onboards_an_organisation_and_its_admin(
    seeded: emulator.LocalResources, cli_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        cli.main(["org", "create", "Globex Industries", "--admin", "Boss@Globex.test", "--language", "nl"])
        == 0
    )
    out = capsys.readouterr().out
    assert "'globex-industries'" in out and "boss@globex.test" in out
    token_claims = claims(sign_in(seeded, "boss@globex.test"))
    assert token_claims["custom:org"] == "globex-industries"
    assert "org_admin" in token_claims["cognito:groups"]  # type: ignore[operator]

    assert cli.main(["org", "create", "Globex Industries", "--admin", "other@globex.test"]) == 1
    assert "already exists" in capsys.readouterr().err


def test_the_cli_says_when_no_local_stack_runs(kring_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["token", "learner@demo.kring.test"]) == 1
    assert "make run" in capsys.readouterr().err
