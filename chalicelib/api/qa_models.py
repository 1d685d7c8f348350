"""The shapes of the questions-and-answers routes (qa_questions.py, qa_answers.py, qa_experts.py),
and their blueprint."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.api.framework import Api
from chalicelib.api.schemas import request_model_config
from chalicelib.api.wall_common import Author
from chalicelib.ids import iso
from chalicelib.qa import rules
from chalicelib.store.models import ContentRequestItem, PostItem, QaAnswerItem, QaSettingsItem

# A skill tag as typed ("#Video-calls "): the use case normalises it and refuses more than 40
# characters; this cap refuses an oversized item before anything reads it.
SKILL_TAG = Annotated[str, Field(min_length=1, max_length=64)]

api = Api("chalicelib.api.qa_models", tag="questions-and-answers")
QuestionState = Literal["unanswered", "answered", "solved"]
QUESTIONS = "/v1/communities/{community_id}/questions"
QUESTION = QUESTIONS + "/{post_id}"
ANSWER = QUESTION + "/answers/{answer_id}"
EXAMPLE_QUESTION = "How do I share only one window in a video call?\nThe whole screen shows my mail."


class NewQuestion(BaseModel):
    model_config = request_model_config({"body": EXAMPLE_QUESTION, "skill_tags": ["video-calls"]})

    body: str = Field(min_length=1, max_length=5000, description="The first line is the question's title.")
    skill_tags: list[SKILL_TAG] = Field(
        default_factory=list, max_length=10, description="Skills: the community's experts of them hear of it."
    )


class AskedQuestion(BaseModel):
    id: str
    community_id: str
    author: Author
    title: str
    body: str
    skill_tags: list[str]
    state: QuestionState
    answer_count: int
    accepted_answer_id: str | None
    created_at: str
    edited_at: str | None

    @classmethod
    def of(cls, item: PostItem) -> AskedQuestion:
        return cls(
            id=item.post_id,
            community_id=item.community_id,
            author=Author(id=item.author_id, display_name=item.author_name or ""),
            title=rules.title_of(item.body),
            body=item.body,
            skill_tags=[str(t) for t in item.skill_tags],
            state=rules.state_of(item),  # type: ignore[arg-type]
            answer_count=int(item.answer_count or 0),
            accepted_answer_id=item.accepted_answer_id,
            created_at=iso(item.created_at),
            edited_at=iso(item.edited_at) if item.edited_at else None,
        )


class QuestionListQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    state: QuestionState = Field("unanswered", description="Which questions: unanswered, answered or solved.")
    limit: int = Field(20, ge=1, le=100, description="How many items to return (1-100).")
    cursor: str | None = Field(None, max_length=2048, description="The next_cursor of the previous page.")


class AskedQuestionList(BaseModel):
    items: list[AskedQuestion]
    next_cursor: str | None


class NewAnswer(BaseModel):
    model_config = request_model_config({"body": "Choose 'Share a window' instead of 'Share screen'."})

    body: str = Field(min_length=1, max_length=rules.ANSWER_MAX_CHARS)


class Answer(BaseModel):
    id: str
    author: Author
    body: str
    created_at: str
    vote_count: int
    accepted: bool
    my_vote: bool = Field(description="I upvoted it.")

    @classmethod
    def of(cls, item: QaAnswerItem, my_vote: bool, accepted_id: str | None) -> Answer:
        return cls(
            id=item.answer_id,
            author=Author(id=item.author_id, display_name=item.author_name or ""),
            body=item.body,
            created_at=iso(item.created_at),
            vote_count=int(item.vote_count or 0),
            accepted=item.answer_id == accepted_id,
            my_vote=my_vote,
        )


class AskedQuestionPage(BaseModel):
    question: AskedQuestion
    answers: list[Answer] = Field(description="The accepted answer first, then the most upvoted.")


class SimilarQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    q: str = Field(min_length=1, max_length=200, description="The question being typed.")


class SimilarQuestion(BaseModel):
    id: str
    title: str
    snippet: str


class SimilarQuestions(BaseModel):
    items: list[SimilarQuestion]


class QaSettings(BaseModel):
    model_config = request_model_config({"escalate_after_hours": 24, "request_after_days": 3})

    escalate_after_hours: int = Field(ge=1, le=rules.MAX_ESCALATE_AFTER_HOURS)
    request_after_days: int = Field(ge=1, le=rules.MAX_REQUEST_AFTER_DAYS)

    @classmethod
    def of(cls, item: QaSettingsItem | rules.Timing) -> QaSettings:
        return cls(
            escalate_after_hours=int(item.escalate_after_hours),
            request_after_days=int(item.request_after_days),
        )


class Expertise(BaseModel):
    model_config = request_model_config({"skills": ["video-calls", "spreadsheets"]})

    skills: list[SKILL_TAG] = Field(max_length=rules.MAX_SKILLS, description="Skills I can help with.")


class RoutedQuestion(BaseModel):
    question: AskedQuestion
    reason: Literal["skill", "escalated"]
    skill: str | None
    routed_at: str


class RoutedQuestions(BaseModel):
    items: list[RoutedQuestion]
    next_cursor: str | None


class ContentRequest(BaseModel):
    id: str
    community_id: str
    question_id: str
    title: str
    skill_tags: list[str]
    state: Literal["open", "taken", "closed"]
    taken_by: Author | None
    created_at: str
    content_id: str | None

    @classmethod
    def of(cls, item: ContentRequestItem) -> ContentRequest:
        taken = Author(id=item.taken_by, display_name=item.taken_by_name or "") if item.taken_by else None
        return cls(
            id=item.request_id,
            community_id=item.community_id,
            question_id=item.post_id,
            title=item.title,
            skill_tags=sorted(str(s) for s in item.skill_tags or ()),
            state=item.state,  # type: ignore[arg-type]
            taken_by=taken,
            created_at=iso(item.created_at),
            content_id=item.content_id,
        )


class ContentRequests(BaseModel):
    items: list[ContentRequest]
    next_cursor: str | None


class Promotion(BaseModel):
    model_config = request_model_config({"language": "en", "review_on": "2027-06-01"})

    language: Literal["nl", "fr", "en"] = Field(description="The language the question and answer are in.")
    review_on: date = Field(description="When its authors are asked whether it is still right.")


class Promoted(BaseModel):
    content_id: str
    kind: Literal["lesson"]
    review_on: str | None


class CloseRequest(BaseModel):
    model_config = request_model_config({"content_id": "01JD3M8Z9Q4W5E6R7T8Y9U0I1O"})

    content_id: str | None = Field(
        None, max_length=64, description="The lesson or library item written for it."
    )
