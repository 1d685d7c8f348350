"""Re-driving dead-lettered stream records through the consumer, once what failed them is fixed.

Each record goes through `consume_record`, exactly as the stream delivers it: applied, its dead
letter is removed; failing again, the consumer keeps it with the new reason. Replaying is safe to
repeat: every reactor is idempotent (effect markers outlive the dead letters, see
chalicelib/store/dead_letters.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chalicelib.reactors.consumer import Outcome, consume_record
from chalicelib.store.dead_letters import StreamDeadLetter, forget_stream_dead_letter, stream_dead_letters


@dataclass
class ReplayReport:
    applied: list[str] = field(default_factory=list)  # event ids
    still_failing: list[str] = field(default_factory=list)
    retry_later: list[str] = field(default_factory=list)  # passing trouble during the replay
    not_replayable: list[str] = field(default_factory=list)  # only a pointer was kept


def replay_stream_dead_letters() -> ReplayReport:
    report = ReplayReport()
    for letter in stream_dead_letters():
        _replay(letter, report)
    return report


def _replay(letter: StreamDeadLetter, report: ReplayReport) -> None:
    if not letter.replayable:
        report.not_replayable.append(letter.event_id)
        return
    outcome = consume_record(letter.record)
    if outcome is Outcome.APPLIED:
        forget_stream_dead_letter(letter.event_id)
        report.applied.append(letter.event_id)
    elif outcome is Outcome.DEAD_LETTERED:
        report.still_failing.append(letter.event_id)
    else:
        report.retry_later.append(letter.event_id)
