"""A moderator who hides or removes someone's post or comment gives a reason, and the author is
told what happened and why, in their own language, once (the notification comes from the
moderation log entry's stream record)."""

from __future__ import annotations

import pytest
from chalice.test import Client

from local.emulator import LocalResources
from tests.integration.test_notifications import StreamTap, consume, inbox, start, unread
from tests.support.stack import ApiClient, start_test_stack
from tests.support.world import OrgWorld, _person, build_org


@pytest.fixture(scope="module")
def world(resources: LocalResources) -> OrgWorld:
    start_test_stack()
    return build_org(resources, "modnotes")


def test_the_author_hears_why_a_moderator_hid_their_post_or_removed_their_comment(
    api: ApiClient, lambdas: Client, resources: LocalResources, world: OrgWorld
) -> None:
    org, learner, manager = world.org_id, world.learner, world.manager
    colleague = _person(resources, org, "learner")
    community = f"/v1/communities/{world.community_id}"
    community_name = api.get(community, learner.token).json()["name"]
    assert api.post(f"{community}/join", colleague.token).status in (200, 201)
    assert api.patch("/v1/me", learner.token, {"language": "fr"}).status == 200
    post = api.post(f"{community}/posts", learner.token, {"body": "Buy cheap followers here!"}).json()
    comment = api.post(
        f"{community}/posts/{post['id']}/comments", colleague.token, {"body": "You are all idiots"}
    ).json()
    since = start(api, learner, colleague)
    tap = StreamTap(resources, org)

    moderate = f"{community}/moderation/actions"
    hide = {"action": "hide", "target_kind": "post", "target_id": post["id"], "reason": "Publicité"}
    assert api.post(moderate, manager.token, hide).status == 200
    remove = {
        "action": "remove",
        "target_kind": "comment",
        "target_id": comment["id"],
        "post_id": post["id"],
        "reason": "Be kind to colleagues",
    }
    assert api.post(moderate, manager.token, remove).status == 200
    records = tap.read()
    consume(lambdas, records)
    consume(lambdas, records)  # delivered twice: told once

    [hidden] = inbox(api, learner, since)
    assert hidden["kind"] == "content_moderated"
    assert hidden["text"] == f"Un modérateur a masqué votre publication dans {community_name} : Publicité"
    assert (hidden["post_id"], hidden["comment_id"], hidden["actor"]) == (post["id"], None, None)
    [removed] = inbox(api, colleague, since)
    expected = f"Een moderator heeft je reactie in {community_name} verwijderd: Be kind to colleagues"
    assert removed["text"] == expected
    assert removed["comment_id"] == comment["id"]
    assert unread(api, learner) == 1 and unread(api, colleague) == 1


def test_restoring_and_dismissing_tell_nobody_and_a_moderator_is_not_told_of_their_own_action(
    api: ApiClient, lambdas: Client, resources: LocalResources, world: OrgWorld
) -> None:
    org, learner, manager = world.org_id, world.learner, world.manager
    community = f"/v1/communities/{world.community_id}"
    mine = api.post(f"{community}/posts", manager.token, {"body": "An outdated announcement"}).json()
    theirs = api.post(f"{community}/posts", learner.token, {"body": "A fine tip"}).json()
    report = {"reason": "off_topic", "note": ""}
    assert api.post(f"{community}/posts/{theirs['id']}/reports", manager.token, report).status == 202
    since = start(api, learner, manager)
    tap = StreamTap(resources, org)

    moderate = f"{community}/moderation/actions"
    for action, target, reason in (
        ("hide", mine["id"], "Outdated"),
        ("hide", theirs["id"], "Checking"),
        ("restore", theirs["id"], "All fine after all"),
    ):
        body = {"action": action, "target_kind": "post", "target_id": target, "reason": reason}
        assert api.post(moderate, manager.token, body).status == 200, (action, target)
    consume(lambdas, tap.read())

    assert inbox(api, manager, since) == []
    assert [n["text"].endswith(": Checking") for n in inbox(api, learner, since)] == [True]
