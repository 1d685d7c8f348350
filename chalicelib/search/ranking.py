"""An organisation's index in memory, and ranking with BM25.

Each document is `<kind>#<id>#<language>`'s terms (text.py). A query's words must all be found
(AND); each word may stand for its stem in any of the three languages, and the last word of a
query being typed also for the terms it begins (search-as-you-type). A word's score in a document
is the best BM25 score of what it stands for; a document's score is the sum over the words.
"""

from __future__ import annotations

import bisect
import heapq
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from chalicelib.search import text

K1 = 1.2
B = 0.75
PREFIX_WEIGHT = 0.8  # a word being typed ranks the words it begins a little below itself
MAX_EXPANSIONS = 50  # the commonest terms a word being typed begins; bounds a search's work
EXPANSION_POSTINGS = 20_000  # and at most this many of their postings (the commonest first)
MIN_PREFIX = 3  # one or two typed letters begin too much to be worth ranking
STEM_TAIL = 3  # "vergaderi" (being typed) still finds `nl:vergader`: its stem plus up to 3 letters


@dataclass(frozen=True)
class Entry:
    """What a result shows and filters on: everything of a document but its terms."""

    key: str
    kind: str
    source_id: str
    community_id: str | None
    visibility: str
    language: str
    title: str
    snippet: str
    skills: tuple[str, ...]
    updated_at: str
    changed_at: str
    length: int


@dataclass(frozen=True)
class Filters:
    kinds: frozenset[str] = frozenset()  # empty: every kind
    skill: str | None = None
    community_id: str | None = None  # a community's library
    organisation_only: bool = False  # the organisation's own library (no community's)
    # The communities whose content the searcher may read (None: every one). Content of the
    # organisation's own library is for everyone of it.
    readable: frozenset[str] | None = None

    def admit(self, entry: Entry) -> bool:
        if (
            self.readable is not None
            and entry.community_id is not None
            and entry.community_id not in self.readable
        ):
            return False
        if self.kinds and entry.kind not in self.kinds:
            return False
        if self.skill is not None and self.skill not in entry.skills:
            return False
        if self.organisation_only and entry.community_id is not None:
            return False
        return self.community_id is None or entry.community_id == self.community_id


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: float


