"""The knowledge base: full-text search over what an organisation's people may read.

A content type plugs in with one mapper to `SearchableDocument` (documents.py); the stream
consumer keeps the index (indexing.py); a search ranks in memory over an index loaded once per
warm container and refreshed from the recent changes (library.py). docs/decisions.md says why.
"""
