"""Demo data and the `kring` CLI against the emulator."""

from __future__ import annotations

import copy
import uuid
from pathlib import Path
from typing import Any

import jwt
import pytest

from chalicelib.communities.use_cases import list_communities
from chalicelib.ids import new_id
from chalicelib.principal import Principal, Role
from chalicelib.reactors import consumer
from chalicelib.reactors.events import PostPublished
from chalicelib.store import users
from chalicelib.store.dead_letters import stream_dead_letters
from chalicelib.wall.feed import community_feed
from local import cli, dead_letters, emulator, runtime, seed
from tests.integration.local.conftest import Emulator
from tests.support.events import post_published


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


def test_the_demo_community_has_a_workshop_series_next_week_and_a_buddy_programme_open(
    seeded: emulator.LocalResources,
) -> None:
    from chalicelib import bootstrap
    from chalicelib.ids import iso, utc_now
    from chalicelib.store import programmes, workshops

    principal = bootstrap.token_verifier().verify(sign_in(seeded, "learner@demo.kring.test"))
    (community,) = list_communities(principal, 10, None).items
    coming = workshops.list_community_workshops("demo", community.community_id, iso(utc_now()), 10, None)
    assert [w.title for w in coming.items] == ["Spreadsheets together: pivot tables"] * 3
    assert workshops.get_rsvp("demo", coming.items[0].workshop_id, principal.user_id) is not None
    (programme,) = programmes.list_programmes("demo", 10, None).items
    assert (programme.name, programme.kind, programme.status) == ("Digital buddies", "buddies", "open")
    assert programmes.list_programmes("acme", 10, None).items == []


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


def a_record(org_id: str, community_id: str, author_id: str) -> dict[str, Any]:
    record: dict[str, Any] = copy.deepcopy(
        post_published(org_id, community_id, new_id(), author_id)["Records"][0]
    )
    record["eventID"], record["dynamodb"]["SequenceNumber"] = uuid.uuid4().hex, str(uuid.uuid4().int)[:21]
    return record


def test_kring_replay_dead_letters_re_drives_them_through_the_consumer(
    seeded: emulator.LocalResources,
    cli_home: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from chalicelib import bootstrap

    learner = bootstrap.token_verifier().verify(sign_in(seeded, "learner@demo.kring.test"))
    (community,) = list_communities(learner, 10, None).items
    posts_before = users.require_member("demo", learner.user_id).post_count
    hit_by_a_bug, lost_by_the_poller = (
        a_record("demo", community.community_id, learner.user_id) for _ in "ab"
    )
    ghost = a_record("no-such-org", community.community_id, learner.user_id)

    def bug(event: object) -> None:
        raise KeyError("a bug in a new release")

    with monkeypatch.context() as release:
        release.setitem(consumer.REACTORS, PostPublished.__name__, [bug])
        assert consumer.consume_table_changes([hit_by_a_bug, ghost]) == {"batchItemFailures": []}
    # What the local poller writes when the consumer kept reporting a record (its on-failure destination).
    dead_letters.record(
        "stream:on_table_change", "reported in batchItemFailures", {"Records": [lost_by_the_poller]}
    )
    assert {letter.event_id for letter in stream_dead_letters()} == {
        hit_by_a_bug["eventID"],
        ghost["eventID"],
    }

    # The bug is fixed; the operator replays.
    assert cli.main(["replay-dead-letters"]) == 2  # one is left
    out = capsys.readouterr().out
    assert "2 applied" in out
    assert (
        f"still dead-lettered: {ghost['eventID']} (org no-such-org): unknown organisation 'no-such-org'"
        in out
    )
    assert users.require_member("demo", learner.user_id).post_count == posts_before + 2
    assert [letter.event_id for letter in stream_dead_letters()] == [ghost["eventID"]]
    assert dead_letters.read() == []

    assert cli.main(["replay-dead-letters"]) == 2  # replaying again changes nothing
    assert "0 applied" in capsys.readouterr().out
    assert users.require_member("demo", learner.user_id).post_count == posts_before + 2


def test_kring_index_reactions_gives_reactions_from_before_the_index_back_to_their_authors(
    seeded: emulator.LocalResources, cli_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from chalicelib import bootstrap
    from chalicelib.store import keys
    from chalicelib.store.models import ReactionItem
    from chalicelib.wall.reactions import react

    learner = bootstrap.token_verifier().verify(sign_in(seeded, "learner@demo.kring.test"))
    (community,) = list_communities(learner, 10, None).items
    post = community_feed(learner, community.community_id, 10, None).posts[0]
    react(learner, community.community_id, post.post_id, None, "celebrate")
    stored = ReactionItem.get(keys.reactions_pk("demo", post.post_id), keys.reaction_sk(learner.user_id))
    stored.update(actions=[ReactionItem.gsi1pk.remove(), ReactionItem.gsi1sk.remove()])  # as written before
    assert post.post_id not in community_feed(learner, community.community_id, 10, None).my_reactions

    assert cli.main(["index-reactions"]) == 0
    assert "Reactions indexed under the person who gave them: 1 " in capsys.readouterr().out
    assert community_feed(learner, community.community_id, 10, None).my_reactions[post.post_id] == "celebrate"
    assert cli.main(["index-reactions"]) == 0
    assert "gave them: 0 " in capsys.readouterr().out


def test_kring_fill_boards_runs_against_the_local_stack_and_again_changes_nothing(
    seeded: emulator.LocalResources, cli_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["fill-boards"]) == 0
    first = capsys.readouterr().out
    assert first.startswith("Scores read: ")
    assert cli.main(["fill-boards"]) == 0
    again = capsys.readouterr().out
    assert "board entries written: 0 " in again and "old board items removed: 0." in again


def test_kring_fill_media_keys_runs_against_the_local_stack_and_again_changes_nothing(
    seeded: emulator.LocalResources, cli_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["fill-media-keys"]) == 0
    assert capsys.readouterr().out.startswith("Posts given their images' object keys: ")
    assert cli.main(["fill-media-keys"]) == 0
    assert "object keys: 0 (0 attachments)" in capsys.readouterr().out
