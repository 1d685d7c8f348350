"""Keeps the leaderboards as scores change (chalicelib/gamification/board_upkeep.py): no job polls them."""

from __future__ import annotations

from chalicelib.gamification import board_upkeep
from chalicelib.reactors.events import ScoreChanged


def place_score(event: ScoreChanged) -> None:
    board_upkeep.place_on_boards(event.org_id, list(event.changes))
