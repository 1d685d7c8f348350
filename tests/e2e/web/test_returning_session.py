"""A returning member's session, as the server sees it: the app comes from the phone.

Once the service worker has installed (it precaches the app's files on the first visit), a later
session asks the server for two of the app's own files: the page itself (network first, so a new
release shows at once; a 304 while it has not changed) and the service worker, which the browser
checks for a new release (a 304 too). Scripts, styles, manifest and icons come from the device.
The requests are counted where they arrive: the local server's log of every file it serves. These
counts are the web app's requests in bench/cost.py (`WebAssumptions`); the app working offline
after such a visit is test_offline.py's.
"""

from __future__ import annotations

import re
import time
from collections import Counter

from playwright.sync_api import BrowserContext, Page

from bench import cost, web_size
from tests.e2e.conftest import LocalStackProcess
from tests.e2e.web.conftest import WEB_DIST, sign_in, wait_for_heading

# local/console.py's request line: "HH:MM:SS  GET    /path 304 1 ms".
SERVED = re.compile(r"^\S+\s+(GET|HEAD)\s+(/\S*) (\d{3}) ", re.MULTILINE)
# Requests that are not for the app's own files: the API, media and the sign-in service.
NOT_THE_APPS_FILES = ("/v1/", "/media-cdn/", "/cognito/")
# The browser checks the service worker for an update a moment after a navigation (about 2 s in
# Chromium); a browser that makes no such check leaves the session at the page alone.
UPDATE_CHECK_SECONDS = 10


def test_a_returning_member_gets_the_app_from_the_phone_and_asks_only_for_the_page(
    local_stack: LocalStackProcess, phone_context: BrowserContext
) -> None:
    stack = local_stack
    errors: list[str] = []

    # The first visit: the service worker installs, precaching the app's files, and takes control.
    since = len(stack.log())
    page = open_page(phone_context, errors)
    sign_in(page, "learner@demo.kring.test")
    wait_for_heading(page, "Your feed")
    page.wait_for_function("navigator.serviceWorker.controller !== null")  # after its install
    shell = web_size.precached_paths(WEB_DIST)
    first_visit = Counter(path for path, _ in served_logged(stack, since, shell))
    # Each script and style reaches the server once: the precache takes the ones the page has just
    # loaded from the browser's cache (the hashed assets are kept for good), not from the server.
    assert {path for path in first_visit if path.startswith("/assets/")} == {
        path for path in shell if path.startswith("/assets/")
    }
    assert all(first_visit[path] == 1 for path in shell if path.startswith("/assets/")), first_visit
    # Nothing but the page, its service worker and the precached files.
    assert set(first_visit) == {"/", "/sw.js", *shell}, first_visit
    # The cost model prices a full load at this many requests: a build with more files must say so.
    assert sum(first_visit.values()) <= cost.WEB.requests_per_full_load, (
        f"{sum(first_visit.values())} requests: raise bench/cost.py's WebAssumptions.requests_per_full_load",
        first_visit,
    )
    page.close()

    # A later session: a new tab on the app, then a reload.
    page = open_page(phone_context, errors)
    for opens in (lambda: page.goto("/"), page.reload):
        since = len(stack.log())
        opens()
        wait_for_heading(page, "Your feed")
        session = served_with_update_check(stack, since)
        assert session in ([("/", "304")], [("/", "304"), ("/sw.js", "304")]), session
        assert len(session) <= cost.WEB.requests_per_session
        assert page.evaluate("navigator.serviceWorker.controller !== null")
    assert not errors, f"The app threw: {errors}"


def open_page(context: BrowserContext, errors: list[str]) -> Page:
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page


def served_since(stack: LocalStackProcess, since: int) -> list[tuple[str, str]]:
    """(path, status) of each of the app's files the server has served since that point of its log."""
    return [
        (path, status)
        for _, path, status in SERVED.findall(stack.log()[since:])
        if not path.startswith(NOT_THE_APPS_FILES)
    ]


def served_logged(stack: LocalStackProcess, since: int, paths: set[str]) -> list[tuple[str, str]]:
    """What the server has served since that point, once its log shows each of `paths` (the local
    stack writes a request's line to its log file a moment after the response went out)."""
    deadline = time.monotonic() + UPDATE_CHECK_SECONDS
    while time.monotonic() < deadline:
        if paths <= {path for path, _ in served_since(stack, since)}:
            break
        time.sleep(0.2)
    return served_since(stack, since)


def served_with_update_check(stack: LocalStackProcess, since: int) -> list[tuple[str, str]]:
    """What a session sent, once the browser's update check of the service worker has come (or not)."""
    deadline = time.monotonic() + UPDATE_CHECK_SECONDS
    while time.monotonic() < deadline:
        if any(path == "/sw.js" for path, _ in served_since(stack, since)):
            break
        time.sleep(0.2)
    return served_since(stack, since)
