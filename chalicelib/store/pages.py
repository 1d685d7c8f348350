"""A page of query results and its continuation, and the one way a listing reads one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pynamodb.expressions.condition import Condition

from chalicelib.errors import InvalidCursor
from chalicelib.store.models.base import KringItem


@dataclass(frozen=True)
class Page[T]:
    items: list[T]
    last_key: dict[str, Any] | None


def query_page[T: KringItem](
    item_type: type[T],
    pk: str,
    sk_prefix: str,
    *,
    limit: int,
    after: dict[str, Any] | None,
    on_gsi1: bool = False,
    ascending: bool = False,
    filter_condition: Condition | None = None,
) -> Page[T]:
    """One Query of a partition (of the table or of GSI1) for keys starting with `sk_prefix`.

    A cursor is the last key of an earlier page of the same partition: one made for another
    listing (another member's inbox, another community) is refused rather than read from, so a
    signed cursor cannot be replayed against someone else's partition. Only items of `item_type`
    are returned; others sharing the partition are skipped. Pages run in descending key order
    (newest first, for ULID keys) unless `ascending`. A filter is applied by DynamoDB after
    the read, so a page may be short (and cost what it read).
    """
    key_attribute = "gsi1pk" if on_gsi1 else "pk"
    if after is not None and after.get(key_attribute) != {"S": pk}:
        raise InvalidCursor("The cursor belongs to another listing.")
    results: Any
    if on_gsi1:
        results = item_type.gsi1.query(
            pk,
            item_type.gsi1sk.startswith(sk_prefix),
            scan_index_forward=ascending,
            filter_condition=filter_condition,
            limit=limit,
            last_evaluated_key=after,
        )
    else:
        results = item_type.query(
            pk,
            item_type.sk.startswith(sk_prefix),
            scan_index_forward=ascending,
            filter_condition=filter_condition,
            limit=limit,
            last_evaluated_key=after,
        )
    items = [item for item in results if isinstance(item, item_type)]
    return Page(items, results.last_evaluated_key)
