"""A cold API container's first request loads what its route runs, not what its module's other routes run.

A route module imports, at its top, what its declarations and most of its routes need; code only
some of its routes reach is imported in those routes (docs/decisions.md, "A route loads what it
runs"). Each case is a first request in a fresh interpreter, with a forged token (it stops at the
signature check, as the cold-start bench does), then the route's module as the request found it:
what the request loaded is compared with what only the module's other routes need.
"""

from __future__ import annotations

import pytest

from bench.cold_import import first_request_event
from tests.support.fresh_interpreter import loaded_modules

CASES = {
    # The app's first request: my profile, my communities and my unread count.
    ("GET", "/v1/me/start"): {
        "chalicelib.wall.posts",  # posting (screening, attachments)
        "chalicelib.communities.use_cases",  # a community's settings and its media
    },
    # A community wall: reading it does not load writing posts, comments or reactions.
    ("GET", "/v1/communities/{community_id}/posts"): {
        "chalicelib.wall.posts",
        "chalicelib.wall.comments",
        "chalicelib.wall.screening",
        "chalicelib.media.attachments",
    },
    # A campaign route that shows no board, and whose campaign may play no quiz.
    ("POST", "/v1/admin/campaigns"): {
        "chalicelib.gamification.standings",
        "chalicelib.gamification.boards",
        "chalicelib.quizzes.bank",  # a quiz campaign's check
        "chalicelib.campaigns.audience",  # telling the audience: the lifecycle's fan-out
    },
    # Reading a board awards no badges, books no points and keeps no boards.
    ("GET", "/v1/leaderboards/organisation"): {
        "chalicelib.gamification.ledger",
        "chalicelib.gamification.badge_awards",
        "chalicelib.gamification.board_upkeep",
        "chalicelib.store.points",
    },
    # My points: reading them loads no code that awards them.
    ("GET", "/v1/me/points"): {
        "chalicelib.gamification.ledger",
        "chalicelib.gamification.badge_awards",
        "chalicelib.gamification.board_upkeep",
    },
    # Today's refreshers: no answer scoring, no reminder schedules, no administrators' settings.
    ("GET", "/v1/me/refreshers"): {
        "chalicelib.quizzes.scoring",
        "chalicelib.refreshers.reminders",
        "chalicelib.refreshers.administration",
        "chalicelib.scheduler",
    },
    # Writing a lesson: quiz rules and the bank load for a question card, media signing for a
    # card that shows media, the review reminder's schedule for publishing.
    ("POST", "/v1/lessons"): {
        "chalicelib.quizzes.scoring",
        "chalicelib.quizzes.rules",
        "chalicelib.store.questions",
        "chalicelib.media.objects",
        "chalicelib.learning.review_dates",
        "chalicelib.scheduler",
    },
    # Opening a lesson counts no poll votes and loads none of the authoring checks.
    ("GET", "/v1/lessons/{lesson_id}"): {
        "chalicelib.learning.poll_results",
        "chalicelib.learning.lessons",
        "chalicelib.quizzes.scoring",
    },
    # Asking a question: no search index (the suggestions' route) nor the escalation job's routing.
    ("POST", "/v1/communities/{community_id}/questions"): {
        "chalicelib.search.library",
        "chalicelib.qa.routing",
    },
    # Answering a question loads no code that asks one (posting, escalation schedules).
    ("POST", "/v1/communities/{community_id}/questions/{post_id}/answers"): {
        "chalicelib.qa.questions",
        "chalicelib.wall.posts",
        "chalicelib.scheduler",
    },
    # Writing a question of the bank: its answer counts are the stats route's.
    ("POST", "/v1/questions"): {"chalicelib.quizzes.insight", "chalicelib.media.objects"},
    # Reporting a post reads it; it loads no code that writes posts or comments.
    ("POST", "/v1/communities/{community_id}/posts/{post_id}/reports"): {
        "chalicelib.wall.posts",
        "chalicelib.wall.comments",
        "chalicelib.wall.screening",
    },
    # The workshops of a community: no calendar file, no check-in.
    ("GET", "/v1/communities/{community_id}/workshops"): {
        "chalicelib.workshops.check_in",
        "chalicelib.calendar_files",
    },
    # An org-wide route decides no community relation.
    ("GET", "/v1/me"): {"chalicelib.communities.membership", "chalicelib.store.idempotency"},
}


@pytest.mark.parametrize(("route", "not_needed"), list(CASES.items()), ids=[path for _, path in CASES])
def test_a_first_request_loads_what_its_route_runs_and_not_its_neighbours_code(
    route: tuple[str, str], not_needed: set[str]
) -> None:
    method, path = route
    loaded = loaded_modules(
        f"import app\nresponse = app.app({first_request_event(method, path)!r}, None)\n"
        "assert response['statusCode'] == 401, response"
    )
    assert "chalicelib.auth" in loaded  # the request reached token verification
    assert loaded & not_needed == set()
