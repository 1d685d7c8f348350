"""How the library reads words and ranks what it finds: tokenising, stemming in Dutch, French and
English, BM25 ranking, search-as-you-type and filters. Pure: no AWS."""

from __future__ import annotations

import pytest

from chalicelib.search import text
from chalicelib.search.documents import SearchableDocument, guess_language, plain_text, post_document
from chalicelib.search.ranking import Entry, Filters, MemoryIndex


@pytest.mark.parametrize(
    ("language", "plural", "singular"),
    [
        ("nl", "vergaderingen", "vergadering"),
        ("nl", "teams", "team"),
        ("nl", "leiders", "leider"),
        ("fr", "réunions", "réunion"),
        ("fr", "équipes", "équipe"),
        ("en", "meetings", "meeting"),
        ("en", "skills", "skill"),
    ],
)
def test_a_plural_and_its_singular_are_one_term(language: str, plural: str, singular: str) -> None:
    assert text.stem(language, plural) == text.stem(language, singular)


def test_words_are_lower_case_with_elisions_split_and_single_letters_left_out() -> None:
    found = text.words("L'équipe d\u2019Anne: 3 tips & 1 PLAN!")
    assert found == ["équipe", "anne", "3", "tips", "1", "plan"]
    assert text.words("x" * 41 + " kort") == ["kort"]  # a 41-letter "word" is noise


def test_accents_are_folded_after_stemming_so_typing_without_them_finds_them() -> None:
    assert text.stem("fr", "réunions") == "reunion"
    assert "fr:reunion" in text.query_stems("reunions")


def test_a_title_word_weighs_three_text_words_and_stop_words_are_not_indexed() -> None:
    terms = text.document_terms("nl", "Een vergadering plannen", "Plan de vergadering met het team.")
    assert terms == {"nl:vergader": 4, "nl:plan": 4, "nl:team": 1}


def test_stored_terms_read_back_as_written() -> None:
    terms = text.document_terms("fr", "Planifier une réunion", "Les réunions d'équipe")
    assert text.decode_terms(text.encode_terms(terms)) == dict(terms)


def test_a_query_of_only_stop_words_is_still_a_query() -> None:
    assert text.query_words("de vergaderingen") == ["vergaderingen"]
    assert text.query_words("de het") == ["de", "het"]


def entry(key: str, language: str, title: str, body: str, **extra: object) -> tuple[Entry, dict[str, int]]:
    terms = text.document_terms(language, title, body)
    fields: dict[str, object] = {
        "key": key,
        "kind": "lesson",
        "source_id": key,
        "community_id": None,
        "visibility": "organisation",
        "language": language,
        "title": title,
        "snippet": body,
        "skills": (),
        "updated_at": "2026-12-01T00:00:00.000Z",
        "changed_at": "2026-12-01T00:00:00.000Z",
        "length": sum(terms.values()),
    }
    fields.update(extra)
    return Entry(**fields), dict(terms)  # type: ignore[arg-type]


@pytest.fixture
def library() -> MemoryIndex:
    index = MemoryIndex()
    for key, language, title, body, extra in [
        (
            "plan-nl",
            "nl",
            "Een vergadering plannen",
            "Zo plan je een goede vergadering.",
            {"skills": ("meetings",)},
        ),
        (
            "feedback",
            "nl",
            "Feedback geven",
            "Geef feedback na de vergadering.",
            {"kind": "post", "community_id": "c1"},
        ),
        ("plan-en", "en", "Planning meetings", "How to plan a meeting that ends on time.", {}),
        ("plan-fr", "fr", "Planifier une réunion", "Comment organiser des réunions utiles.", {}),
    ]:
        index.put(*entry(key, language, title, body, **extra))
    return index


def keys(index: MemoryIndex, query: str, typing: bool = False, **filters: object) -> list[str]:
    return [hit.entry.key for hit in index.search(query, Filters(**filters), typing)]  # type: ignore[arg-type]


def test_searching_vergaderingen_finds_the_lesson_titled_een_vergadering_plannen_first(
    library: MemoryIndex,
) -> None:
    assert keys(library, "vergaderingen") == ["plan-nl", "feedback"]  # in the title ranks above the text


def test_each_language_finds_its_own_words(library: MemoryIndex) -> None:
    assert keys(library, "meetings") == ["plan-en"]
    assert keys(library, "reunions") == ["plan-fr"]


def test_every_word_of_a_query_must_be_found(library: MemoryIndex) -> None:
    assert keys(library, "feedback vergadering") == ["feedback"]
    assert keys(library, "feedback agenda") == []


def test_the_word_being_typed_finds_the_words_it_begins(library: MemoryIndex) -> None:
    assert keys(library, "verg") == []
    assert keys(library, "verg", typing=True) == ["plan-nl", "feedback"]
    assert keys(library, "vergaderi", typing=True) == ["plan-nl", "feedback"]  # its stem, plus letters
    assert keys(library, "feedback verg", typing=True) == ["feedback"]
    assert keys(library, "v", typing=True) == []  # one letter begins too much


def test_filters_by_kind_skill_and_community(library: MemoryIndex) -> None:
    assert keys(library, "vergadering", kinds=frozenset({"post"})) == ["feedback"]
    assert keys(library, "vergadering", skill="meetings") == ["plan-nl"]
    assert keys(library, "vergadering", community_id="c1") == ["feedback"]
    assert keys(library, "vergadering", organisation_only=True) == ["plan-nl"]


def test_a_removed_or_replaced_document_is_forgotten(library: MemoryIndex) -> None:
    library.remove("feedback")
    assert keys(library, "feedback") == []
    library.put(*entry("plan-nl", "nl", "Een agenda maken", "Zonder agenda geen goede afspraak."))
    assert keys(library, "vergadering") == []
    assert keys(library, "agenda") == ["plan-nl"]
    assert "nl:vergader" not in library.postings  # no term stays behind with nobody in it


def test_one_result_per_source_in_the_searchers_language_when_variants_match_alike() -> None:
    index = MemoryIndex()
    index.put(*entry("L1#nl", "nl", "Team", "Team", source_id="L1"))
    index.put(*entry("L1#en", "en", "Team", "Team", source_id="L1"))
    (only,) = index.search("team", Filters(), typing=False, prefer_language="en")
    assert only.entry.key == "L1#en"


def test_a_post_reads_as_its_first_line_and_its_language_is_guessed() -> None:
    body = "**Een vergadering plannen**\n\nVraag @[Anna](user:u-1) om [de agenda](https://example.com)."
    document = post_document("p1", "c1", "invite_only", body, ["meetings"], "2026-12-01T00:00:00.000Z")
    assert document.title == "Een vergadering plannen"
    assert document.text == "Vraag Anna om de agenda."
    assert document.language == "nl"
    assert document.visibility == "community"
    assert plain_text("`code` > quote") == " code    quote"
    assert guess_language("The plan for the team is in the agenda") == "en"
    assert guess_language("Le plan de l'équipe est dans la salle") == "fr"
    assert guess_language("12345") == "nl"


def test_the_digest_changes_with_what_is_indexed_only() -> None:
    one = SearchableDocument("post", "p1", "c1", "T", "text", "nl", (), "2026-12-01", "organisation")
    same = SearchableDocument("post", "p1", "c1", "T", "text", "nl", (), "2026-12-01", "organisation")
    other = SearchableDocument("post", "p1", "c1", "T", "text!", "nl", (), "2026-12-01", "organisation")
    assert one.digest() == same.digest() != other.digest()