@dataclass
class MemoryIndex:
    entries: dict[str, Entry] = field(default_factory=dict)
    postings: dict[str, dict[str, int]] = field(default_factory=dict)  # term -> document key -> count
    _terms_of: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _total_length: int = 0
    _vocabulary: list[str] | None = None  # sorted terms, rebuilt after new terms arrive
    _norms: dict[str, float] | None = None  # BM25's length normalisation per document, after changes
    _communities: Counter[str] = field(default_factory=Counter)  # documents per community

    def __len__(self) -> int:
        return len(self.entries)

    def community_ids(self) -> set[str]:
        """The communities some document of the index belongs to."""
        return set(self._communities)

    def put(self, entry: Entry, terms: dict[str, int]) -> None:
        self.remove(entry.key)
        self._norms = None
        self.entries[entry.key] = entry
        if entry.community_id is not None:
            self._communities[entry.community_id] += 1
        self._terms_of[entry.key] = tuple(terms)
        self._total_length += entry.length
        for term, count in terms.items():
            postings = self.postings.get(term)
            if postings is None:
                postings = self.postings[term] = {}
                self._vocabulary = None
            postings[entry.key] = count

    def remove(self, key: str) -> None:
        entry = self.entries.pop(key, None)
        if entry is None:
            return
        self._norms = None
        if entry.community_id is not None:
            self._communities[entry.community_id] -= 1
            if not self._communities[entry.community_id]:
                del self._communities[entry.community_id]
        self._total_length -= entry.length
        for term in self._terms_of.pop(key, ()):
            postings = self.postings.get(term)
            if postings is not None:
                postings.pop(key, None)
                if not postings:
                    del self.postings[term]
                    self._vocabulary = None

    def search(
        self,
        query: str,
        filters: Filters,
        typing: bool,
        prefer_language: str = "nl",
        limit: int = 200,
        any_word: bool = False,
    ) -> list[Hit]:
        """The `limit` best admitted documents with all of the query's words (`any_word`: with any
        of them, those with more ranked higher), one per source."""
        query_words = text.query_words(query)
        if not query_words or not self.entries:
            return []
        last = len(query_words) - 1
        words = [self._alternatives(word, typing and n == last) for n, word in enumerate(query_words)]
        if any_word:
            # A question being typed: similar ones share some of its words, rarely all of them.
            summed: dict[str, float] = {}
            for alternatives in words:
                for key, score in self._word_scores(alternatives, filters, None).items():
                    summed[key] = summed.get(key, 0.0) + score
            return self._best_per_source(summed, prefer_language, limit)
        # The rarest word first: the documents left to score for the others are fewest.
        words.sort(key=lambda alternatives: sum(len(self.postings[t]) for t in alternatives))
        scores: dict[str, float] | None = None
        for alternatives in words:
            word_scores = self._word_scores(alternatives, filters, scores)
            scores = word_scores
            if not scores:
                return []
        assert scores is not None
        return self._best_per_source(scores, prefer_language, limit)

    def _alternatives(self, word: str, being_typed: bool) -> dict[str, float]:
        """The terms a query word stands for, with their weight."""
        alternatives = {term: 1.0 for term in text.query_stems(word) if term in self.postings}
        if not being_typed or len(word) < MIN_PREFIX:
            return alternatives
        folded = text.fold(word)
        begun: set[str] = set()
        for lang in text.LANGUAGES:
            for prefix in {f"{lang}:{folded}", f"{lang}:{text.stem(lang, word)}"}:
                begun.update(self._terms_beginning(prefix))
            for cut in range(1, STEM_TAIL + 1):  # a stem the word being typed already passed
                shorter = folded[:-cut]
                if len(shorter) >= 3 and f"{lang}:{shorter}" in self.postings:
                    begun.add(f"{lang}:{shorter}")
        commonest = sorted(begun - alternatives.keys(), key=lambda term: -len(self.postings[term]))
        budget = EXPANSION_POSTINGS
        for term in commonest[:MAX_EXPANSIONS]:
            if len(self.postings[term]) > budget:
                continue
            budget -= len(self.postings[term])
            alternatives[term] = PREFIX_WEIGHT
        return alternatives

    def _terms_beginning(self, prefix: str) -> list[str]:
        if self._vocabulary is None:
            self._vocabulary = sorted(self.postings)
        start = bisect.bisect_left(self._vocabulary, prefix)
        found: list[str] = []
        for term in self._vocabulary[start:]:
            if not term.startswith(prefix):
                break
            found.append(term)
        return found

    def _word_scores(
        self, alternatives: dict[str, float], filters: Filters, within: dict[str, float] | None
    ) -> dict[str, float]:
        """BM25 of each document for one query word (its best alternative), added to `within`'s."""
        count = len(self.entries)
        norms = self._length_norms()
        best: dict[str, float] = {}
        for term, weight in alternatives.items():
            postings = self.postings[term]
            idf = weight * math.log(1 + (count - len(postings) + 0.5) / (len(postings) + 0.5))
            pairs: Iterable[tuple[str, int]] = postings.items()
            if within is not None and len(within) < len(postings):
                # Fewer documents left than this term has: look each of them up instead.
                pairs = ((key, postings.get(key, 0)) for key in within)
            for key, frequency in pairs:
                if not frequency or (within is not None and key not in within):
                    continue
                if within is None and not filters.admit(self.entries[key]):
                    continue
                score = idf * frequency * (K1 + 1) / (frequency + norms[key])
                if score > best.get(key, 0.0):
                    best[key] = score
        if within is None:
            return best
        return {key: score + within[key] for key, score in best.items()}

    def _length_norms(self) -> dict[str, float]:
        if self._norms is None:
            count = len(self.entries)
            average = (self._total_length / count if count else 1.0) or 1.0
            self._norms = {
                key: K1 * (1 - B + B * entry.length / average) for key, entry in self.entries.items()
            }
        return self._norms

    def _best_per_source(self, scores: dict[str, float], prefer_language: str, limit: int) -> list[Hit]:
        # A source has at most one document per language: the best 3 x limit hold the best `limit`.
        best = heapq.nlargest(limit * len(text.LANGUAGES), scores.items(), key=lambda pair: pair[1])
        chosen: dict[tuple[str, str], Hit] = {}
        for key, score in best:
            entry = self.entries[key]
            source = (entry.kind, entry.source_id)
            held = chosen.get(source)
            if held is None or (score, entry.language == prefer_language) > (
                held.score,
                held.entry.language == prefer_language,
            ):
                chosen[source] = Hit(entry, score)
        ranked = sorted(
            chosen.values(), key=lambda hit: (-hit.score, _newest_first(hit.entry.updated_at), hit.entry.key)
        )
        return ranked[:limit]


def _newest_first(moment: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in moment)
