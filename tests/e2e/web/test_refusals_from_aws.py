"""Refusals AWS answers itself, before the app runs, in its own format (not a problem): Lambda's 429
when the API function is at its reserved concurrency, its 403 when it cannot verify a request. The
app shows them in the member's words, and sends a throttled request again after a short wait, while
the app's own refusals (problems) are shown as they are and not sent again."""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import urlsplit

from playwright.sync_api import Page, Route, expect

from tests.e2e.web.conftest import sign_in, wait_for_heading

# What Lambda answers for a function URL beyond its concurrency, and for a signature it refuses.
LAMBDA_THROTTLED = (429, json.dumps({"Message": "Rate Exceeded."}))
LAMBDA_REFUSED = (403, json.dumps({"Message": "The request signature we calculated does not match."}))


def _points(url: str) -> bool:
    return urlsplit(url).path == "/v1/me/points"


def _points_answer(page: Page, answer: Callable[[Route, int], None]) -> list[int]:
    """Routes the browser's requests for the member's points through `answer`; the hits, counted."""
    hits: list[int] = []

    def handle(route: Route) -> None:
        hits.append(len(hits))
        answer(route, len(hits))

    page.unroute(_points)  # the previous answer's
    page.route(_points, handle)
    return hits


def _refuse(
    status_and_body: tuple[int, str], content_type: str = "application/json"
) -> Callable[[Route, int], None]:
    status, body = status_and_body
    return lambda route, _: route.fulfill(status=status, body=body, content_type=content_type)


def _open_progress(page: Page) -> None:
    page.evaluate("location.hash = '/'")
    page.evaluate("location.hash = '/progress'")
    wait_for_heading(page, "Points and badges")


def test_a_busy_or_refusing_aws_shows_a_friendly_message_and_a_throttle_is_retried(phone: Page) -> None:
    sign_in(phone, "learner@demo.kring.test")  # English profile
    wait_for_heading(phone, "Your feed")
    alert = phone.get_by_role("alert")

    # Lambda stays busy: the request is sent four times in all, then the member reads why.
    hits = _points_answer(phone, _refuse(LAMBDA_THROTTLED))
    _open_progress(phone)
    expect(alert).to_contain_text("Kring is very busy right now; try again in a few minutes.")
    assert len(hits) == 4
    expect(alert).not_to_contain_text("Rate Exceeded")

    # Busy for a moment only: the retries get through and the screen shows the points.
    hits = _points_answer(
        phone,
        lambda route, n: route.fulfill(status=429, body=LAMBDA_THROTTLED[1]) if n <= 2 else route.continue_(),
    )
    alert.get_by_role("button", name="Try again").click()
    expect(alert).to_have_count(0)
    assert len(hits) == 3

    # The app's own 429 is a problem: shown as it is, not sent again (it says when to come back).
    problem = {
        "type": "https://kring.app/problems/rate-limited",
        "title": "Too many requests",
        "status": 429,
        "detail": "Your organisation made many requests this minute; try again shortly.",
    }
    hits = _points_answer(phone, _refuse((429, json.dumps(problem)), "application/problem+json"))
    _open_progress(phone)
    expect(alert).to_contain_text(problem["detail"])
    assert len(hits) == 1

    # Lambda's own 403: the member's words, not AWS's; not sent again.
    hits = _points_answer(phone, _refuse(LAMBDA_REFUSED))
    _open_progress(phone)
    expect(alert).to_contain_text("This request was refused.")
    expect(alert).not_to_contain_text("signature")
    assert len(hits) == 1
