"""Exercises every API operation (and the stream consumer) once against realistic data.

The data: one organisation of a dozen members, a community whose wall holds 56 posts (one of
them with 25 comments; the learner reacted to some posts and comments), built through the real
use cases (tests.support.world) and the API. Each measured step goes through the app
in-process (Chalice's test client, as tests do) while the recorder and the probe observe its
DynamoDB requests; steps are keyed by operationId, with a suffix for a variant
(`publishPost:replay`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from bench.capacity import ObservedCall
from bench.probe import DynamoDBProbe, matches_recorder

log = logging.getLogger("bench.workload")

EXTRA_MEMBERS = 9  # + admin, manager and learner from build_org: a dozen
WALL_POSTS = 55  # + the post build_org publishes: 56 on the wall
PAGE = 20
THREAD_COMMENTS = 25  # one post's comments: a full page of 20 and more
REACTIONS = ("like", "insightful", "celebrate", "support")

_SENTENCES = (
    "Today I learned how to share only one window in a video call instead of my whole screen.",
    "Tip from our mentor: pin the channels you need every day so the rest stays quiet.",
    "Does anyone have a good checklist for preparing a workshop with remote participants?",
    "I finally set up two-factor authentication on my work account; it took five minutes.",
    "Our team now keeps meeting notes in one shared document and links it in the invite.",
    "Keyboard shortcuts changed my week: Ctrl+Shift+V pastes without the formatting.",
    "Question: how do you all keep track of what you learned in a month? A journal, an app?",
    "Het werkt! Ik heb mijn eerste formulier gemaakt en de antwoorden komen in een tabel.",
    "Merci pour la session d'hier, la démonstration des filtres était très claire.",
    "Small win: I explained version history to a colleague and she restored her lost slide.",
)


class BenchFailure(RuntimeError):
    """The workload did not behave as the bench expects: its figures would be meaningless."""


def post_body(n: int) -> str:
    """A deterministic post of 1 to 5 sentences (about 90 to 450 bytes)."""
    count = 1 + (n * 7) % 5
    return " ".join(_SENTENCES[(n + i) % len(_SENTENCES)] for i in range(count))


@dataclass
class Measurement:
    key: str
    calls: list[ObservedCall]
    response_bytes: int | None = None  # the HTTP response body (none for consumers and jobs)

    @property
    def operation_id(self) -> str:
        return self.key.split(":", 1)[0]


@dataclass
class Workload:
    probe: DynamoDBProbe
    measurements: list[Measurement] = field(default_factory=list)

    @contextmanager
    def measuring(self, key: str) -> Iterator[list[ObservedCall]]:
        if any(m.key == key for m in self.measurements):
            raise BenchFailure(f"{key} measured twice")
        with self.probe.capture(key) as observed:
            yield observed
        self.measurements.append(Measurement(key, observed))
        log.info("%-36s %d DynamoDB request(s): %s", key, len(observed), [c.operation for c in observed])


IDENTITY_CHECK = "identity:profile"


def _identity_check(workload: Workload, org: Any) -> None:
    """What every authenticated request adds before its route runs: the caller's current profile
    (a warm container that read it less than KRING_PROFILE_CACHE_SECONDS ago adds nothing)."""
    from chalicelib.identity.current import current_principal
    from chalicelib.principal import TokenIdentity

    with workload.measuring(IDENTITY_CHECK):
        current_principal(TokenIdentity(org.org_id, org.learner.user_id), cache_seconds=0)


def _check(key: str, observed: list[ObservedCall], recorded: list[Any]) -> None:
    problems = matches_recorder(observed, recorded)
    if problems:
        raise BenchFailure(f"{key}: the probe and local.recorder disagree: {problems}")


def run_workload(probe: DynamoDBProbe) -> Workload:
    """Build the data, then exercise every operation once; returns the measurements."""
    from chalice.test import Client

    from chalicelib.ids import new_id
    from local.recorder import RECORDER
    from tests.support.events import post_published, stream_sample
    from tests.support.media import PNG_BYTES, object_created, post_form
    from tests.support.stack import ApiClient, Reply, start_test_stack
    from tests.support.world import build_org

    resources = start_test_stack()
    log.info("emulator at %s; building the organisation", resources.endpoint_url)
    org = build_org(resources, "bench")
    org_id = org.org_id

    import app as app_module

    workload = Workload(probe)
    _identity_check(workload, org)
    with Client(app_module.app) as client:
        api = ApiClient(client)

        def seed(method: str, path: str, token: str, body: Any, expect: int = 201) -> Any:
            """Data through the public API (not measured): it changes less often than use cases do."""
            reply = api.call(method, path, token, body=body)
            if reply.status != expect:
                raise BenchFailure(f"seeding: {method} {path} answered {reply.status}: {reply.body!r}")
            return reply.json()

        def http(
            key: str,
            method: str,
            path: str,
            token: str | None,
            expect: int | None = 200,
            body: Any = None,
            headers: dict[str, str] | None = None,
        ) -> Reply:
            """One measured request; `expect=None` accepts any 2xx."""
            with workload.measuring(key) as observed:
                reply = api.call(method, path, token, body=body, headers=headers)
            if reply.status != expect and not (expect is None and 200 <= reply.status < 300):
                raise BenchFailure(
                    f"{key}: {method} {path} answered {reply.status}, not {expect}: {reply.body!r}"
                )
            _check(key, observed, reply.calls)
            workload.measurements[-1].response_bytes = len(reply.body)
            return reply

        extra = []
        for n in range(EXTRA_MEMBERS):
            roles = ["learner", "mentor"] if n % 4 == 0 else ["learner"]
            new_member = {"email": f"member{n:02d}@{org_id}.kring.test", "display_name": f"Member {n:02d}"}
            extra.append(seed("POST", "/v1/admin/users", org.admin.token, {**new_member, "roles": roles}))
        community = f"/v1/communities/{org.community_id}"
        authors = [org.learner.token, org.manager.token, org.admin.token]
        for token in authors[1:]:  # posting needs membership (the learner joined in build_org)
            reply = api.call("POST", f"{community}/join", token)
            if reply.status not in (200, 201, 204, 409):
                raise BenchFailure(f"seeding: joining the community answered {reply.status}: {reply.body!r}")
        wall_posts = [
            seed("POST", f"{community}/posts", authors[n % len(authors)], {"body": post_body(n)})["id"]
            for n in range(WALL_POSTS)
        ]
        # A thread long enough for a full page of comments, and the learner's reactions to some of
        # what the measured pages show (every seventh post, every fifth comment).
        thread_path = f"{community}/posts/{wall_posts[-2]}"
        thread = [
            seed("POST", f"{thread_path}/comments", authors[n % len(authors)], {"body": _SENTENCES[n % 10]})[
                "id"
            ]
            for n in range(THREAD_COMMENTS)
        ]
        for n, post_id in enumerate(wall_posts[::-7]):
            reaction = {"reaction": REACTIONS[n % len(REACTIONS)]}
            seed("PUT", f"{community}/posts/{post_id}/reaction", org.learner.token, reaction, expect=200)
        for n, comment_id in enumerate(thread[::5]):
            reaction = {"reaction": REACTIONS[n % len(REACTIONS)]}
            seed(
                "PUT",
                f"{thread_path}/comments/{comment_id}/reaction",
                org.learner.token,
                reaction,
                expect=200,
            )
        log.info(
            "organisation %s: %d members, %d posts on the wall", org_id, 3 + EXTRA_MEMBERS, WALL_POSTS + 1
        )

        # Warm-up, not measured: first connections, the admin's and manager's first visit.
        for person in (org.admin, org.manager):
            api.get("/v1/me", person.token)
        api.get("/v1/health")

        learner, admin, manager = org.learner.token, org.admin.token, org.manager.token
        http("getHealth", "GET", "/v1/health", None)
        http("getOpenApi", "GET", "/v1/openapi.json", None)
        http("getClientConfig", "GET", "/v1/client-config", None)
        http("getMyProfile:first-visit", "GET", "/v1/me", learner)
        http("getMyProfile", "GET", "/v1/me", learner)
        http(
            "updateMyProfile", "PATCH", "/v1/me", learner, body={"display_name": "Lucas W.", "language": "nl"}
        )
        http("getMyOrganisation", "GET", "/v1/organisation", learner)
        http("getOrganisationOverview", "GET", "/v1/admin/organisation", admin)
        members = http("listMembers", "GET", f"/v1/admin/users?limit={PAGE}", admin).json()
        if len(members["items"]) != 3 + EXTRA_MEMBERS:
            raise BenchFailure(f"listMembers returned {len(members['items'])} members")
        http("getMember", "GET", f"/v1/admin/users/{org.learner.user_id}", admin)
        invitation = {
            "email": f"new.colleague@{org_id}.kring.test",
            "display_name": "New Colleague",
            "roles": ["learner"],
        }
        http(
            "inviteMember",
            "POST",
            "/v1/admin/users",
            admin,
            201,
            invitation,
            {"Idempotency-Key": "bench-invite-0001"},
        )
        new_roles = {"roles": ["learner", "mentor"]}
        http("changeMemberRoles", "PUT", f"/v1/admin/users/{extra[1]['id']}/roles", admin, body=new_roles)
        http("deactivateMember", "POST", f"/v1/admin/users/{extra[2]['id']}/deactivate", admin)
        http("reactivateMember", "POST", f"/v1/admin/users/{extra[2]['id']}/reactivate", admin)
        http("listCommunities", "GET", f"/v1/communities?limit={PAGE}", learner)
        http("getCommunity", "GET", community, learner)
        wall = http("listCommunityPosts", "GET", f"{community}/posts?limit={PAGE}", learner).json()
        if len(wall["items"]) != PAGE or not wall["next_cursor"]:
            raise BenchFailure("listCommunityPosts did not return a full first page with a cursor")
        cursor = wall["next_cursor"]
        http("listCommunityPosts:page-2", "GET", f"{community}/posts?limit={PAGE}&cursor={cursor}", learner)
        draft = {
            "name": "Working with data",
            "description": "Spreadsheets, forms and dashboards: learn them together.",
            "goal": "Everyone builds one useful dashboard by the summer",
            "skill_tags": ["data", "digital"],
            "visibility": "organisation",
        }
        created = http(
            "createCommunity",
            "POST",
            "/v1/communities",
            manager,
            201,
            draft,
            {"Idempotency-Key": "bench-community-0001"},
        ).json()
        post = {"body": post_body(3)}
        key = {"Idempotency-Key": "bench-post-0001"}
        published = http("publishPost", "POST", f"{community}/posts", learner, 201, post, key).json()
        replay = http("publishPost:replay", "POST", f"{community}/posts", learner, 201, post, key)
        if replay.header("Idempotent-Replayed") != "true" or replay.json()["id"] != published["id"]:
            raise BenchFailure("publishPost:replay was not answered from the idempotency record")
        extra_post = http(
            "publishPost:without-key", "POST", f"{community}/posts", learner, 201, {"body": post_body(4)}
        )
        post_path = f"{community}/posts/{published['id']}"
        http("getPost", "GET", post_path, learner)
        upload_body = {"content_type": "image/png", "size_bytes": len(PNG_BYTES), "file_name": "diagram.png"}
        upload_key = {"Idempotency-Key": "bench-upload-0001"}
        form = http(
            "createMediaUpload", "POST", "/v1/media/uploads", learner, 201, upload_body, upload_key
        ).json()
        post_form(form["url"], form["fields"], PNG_BYTES)  # the phone's upload: not measured
        with (
            workload.measuring("consumer:mediaUploaded") as observed,
            RECORDER.recording("consumer:mediaUploaded") as recorded,
        ):
            client.lambda_.invoke("on_media_uploaded", object_created(form["fields"]["key"]))
        _check("consumer:mediaUploaded", observed, recorded)
        http("getMedia", "GET", f"/v1/media/{form['media_id']}", learner)  # the composer's poll
        # A photo post, newest on the wall: the home feed and the popular page measured below sign
        # its display URL (local CPU) in their answers.
        seed("POST", f"{community}/posts", learner, {"body": post_body(6), "media_ids": [form["media_id"]]})
        http("reactToPost", "PUT", f"{post_path}/reaction", manager, body={"reaction": "insightful"})
        comment_key = {"Idempotency-Key": "bench-comment-0001"}
        comment = {"body": "Great tip, thanks! I tried it this morning."}
        added = http("addComment", "POST", f"{post_path}/comments", manager, 201, comment, comment_key).json()
        comment_path = f"{post_path}/comments/{added['id']}"
        reply_key = {"Idempotency-Key": "bench-reply-0001"}
        reply_body = {"body": "Same here, it saved me ten minutes."}
        http("replyToComment", "POST", f"{comment_path}/replies", learner, 201, reply_body, reply_key)
        http("reactToComment", "PUT", f"{comment_path}/reaction", learner, None, {"reaction": "insightful"})
        http("removeCommentReaction", "DELETE", f"{comment_path}/reaction", learner, None)
        edited = {"body": "Great tip, thanks! I tried it this morning and it worked."}
        http("editComment", "PATCH", comment_path, manager, None, edited)
        http("removePostReaction", "DELETE", f"{post_path}/reaction", manager, None)
        http("editPost", "PATCH", post_path, learner, None, {"body": post_body(5)})
        http("pinPost", "PUT", f"{post_path}/pin", manager, None)
        http("unpinPost", "DELETE", f"{post_path}/pin", manager, None)
        http(
            "spotlightPost", "PUT", f"{post_path}/spotlight", manager, None, {"reason": "A clear, useful tip"}
        )
        share = {"to_community_id": created["id"], "comment": "Worth reading here too"}
        http(
            "sharePost",
            "POST",
            f"{post_path}/shares",
            manager,
            201,
            share,
            {"Idempotency-Key": "bench-share-0001"},
        )
        http("deleteComment", "DELETE", comment_path, manager, None)
        http("leaveCommunity", "POST", f"{community}/leave", admin, None)
        http("joinCommunity", "POST", f"{community}/join", admin, None)
        http(
            "changeCommunity",
            "PATCH",
            f"/v1/communities/{created['id']}",
            manager,
            None,
            {"goal": "One dashboard each"},
        )
        http("listComments", "GET", f"{post_path}/comments", learner)
        comments = http(
            "listComments:full-page", "GET", f"{thread_path}/comments?limit={PAGE}", learner
        ).json()
        if len(comments["items"]) != PAGE or not comments["next_cursor"]:
            raise BenchFailure("listComments:full-page did not return a full page with a cursor")
        http("listPinnedPosts", "GET", f"{community}/pinned", learner)
        http("getHomeFeed", "GET", f"/v1/feed?limit={PAGE}", learner)
        http("getPopularThisWeek", "GET", f"/v1/feed/popular?limit={PAGE}", learner)
        http("listMyCommunities", "GET", "/v1/me/communities", learner)
        http("getMyStart", "GET", "/v1/me/start", learner)
        http("listCommunityMembers", "GET", f"{community}/members", learner)
        # Following and the inbox (build_org delivered one notification to the learner).
        http("followPost", "PUT", f"{post_path}/follow", admin, None)
        http("unfollowPost", "DELETE", f"{post_path}/follow", admin, None)
        http("listMyNotifications", "GET", f"/v1/me/notifications?limit={PAGE}", learner)
        http("getUnreadNotificationCount", "GET", "/v1/me/notifications/unread-count", learner)
        note_path = f"/v1/me/notifications/{org.notification_id}"
        http("markNotificationRead", "POST", f"{note_path}/read", learner, None)
        http("markAllNotificationsRead", "POST", "/v1/me/notifications/read-all", learner)
        # Moderation: a report on a post and on a comment, the queue, a decision, the log, the word list.
        report = {"reason": "spam", "note": "Advertises a paid course"}
        http("reportPost", "POST", f"{post_path}/reports", admin, 202, report)
        reported = seed("POST", f"{post_path}/comments", manager, {"body": "Visit my shop for more tips"})
        http("reportComment", "POST", f"{post_path}/comments/{reported['id']}/reports", learner, 202, report)
        http("getModerationQueue", "GET", f"{community}/moderation/queue?limit={PAGE}", manager)
        dismissal = {
            "action": "dismiss",
            "target_kind": "post",
            "target_id": published["id"],
            "reason": "A useful tip, not spam",
        }
        http("moderate", "POST", f"{community}/moderation/actions", manager, 200, dismissal)
        http("getModerationLog", "GET", f"{community}/moderation/log?limit={PAGE}", manager)
        http("getWordList", "GET", "/v1/admin/word-list", admin)
        http("replaceWordList", "PUT", "/v1/admin/word-list", admin, 200, {"words": ["get rich quick"]})
        # Points: my points and ledger, the organisation's point rules.
        http("getMyPoints", "GET", "/v1/me/points", learner)
        http("listMyPointsLedger", "GET", f"/v1/me/points/ledger?limit={PAGE}", learner)
        http("getPointRules", "GET", "/v1/admin/point-rules", admin)
        rules = {"rules": {"reaction_given": {"points": 1, "daily_cap": 10}}}
        http("replacePointRules", "PUT", "/v1/admin/point-rules", admin, 200, rules)
        # Badges: the catalogue, an admin's own badge (with the uploaded image) and an edited default,
        # a manual award, and what the consumer does with it (notification and wall announcement).
        http("listBadges", "GET", "/v1/badges", learner)
        http("listBadgeCatalogue", "GET", "/v1/admin/badges", admin)
        texts = {"nl": "Helper", "fr": "Aide", "en": "Helper"}
        own_badge: dict[str, Any] = {"id": "kind-helper", "names": texts, "descriptions": texts}
        own_badge |= {"rule": {"type": "manual"}, "image_media_id": form["media_id"]}
        http("createBadge", "POST", "/v1/admin/badges", admin, 201, own_badge)
        helpful: dict[str, Any] = {"names": texts, "descriptions": texts}
        helpful["rule"] = {"type": "counter", "counter": "reaction_received", "threshold": 20}
        http("replaceBadge", "PUT", "/v1/admin/badges/helpful", admin, 200, helpful)
        award = {"user_id": org.learner.user_id, "reason": "Helped five colleagues with video calls"}
        awarded = http("awardBadge", "POST", f"{community}/badges/community-hero/awards", manager, 201, award)
        http("listMyBadges", "GET", "/v1/me/badges", learner)
        badge_event = stream_sample(
            "dynamodb_badge_awarded.json",
            org_id=org_id,
            user_id=org.learner.user_id,
            community_id=org.community_id,
            awarded_by=org.manager.user_id,
            awarded_at=awarded.json()["awarded_at"],
        )
        for key_name in ("consumer:badgeAwarded", "consumer:badgeAwarded:replay"):
            with workload.measuring(key_name) as observed, RECORDER.recording(key_name) as recorded:
                result = client.lambda_.invoke("on_table_change", badge_event).payload
            if result != {"batchItemFailures": []}:
                raise BenchFailure(f"{key_name}: on_table_change answered {result}")
            _check(key_name, observed, recorded)
        # Teams: an admin defines a department of five and moves people; everyone reads the teams.
        team_draft = {"name": "Customer service", "description": "Front office and call centre"}
        team_key = {"Idempotency-Key": "bench-team-0001"}
        made = http("createTeam", "POST", "/v1/admin/teams", admin, 201, team_draft, team_key).json()
        team_admin_path, team_path = f"/v1/admin/teams/{made['id']}", f"/v1/teams/{made['id']}"
        http("putTeamMember", "PUT", f"{team_admin_path}/members/{extra[3]['id']}", admin)
        for member in extra[4:8]:
            seed("PUT", f"{team_admin_path}/members/{member['id']}", admin, None, 200)
        learner_move = f"{team_admin_path}/members/{org.learner.user_id}"  # from build_org's team
        http("putTeamMember:move", "PUT", learner_move, admin)
        http("changeTeam", "PATCH", team_admin_path, admin, body={"name": "Customer service Ghent"})
        http("listTeams", "GET", f"/v1/teams?limit={PAGE}", learner)
        http("listTeamsAsAdmin", "GET", f"/v1/admin/teams?limit={PAGE}", admin)
        http("getTeam", "GET", team_path, learner)
        http("listTeamMembers", "GET", f"{team_path}/members?limit={PAGE}", learner)
        http("removeTeamMember", "DELETE", f"{team_admin_path}/members/{extra[3]['id']}", admin, None)
        http("deleteTeam", "DELETE", f"/v1/admin/teams/{org.team_id}", admin, None)  # emptied by the move

        http("deletePost", "DELETE", f"{community}/posts/{extra_post.json()['id']}", learner, None)
        http(
            "setCommunityRole",
            "PUT",
            f"{community}/members/{org.learner.user_id}/role",
            manager,
            None,
            {"role": "mentor"},
        )
        spotlight = {"user_id": org.learner.user_id, "reason": "Helped five colleagues with video calls"}
        http("spotlightMember", "PUT", f"{community}/spotlight", manager, None, spotlight)
        closed_draft = {**draft, "name": "Mentors' corner", "visibility": "invite_only"}
        closed = f"/v1/communities/{seed('POST', '/v1/communities', manager, closed_draft)['id']}"
        seed("POST", f"{closed}/join", learner, None, 200)  # an invite-only community: a request to join
        http("approveJoinRequest", "POST", f"{closed}/members/{org.learner.user_id}/approve", manager, None)
        http("inviteToCommunity", "POST", f"{closed}/invitations", manager, None, {"user_id": extra[0]["id"]})
        http("archiveCommunity", "POST", f"/v1/communities/{created['id']}/archive", manager, None)

        from bench.burst_lambda import StreamReader
        from chalicelib.gamification.board_upkeep import SCORE_TYPES

        scores_on_stream = StreamReader(resources.endpoint_url, resources.table_stream_arn)
        event = post_published(org_id, org.community_id, published["id"], org.learner.user_id)
        for key_name in ("consumer:postPublished", "consumer:postPublished:replay"):
            with workload.measuring(key_name) as observed, RECORDER.recording(key_name) as recorded:
                result = client.lambda_.invoke("on_table_change", event).payload
            if result != {"batchItemFailures": []}:
                raise BenchFailure(f"{key_name}: on_table_change answered {result}")
            _check(key_name, observed, recorded)
        # Notifications: a comment on the learner's post (author notified), a reaction (digest).
        on_post = {"org_id": org_id, "community_id": org.community_id, "post_id": published["id"]}
        comment_event = stream_sample(
            "dynamodb_comment_added.json", **on_post, comment_id=new_id(), author_id=org.manager.user_id
        )
        reaction_event = stream_sample(
            "dynamodb_reaction_given.json",
            **on_post,
            target_id=published["id"],
            user_id=org.manager.user_id,
            target_author_id=org.learner.user_id,
        )
        for key_name, event in (
            ("consumer:commentAdded", comment_event),
            ("consumer:commentAdded:replay", comment_event),
            ("consumer:reactionGiven", reaction_event),
            ("consumer:reactionGiven:replay", reaction_event),
        ):
            with workload.measuring(key_name) as observed, RECORDER.recording(key_name) as recorded:
                result = client.lambda_.invoke("on_table_change", event).payload
            if result != {"batchItemFailures": []}:
                raise BenchFailure(f"{key_name}: on_table_change answered {result}")
            _check(key_name, observed, recorded)

        # Leaderboards: the points the consumer gave changed scores; their records place them on the boards.
        def image_type(record: dict[str, Any]) -> str | None:
            image = record["dynamodb"].get("NewImage", {})
            return image.get("type", {}).get("S") if image.get("org_id", {}).get("S") == org_id else None

        changed = [record for record in scores_on_stream.read() if image_type(record) in SCORE_TYPES]
        totals = [record for record in changed if image_type(record) == "points_total"]
        if not totals:
            raise BenchFailure("consumer:scoreChanged: the awards changed no member's totals on the stream")
        # A member's totals changed by an award: their week, quarter and all-time entries move.
        for key_name in ("consumer:scoreChanged", "consumer:scoreChanged:replay"):
            with workload.measuring(key_name) as observed, RECORDER.recording(key_name) as recorded:
                result = client.lambda_.invoke("on_table_change", {"Records": totals[-1:]}).payload
            if result != {"batchItemFailures": []}:
                raise BenchFailure(f"{key_name}: on_table_change answered {result}")
            _check(key_name, observed, recorded)
        result = client.lambda_.invoke("on_table_change", {"Records": changed}).payload
        if result != {"batchItemFailures": []}:
            raise BenchFailure(f"placing the scores: on_table_change answered {result}")
        boards = "/v1/leaderboards/organisation"
        # The sample events happened in an earlier week: all-time boards are the ones they filled.
        top = http("getOrganisationLeaderboard", "GET", f"{boards}?period=all&limit=10", learner).json()
        if not top["items"]:
            raise BenchFailure("getOrganisationLeaderboard: the all-time board is empty")
        mine = http("getOrganisationLeaderboardAroundMe", "GET", f"{boards}/around-me?period=all", learner)
        if mine.json()["me"] is None:
            raise BenchFailure("getOrganisationLeaderboardAroundMe: the learner is not on the board")
        # What the web app opens (web/src/screens/Leaderboards.tsx): this week's board, 50 places. A
        # week is read from the member entries and the week's past period entries (8 + 8 Queries).
        http("getOrganisationLeaderboard:week", "GET", f"{boards}?period=week&limit=50", learner)
        http("getOrganisationLeaderboardAroundMe:week", "GET", f"{boards}/around-me?period=week", learner)
        http("getTeamsLeaderboard", "GET", "/v1/leaderboards/teams?period=quarter", learner)
        http("getCommunityLeaderboard", "GET", f"{community}/leaderboard?period=all&limit=10", learner)
        around_community = f"{community}/leaderboard/around-me?period=all"
        http("getCommunityLeaderboardAroundMe", "GET", around_community, learner)
        http("getTeamLeaderboard", "GET", f"{team_path}/leaderboard?period=all", learner)
        http("getTeamLeaderboardAroundMe", "GET", f"{team_path}/leaderboard/around-me?period=all", learner)
        _quizzes(http, workload, client, org)
        from bench.campaigns import exercise_campaigns

        exercise_campaigns(http, seed, workload, org)
        from bench.lessons import exercise_lessons

        exercise_lessons(http, seed, workload, client, org)
        from bench.feedback import exercise_feedback

        exercise_feedback(http, seed, workload, client, org)

        from bench.refreshers import exercise_refreshers

        exercise_refreshers(http, seed, workload, org)

        from bench.videos import exercise_videos

        exercise_videos(http, workload, client, org)

        from bench.search import exercise_search

        exercise_search(http, seed, workload, client, org)

        from bench.workshops import exercise_workshops

        exercise_workshops(http, seed, workload, org)
        from bench.intervision import exercise_intervision

        exercise_intervision(http, seed, workload, org, extra)

        from bench.for_you import exercise_for_you

        exercise_for_you(http, seed, workload, org)

        from bench.programmes import exercise_programmes

        exercise_programmes(http, seed, workload, org)
        _home_feed_of_several_communities(http, seed, org)

        from bench.questions import exercise_questions

        exercise_questions(http, seed, workload, client, org)
    return workload


def _answers_that_bring_the_next(http: Any, org: Any, quiz_id: str, question_ids: list[str]) -> None:
    """As the web app plays: /play/next for the first question, then each answer asks for the next
    one (serve_next) and gets it served in its response; a quiz of two questions, in practice and in
    an open campaign of it."""
    from datetime import timedelta

    from chalicelib.ids import utc_now
    from tests.support.world import save_quiz_campaign

    now = utc_now()
    campaign_id = save_quiz_campaign(
        org.admin.principal(org.org_id),
        quiz_id,
        audience="organisation",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=1),
        status="open",
    )
    for context, path in (
        ("Practice", f"/v1/quizzes/{quiz_id}"),
        ("Campaign", f"/v1/campaigns/{campaign_id}"),
    ):
        http(f"next{context}Question:start", "POST", f"{path}/play/next", org.learner.token)
        answer = {"question_id": question_ids[0], "option_ids": ["b"], "serve_next": True}
        key = f"answer{context}Question:next"
        reply = http(key, "POST", f"{path}/play/answers", org.learner.token, 201, answer).json()
        if (reply.get("next") or {}).get("question", {}).get("question_id") != question_ids[1]:
            raise BenchFailure(f"{key}: the next question did not come with the answer: {reply}")


def _home_feed_of_several_communities(http: Any, seed: Any, org: Any) -> None:
    """Last, so that no other figure changes: the learner joins three more communities, each with
    eight posts, and reads the home feed across all its communities (`getHomeFeed:several-communities`)."""
    for n in range(3):
        draft = {"name": f"Circle {n}", "goal": "Learn from each other", "visibility": "organisation"}
        community = f"/v1/communities/{seed('POST', '/v1/communities', org.manager.token, draft)['id']}"
        seed("POST", f"{community}/join", org.learner.token, None, expect=200)
        for k in range(8):
            seed("POST", f"{community}/posts", org.manager.token, {"body": post_body(n + k)})
    feed = http("getHomeFeed:several-communities", "GET", f"/v1/feed?limit={PAGE}", org.learner.token).json()
    if len(feed["items"]) != PAGE:
        raise BenchFailure("getHomeFeed:several-communities did not return a full page")


def _quizzes(http: Any, workload: Workload, client: Any, org: Any) -> None:
    """Quizzes: authors write and publish, a learner plays the practice quiz and the open campaign of
    build_org, the consumer scores, counts and awards (once), the author reads the statistics."""
    from local.recorder import RECORDER
    from tests.support.events import stream_sample

    learner, manager = org.learner.token, org.manager.token
    question = {
        "kind": "single",
        "language": "nl",
        "prompt": "Welke sneltoets plakt tekst zonder opmaak?",
        "options": [{"text": "Ctrl+V"}, {"text": "Ctrl+Shift+V", "correct": True}, {"text": "Ctrl+Alt+P"}],
        "explanation": "Ctrl+Shift+V plakt zonder de opmaak van de bron.",
        "skill_tags": ["digital"],
    }
    key = {"Idempotency-Key": "bench-question-0001"}
    made = http("createQuestion", "POST", "/v1/questions", manager, 201, question, key).json()
    question_path = f"/v1/questions/{made['id']}"
    http("listQuestions", "GET", f"/v1/questions?limit={PAGE}", manager)
    http("listQuestions:drafts", "GET", f"/v1/questions?status=draft&limit={PAGE}", manager)
    http("getQuestion", "GET", question_path, manager)
    http("changeQuestion", "PATCH", question_path, manager, body={"skill_tags": ["digital", "office"]})
    http("publishQuestion", "POST", f"{question_path}/publish", manager)
    quiz = {
        "title": "Sneltoetsen",
        "language": "nl",
        "question_ids": [made["id"], org.question_id],
        "seconds_per_question": 20,
        "points_per_question": 10,
        "speed_bonus": True,
        "speed_bonus_max": 5,
        "practice": True,
    }
    quiz_key = {"Idempotency-Key": "bench-quiz-0001"}
    created = http("createQuiz", "POST", "/v1/quizzes", manager, 201, quiz, quiz_key).json()
    quiz_path = f"/v1/quizzes/{created['id']}"
    http("changeQuiz", "PATCH", quiz_path, manager, body={"seconds_per_question": 30})
    http("publishQuiz", "POST", f"{quiz_path}/publish", manager)
    http("listQuizzes", "GET", f"/v1/quizzes?limit={PAGE}", learner)
    http("getQuiz", "GET", quiz_path, learner)
    for context, path in (
        ("Practice", f"/v1/quizzes/{org.quiz_id}"),
        ("Campaign", f"/v1/campaigns/{org.campaign_id}"),
    ):
        served = http(f"next{context}Question", "POST", f"{path}/play/next", learner).json()["question"]
        answer = {"question_id": served["question_id"], "option_ids": ["a"]}
        http(f"answer{context}Question", "POST", f"{path}/play/answers", learner, 201, answer)
        http(f"answer{context}Question:retry", "POST", f"{path}/play/answers", learner, 200, answer)
        http(
            f"answer{context}Question:other-answer",
            "POST",
            f"{path}/play/answers",
            learner,
            409,
            {**answer, "option_ids": ["b"]},
        )
        # The answer path itself makes at most 2 requests; every request also reads the caller's
        # profile first (the identity check, measured on its own, skipped by a warm container).
        identity = len(next(m for m in workload.measurements if m.key == IDENTITY_CHECK).calls)
        for name in (f"answer{context}Question", f"answer{context}Question:retry"):
            calls = next(m for m in workload.measurements if m.key == name).calls
            if len(calls) - identity > 2:
                raise BenchFailure(
                    f"{name}: {len(calls) - identity} requests beside the identity check, more than 2"
                )
        http(f"get{context}Results", "GET", f"{path}/play/results", learner)
    _answers_that_bring_the_next(http, org, created["id"], [made["id"], org.question_id])

    def answered(question_id: str) -> dict[str, Any]:
        return stream_sample(
            "dynamodb_question_answered.json",
            org_id=org.org_id,
            user_id=org.learner.user_id,
            context_id=org.campaign_id,
            campaign_id=org.campaign_id,
            quiz_id=org.quiz_id,
            question_id=question_id,
            community_id=org.community_id,
        )

    # A learner's very first answer also makes their refresher deck (and the organisation's first,
    # its refresher settings): measured apart, once in a learner's life. The priced operation is an
    # answer after it, as nearly all of the profile's answers are.
    for key_name, event in (
        ("consumer:questionAnswered:learnersFirst", answered(made["id"])),
        ("consumer:questionAnswered", answered(org.question_id)),
        ("consumer:questionAnswered:replay", answered(org.question_id)),
    ):
        with workload.measuring(key_name) as observed, RECORDER.recording(key_name) as recorded:
            result = client.lambda_.invoke("on_table_change", event).payload
        if result != {"batchItemFailures": []}:
            raise BenchFailure(f"{key_name}: on_table_change answered {result}")
        _check(key_name, observed, recorded)
    http("getQuestionStats", "GET", f"/v1/questions/{org.question_id}/stats", manager)
