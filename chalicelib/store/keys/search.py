"""The knowledge base's search index (issue #14)."""

from __future__ import annotations


def search_pk(org_id: str) -> str:
    """The organisation's search index: one item per document (chalicelib/search)."""
    return f"ORG#{org_id}#SEARCH"


SEARCH_DOC_SK_PREFIX = "DOC#"


def search_source_prefix(kind: str, source_id: str) -> str:
    """Every language variant of one source (a lesson, a post) in the index."""
    return f"{SEARCH_DOC_SK_PREFIX}{kind}#{source_id}#"


def search_doc_sk(kind: str, source_id: str, language: str) -> str:
    return f"{search_source_prefix(kind, source_id)}{language}"


def search_changes_pk(org_id: str) -> str:
    """GSI1 partition of the index's change feed, in the order documents changed."""
    return f"ORG#{org_id}#SEARCH#CHANGES"


def search_change_sk(changed_at: str, doc_sk: str) -> str:
    return f"{changed_at}#{doc_sk}"
