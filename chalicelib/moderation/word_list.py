"""The organisation's word list: posts and comments that contain one of its words are held for
review instead of published. One item in the organisation's partition, read with the access
check of every post and comment."""

from __future__ import annotations

from chalicelib.errors import ValidationFailed
from chalicelib.ids import utc_now
from chalicelib.principal import Principal
from chalicelib.store import moderation as store
from chalicelib.store.models import WordListItem
from chalicelib.wall.words import MAX_WORD_CHARS, MAX_WORDS, normalise_words


def get_word_list(principal: Principal) -> WordListItem | None:
    return store.get_word_list(principal.org_id)


def replace_word_list(principal: Principal, words: list[str]) -> WordListItem:
    cleaned = normalise_words(words)
    if len(cleaned) > MAX_WORDS:
        raise ValidationFailed(f"At most {MAX_WORDS} words.")
    too_long = [word for word in cleaned if len(word) > MAX_WORD_CHARS]
    if too_long:
        raise ValidationFailed(f"Words are at most {MAX_WORD_CHARS} characters.")
    pk, sk = store.word_list_key(principal.org_id)
    item = WordListItem(
        pk, sk, org_id=principal.org_id, words=cleaned, updated_by=principal.user_id, updated_at=utc_now()
    )
    store.save_word_list(item)
    return item
