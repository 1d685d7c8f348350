"""/v1/search: the knowledge base (lessons, videos, pinned and spotlighted posts, questions), searched."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.api.framework import Api, ApiRequest
from chalicelib.api.relations import Relation
from chalicelib.errors import ValidationFailed
from chalicelib.search import library
from chalicelib.search.ranking import Filters, Hit

api = Api(__name__, tag="search")
Kind = Literal["lesson", "video", "post", "question"]
MAX_OFFSET = library.MAX_RESULTS


class SearchQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    q: str = Field(min_length=1, max_length=200, description="What to look for, in Dutch, French or English.")
    typing: bool = Field(
        False, description="The last word is still being typed: it also finds the words it begins."
    )
    kind: Kind | None = Field(None, description="Only lessons, videos, posts or questions.")
    skill: str | None = Field(
        None, min_length=1, max_length=40, description="Only content with this skill tag."
    )
    community_id: str | None = Field(
        None, min_length=1, max_length=64, description="Only this community's library."
    )
    organisation_only: bool = Field(False, description="Only the organisation's own library.")
    language: Literal["nl", "fr", "en"] | None = Field(
        None, description="The searcher's language: its variant is shown when several match as well."
    )
    limit: int = Field(20, ge=1, le=50, description="How many results to return (1-50).")
    cursor: str | None = Field(None, max_length=2048, description="The next_cursor of the previous page.")


class SearchResult(BaseModel):
    kind: Kind
    id: str
    community_id: str | None
    title: str
    snippet: str
    language: str
    skills: list[str]
    updated_at: str

    @classmethod
    def of(cls, hit: Hit) -> SearchResult:
        entry = hit.entry
        return cls(
            kind=entry.kind,  # type: ignore[arg-type]  # the index holds only these kinds
            id=entry.source_id,
            community_id=entry.community_id,
            title=entry.title,
            snippet=entry.snippet,
            language=entry.language,
            skills=list(entry.skills),
            updated_at=entry.updated_at,
        )


class SearchResults(BaseModel):
    items: list[SearchResult]
    total: int = Field(description="How many results you may read match (at most 200).")
    next_cursor: str | None


@api.route(
    "/v1/search",
    "GET",
    operation_id="searchLibrary",
    summary="Search the library: what you may read, best match first",
    relation=Relation.ORG_MEMBER,
    query=SearchQuery,
    response=SearchResults,
)
def search_library(request: ApiRequest) -> SearchResults:
    query: SearchQuery = request.query
    offset = _offset(request.cursor_in(query.cursor))
    filters = Filters(
        kinds=frozenset({query.kind}) if query.kind else frozenset(),
        skill=query.skill.strip().lower().lstrip("#") if query.skill else None,
        community_id=query.community_id,
        organisation_only=query.organisation_only,
    )
    page = library.search(
        request.principal,
        query.q,
        filters,
        typing=query.typing,
        limit=query.limit,
        offset=offset,
        refresh_seconds=request.config.search_refresh_seconds,
        readers_cache_seconds=request.config.profile_cache_seconds,
        language=query.language,
    )
    next_key = {"offset": page.next_offset} if page.next_offset is not None else None
    return SearchResults(
        items=[SearchResult.of(hit) for hit in page.hits],
        total=page.total,
        next_cursor=request.cursor_out(next_key),
    )


def _offset(cursor: dict[str, object] | None) -> int:
    if cursor is None:
        return 0
    offset = cursor.get("offset")
    if not isinstance(offset, int) or not 0 <= offset <= MAX_OFFSET:
        raise ValidationFailed("This cursor does not belong to this search.")
    return offset
