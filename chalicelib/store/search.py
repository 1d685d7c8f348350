"""The search index's documents: written by the stream consumer, read whole by a cold container
and by their recent changes by a warm one (docs/data-model.md, "Search")."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from chalicelib.ids import iso
from chalicelib.store import keys
from chalicelib.store.models import SearchDocItem

TOMBSTONE_DAYS = 7  # a warm container older than this reloads the index whole (library.py)
PAGE = 1000  # a Query page is also cut at 1 MB by DynamoDB


def source_documents(org_id: str, kind: str, source_id: str) -> list[SearchDocItem]:
    """The indexed variants of one source, tombstones included (strongly consistent: the consumer
    decides what to write from them)."""
    results = SearchDocItem.query(
        keys.search_pk(org_id),
        SearchDocItem.sk.startswith(keys.search_source_prefix(kind, source_id)),
        consistent_read=True,
    )
    return [item for item in results if isinstance(item, SearchDocItem)]


def new_document(
    org_id: str, kind: str, source_id: str, language: str, changed_at: datetime
) -> SearchDocItem:
    sk = keys.search_doc_sk(kind, source_id, language)
    stamp = iso(changed_at)
    return SearchDocItem(
        keys.search_pk(org_id),
        sk,
        org_id=org_id,
        kind=kind,
        source_id=source_id,
        language=language,
        changed_at=stamp,
        gsi1pk=keys.search_changes_pk(org_id),
        gsi1sk=keys.search_change_sk(stamp, sk),
    )


def save_document(document: SearchDocItem) -> None:
    document.save()


def save_tombstone(document: SearchDocItem, changed_at: datetime) -> None:
    """The document leaves the index: its text goes, a marker stays for a week in the change feed."""
    stamp = iso(changed_at)
    tombstone = SearchDocItem(
        document.pk,
        document.sk,
        org_id=document.org_id,
        kind=document.kind,
        source_id=document.source_id,
        community_id=document.community_id,
        language=document.language,
        changed_at=stamp,
        deleted=True,
        gsi1pk=document.gsi1pk,
        gsi1sk=keys.search_change_sk(stamp, document.sk),
        expires_at=changed_at + timedelta(days=TOMBSTONE_DAYS),
    )
    tombstone.save()


def all_documents(org_id: str) -> Iterator[SearchDocItem]:
    """The whole index of an organisation, page after page (eventually consistent)."""
    for item in SearchDocItem.query(
        keys.search_pk(org_id),
        SearchDocItem.sk.startswith(keys.SEARCH_DOC_SK_PREFIX),
        page_size=PAGE,
    ):
        if isinstance(item, SearchDocItem):
            yield item


def changed_since(org_id: str, since: str) -> Iterator[SearchDocItem]:
    """Documents changed after `since` (an ISO moment), oldest change first: one Query on GSI1."""
    for item in SearchDocItem.gsi1.query(
        keys.search_changes_pk(org_id),
        SearchDocItem.gsi1sk > since,
        page_size=PAGE,
    ):
        if isinstance(item, SearchDocItem):
            yield item
