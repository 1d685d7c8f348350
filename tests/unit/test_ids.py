"""Ids are ULIDs: 26 characters of Crockford's base32, time first, so a key sorts by creation time."""

from __future__ import annotations

import time

import pytest

from chalicelib.ids import new_id, ulid_bytes, ulid_text

CROCKFORD = set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")


def milliseconds_of(ulid: str) -> int:
    """The time a ULID's first ten characters say (48 bits, five per character)."""
    value = 0
    for character in ulid[:10]:
        value = value * 32 + "0123456789ABCDEFGHJKMNPQRSTVWXYZ".index(character)
    return value


def test_sixteen_bytes_read_as_the_ulid_spec_writes_them() -> None:
    # Vectors that python-ulid, the library used before, gives for the same bytes.
    assert ulid_text(bytes(16)) == "00000000000000000000000000"
    assert ulid_text(bytes(range(16))) == "00041061050R3GG28A1C60T3GF"
    assert ulid_text(b"\xff" * 16) == "7ZZZZZZZZZZZZZZZZZZZZZZZZZ"


def test_a_new_id_says_when_it_was_made_and_sorts_after_an_older_one() -> None:
    before = time.time_ns() // 1_000_000
    first = new_id()
    time.sleep(0.002)
    second = new_id()
    after = time.time_ns() // 1_000_000
    assert len(first) == len(second) == 26
    assert set(first) <= CROCKFORD and set(second) <= CROCKFORD
    assert before <= milliseconds_of(first) <= milliseconds_of(second) <= after
    assert first < second


def test_ids_made_in_the_same_millisecond_differ() -> None:
    assert len({new_id() for _ in range(1000)}) == 1000


def test_the_time_and_randomness_go_where_the_spec_puts_them() -> None:
    made = ulid_text(ulid_bytes(1_796_649_295_277, bytes(10)))
    assert milliseconds_of(made) == 1_796_649_295_277
    assert made.endswith("0" * 16)


@pytest.mark.parametrize("size", [0, 9, 11])
def test_randomness_of_the_wrong_length_is_refused(size: int) -> None:
    with pytest.raises(ValueError):
        ulid_bytes(0, bytes(size))


@pytest.mark.parametrize("size", [15, 17])
def test_a_ulid_of_the_wrong_length_is_refused(size: int) -> None:
    with pytest.raises(ValueError):
        ulid_text(bytes(size))
