"""What the index holds: a `SearchableDocument`, and the mappers that make one of each content type.

A content type plugs into search with one mapper from its item to documents (one per language
variant) and a reindexer in indexing.py (plus, for a new item type, a line in the stream's event
registry saying which changes matter). Now: pinned and spotlighted wall posts; published lessons
(and videos) of the learning library.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from chalicelib.ids import iso
from chalicelib.learning.items import payload_of, variants_of
from chalicelib.search import text
from chalicelib.store.models import LearningReleaseItem

SNIPPET_CHARS = 200
TITLE_CHARS = 80
_MENTION = re.compile(r"@\[([^\]]{1,80})\]\(user:[A-Za-z0-9-]{1,64}\)")
_LINK = re.compile(r"\[([^\]]{0,200})\]\([^)\s]{0,500}\)")
_MARKUP = re.compile(r"[*_`>#~|]+")


@dataclass(frozen=True)
class SearchableDocument:
    """One language variant of something people can find in the library."""

    kind: str  # lesson | video | post | question
    source_id: str
    community_id: str | None  # None: the organisation's library
    title: str
    text: str
    language: str  # nl | fr | en
    skills: tuple[str, ...]
    updated_at: str  # ISO 8601
    # Who it is for when it was indexed: "organisation" (everyone of the organisation) or
    # "community" (who may read the community). Searches decide again from the community itself.
    visibility: str

    @property
    def snippet(self) -> str:
        flat = " ".join(self.text.split())
        return flat if len(flat) <= SNIPPET_CHARS else flat[: SNIPPET_CHARS - 1].rstrip() + "…"

    def digest(self) -> str:
        """Of everything the index keeps: the same document is not written twice (replays)."""
        fields = [
            self.kind,
            self.source_id,
            self.community_id or "",
            self.title,
            self.text,
            self.language,
            list(self.skills),
            self.updated_at,
            self.visibility,
        ]
        return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode()).hexdigest()[:32]


def plain_text(markdown: str) -> str:
    """What a reader sees of a body: mentions as names, links as their text, no markup characters."""
    flat = _MENTION.sub(r"\1", markdown)
    flat = _LINK.sub(r"\1", flat)
    return _MARKUP.sub(" ", flat)


def guess_language(body: str, default: str = "nl") -> str:
    """Posts say nothing of their language: the one whose common words the body uses most."""
    found = text.words(body)
    counts = {lang: sum(1 for w in found if w in text.STOP_WORDS[lang]) for lang in text.LANGUAGES}
    best = max(counts.values())
    if best == 0:
        return text.language_of(default)
    if counts[text.language_of(default)] == best:
        return text.language_of(default)
    return max(text.LANGUAGES, key=lambda lang: counts[lang])


def post_document(
    post_id: str,
    community_id: str,
    community_visibility: str,
    body: str,
    skills: list[str],
    updated_at: str,
    kind: str = "post",
) -> SearchableDocument:
    """A pinned or spotlighted post, or a question (`kind`): its first line is its title."""
    flat = plain_text(body).strip()
    first_line = flat.splitlines()[0].strip() if flat else ""
    title = first_line if len(first_line) <= TITLE_CHARS else first_line[: TITLE_CHARS - 1].rstrip() + "…"
    rest = flat[len(first_line) :].strip() if len(first_line) <= TITLE_CHARS else flat
    return SearchableDocument(
        kind=kind,
        source_id=post_id,
        community_id=community_id,
        title=title,
        text=rest,
        language=guess_language(flat),
        skills=tuple(skills),
        updated_at=updated_at,
        visibility="organisation" if community_visibility == "organisation" else "community",
    )


def learning_documents(release: LearningReleaseItem) -> list[SearchableDocument]:
    """A published lesson or video, one document per language variant: its title, summary and body,
    and the texts of its cards in that language. Archived: none."""
    if release.archived:
        return []
    cards = payload_of(release).get("cards") or []
    documents = []
    for language, variant in sorted(variants_of(release).items()):
        card_texts = [
            value
            for card in cards
            if isinstance(card, dict)
            for value in ((card.get("texts") or {}).get(language) or {}).values()
            if isinstance(value, str)
        ]
        documents.append(
            SearchableDocument(
                kind=release.kind,
                source_id=release.content_id,
                community_id=release.community_id,
                title=variant.title,
                text="\n".join([variant.summary, variant.body, *card_texts]),
                language=text.language_of(language),
                skills=tuple(release.skill_tags or ()),
                updated_at=iso(release.published_at),
                visibility="organisation" if release.community_id is None else "community",
            )
        )
    return documents
