"""Moderation of the wall: reports, the queue, moderators' actions and log, the word list, limits."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.config import get_config
from chalicelib.wall import screening
from local.emulator import LocalResources
from tests.support.stack import ApiClient, unique
from tests.support.world import OrgWorld, Person, _person, build_org

pytestmark = pytest.mark.usefixtures("direct_emulator")  # see tests/integration/conftest.py


@pytest.fixture(scope="module")
def mod(resources: LocalResources) -> OrgWorld:
    return build_org(resources, "mod")


@pytest.fixture(scope="module")
def learner2(resources: LocalResources, mod: OrgWorld) -> Person:
    return _person(resources, mod.org_id, "learner")


def _joined(api: ApiClient, world: OrgWorld, person: Person, community_id: str | None = None) -> Person:
    reply = api.post(f"/v1/communities/{community_id or world.community_id}/join", person.token)
    assert reply.status == 200, reply.body
    return person


def _community(api: ApiClient, world: OrgWorld) -> dict:  # type: ignore[type-arg]
    return api.get(f"/v1/communities/{world.community_id}", world.learner.token).json()  # type: ignore[no-any-return]


def _post(api: ApiClient, world: OrgWorld) -> dict:  # type: ignore[type-arg]
    return api.get(f"/v1/communities/{world.community_id}/posts/{world.post_id}", world.learner.token).json()  # type: ignore[no-any-return]


def _act(api: ApiClient, world: OrgWorld, token: str, **action: str) -> object:
    return api.post(f"/v1/communities/{world.community_id}/moderation/actions", token, action)


def _queue(api: ApiClient, world: OrgWorld) -> list[dict]:  # type: ignore[type-arg]
    reply = api.get(f"/v1/communities/{world.community_id}/moderation/queue?limit=100", world.manager.token)
    assert reply.status == 200, reply.body
    return reply.json()["items"]  # type: ignore[no-any-return]


def test_a_reported_comment_is_hidden_by_a_moderator_and_restored(
    api: ApiClient, mod: OrgWorld, learner2: Person
) -> None:
    _joined(api, mod, learner2)
    thread = f"/v1/communities/{mod.community_id}/posts/{mod.post_id}/comments"
    comment = api.post(thread, learner2.token, {"body": "You clearly know nothing about this."}).json()
    report = {"reason": "harassment", "note": "Rude to a colleague"}

    first = api.post(f"{thread}/{comment['id']}/reports", mod.learner.token, report)
    again = api.post(f"{thread}/{comment['id']}/reports", mod.learner.token, report)

    assert first.status == 202 and first.json()["reason"] == "harassment"
    assert again.status == 202  # one open report per person: reporting again changes nothing
    (case,) = [item for item in _queue(api, mod) if item["target_id"] == comment["id"]]
    assert case["target_kind"] == "comment" and case["post_id"] == mod.post_id
    assert case["report_count"] == 1 and case["reasons"]["harassment"] == 1
    assert case["reports"][0]["note"] == "Rude to a colleague" and case["body"] == comment["body"]

    before = _post(api, mod)["comment_count"]
    hide = {"action": "hide", "target_kind": "comment", "target_id": comment["id"], "post_id": mod.post_id}
    hidden = api.post(
        f"/v1/communities/{mod.community_id}/moderation/actions",
        mod.manager.token,
        {**hide, "reason": "Personal attack"},
    )
    assert hidden.status == 200, hidden.body
    assert comment["id"] not in [c["id"] for c in api.get(thread, mod.learner.token).json()["items"]]
    assert _post(api, mod)["comment_count"] == before - 1
    assert comment["id"] not in [item["target_id"] for item in _queue(api, mod)]
    log = api.get(f"/v1/communities/{mod.community_id}/moderation/log", mod.manager.token).json()["items"]
    assert log[0]["action"] == "hide" and log[0]["target_id"] == comment["id"]
    assert log[0]["moderator"]["id"] == mod.manager.user_id and log[0]["reason"] == "Personal attack"
    assert log[0]["previous_status"] == "published" and log[0]["report_count"] == 1

    twice = api.post(
        f"/v1/communities/{mod.community_id}/moderation/actions",
        mod.manager.token,
        {**hide, "reason": "again"},
    )
    assert twice.status == 409  # a second moderator hiding it too does not count twice
    assert _post(api, mod)["comment_count"] == before - 1

    restore = {**hide, "action": "restore", "reason": "Context: it was a quote"}
    assert (
        api.post(f"/v1/communities/{mod.community_id}/moderation/actions", mod.manager.token, restore).status
        == 200
    )
    assert comment["id"] in [c["id"] for c in api.get(thread, mod.learner.token).json()["items"]]
    assert _post(api, mod)["comment_count"] == before


def test_a_moderator_hides_a_reported_post_and_the_wall_and_counters_follow(
    api: ApiClient, mod: OrgWorld
) -> None:
    wall = f"/v1/communities/{mod.community_id}/posts"
    post = api.post(wall, mod.learner.token, {"body": "Buy cheap followers at my site"}).json()
    assert api.post(f"{wall}/{post['id']}/reports", mod.admin.token, {"reason": "spam"}).status == 202
    before = _community(api, mod)["post_count"]

    target = {"target_kind": "post", "target_id": post["id"]}
    assert (
        api.post(
            f"/v1/communities/{mod.community_id}/moderation/actions",
            mod.manager.token,
            {**target, "action": "hide", "reason": "Spam"},
        ).status
        == 200
    )
    assert post["id"] not in [
        p["id"] for p in api.get(f"{wall}?limit=100", mod.learner.token).json()["items"]
    ]
    assert api.get(f"{wall}/{post['id']}", mod.learner.token).status == 404
    assert _community(api, mod)["post_count"] == before - 1

    removed = api.post(
        f"/v1/communities/{mod.community_id}/moderation/actions",
        mod.manager.token,
        {**target, "action": "remove", "reason": "Spam, for good"},
    )
    assert removed.status == 200 and removed.json()["previous_status"] == "hidden"
    assert _community(api, mod)["post_count"] == before - 1  # counted once, when it was hidden


def test_reports_can_be_dismissed(api: ApiClient, mod: OrgWorld) -> None:
    wall = f"/v1/communities/{mod.community_id}/posts"
    post = api.post(wall, mod.learner.token, {"body": "Opinion: pivot tables are overrated"}).json()
    api.post(f"{wall}/{post['id']}/reports", mod.admin.token, {"reason": "misinformation"})
    action = {"action": "dismiss", "target_kind": "post", "target_id": post["id"], "reason": "An opinion"}

    assert (
        api.post(f"/v1/communities/{mod.community_id}/moderation/actions", mod.manager.token, action).status
        == 200
    )
    assert post["id"] not in [item["target_id"] for item in _queue(api, mod)]
    assert api.get(f"{wall}/{post['id']}", mod.learner.token).status == 200
    again = api.post(f"/v1/communities/{mod.community_id}/moderation/actions", mod.manager.token, action)
    assert again.status == 409


def test_a_post_matching_the_word_list_is_held_until_a_moderator_publishes_it(
    api: ApiClient, mod: OrgWorld
) -> None:
    listed = api.put("/v1/admin/word-list", mod.admin.token, {"words": ["Scam", "get rich quick", "scam"]})
    assert listed.status == 200 and listed.json()["words"] == ["get rich quick", "scam"]
    try:
        wall = f"/v1/communities/{mod.community_id}/posts"
        before = _community(api, mod)["post_count"]
        reply = api.post(wall, mod.learner.token, {"body": "This offer is a SCAM, believe me"})
        assert reply.status == 201 and reply.json()["status"] == "held"
        held = reply.json()
        assert held["id"] not in [
            p["id"] for p in api.get(f"{wall}?limit=100", mod.learner.token).json()["items"]
        ]
        assert _community(api, mod)["post_count"] == before
        (case,) = [item for item in _queue(api, mod) if item["target_id"] == held["id"]]
        assert case["held"] and case["held_words"] == ["scam"] and case["report_count"] == 0
        fine = api.post(wall, mod.learner.token, {"body": "Scampi for lunch, anyone?"})
        assert fine.json()["status"] == "published"

        restore = {"action": "restore", "target_kind": "post", "target_id": held["id"], "reason": "A warning"}
        assert (
            api.post(
                f"/v1/communities/{mod.community_id}/moderation/actions", mod.manager.token, restore
            ).status
            == 200
        )
        assert held["id"] in [
            p["id"] for p in api.get(f"{wall}?limit=100", mod.learner.token).json()["items"]
        ]
        assert _community(api, mod)["post_count"] == before + 2  # the held one, now published, and "fine"
        assert held["id"] not in [item["target_id"] for item in _queue(api, mod)]

        comment = api.post(f"{wall}/{mod.post_id}/comments", mod.learner.token, {"body": "get  rich QUICK!"})
        assert comment.status == 201 and comment.json()["status"] == "held"
        thread = api.get(f"{wall}/{mod.post_id}/comments?limit=100", mod.learner.token).json()["items"]
        assert comment.json()["id"] not in [c["id"] for c in thread]
    finally:
        assert api.put("/v1/admin/word-list", mod.admin.token, {"words": []}).status == 200


def test_an_edit_matching_the_word_list_is_held_like_a_new_post_or_comment(
    api: ApiClient, mod: OrgWorld, learner2: Person
) -> None:
    _joined(api, mod, learner2)
    assert api.put("/v1/admin/word-list", mod.admin.token, {"words": ["scam"]}).status == 200
    try:
        wall = f"/v1/communities/{mod.community_id}/posts"
        post = api.post(wall, mod.learner.token, {"body": "A fine tip about pivot tables"}).json()
        thread = f"{wall}/{post['id']}/comments"
        comment = api.post(thread, learner2.token, {"body": "Thanks, useful"}).json()
        reply = api.post(f"{thread}/{comment['id']}/replies", mod.learner.token, {"body": "Glad"}).json()
        posts_before = _community(api, mod)["post_count"]

        edited = api.patch(f"{wall}/{post['id']}", mod.learner.token, {"body": "Actually a SCAM, join"})

        assert edited.status == 200 and edited.json()["status"] == "held"
        assert api.get(f"{wall}/{post['id']}", learner2.token).status == 404
        assert post["id"] not in [
            p["id"] for p in api.get(f"{wall}?limit=100", learner2.token).json()["items"]
        ]
        assert _community(api, mod)["post_count"] == posts_before - 1
        (case,) = [item for item in _queue(api, mod) if item["target_id"] == post["id"]]
        assert case["held"] and case["held_words"] == ["scam"] and case["body"] == "Actually a SCAM, join"

        restore = {"action": "restore", "target_kind": "post", "target_id": post["id"], "reason": "A warning"}
        assert _act(api, mod, mod.manager.token, **restore).status == 200  # type: ignore[attr-defined]
        assert _community(api, mod)["post_count"] == posts_before
        assert api.get(f"{thread}", learner2.token).json()["items"][0]["reply_count"] == 1

        # A comment that was reported already: its open case is held too, its report kept.
        assert (
            api.post(f"{thread}/{comment['id']}/reports", mod.manager.token, {"reason": "spam"}).status == 202
        )
        held = api.patch(f"{thread}/{comment['id']}", learner2.token, {"body": "scam scam"})
        held_reply = api.patch(f"{thread}/{reply['id']}", mod.learner.token, {"body": "A scam"})

        assert held.status == 200 and held.json()["status"] == "held"
        assert held_reply.status == 200 and held_reply.json()["status"] == "held"
        assert api.get(thread, learner2.token).json()["items"] == []
        assert api.get(f"{wall}/{post['id']}", learner2.token).json()["comment_count"] == 0
        cases = {item["target_id"]: item for item in _queue(api, mod)}
        assert cases[comment["id"]]["held"] and cases[comment["id"]]["report_count"] == 1
        assert cases[comment["id"]]["body"] == "scam scam" and cases[reply["id"]]["held_words"] == ["scam"]
        for target in (comment["id"], reply["id"]):
            release = {"action": "restore", "target_kind": "comment", "target_id": target}
            reply_to = _act(api, mod, mod.manager.token, **release, post_id=post["id"], reason="Fine")
            assert reply_to.status == 200  # type: ignore[attr-defined]
        shown = api.get(thread, learner2.token).json()["items"]
        assert [c["id"] for c in shown] == [comment["id"], reply["id"]] and shown[0]["reply_count"] == 1
        assert api.get(f"{wall}/{post['id']}", learner2.token).json()["comment_count"] == 2
    finally:
        assert api.put("/v1/admin/word-list", mod.admin.token, {"words": []}).status == 200


def test_a_muted_member_can_read_but_not_post_comment_or_react(
    api: ApiClient, mod: OrgWorld, resources: LocalResources
) -> None:
    member = _joined(api, mod, _person(resources, mod.org_id, "learner"))
    wall = f"/v1/communities/{mod.community_id}/posts"
    mute = {"action": "mute", "target_kind": "member", "target_id": member.user_id, "reason": "Cooling off"}
    assert (
        api.post(f"/v1/communities/{mod.community_id}/moderation/actions", mod.manager.token, mute).status
        == 200
    )

    assert api.post(wall, member.token, {"body": "Hello?"}).status == 403
    assert api.post(f"{wall}/{mod.post_id}/comments", member.token, {"body": "Hello?"}).status == 403
    assert api.put(f"{wall}/{mod.post_id}/reaction", member.token, {"reaction": "like"}).status == 403
    assert api.get(wall, member.token).status == 200

    unmute = {**mute, "action": "unmute", "reason": "Talked it through"}
    assert (
        api.post(f"/v1/communities/{mod.community_id}/moderation/actions", mod.manager.token, unmute).status
        == 200
    )
    assert api.post(wall, member.token, {"body": "Thanks, and sorry."}).status == 201


def test_a_removed_member_loses_access_to_an_invite_only_wall(
    api: ApiClient, mod: OrgWorld, resources: LocalResources
) -> None:
    draft = {"name": unique("closed"), "goal": "Trust", "visibility": "invite_only"}
    closed = api.post("/v1/communities", mod.manager.token, draft).json()
    member = _person(resources, mod.org_id, "learner")
    api.post(f"/v1/communities/{closed['id']}/invitations", mod.manager.token, {"user_id": member.user_id})
    _joined(api, mod, member, closed["id"])
    assert api.get(f"/v1/communities/{closed['id']}/posts", member.token).status == 200
    members_before = api.get(f"/v1/communities/{closed['id']}", mod.manager.token).json()["member_count"]

    removal = {
        "action": "remove_member",
        "target_kind": "member",
        "target_id": member.user_id,
        "reason": "Left the team",
    }
    assert (
        api.post(f"/v1/communities/{closed['id']}/moderation/actions", mod.manager.token, removal).status
        == 200
    )

    assert api.get(f"/v1/communities/{closed['id']}/posts", member.token).status == 403
    assert (
        api.get(f"/v1/communities/{closed['id']}", mod.manager.token).json()["member_count"]
        == members_before - 1
    )
    log = api.get(f"/v1/communities/{closed['id']}/moderation/log", mod.manager.token).json()["items"]
    assert log[0]["action"] == "remove_member" and log[0]["reason"] == "Left the team"


def test_learners_cannot_moderate(api: ApiClient, mod: OrgWorld) -> None:
    base = f"/v1/communities/{mod.community_id}/moderation"
    assert api.get(f"{base}/queue", mod.learner.token).status == 403
    assert api.get(f"{base}/log", mod.learner.token).status == 403
    hide = {"action": "hide", "target_kind": "post", "target_id": mod.post_id, "reason": "Mine now"}
    assert api.post(f"{base}/actions", mod.learner.token, hide).status == 403
    assert api.get("/v1/admin/word-list", mod.learner.token).status == 403


@pytest.fixture
def real_posting_limits(monkeypatch: pytest.MonkeyPatch) -> Iterator[datetime]:
    """The production limits (10 a minute, 100 a day), and a clock fixed in a fresh minute."""
    monkeypatch.setenv("KRING_POST_RATE_PER_MINUTE", "10")
    monkeypatch.setenv("KRING_POST_RATE_PER_DAY", "100")
    get_config.cache_clear()
    now = (datetime.now(UTC) + timedelta(minutes=5)).replace(second=20, microsecond=0)
    monkeypatch.setattr(screening, "utc_now", lambda: now)
    yield now
    monkeypatch.undo()
    get_config.cache_clear()


def test_the_eleventh_post_in_a_minute_is_refused_and_nothing_is_stored(
    api: ApiClient, mod: OrgWorld, resources: LocalResources, real_posting_limits: datetime
) -> None:
    poster = _joined(api, mod, _person(resources, mod.org_id, "learner"))
    wall = f"/v1/communities/{mod.community_id}/posts"
    for n in range(9):
        assert api.post(wall, poster.token, {"body": f"Tip {n}"}).status == 201
    assert api.post(f"{wall}/{mod.post_id}/comments", poster.token, {"body": "And a comment"}).status == 201
    before = _community(api, mod)["post_count"]

    refused = api.post(wall, poster.token, {"body": "One tip too many"})

    assert refused.status == 429 and refused.json()["type"].endswith("/rate-limited")
    assert refused.header("Retry-After") == "40"  # the minute ends 40 seconds after :20
    assert _community(api, mod)["post_count"] == before
    bodies = [p["body"] for p in api.get(f"{wall}?limit=20", poster.token).json()["items"]]
    assert "One tip too many" not in bodies


def test_a_post_the_word_list_would_hold_is_refused_like_any_other_past_the_minute_limit(
    api: ApiClient, mod: OrgWorld, resources: LocalResources, real_posting_limits: datetime
) -> None:
    poster = _joined(api, mod, _person(resources, mod.org_id, "learner"))
    wall = f"/v1/communities/{mod.community_id}/posts"
    for n in range(10):
        assert api.post(wall, poster.token, {"body": f"Tip {n}"}).status == 201
    assert api.put("/v1/admin/word-list", mod.admin.token, {"words": ["scam"]}).status == 200
    try:
        refused = api.post(wall, poster.token, {"body": "Beware of this scam"})

        assert refused.status == 429 and refused.json()["type"].endswith("/rate-limited")
        assert refused.header("Retry-After") == "40"  # the minute's limit, not the day's
        assert "per minute" in refused.json()["detail"]
        assert all(case["author"]["id"] != poster.user_id for case in _queue(api, mod))  # nothing held
    finally:
        assert api.put("/v1/admin/word-list", mod.admin.token, {"words": []}).status == 200


def test_a_moderator_cannot_spotlight_themselves_nor_their_own_post(
    api: ApiClient, resources: LocalResources, mod: OrgWorld
) -> None:
    community = f"/v1/communities/{mod.community_id}"
    moderator = _joined(api, mod, _person(resources, mod.org_id, "learner"))
    role = api.put(f"{community}/members/{moderator.user_id}/role", mod.manager.token, {"role": "moderator"})
    assert role.status == 200, role.body
    own = api.post(f"{community}/posts", moderator.token, {"body": "My tip: lock your screen."})
    assert own.status == 201, own.body
    reason = {"reason": "Best tip of the week"}
    refused = api.put(f"{community}/posts/{own.json()['id']}/spotlight", moderator.token, reason)
    assert refused.status == 403, refused.body
    myself = {"user_id": moderator.user_id, "reason": "Always helpful"}
    assert api.put(f"{community}/spotlight", moderator.token, myself).status == 403
    shown = api.get(community, mod.learner.token).json()
    assert (shown.get("spotlight") or {}).get("user_id") != moderator.user_id
    post = api.get(f"{community}/posts/{own.json()['id']}", mod.learner.token).json()
    assert not post.get("spotlight")
    # Another moderator may recognise them.
    assert api.put(f"{community}/posts/{own.json()['id']}/spotlight", mod.manager.token, reason).status == 200
    assert api.put(f"{community}/spotlight", mod.manager.token, myself).status == 200


def test_a_community_moderator_cannot_mute_or_remove_an_organisation_moderator(
    api: ApiClient, resources: LocalResources, mod: OrgWorld
) -> None:
    community = f"/v1/communities/{mod.community_id}"
    moderator = _joined(api, mod, _person(resources, mod.org_id, "learner"))
    role = api.put(f"{community}/members/{moderator.user_id}/role", mod.manager.token, {"role": "moderator"})
    assert role.status == 200, role.body
    _joined(api, mod, mod.admin)  # an org admin, a plain member of this community
    for action in ("mute", "remove_member"):
        reply = _act(
            api,
            mod,
            moderator.token,
            action=action,
            target_kind="member",
            target_id=mod.admin.user_id,
            reason="x",
        )
        assert reply.status == 403, reply.body  # type: ignore[attr-defined]
    members = api.get(f"{community}/members?limit=100", mod.manager.token).json()["items"]
    admin = next(m for m in members if m["user_id"] == mod.admin.user_id)
    assert admin["muted"] is False and admin["status"] == "active"
