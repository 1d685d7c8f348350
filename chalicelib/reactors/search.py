"""Keeps the knowledge base's index in step with the content it holds."""

from __future__ import annotations

from chalicelib.reactors.events import SearchableChanged
from chalicelib.search import indexing


def index_searchable(event: SearchableChanged) -> None:
    # The source is read as it is now, and only differences are written: a replay writes nothing.
    indexing.reindex(event.org_id, event.kind, event.community_id, event.item_id)
