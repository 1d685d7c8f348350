"""Reading several items of any type in one BatchGetItem (up to 100 keys)."""

from __future__ import annotations

from chalicelib.store.models import KringItem

Key = tuple[str, str]


def get_items(item_keys: list[Key], consistent: bool = False) -> dict[Key, KringItem]:
    """The items that exist among `item_keys`, by key. One request for up to 100 distinct keys
    (strongly consistent reads when `consistent`: twice the read units)."""
    unique = list(dict.fromkeys(item_keys))
    if not unique:
        return {}
    return {(item.pk, item.sk): item for item in KringItem.batch_get(unique, consistent_read=consistent)}
