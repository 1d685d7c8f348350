"""Events of questions and answers: a question asked, an answer posted, an answer accepted."""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.reactors.events.base import DomainEvent, ItemChange


@dataclass(frozen=True)
class QuestionAsked(DomainEvent):
    community_id: str
    post_id: str

    @property
    def source_id(self) -> str:
        return f"question-asked#{self.post_id}"


def question_events(change: ItemChange) -> list[DomainEvent]:
    post, old = change.new or {}, change.old or {}
    if post.get("post_kind") != "question" or post.get("status", "published") != "published":
        return []
    # A question held for review is asked when a moderator publishes it.
    released = change.event_name == "MODIFY" and old.get("status") == "held"
    if change.event_name == "INSERT" or released:
        return [QuestionAsked(post["org_id"], post["community_id"], post["post_id"])]
    return []


@dataclass(frozen=True)
class AnswerPosted(DomainEvent):
    community_id: str
    post_id: str
    answer_id: str
    author_id: str
    author_name: str
    question_author_id: str

    @property
    def source_id(self) -> str:
        return f"answer-posted#{self.answer_id}"


@dataclass(frozen=True)
class AnswerAccepted(DomainEvent):
    community_id: str
    post_id: str
    answer_id: str
    author_id: str
    question_author_id: str
    accepted_by: str | None
    accepted_at: str

    @property
    def source_id(self) -> str:
        # Once per answer: accepting it again after a change of mind awards nothing more.
        return f"answer-accepted#{self.answer_id}"


def answer_events(change: ItemChange) -> list[DomainEvent]:
    answer, old = change.new or {}, change.old or {}
    if not answer:
        return []
    if change.event_name == "INSERT" and not old:
        return [
            AnswerPosted(
                answer["org_id"],
                answer["community_id"],
                answer["post_id"],
                answer["answer_id"],
                answer["author_id"],
                str(answer.get("author_name") or ""),
                answer["question_author_id"],
            )
        ]
    if answer.get("accepted") and not old.get("accepted"):
        return [
            AnswerAccepted(
                answer["org_id"],
                answer["community_id"],
                answer["post_id"],
                answer["answer_id"],
                answer["author_id"],
                answer["question_author_id"],
                answer.get("accepted_by"),
                str(answer.get("accepted_at") or ""),
            )
        ]
    return []
