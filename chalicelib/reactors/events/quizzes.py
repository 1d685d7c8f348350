"""Events of quizzes: a question answered."""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.reactors.events.base import DomainEvent, ItemChange


@dataclass(frozen=True)
class QuestionAnswered(DomainEvent):
    """A player answered a quiz question (once: the ANSWER item is put only if it does not exist)."""

    context_id: str  # a campaign id, or practice-<quiz id>
    campaign_id: str | None
    quiz_id: str
    question_id: str
    user_id: str
    community_id: str | None
    option_ids: tuple[str, ...]
    correct: bool
    points: int
    elapsed_ms: int
    answered_at: str

    @property
    def source_id(self) -> str:
        return f"question-answered#{self.context_id}#{self.user_id}#{self.question_id}"


def answer_events(change: ItemChange) -> list[DomainEvent]:
    answer = change.new
    if change.event_name != "INSERT" or not answer:
        return []
    return [
        QuestionAnswered(
            answer["org_id"],
            answer["context_id"],
            answer.get("campaign_id"),
            answer["quiz_id"],
            answer["question_id"],
            answer["user_id"],
            answer.get("community_id"),
            tuple(str(o) for o in answer.get("option_ids") or []),
            bool(answer.get("correct")),
            int(answer.get("points") or 0),
            int(answer.get("elapsed_ms") or 0),
            str(answer.get("answered_at") or ""),
        )
    ]
