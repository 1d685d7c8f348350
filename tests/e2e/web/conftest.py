"""Browser fixtures: Playwright driving the distribution's Chromium against the `kring run` stack.

Playwright's own browser download is not available on our machines, so the tests launch
/usr/bin/chromium (Debian's package; `make test` installs it when it is missing). The stack serves
the built app (web/dist, `make web`) at `/` beside the API, as in production.

    phone                 a page in a phone-sized context (390 x 844, touch) on the stack's origin
    sign_in(page, email)  signs in through the app's own form (Cognito SRP through the stack)
    check_screen(page, name)
                          runs axe-core on the screen (WCAG 2.1 A and AA rules; no serious or
                          critical violation allowed) and writes build/screenshots/<name>.png
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from local.home import REPO_ROOT
from local.seed import DEMO_PASSWORD
from tests.e2e.conftest import LocalStackProcess

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WEB_DIST = REPO_ROOT / "web" / "dist"
AXE = REPO_ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO_ROOT / "build" / "screenshots"
PHONE = {"width": 390, "height": 844}
WAIT_MS = 15_000


# One browser for every journey on a worker, closed after the last one (package scope, like the stack).
@pytest.fixture(scope="package")
def playwright_session() -> Iterator[Playwright]:
    missing = [str(p) for p in (CHROMIUM, WEB_DIST / "index.html", AXE) if not p.exists()]
    if missing:
        pytest.fail(f"The browser tests need {', '.join(missing)}: run `make web browser-deps` first.")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="package")
def browser(playwright_session: Playwright) -> Iterator[Browser]:
    chromium = playwright_session.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
    yield chromium
    chromium.close()


@pytest.fixture
def phone_context(browser: Browser, local_stack: LocalStackProcess) -> Iterator[BrowserContext]:
    # bypass_csp lets the test inject axe-core; the app itself runs under the server's CSP headers
    # otherwise (a CSP violation still shows as a console error, which the tests collect).
    context = browser.new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        base_url=local_stack.base_url,
        bypass_csp=True,
        locale="en-GB",
    )
    context.set_default_timeout(WAIT_MS)
    yield context
    context.close()


@pytest.fixture
def phone(phone_context: BrowserContext) -> Iterator[Page]:
    page = phone_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert not errors, f"The app threw: {errors}"


def sign_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def wait_for_heading(page: Page, name: str) -> None:
    page.get_by_role("heading", name=name, level=1).wait_for()


def serious_violations(page: Page) -> list[dict[str, object]]:
    """axe-core's WCAG 2.1 A/AA violations of impact serious or critical on the current page."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def check_screen() -> Callable[[Page, str], None]:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def check(page: Page, name: str) -> None:
        # The screen as people see it once loaded, not its loading state.
        page.wait_for_load_state("networkidle")
        expect(page.get_by_text("Loading…")).to_have_count(0)
        errors = page.get_by_role("alert").all_inner_texts()
        assert not errors, f"{name} shows an error: {errors}"
        violations = serious_violations(page)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        assert not violations, f"axe on {name}: {json.dumps(violations, indent=1)}"

    return check
