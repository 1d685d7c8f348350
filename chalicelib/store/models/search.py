"""The knowledge base's index: one item per searchable document (and language variant)."""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    NumberAttribute,
    UnicodeAttribute,
)

from chalicelib.store.models.base import KringItem

# PynamoDB types a list of strings as list[UnicodeAttribute]; `ListAttribute[str]` is right at run time,
# hence the ignores on `of=`.


class SearchDocItem(KringItem, discriminator="search_doc"):
    """A document of the organisation's index (`ORG#<org>#SEARCH` / `DOC#<kind>#<id>#<language>`),
    also in the index's change feed on GSI1 (`ORG#<org>#SEARCH#CHANGES` / `<changed_at>#<doc>`).
    A withdrawn document stays a while as a tombstone (`deleted`, no terms, expires after a week), so
    warm containers that refresh from the change feed drop it too."""

    kind = UnicodeAttribute()  # lesson | video | post
    source_id = UnicodeAttribute()
    community_id = UnicodeAttribute(null=True)  # None: the organisation's library
    visibility = UnicodeAttribute(default="organisation")  # organisation | community
    language = UnicodeAttribute()
    title = UnicodeAttribute(default="")
    snippet = UnicodeAttribute(default="")
    skills = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    updated_at = UnicodeAttribute(default="")  # the source's, ISO 8601
    terms = UnicodeAttribute(default="")  # `lang:stem=count ...` (chalicelib/search/text.py)
    length = NumberAttribute(default=0)  # the sum of the term counts (BM25's document length)
    digest = UnicodeAttribute(default="")  # of what is indexed: an unchanged document is not written
    changed_at = UnicodeAttribute()  # when the index last changed it (the change feed's order)
    deleted = BooleanAttribute(default=False)
