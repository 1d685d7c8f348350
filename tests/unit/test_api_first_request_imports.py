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
    # A campaign route that shows no board.
    ("POST", "/v1/admin/campaigns"): {"chalicelib.gamification.standings"},
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
