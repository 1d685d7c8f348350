"""Communities and their wall (first slice: create, list, post, read newest first)."""

from __future__ import annotations

from local.emulator import LocalResources
from tests.support.media import MP4_BYTES, upload_ready_media
from tests.support.stack import ApiClient, unique
from tests.support.world import OrgWorld, _person


def test_a_community_manager_creates_a_community_with_a_shared_goal(api: ApiClient, org_a: OrgWorld) -> None:
    draft = {"name": "Excel heroes", "goal": "Pivot tables for all", "skill_tags": ["excel", "excel", "data"]}
    reply = api.post("/v1/communities", org_a.manager.token, draft)
    assert reply.status == 201
    community = reply.json()
    assert reply.header("location") == f"/v1/communities/{community['id']}"
    assert community["skill_tags"] == ["data", "excel"] and community["visibility"] == "organisation"
    assert community["my_membership"] == {"role": "moderator", "status": "active", "muted": False}
    seen_by_learner = api.get(f"/v1/communities/{community['id']}", org_a.learner.token).json()
    assert seen_by_learner == {**community, "my_membership": None}


def test_learners_and_mentors_cannot_create_communities(api: ApiClient, org_a: OrgWorld) -> None:
    assert api.post("/v1/communities", org_a.learner.token, {"name": "Mine", "goal": "x"}).status == 403


def test_communities_of_the_organisation_are_listed(api: ApiClient, org_a: OrgWorld, org_b: OrgWorld) -> None:
    ids = {
        community["id"]
        for community in api.get("/v1/communities?limit=100", org_a.learner.token).json()["items"]
    }
    assert org_a.community_id in ids and org_b.community_id not in ids


def test_a_post_lands_on_top_of_the_wall_and_counts_for_the_community(
    api: ApiClient, org_a: OrgWorld
) -> None:
    before = api.get(f"/v1/communities/{org_a.community_id}", org_a.learner.token).json()["post_count"]
    reply = api.post(
        f"/v1/communities/{org_a.community_id}/posts", org_a.learner.token, {"body": "TIL: shortcuts"}
    )
    assert reply.status == 201 and reply.json()["author"]["id"] == org_a.learner.user_id
    wall = api.get(f"/v1/communities/{org_a.community_id}/posts?limit=1", org_a.learner.token).json()
    assert wall["items"][0]["body"] == "TIL: shortcuts"
    after = api.get(f"/v1/communities/{org_a.community_id}", org_a.learner.token).json()["post_count"]
    assert after == before + 1


def test_an_empty_post_is_refused(api: ApiClient, org_a: OrgWorld) -> None:
    assert (
        api.post(f"/v1/communities/{org_a.community_id}/posts", org_a.learner.token, {"body": "   "}).status
        == 422
    )


def test_a_wall_page_costs_two_dynamodb_requests_after_the_access_check(
    api: ApiClient, org_a: OrgWorld
) -> None:
    reply = api.get(f"/v1/communities/{org_a.community_id}/posts?limit=20", org_a.learner.token)
    # my profile (cached for a few seconds in a warm container), the community with my membership,
    # then the page itself: its posts, and my reactions to them (one Query of my reactions index)
    assert [call.operation for call in reply.calls] == ["GetItem", "BatchGetItem", "Query", "Query"]


def test_a_moderator_gives_the_community_a_cover_image_everyone_can_see(
    api: ApiClient, org_a: OrgWorld
) -> None:
    community = api.post("/v1/communities", org_a.manager.token, {"name": "Covered", "goal": "g"}).json()[
        "id"
    ]
    image = upload_ready_media(org_a.manager.principal(org_a.org_id))
    changed = api.patch(f"/v1/communities/{community}", org_a.manager.token, {"cover_media_id": image})
    assert changed.status == 200 and changed.json()["cover_media_id"] == image
    cover = api.get(f"/v1/media/{image}", org_a.learner.token).json()
    assert cover["status"] == "ready" and cover["url"]


def test_a_cover_must_be_an_image_of_my_own(api: ApiClient, org_a: OrgWorld) -> None:
    community = api.post("/v1/communities", org_a.manager.token, {"name": "Covered", "goal": "g"}).json()[
        "id"
    ]
    video = upload_ready_media(org_a.manager.principal(org_a.org_id), MP4_BYTES, "video/mp4", "clip.mp4")
    assert (
        api.patch(f"/v1/communities/{community}", org_a.manager.token, {"cover_media_id": video}).status
        == 422
    )
    not_mine = upload_ready_media(org_a.learner.principal(org_a.org_id))
    assert (
        api.patch(f"/v1/communities/{community}", org_a.manager.token, {"cover_media_id": not_mine}).status
        == 422
    )


