"""The README's first screen tells a newcomer everything needed to see Kring working."""

from __future__ import annotations

from local.home import REPO_ROOT
from local.seed import DEMO_PASSWORD, demo_accounts


def test_the_first_screen_says_make_run_then_sign_in_as_the_demo_learner() -> None:
    first_screen = "\n".join((REPO_ROOT / "README.md").read_text().splitlines()[:30])
    assert "make run" in first_screen
    assert "learner@demo.kring.test" in first_screen
    assert DEMO_PASSWORD in first_screen
    assert ("demo", "learner@demo.kring.test", ["learner"]) in [
        (org, email, list(roles)) for org, email, roles in demo_accounts()
    ]
