"""The usage profile (bench/cost.py) counts the requests the web app really sends while a quiz is
played and while an intervision session is live."""

from __future__ import annotations

import re
from pathlib import Path

from bench import cost
from bench.cost import PROFILE

WEB = Path(__file__).resolve().parents[2] / "web" / "src" / "screens"


def _per_month(operation: str) -> float:
    return next(use.per_mau_month for use in PROFILE if use.operation == operation)


def test_the_live_state_is_asked_as_the_phones_back_off_while_nothing_moves() -> None:
    session = (WEB / "intervision" / "Session.tsx").read_text()
    steps = re.search(r"const LIVE_STEPS_MS = \[([\d_, ]+)\];", session)
    assert steps is not None
    assert tuple(int(s.strip()) // 1000 for s in steps.group(1).split(",")) == cost.INTERVISION_LIVE_STEPS
    assert 'headers: tag ? { "If-None-Match": tag }' in session  # the asks carry the tag they have
    # Asks after a move: 5, 15, 35, 55 ... seconds; none when the next move comes first.
    assert [cost.live_asks_between_moves(gap) for gap in (4, 5, 14, 15, 34, 35, 140)] == [0, 1, 1, 2, 2, 3, 8]
    asks = _per_month("getIntervisionSessionLive") + _per_month("getIntervisionSessionLive:unchanged")
    assert asks == cost.INTERVISION_LIVE_POLLS * cost.INTERVISION_SHARE
    # Fewer than one ask every 5 s of the session, and more than one a move (so moves are seen).
    assert cost.INTERVISION_MOVES < cost.INTERVISION_LIVE_POLLS < cost.INTERVISION_SESSION_SECONDS / 5


def test_a_quiz_asks_for_its_next_question_only_to_start_and_gets_the_others_with_its_answers() -> None:
    play = (WEB / "Play.tsx").read_text()
    assert play.count("serve_next: true") == 2  # both kinds of answer (a number, options) ask for it
    for context in ("Campaign", "Practice"):
        answers = _per_month(f"answer{context}Question:next")
        assert _per_month(f"next{context}Question") == answers / 10  # one start per ten-question quiz