def test_a_community_moderator_cannot_change_a_peer_moderators_role(
    api: ApiClient, resources: LocalResources, org_a: OrgWorld
) -> None:
    made = api.post(
        "/v1/communities",
        org_a.manager.token,
        {"name": unique("Peers"), "goal": "Moderate together", "visibility": "organisation"},
    )
    assert made.status == 201, made.body
    community = f"/v1/communities/{made.json()['id']}"
    first, second, plain = (_person(resources, org_a.org_id, "learner") for _ in range(3))
    for person in (first, second, plain):
        assert api.post(f"{community}/join", person.token).status == 200
    for person in (first, second):
        role = api.put(
            f"{community}/members/{person.user_id}/role", org_a.manager.token, {"role": "moderator"}
        )
        assert role.status == 200, role.body

    demoted = api.put(f"{community}/members/{second.user_id}/role", first.token, {"role": "member"})
    assert demoted.status == 403, demoted.body
    members = {
        m["user_id"]: m for m in api.get(f"{community}/members?limit=100", first.token).json()["items"]
    }
    assert members[second.user_id]["role"] == "moderator"
    # A moderator still shapes the plain members' roles; the community manager changes moderators'.
    assert api.put(f"{community}/members/{plain.user_id}/role", first.token, {"role": "mentor"}).status == 200
    back = api.put(f"{community}/members/{second.user_id}/role", org_a.manager.token, {"role": "member"})
    assert back.status == 200 and back.json()["role"] == "member"


def _moderate(api: ApiClient, world: OrgWorld, community: str, action: str, user_id: str) -> None:
    act = {"action": action, "target_kind": "member", "target_id": user_id, "reason": "As agreed"}
    reply = api.post(f"/v1/communities/{community}/moderation/actions", world.manager.token, act)
    assert reply.status == 200, reply.body


def _member_ids(api: ApiClient, world: OrgWorld, community: str) -> list[str]:
    page = api.get(f"/v1/communities/{community}/members?limit=100", world.manager.token)
    assert page.status == 200, page.body
    return [m["user_id"] for m in page.json()["items"]]


def _member_count(api: ApiClient, world: OrgWorld, community: str) -> int:
    return int(api.get(f"/v1/communities/{community}", world.manager.token).json()["member_count"])


def test_leaving_and_joining_again_does_not_lift_a_mute(
    api: ApiClient, org_a: OrgWorld, resources: LocalResources
) -> None:
    community = api.post("/v1/communities", org_a.manager.token, {"name": "Muted", "goal": "g"}).json()["id"]
    member = _person(resources, org_a.org_id, "learner")
    assert api.post(f"/v1/communities/{community}/join", member.token).status == 200
    _moderate(api, org_a, community, "mute", member.user_id)
    count = _member_count(api, org_a, community)

    assert api.post(f"/v1/communities/{community}/leave", member.token).status == 204
    assert _member_count(api, org_a, community) == count - 1
    assert member.user_id not in _member_ids(api, org_a, community)
    mine = api.get("/v1/me/communities?limit=100", member.token).json()["items"]
    assert community not in [c["id"] for c in mine]

    back = api.post(f"/v1/communities/{community}/join", member.token)
    assert back.status == 200 and back.json()["status"] == "active" and back.json()["muted"] is True
    assert _member_count(api, org_a, community) == count
    assert api.post(f"/v1/communities/{community}/posts", member.token, {"body": "I'm back"}).status == 403


def test_a_moderator_who_leaves_comes_back_as_a_member(
    api: ApiClient, org_a: OrgWorld, resources: LocalResources
) -> None:
    community = api.post("/v1/communities", org_a.manager.token, {"name": "Roles", "goal": "g"}).json()["id"]
    member = _person(resources, org_a.org_id, "learner")
    api.post(f"/v1/communities/{community}/join", member.token)
    path = f"/v1/communities/{community}/members/{member.user_id}/role"
    assert api.put(path, org_a.manager.token, {"role": "moderator"}).status == 200

    api.post(f"/v1/communities/{community}/leave", member.token)
    back = api.post(f"/v1/communities/{community}/join", member.token).json()

    assert back["role"] == "member"
    assert api.get(f"/v1/communities/{community}/moderation/queue", member.token).status == 403


def test_a_removed_member_needs_a_moderators_invitation_to_come_back(
    api: ApiClient, org_a: OrgWorld, resources: LocalResources
) -> None:
    community = api.post("/v1/communities", org_a.manager.token, {"name": "Removal", "goal": "g"}).json()[
        "id"
    ]
    member = _person(resources, org_a.org_id, "learner")
    api.post(f"/v1/communities/{community}/join", member.token)
    count = _member_count(api, org_a, community)
    _moderate(api, org_a, community, "remove_member", member.user_id)
    assert _member_count(api, org_a, community) == count - 1
    assert member.user_id not in _member_ids(api, org_a, community)

    refused = api.post(f"/v1/communities/{community}/join", member.token)
    assert refused.status == 403
    assert api.post(f"/v1/communities/{community}/leave", member.token).status == 204  # changes nothing
    assert api.post(f"/v1/communities/{community}/join", member.token).status == 403
    assert api.post(f"/v1/communities/{community}/posts", member.token, {"body": "Still here"}).status == 403
    assert _member_count(api, org_a, community) == count - 1

    invited = api.post(
        f"/v1/communities/{community}/invitations", org_a.manager.token, {"user_id": member.user_id}
    )
    assert invited.status == 200 and invited.json()["status"] == "invited"
    accepted = api.post(f"/v1/communities/{community}/join", member.token)
    assert accepted.status == 200 and accepted.json()["status"] == "active"
    assert _member_count(api, org_a, community) == count
    assert (
        api.post(f"/v1/communities/{community}/posts", member.token, {"body": "Back, invited"}).status == 201
    )
