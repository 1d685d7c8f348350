"""Pagination cursors are opaque and tamper-evident: a bad one is a 400, never a 500."""

from __future__ import annotations

import pytest

from chalicelib.cursors import decode_cursor, encode_cursor
from chalicelib.errors import InvalidCursor

SECRET = b"secret"
KEY = {"pk": {"S": "ORG#demo"}, "sk": {"S": "USER#1"}}


def test_a_cursor_round_trips_for_the_same_organisation_and_listing() -> None:
    cursor = encode_cursor(SECRET, "demo", "listMembers", KEY)
    assert cursor is not None
    assert decode_cursor(SECRET, "demo", "listMembers", cursor) == KEY


def test_no_more_pages_means_no_cursor() -> None:
    assert encode_cursor(SECRET, "demo", "listMembers", None) is None
    assert decode_cursor(SECRET, "demo", "listMembers", None) is None


@pytest.mark.parametrize(
    ("org", "listing", "secret"),
    [("acme", "listMembers", SECRET), ("demo", "listCommunities", SECRET), ("demo", "listMembers", b"other")],
    ids=["other organisation", "other listing", "other signing key"],
)
def test_a_cursor_is_bound_to_its_organisation_listing_and_key(org: str, listing: str, secret: bytes) -> None:
    cursor = encode_cursor(SECRET, "demo", "listMembers", KEY)
    with pytest.raises(InvalidCursor):
        decode_cursor(secret, org, listing, cursor)


@pytest.mark.parametrize("cursor", ["@@@", "abc", "eyJvIjoiZGVtbyJ9", "A" * 100])
def test_garbage_and_forged_cursors_are_refused(cursor: str) -> None:
    with pytest.raises(InvalidCursor):
        decode_cursor(SECRET, "demo", "listMembers", cursor)


def test_an_edited_cursor_is_refused() -> None:
    cursor = encode_cursor(SECRET, "demo", "listMembers", KEY)
    assert cursor is not None
    edited = cursor[:-2] + ("A" if cursor[-2] != "A" else "B") + cursor[-1]
    with pytest.raises(InvalidCursor):
        decode_cursor(SECRET, "demo", "listMembers", edited)
