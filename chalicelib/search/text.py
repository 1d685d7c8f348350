"""Words to index terms: tokenising, stop words and stemming in Dutch, French and English.

A term is `<language>:<stem>`, so a Dutch word only ever meets Dutch stems ("vergaderingen" and
"vergadering" are both `nl:vergader`). Stems are folded to plain letters after stemming (the French
stemmer needs its accents), so "reunion" typed without an accent still finds "réunion".
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import cache
from typing import Any

LANGUAGES = ("nl", "fr", "en")
_STEMMERS = {"nl": "dutch", "fr": "french", "en": "english"}
TITLE_WEIGHT = 3  # a word of the title counts as three of the text
MAX_WORD = 40  # longer "words" are URLs, hashes or noise: left out
_APOSTROPHES = "'\u2019"  # typed and typographic
_WORD = re.compile(rf"[^\W_]+(?:[{_APOSTROPHES}][^\W_]+)*", re.UNICODE)


def _word_set(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


# The commonest words of each language: they find everything, so they rank nothing.
STOP_WORDS: dict[str, frozenset[str]] = {
    "nl": _word_set(
        "de het een en van in is op te dat die voor met zijn aan er als bij om ook maar of uit dan "
        "naar je ik we wij ze zij hij u niet wat nog wel hoe door over tot"
    ),
    "fr": _word_set(
        "le la les un une des du de d l et en à au aux est sont pour par sur dans que qui ce cette "
        "ces il elle ils elles nous vous on ne pas plus avec se sa son ses leur"
    ),
    "en": _word_set(
        "the a an and or of to in on at for is are was be by with as it its this that these those "
        "from how what your you we our they not"
    ),
}


def language_of(value: str | None) -> str:
    """One of LANGUAGES; anything else (a missing or unknown language) is read as Dutch."""
    return value if value in LANGUAGES else "nl"


def fold(text: str) -> str:
    """Lower case without accents: what people type and what is compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The words of a text, lower case (accents kept for the stemmer); elisions split off (l'équipe)
    and single letters left out."""
    found: list[str] = []
    for match in _WORD.finditer(text.casefold()):
        for part in re.split(f"[{_APOSTROPHES}]", match.group()):
            if (len(part) > 1 or part.isdigit()) and len(part) <= MAX_WORD:
                found.append(part)
    return found


@cache
def _stemmer(language: str) -> Any:  # snowballstemmer has no type hints
    # Imported when first needed: its package imports all of its 30 languages (some 15 ms), which
    # the stream consumer pays only when it indexes something.
    import snowballstemmer

    return snowballstemmer.stemmer(_STEMMERS[language])


@cache
def stem(language: str, word: str) -> str:
    """The folded stem of one lower-case word in one language."""
    return fold(_stemmer(language).stemWord(word))


def is_stop_word(language: str, word: str) -> bool:
    return fold(word) in STOP_WORDS[language] or word in STOP_WORDS[language]


def document_terms(language: str, title: str, text: str) -> Counter[str]:
    """Term frequencies of a document: its title's words weigh TITLE_WEIGHT times its text's."""
    language = language_of(language)
    counts: Counter[str] = Counter()
    for weight, part in ((TITLE_WEIGHT, title), (1, text)):
        for word in words(part):
            if not is_stop_word(language, word):
                counts[f"{language}:{stem(language, word)}"] += weight
    return counts


def encode_terms(counts: Counter[str]) -> str:
    """`lang:stem=count` pairs, space separated: how a document's terms are stored."""
    return " ".join(f"{term}={count}" for term, count in sorted(counts.items()))


def decode_terms(encoded: str) -> dict[str, int]:
    terms: dict[str, int] = {}
    for pair in encoded.split():
        term, _, count = pair.rpartition("=")
        terms[term] = int(count)
    return terms


def query_words(query: str) -> list[str]:
    """The words of a query, stop words left out unless the query is nothing else."""
    found = words(query)
    meaningful = [w for w in found if not any(is_stop_word(lang, w) for lang in LANGUAGES)]
    return meaningful or found


def query_stems(word: str, languages: Iterable[str] = LANGUAGES) -> set[str]:
    """The terms one query word may stand for: its stem in each language."""
    return {f"{lang}:{stem(lang, word)}" for lang in languages}
