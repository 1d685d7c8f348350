"""The admin's point rules screen names every action the organisation can give points for, in the
three languages (a missing name made the screen throw)."""

from __future__ import annotations

import re
from pathlib import Path

from chalicelib.gamification.rules import DEFAULT_RULES

STRINGS = Path(__file__).resolve().parents[2] / "web" / "src" / "screens" / "admin" / "strings.ts"


def _point_action_names_per_language() -> dict[str, set[str]]:
    text = STRINGS.read_text(encoding="utf-8")
    blocks = re.split(r"^export const (\w+)", text, flags=re.M)[1:]
    return {
        language: set(re.findall(r"^\s+pointAction_(\w+):", body, flags=re.M))
        for language, body in zip(blocks[::2], blocks[1::2], strict=True)
    }


def test_every_point_action_has_a_name_in_every_language_of_the_admin_screens() -> None:
    names = _point_action_names_per_language()
    assert set(names) == {"en", "nl", "fr"}
    for language, actions in names.items():
        assert set(DEFAULT_RULES) <= actions, (language, sorted(set(DEFAULT_RULES) - actions))
