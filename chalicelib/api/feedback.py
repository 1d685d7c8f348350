"""Content feedback: reacting to a lesson or video (/v1/learning/{content_id}/reaction), its reaction
score, the authors' insights, and an author's to-do list (/v1/me/author-tasks)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from chalicelib.api.framework import Api, ApiRequest
from chalicelib.api.relations import Relation
from chalicelib.api.schemas import PageQuery, request_model_config
from chalicelib.feedback import reactions, rules
from chalicelib.feedback.rules import CardFigures
from chalicelib.ids import iso
from chalicelib.store.models import AuthorTaskItem

if TYPE_CHECKING:
    from chalicelib.feedback import insights

api = Api(__name__, tag="feedback")

Reaction = Literal["useful", "learned", "outdated", "question"]


class ContentReactionCounts(BaseModel):
    useful: int
    learned: int
    outdated: int
    question: int


class MyContentReaction(BaseModel):
    reaction: Reaction
    note: str | None
    updated_at: str


class ContentReactions(BaseModel):
    counts: ContentReactionCounts
    score: int  # useful + learned - outdated
    mine: MyContentReaction | None

    @classmethod
    def of(cls, found: reactions.Reactions) -> ContentReactions:
        mine = found.mine
        return cls(
            counts=ContentReactionCounts(**found.counts),
            score=found.score,
            mine=MyContentReaction(reaction=mine.reaction, note=mine.note, updated_at=iso(mine.updated_at))  # type: ignore[arg-type]
            if mine is not None
            else None,
        )


class ContentReactionDraft(BaseModel):
    model_config = request_model_config({"reaction": "outdated", "note": "The form changed in 2026."})

    reaction: Reaction
    note: str | None = Field(
        None, max_length=rules.MAX_NOTE, description="What is outdated, or your question."
    )


@api.route(
    "/v1/learning/{content_id}/reaction",
    "PUT",
    operation_id="reactToContent",
    summary="React to a lesson or video: useful, learned something, outdated (tells its authors), a question",
    relation=Relation.ORG_MEMBER,
    request=ContentReactionDraft,
    response=ContentReactions,
)
def react(request: ApiRequest) -> ContentReactions:
    body: ContentReactionDraft = request.body
    found = reactions.react(request.principal, request.path_params["content_id"], body.reaction, body.note)
    return ContentReactions.of(found)


@api.route(
    "/v1/learning/{content_id}/reactions",
    "GET",
    operation_id="getContentReactions",
    summary="A lesson's or video's reactions, its reaction score and mine",
    relation=Relation.ORG_MEMBER,
    response=ContentReactions,
)
def get_reactions(request: ApiRequest) -> ContentReactions:
    return ContentReactions.of(reactions.reactions(request.principal, request.path_params["content_id"]))


class PollOptionInsight(BaseModel):
    option_id: str
    text: str
    votes: int


class ContentCardInsight(BaseModel):
    card_id: str
    type: str
    prompt: str  # in the content's language
    answered: int  # learners who answered it
    correct: int | None  # of them, right (question cards)
    drop_off: int  # answered the card before, not this one
    options: list[PollOptionInsight] | None = None  # poll cards: each option and its votes


class ContentInsights(BaseModel):
    content_id: str
    title: str
    reactions: ContentReactionCounts
    score: int
    completed: int
    cards: list[ContentCardInsight]


@api.route(
    "/v1/learning/{content_id}/insights",
    "GET",
    operation_id="getContentInsights",
    summary="For its authors and managers: completions, drop-off per card, its questions, reactions",
    relation=Relation.ORG_MEMBER,
    response=ContentInsights,
)
def get_insights(request: ApiRequest) -> ContentInsights:
    from chalicelib.feedback import insights  # only the insights route

    found = insights.insights(request.principal, request.path_params["content_id"])
    return ContentInsights(
        content_id=found.content_id,
        title=found.title,
        reactions=ContentReactionCounts(**found.reactions),
        score=found.score,
        completed=found.completed,
        cards=[_card_insight(c, found.labels.get(c.card_id)) for c in found.cards],
    )


def _card_insight(figures: CardFigures, label: insights.CardLabel | None) -> ContentCardInsight:
    options = None
    if figures.votes is not None:
        texts = label.options if label is not None else {}
        options = [
            PollOptionInsight(option_id=option_id, text=text, votes=figures.votes.get(option_id, 0))
            for option_id, text in texts.items()
        ]
    return ContentCardInsight(
        card_id=figures.card_id,
        type=figures.card_type,
        prompt=label.prompt if label is not None else "",
        answered=figures.answered,
        correct=figures.correct,
        drop_off=figures.drop_off,
        options=options,
    )


class AuthorTask(BaseModel):
    content_id: str
    kind: Literal["outdated"]
    title: str
    reports: int
    last_note: str | None
    first_reported_at: str
    last_reported_at: str

    @classmethod
    def of(cls, item: AuthorTaskItem) -> AuthorTask:
        return cls(
            content_id=item.content_id,
            kind="outdated",
            title=item.title,
            reports=int(item.reports or 0),
            last_note=item.last_note,
            first_reported_at=iso(item.first_reported_at),
            last_reported_at=iso(item.last_reported_at),
        )


class AuthorTaskPage(BaseModel):
    items: list[AuthorTask]
    next_cursor: str | None


@api.route(
    "/v1/me/author-tasks",
    "GET",
    operation_id="listMyAuthorTasks",
    summary="My to-do list as an author: content learners said is outdated",
    relation=Relation.SELF,
    query=PageQuery,
    response=AuthorTaskPage,
)
def list_tasks(request: ApiRequest) -> AuthorTaskPage:
    from chalicelib.feedback import tasks  # the authors' task routes only

    page = tasks.my_tasks(request.principal, request.query.limit, request.cursor_in(request.query.cursor))
    return AuthorTaskPage(
        items=[AuthorTask.of(i) for i in page.items], next_cursor=request.cursor_out(page.last_key)
    )


class AuthorTaskClosed(BaseModel):
    content_id: str
    done: bool


@api.route(
    "/v1/me/author-tasks/{content_id}/done",
    "POST",
    operation_id="completeAuthorTask",
    summary="Mark my task about a content item done",
    relation=Relation.SELF,
    response=AuthorTaskClosed,
)
def close_task(request: ApiRequest) -> AuthorTaskClosed:
    from chalicelib.feedback import tasks  # the authors' task routes only

    tasks.close_task(request.principal, request.path_params["content_id"])
    return AuthorTaskClosed(content_id=request.path_params["content_id"], done=True)
