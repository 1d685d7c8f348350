"""Lists of learning content, whatever its kind: the library of a community or of the
organisation (published content, newest first), an author's workbench, a reviewer's requests,
and what a learner started (to continue on any device). Each is one Query."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.api.framework import Api, ApiRequest
from chalicelib.api.relations import Relation
from chalicelib.api.schemas import PageQuery
from chalicelib.ids import iso
from chalicelib.learning import content, progress
from chalicelib.learning.items import variants_of
from chalicelib.learning.rules import variant_for
from chalicelib.store.models import (
    LearningHeadItem,
    LearningProgressItem,
    LearningReleaseItem,
    LearningReviewItem,
)

api = Api(__name__, tag="learning")
Kind = Literal["lesson", "video"]
Language = Literal["nl", "fr", "en"]


class LearningLibraryQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Kind | None = Field(None, description="Only lessons, or only videos")
    language: Language | None = Field(None, description="The titles' language (else each author's)")
    limit: int = Field(20, ge=1, le=100, description="How many items to return (1-100).")
    cursor: str | None = Field(None, max_length=2048, description="The next_cursor of the previous page.")


class LearningLibraryItem(BaseModel):
    id: str
    kind: str
    community_id: str | None
    language: str
    title: str
    summary: str
    skill_tags: list[str]
    estimated_minutes: int
    published_at: str
    release_version: int

    @classmethod
    def of(cls, item: LearningReleaseItem, wanted: str | None) -> LearningLibraryItem:
        language, texts = variant_for(variants_of(item), wanted, item.language)
        return cls(
            id=item.content_id,
            kind=item.kind,
            community_id=item.community_id,
            language=language,
            title=texts.title,
            summary=texts.summary,
            skill_tags=list(item.skill_tags or []),
            estimated_minutes=int(item.estimated_minutes),
            published_at=iso(item.published_at),
            release_version=int(item.release_version),
        )


class LearningLibraryPage(BaseModel):
    items: list[LearningLibraryItem]
    next_cursor: str | None


def _library(request: ApiRequest, community_id: str | None) -> LearningLibraryPage:
    query: LearningLibraryQuery = request.query
    page = content.library(
        request.principal, community_id, query.limit, request.cursor_in(query.cursor), query.kind
    )
    return LearningLibraryPage(
        items=[LearningLibraryItem.of(item, query.language) for item in page.items],
        next_cursor=request.cursor_out(page.last_key),
    )


@api.route(
    "/v1/library",
    "GET",
    operation_id="listOrganisationLibrary",
    relation=Relation.ORG_MEMBER,
    summary="The organisation's published lessons and videos, newest first",
    query=LearningLibraryQuery,
    response=LearningLibraryPage,
)
def list_organisation_library(request: ApiRequest) -> LearningLibraryPage:
    return _library(request, None)


@api.route(
    "/v1/communities/{community_id}/library",
    "GET",
    operation_id="listCommunityLibrary",
    relation=Relation.COMMUNITY_READER,
    summary="A community's published lessons and videos, newest first",
    query=LearningLibraryQuery,
    response=LearningLibraryPage,
)
def list_community_library(request: ApiRequest) -> LearningLibraryPage:
    return _library(request, request.path_params["community_id"])


class LearningWorkbenchItem(BaseModel):
    id: str
    kind: str
    community_id: str | None
    title: str
    state: str
    version: int
    release_version: int
    review_on: str | None
    updated_at: str

    @classmethod
    def of(cls, item: LearningHeadItem) -> LearningWorkbenchItem:
        return cls(
            id=item.content_id,
            kind=item.kind,
            community_id=item.community_id,
            title=variant_for(variants_of(item), None, item.language)[1].title,
            state=item.state,
            version=int(item.version or 0),
            release_version=int(item.release_version or 0),
            review_on=item.review_on,
            updated_at=iso(item.updated_at),
        )


class LearningWorkbenchPage(BaseModel):
    items: list[LearningWorkbenchItem]
    next_cursor: str | None


@api.route(
    "/v1/learning/authored",
    "GET",
    operation_id="listMyContent",
    relation=Relation.SELF,
    summary="The lessons and videos you created, most recently changed first",
    query=PageQuery,
    response=LearningWorkbenchPage,
)
def list_my_content(request: ApiRequest) -> LearningWorkbenchPage:
    query: PageQuery = request.query
    page = content.my_workbench(request.principal, query.limit, request.cursor_in(query.cursor))
    return LearningWorkbenchPage(
        items=[LearningWorkbenchItem.of(item) for item in page.items],
        next_cursor=request.cursor_out(page.last_key),
    )


class LearningReviewRequest(BaseModel):
    content_id: str
    kind: str
    community_id: str | None
    title: str
    asked_by: str
    asked_at: str

    @classmethod
    def of(cls, item: LearningReviewItem) -> LearningReviewRequest:
        return cls(
            content_id=item.content_id,
            kind=item.kind,
            community_id=item.community_id,
            title=item.title or "",
            asked_by=item.asked_by,
            asked_at=iso(item.asked_at),
        )


class LearningReviewRequestPage(BaseModel):
    items: list[LearningReviewRequest]
    next_cursor: str | None


@api.route(
    "/v1/learning/reviews",
    "GET",
    operation_id="listMyReviewRequests",
    relation=Relation.SELF,
    summary="The lessons and videos waiting for your review, oldest request first",
    query=PageQuery,
    response=LearningReviewRequestPage,
)
def list_my_review_requests(request: ApiRequest) -> LearningReviewRequestPage:
    query: PageQuery = request.query
    page = content.my_review_requests(request.principal, query.limit, request.cursor_in(query.cursor))
    return LearningReviewRequestPage(
        items=[LearningReviewRequest.of(item) for item in page.items],
        next_cursor=request.cursor_out(page.last_key),
    )


class LearningStarted(BaseModel):
    content_id: str
    kind: str
    community_id: str | None
    title: str
    position: int
    completed_at: str | None
    updated_at: str

    @classmethod
    def of(cls, item: LearningProgressItem) -> LearningStarted:
        return cls(
            content_id=item.content_id,
            kind=item.kind,
            community_id=item.community_id,
            title=item.title or "",
            position=int(item.position or 0),
            completed_at=iso(item.completed_at) if item.completed_at else None,
            updated_at=iso(item.updated_at),
        )


class LearningStartedPage(BaseModel):
    items: list[LearningStarted]
    next_cursor: str | None


@api.route(
    "/v1/learning/progress",
    "GET",
    operation_id="listMyLearning",
    relation=Relation.SELF,
    summary="The lessons and videos you started or finished, to continue on any device",
    query=PageQuery,
    response=LearningStartedPage,
)
def list_my_learning(request: ApiRequest) -> LearningStartedPage:
    query: PageQuery = request.query
    page = progress.my_progress(request.principal, query.limit, request.cursor_in(query.cursor))
    return LearningStartedPage(
        items=[LearningStarted.of(item) for item in page.items], next_cursor=request.cursor_out(page.last_key)
    )
