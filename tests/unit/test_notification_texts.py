"""Notification texts exist in Dutch, French and English, and read well."""

from __future__ import annotations

import pytest

from chalicelib.notifications import texts


@pytest.mark.parametrize("kind", texts.KINDS)
def test_every_kind_has_every_language(kind: str) -> None:
    for key in texts.message_keys(kind):
        assert set(texts.TEXTS[key]) == set(texts.LANGUAGES), key
        for language in texts.LANGUAGES:
            rendered = texts.render(
                kind,
                language,
                actor_name="Anna",
                actor_count=3,
                target_kind="post",
                community_name="Digitaal",
            )
            assert rendered and "{" not in rendered


def test_every_text_is_used_by_a_kind() -> None:
    used = {key for kind in texts.KINDS for key in texts.message_keys(kind)}
    assert used == set(texts.TEXTS)


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("en", 1, "Anna reacted to your post"),
        ("en", 2, "Anna and 1 other reacted to your post"),
        ("en", 4, "Anna and 3 others reacted to your post"),
        ("nl", 4, "Anna en 3 anderen hebben gereageerd op je bericht"),
        ("fr", 4, "Anna et 3 autres personnes ont réagi à votre publication"),
    ],
)
def test_a_reaction_digest_counts_the_others(language: str, count: int, expected: str) -> None:
    assert texts.render("reaction_digest", language, actor_name="Anna", actor_count=count) == expected


def test_mentions_say_where() -> None:
    assert texts.render("mention", "nl", actor_name="Marc", target_kind="comment") == (
        "Marc heeft je vermeld in een reactie"
    )
    assert texts.render("mention", "fr", actor_name="Marc", target_kind="post") == (
        "Marc vous a mentionné dans une publication"
    )


def test_unknown_languages_fall_back_to_english_and_missing_names_read_naturally() -> None:
    assert texts.render("join_approved", "de", community_name="Data") == "You are now a member of Data"
    assert texts.render("comment_on_your_post", "nl") == "Iemand heeft gereageerd op je bericht"
    assert texts.render("post_spotlighted", "fr") == "Votre publication est mise en avant dans une communauté"


def test_an_unknown_kind_is_an_error() -> None:
    with pytest.raises(ValueError, match="no texts"):
        texts.render("nope", "en")
