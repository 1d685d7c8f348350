"""Locally, an invited colleague's temporary password is on the `kring run` console (no e-mail is
sent), and the app's sign-in (Cognito SRP, checked by the emulator) takes it and nothing else."""

from __future__ import annotations

import re
import time
import uuid

from playwright.sync_api import Page, expect

from tests.e2e.conftest import LocalStackProcess
from tests.e2e.web.conftest import sign_in, wait_for_heading

NEW_PASSWORD = "Chosen-By-Me-2026"


def announced_password(stack: LocalStackProcess, email: str) -> str:
    """The temporary password from the console's invitation line (the log is written as it goes)."""
    pattern = re.compile(rf"Invitation for {re.escape(email)}: temporary password (\S+), valid 7 days")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = pattern.search(stack.log())
        if found:
            return found.group(1)
        time.sleep(0.2)
    raise AssertionError(f"no invitation line for {email} on the console")


def test_an_invited_colleague_signs_in_with_the_password_the_console_shows(
    local_stack: LocalStackProcess, phone: Page
) -> None:
    stack = local_stack
    email = f"invited.{uuid.uuid4().hex[:8]}@demo.kring.test"
    invited = stack.post(
        "/v1/admin/users",
        token=stack.token("admin@demo.kring.test"),
        json_body={"email": email, "display_name": "Ines Invited", "roles": ["learner"], "language": "en"},
    )
    assert invited.status == 201, invited.body
    temporary = announced_password(stack, email)

    sign_in(phone, email, temporary + "x")
    expect(phone.get_by_text("The email address or password is not right.")).to_be_visible()

    sign_in(phone, email, temporary)
    wait_for_heading(phone, "Choose your own password")
    phone.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    phone.get_by_label("New password again").fill(NEW_PASSWORD)
    phone.get_by_role("button", name="Set password and continue").click()
    wait_for_heading(phone, "Your feed")
