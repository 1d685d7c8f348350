"""Keeping the index in step with the content, called by the stream consumer.

Each change re-reads its source as it is now and writes only what differs, so a record delivered
twice, or an old record delivered after a newer one, leaves the index as the content is: a replay
writes nothing. A source's documents that are no longer wanted become tombstones (store/search.py).
To plug a content type in: a mapper to `SearchableDocument` (documents.py), a reindexer here
reading the source and calling `replace_source`, and its kind in REINDEXERS.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from chalicelib.ids import iso, utc_now
from chalicelib.search.documents import SearchableDocument, learning_documents, post_document
from chalicelib.search.text import document_terms, encode_terms, language_of
from chalicelib.store import keys, learning
from chalicelib.store import search as store
from chalicelib.store.batch import get_items
from chalicelib.store.models import CommunityItem, PostItem, SearchDocItem


def replace_source(org_id: str, kind: str, source_id: str, documents: Sequence[SearchableDocument]) -> int:
    """Make the index hold exactly `documents` for this source (none: it leaves the index).
    Returns how many items were written (0 when the index already agreed)."""
    held = {item.sk: item for item in store.source_documents(org_id, kind, source_id)}
    now = utc_now()
    written = 0
    for document in documents:
        language = language_of(document.language)
        sk = keys.search_doc_sk(kind, source_id, language)
        digest = document.digest()
        current = held.pop(sk, None)
        if current is not None and not current.deleted and current.digest == digest:
            continue
        store.save_document(document_item(org_id, document, now))
        written += 1
    for leftover in held.values():
        if not leftover.deleted:
            store.save_tombstone(leftover, now)
            written += 1
    return written


def document_item(org_id: str, document: SearchableDocument, now: datetime) -> SearchDocItem:
    """The index's item for a document: its terms counted, what a result shows beside them."""
    language = language_of(document.language)
    terms = document_terms(language, document.title, document.text)
    item = store.new_document(org_id, document.kind, document.source_id, language, now)
    item.community_id = document.community_id
    item.visibility = document.visibility
    item.title = document.title
    item.snippet = document.snippet
    item.skills = list(document.skills)
    item.updated_at = document.updated_at
    item.terms = encode_terms(terms)
    item.length = sum(terms.values())
    item.digest = document.digest()
    return item


def reindex_post(org_id: str, community_id: str | None, post_id: str) -> int:
    """A post is in the library while it is published and pinned or spotlighted; a question while it
    is published (one BatchGetItem)."""
    if community_id is None:
        return replace_source(org_id, "post", post_id, [])
    community_key = (keys.org_pk(org_id), keys.community_sk(community_id))
    post_key = (keys.community_pk(org_id, community_id), keys.post_sk(post_id))
    found = get_items([community_key, post_key])
    community, post = found.get(community_key), found.get(post_key)
    if not isinstance(community, CommunityItem) or not isinstance(post, PostItem):
        return replace_source(org_id, "post", post_id, []) + replace_source(org_id, "question", post_id, [])
    readable = post.status == "published" and not post.system_kind
    wanted: list[SearchableDocument] = []
    if readable and (post.spotlight_at is not None or post.post_id in (community.pinned_post_ids or [])):
        wanted.append(_post_document(post, community, "post"))
    written = replace_source(org_id, "post", post_id, wanted)
    if post.post_kind == "question":
        # Asked questions are found by people about to ask the same (chalicelib/qa).
        asked = [_post_document(post, community, "question")] if readable else []
        written += replace_source(org_id, "question", post_id, asked)
    return written


def _post_document(post: PostItem, community: CommunityItem, kind: str) -> SearchableDocument:
    changed = post.edited_at or post.created_at
    return post_document(
        post.post_id,
        community.community_id,
        community.visibility,
        post.body,
        list(post.skill_tags or []),
        iso(changed),
        kind,
    )


def reindex_learning(org_id: str, community_id: str | None, content_id: str, kind: str) -> int:
    """A lesson or video is in the library while it has a release that is not archived (drafts and
    content in review never are: only releases are read)."""
    release = learning.get_release(org_id, content_id, consistent=True)
    if release is None:
        return replace_source(org_id, kind, content_id, [])
    return replace_source(org_id, release.kind, content_id, learning_documents(release))


Reindexer = Callable[[str, str | None, str, str], int]

# Kind -> how its source is read again and mapped (org, community or None, source id, kind).
REINDEXERS: dict[str, Reindexer] = {
    "post": lambda org_id, community_id, post_id, _kind: reindex_post(org_id, community_id, post_id),
    "question": lambda org_id, community_id, post_id, _kind: reindex_post(org_id, community_id, post_id),
    "lesson": reindex_learning,
    "video": reindex_learning,
}


def reindex(org_id: str, kind: str, community_id: str | None, source_id: str) -> int:
    return REINDEXERS[kind](org_id, community_id, source_id, kind)
