"""Gamification on the real local stack, over HTTP (issue #5's acceptance run).

A learner posts, colleagues react, the stream consumer gives points and badges and places the
changed scores on the boards, and the learner tops the week's board; "first post" and "helpful"
are earned once each, and the board stays as it was, also after the stream is delivered all over
again; a community manager awards a badge by hand; a colleague who opted out is on nobody else's
board.
"""

from __future__ import annotations

import json
from typing import Any

from tests.e2e.conftest import LocalStackProcess
from tests.e2e.test_learners_day import eventually

BOARD_SECONDS = 60  # the consumer's second pass: the points, then the scores they changed


def my_badges(stack: LocalStackProcess, token: str) -> list[str]:
    reply = stack.get("/v1/me/badges", token=token)
    assert reply.status == 200, reply.body
    return sorted(badge["id"] for badge in reply.json()["items"])


def week_board(stack: LocalStackProcess, token: str) -> dict[str, Any]:
    reply = stack.get("/v1/leaderboards/organisation?period=week&limit=50", token=token)
    assert reply.status == 200, reply.body
    return dict(reply.json())


def stream_positions(stack: LocalStackProcess) -> dict[str, dict[str, str]]:
    path = stack.home / "stream-positions.json"
    return dict(json.loads(path.read_text())) if path.exists() and path.read_text().strip() else {}


def caught_up(now: dict[str, dict[str, str]], before: dict[str, dict[str, str]]) -> bool:
    """The poller is at least as far on every shard as it was before."""
    return all(
        shard in now.get(arn, {}) and int(now[arn][shard]) >= int(sequence)
        for arn, shards in before.items()
        for shard, sequence in shards.items()
    )


def test_points_badges_and_boards_of_a_learner(local_stack: LocalStackProcess) -> None:
    stack = local_stack
    learner = stack.token("learner@acme.kring.test")
    mentor = stack.token("mentor@acme.kring.test")
    admin = stack.token("admin@acme.kring.test")
    learner_id = stack.get("/v1/me", token=learner).json()["id"]
    mentor_id = stack.get("/v1/me", token=mentor).json()["id"]

    # The admin opts out of leaderboards; the learner and the mentor take part.
    opted_out = stack.patch("/v1/me", token=admin, json_body={"leaderboard_opt_out": True})
    assert opted_out.status == 200 and opted_out.json()["leaderboard_opt_out"] is True

    created = stack.post(
        "/v1/communities",
        token=admin,
        json_body={"name": "Spreadsheet heroes", "goal": "Everyone builds a dashboard"},
    )
    assert created.status == 201, created.body
    community = f"/v1/communities/{created.json()['id']}"
    for token in (learner, mentor):
        assert stack.post(f"{community}/join", token=token).status == 200

    # The learner posts five tips; the mentor and the admin react to each (10 reactions received).
    post_ids = []
    for n in range(5):
        posted = stack.post(f"{community}/posts", token=learner, json_body={"body": f"Tip {n}: use filters"})
        assert posted.status == 201, posted.body
        post_ids.append(posted.json()["id"])
    stack.post(f"{community}/posts", token=admin, json_body={"body": "Welcome to spreadsheet heroes!"})
    for post_id in post_ids:
        for token in (mentor, admin):
            reaction = {"reaction": "insightful"}
            reacted = stack.request(
                "PUT", f"{community}/posts/{post_id}/reaction", token=token, json_body=reaction
            )
            assert reacted.status == 200, reacted.body

    earned = eventually(
        lambda: (badges := my_badges(stack, learner)) and "helpful" in badges and badges,
        "the learner earning 'helpful'",
        seconds=60,
    )
    assert {"first-post", "helpful"} <= set(earned)
    points = stack.get("/v1/me/points", token=learner).json()["points"]
    assert points >= 5 * 10 + 10 * 2  # (more if the seeded posts were the learner's)

    # The every-minute job puts the learner on top of the week's board with all those points (other
    # stories on the same stack may have put them there earlier, with fewer); the admin is not on it.
    def learner_on_top() -> dict[str, Any] | None:
        board = week_board(stack, mentor)
        top = board["items"][0] if board["items"] else {}
        return board if top.get("id") == learner_id and top.get("score") == points else None

    board = eventually(learner_on_top, "the learner topping the week's board", seconds=BOARD_SECONDS)
    admin_id = stack.get("/v1/me", token=admin).json()["id"]
    assert admin_id not in {place["id"] for place in board["items"]}
    assert mentor_id in {place["id"] for place in board["items"]}
    mine = stack.get("/v1/leaderboards/organisation/around-me?period=week", token=admin).json()
    assert mine["me"] is not None and mine["me"]["visible"] is False  # the admin still sees their place

    # The mentor moderates the community and, as its manager, awards the learner a badge by hand.
    promoted = stack.request(
        "PUT", f"{community}/members/{mentor_id}/role", token=admin, json_body={"role": "moderator"}
    )
    assert promoted.status in (200, 204), promoted.body
    hero = {"user_id": learner_id, "reason": "Five clear tips in one morning"}
    award = stack.post(f"{community}/badges/community-hero/awards", token=mentor, json_body=hero)
    assert award.status == 201, award.body
    again = stack.post(f"{community}/badges/community-hero/awards", token=mentor, json_body=hero)
    assert again.status == 409
    earned = eventually(
        lambda: (badges := my_badges(stack, learner)) and "community-hero" in badges and badges,
        "the manual award showing",
    )

    # The whole stream is delivered again (as after a lost checkpoint): nothing changes.
    standings = [(p["rank"], p["id"], p["score"]) for p in week_board(stack, mentor)["items"]]
    eventually(lambda: stream_positions(stack), "the poller saving its position")
    before = stream_positions(stack)
    stack.stop()
    (stack.home / "stream-positions.json").write_text("{}")
    stack.start()
    eventually(lambda: caught_up(stream_positions(stack), before), "the stream delivered again", seconds=90)
    assert my_badges(stack, learner) == earned
    assert stack.get("/v1/me/points", token=learner).json()["points"] == points
    assert [(p["rank"], p["id"], p["score"]) for p in week_board(stack, mentor)["items"]] == standings
    wall = stack.get(f"{community}/posts?limit=50", token=learner).json()["items"]
    announced = [post["system"]["badge_id"] for post in wall if post.get("system")]
    assert sorted(announced) == sorted(set(announced))  # each badge announced once at most
    assert "helpful" in announced
