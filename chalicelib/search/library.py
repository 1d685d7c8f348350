"""Searching the library: what the caller may read, ranked, filtered and a page at a time.

The index holds everything of the organisation; who may read what is decided at search time from
the communities as they are now (open or invite-only, the caller's membership), never from what
the index remembers: a community made invite-only hides its content at once, not after
re-indexing. Content of the organisation's own library is for every active person of it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from chalicelib.observability import count_business_event
from chalicelib.principal import Principal
from chalicelib.search import text
from chalicelib.search.index_cache import current_index, searched
from chalicelib.search.ranking import Filters, Hit
from chalicelib.search.readers import readable_communities

MAX_RESULTS = 200  # deeper than anyone pages; bounds the work of a query that matches everything


@dataclass(frozen=True)
class SearchPage:
    hits: list[Hit]
    next_offset: int | None
    total: int  # readable matches (at most MAX_RESULTS)


def search(
    principal: Principal,
    query: str,
    filters: Filters,
    typing: bool,
    limit: int,
    offset: int,
    refresh_seconds: float,
    readers_cache_seconds: float,
    language: str | None = None,
    any_word: bool = False,
) -> SearchPage:
    current_index(principal.org_id, refresh_seconds)  # loaded, or refreshed when it is time
    communities = searched(principal.org_id, lambda index: index.community_ids())
    # Decided before ranking: what the caller may not read is not even scored.
    readable = readable_communities(principal, communities, readers_cache_seconds)
    allowed = replace(filters, readable=frozenset(readable))
    ranked = searched(
        principal.org_id,
        lambda index: index.search(query, allowed, typing, text.language_of(language), MAX_RESULTS, any_word),
    )
    page = ranked[offset : offset + limit]
    more = offset + limit < len(ranked)
    count_business_event("LibrarySearched")
    return SearchPage(page, offset + limit if more else None, len(ranked))
