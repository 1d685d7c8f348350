"""DynamoDB capacity computed from item sizes by DynamoDB's own rules.

The emulator's reported ConsumedCapacity is wrong, so the bench never asks for it. It observes
every request (with the before and after images of the items the request names, see
bench/probe.py) and prices it here with small pure functions:

- item size: sum over attributes of (UTF-8 length of the name + size of the value); strings are
  their UTF-8 bytes, numbers ~1 byte per two significant digits + 1, binary its raw bytes,
  null/bool 1 byte, lists and maps 3 bytes + 1 byte per element + the elements (a map element
  counts its key name), sets the sum of their elements
  (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html);
- reads: 1 RCU per 4 KB (rounded up, at least one unit) strongly consistent, half of that
  eventually consistent, double transactional; a GetItem of a missing item still costs the
  minimum; a Query or Scan sums the sizes of all items it evaluated and rounds up once;
  BatchGetItem rounds every item on its own;
- writes: 1 WCU per 1 KB (rounded up, at least one) of the larger of the item's before and after
  images; a DeleteItem costs the deleted item's size; a conditional write whose condition fails
  still costs the existing item's size (at least 1 WCU); transactions cost double per item;
- a write that puts an item into, changes it in, or takes it out of a global secondary index
  also costs index writes (1 WCU per KB of the index entry; 2 writes when the index key changes).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

READ_UNIT_BYTES = 4096
WRITE_UNIT_BYTES = 1024

AttributeValue = Mapping[str, Any]
Item = Mapping[str, AttributeValue]

CONDITION_FAILED = "ConditionalCheckFailedException"
TRANSACTION_CANCELED = "TransactionCanceledException"


# --- sizes -------------------------------------------------------------------------------------


def utf8_length(text: str) -> int:
    return len(text.encode("utf-8"))


def significant_digits(number: str) -> int:
    """Digits of a DynamoDB number once sign, exponent, point and leading/trailing zeroes go."""
    mantissa = number.strip().lstrip("+-").lower().split("e", 1)[0]
    return len(mantissa.replace(".", "").strip("0"))


def number_size(number: str) -> int:
    """~1 byte per two significant digits + 1 byte (+1 for a negative number)."""
    size = math.ceil(significant_digits(number) / 2) + 1
    return size + 1 if number.strip().startswith("-") else size


def binary_length(value: bytes | bytearray | str) -> int:
    return len(value) if isinstance(value, bytes | bytearray) else utf8_length(value)


def attribute_value_size(value: AttributeValue) -> int:
    """The size of one low-level AttributeValue (``{"S": "..."}``), without its name."""
    (kind, content), *rest = value.items()
    if rest:
        raise ValueError(f"an AttributeValue has exactly one type, got {sorted(value)}")
    if kind == "S":
        return utf8_length(content)
    if kind == "N":
        return number_size(content)
    if kind == "B":
        return binary_length(content)
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "SS":
        return sum(utf8_length(element) for element in content)
    if kind == "NS":
        return sum(number_size(element) for element in content)
    if kind == "BS":
        return sum(binary_length(element) for element in content)
    if kind == "L":
        return 3 + sum(1 + attribute_value_size(element) for element in content)
    if kind == "M":
        return 3 + sum(
            1 + utf8_length(name) + attribute_value_size(element) for name, element in content.items()
        )
    raise ValueError(f"unknown AttributeValue type {kind!r}")


def item_size(item: Item | None) -> int:
    """Bytes of an item in DynamoDB's low-level format; a missing item is 0 bytes."""
    if not item:
        return 0
    return sum(utf8_length(name) + attribute_value_size(value) for name, value in item.items())


# --- units -------------------------------------------------------------------------------------


def _units(size_bytes: int, unit_bytes: int) -> int:
    return max(1, math.ceil(size_bytes / unit_bytes))


def read_units(size_bytes: int, *, consistent: bool) -> float:
    """One read of one item (GetItem): 4 KB units, at least one; half when eventually consistent."""
    units = _units(size_bytes, READ_UNIT_BYTES)
    return float(units) if consistent else units / 2


def query_read_units(item_sizes: Iterable[int], *, consistent: bool) -> float:
    """Query / Scan: the sizes of all items evaluated are summed, then rounded up to 4 KB once."""
    return read_units(sum(item_sizes), consistent=consistent)


def batch_read_units(item_sizes: Iterable[int], *, consistent: bool) -> float:
    """BatchGetItem: every item is rounded up to 4 KB on its own."""
    return sum(read_units(size, consistent=consistent) for size in item_sizes)


def transactional_read_units(item_sizes: Iterable[int]) -> float:
    """TransactGetItems: two strongly consistent reads per item."""
    return sum(2 * read_units(size, consistent=True) for size in item_sizes)


def write_units(*image_sizes: int) -> int:
    """One write of one item: 1 KB units of the larger image, at least one."""
    return _units(max(image_sizes, default=0), WRITE_UNIT_BYTES)


def transactional_write_units(items: Iterable[Sequence[int]]) -> int:
    """TransactWriteItems: double the write units of every item (each given as its image sizes)."""
    return sum(2 * write_units(*images) for images in items)


# --- indexes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexSpec:
    name: str
    key_attributes: tuple[str, ...]
    projection: str = "ALL"  # ALL, KEYS_ONLY or INCLUDE
    included: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableSpec:
    key_attributes: tuple[str, ...]
    indexes: tuple[IndexSpec, ...] = ()

    def index(self, name: str) -> IndexSpec:
        for index in self.indexes:
            if index.name == name:
                return index
        raise KeyError(f"no index {name!r}")

    @classmethod
    def from_definition(cls, table: Mapping[str, Any]) -> TableSpec:
        """From a CreateTable-shaped definition (chalicelib.definitions.TABLE)."""
        keys = tuple(element["AttributeName"] for element in table["KeySchema"])
        indexes = tuple(
            IndexSpec(
                name=index["IndexName"],
                key_attributes=tuple(element["AttributeName"] for element in index["KeySchema"]),
                projection=index["Projection"]["ProjectionType"],
                included=tuple(index["Projection"].get("NonKeyAttributes", ())),
            )
            for index in table.get("GlobalSecondaryIndexes", ())
        )
        return cls(keys, indexes)


def index_entry(item: Item | None, index: IndexSpec, table_keys: Sequence[str]) -> Item | None:
    """The item as the index stores it, or None when the item is not in the (sparse) index."""
    if not item or any(name not in item for name in index.key_attributes):
        return None
    if index.projection == "ALL":
        return item
    kept = {*index.key_attributes, *table_keys}
    if index.projection == "INCLUDE":
        kept.update(index.included)
    return {name: value for name, value in item.items() if name in kept}


def index_write_units(
    before: Item | None, after: Item | None, index: IndexSpec, table_keys: Sequence[str]
) -> int:
    """Index writes caused by one item changing from `before` to `after` (None: absent)."""
    old, new = index_entry(before, index, table_keys), index_entry(after, index, table_keys)
    if old is None and new is None:
        return 0
    if old is None:
        return write_units(item_size(new))
    if new is None:
        return write_units(item_size(old))
    if any(old[name] != new[name] for name in index.key_attributes):
        return write_units(item_size(old)) + write_units(item_size(new))  # delete + put
    if old == new:
        return 0
    return write_units(item_size(old), item_size(new))


def all_index_write_units(before: Item | None, after: Item | None, table: TableSpec) -> int:
    return sum(index_write_units(before, after, index, table.key_attributes) for index in table.indexes)


# --- pricing one observed request ---------------------------------------------------------------


@dataclass(frozen=True)
class ItemImages:
    """An item a request names, as it was just before and just after the request."""

    before: Item | None
    after: Item | None


@dataclass(frozen=True)
class ObservedCall:
    """One DynamoDB request with what is needed to price it.

    `images` has one entry per item the request names, in request order (see
    bench.probe.named_items); `evaluated_items` holds, for a Query or Scan that projected or
    filtered, the full items it read (otherwise the response's items are used).
    """

    operation: str
    params: Mapping[str, Any]
    response: Mapping[str, Any] | None
    error_code: str | None = None
    images: tuple[ItemImages, ...] = ()
    evaluated_items: tuple[Item, ...] | None = None
    label: str = ""


@dataclass(frozen=True)
class Capacity:
    rcu: float = 0.0
    wcu: float = 0.0
    index_wcu: float = 0.0  # the part of wcu spent on global secondary indexes

    def __add__(self, other: Capacity) -> Capacity:
        return Capacity(self.rcu + other.rcu, self.wcu + other.wcu, self.index_wcu + other.index_wcu)


@dataclass
class _Pricing:
    table: TableSpec
    call: ObservedCall
    notes: list[str] = field(default_factory=list)

    def image(self, position: int) -> ItemImages:
        if position >= len(self.call.images):
            raise ValueError(f"{self.call.operation}: no before/after images for item {position}")
        return self.call.images[position]


def _after_update(pricing: _Pricing, position: int) -> Item | None:
    images = pricing.image(position)
    if images.after is not None:
        return images.after
    response = pricing.call.response or {}
    if pricing.call.params.get("ReturnValues") == "ALL_NEW":
        attributes: Item | None = response.get("Attributes")
        return attributes
    raise ValueError("UpdateItem: the item after the update is unknown")


def _read_sizes(call: ObservedCall, table: TableSpec) -> list[int]:
    items = call.evaluated_items
    if items is None:
        items = tuple((call.response or {}).get("Items", ()))
    index_name = call.params.get("IndexName")
    if index_name:
        index = table.index(index_name)
        return [item_size(index_entry(item, index, table.key_attributes)) for item in items]
    return [item_size(item) for item in items]


def capacity_of(call: ObservedCall, table: TableSpec) -> Capacity:
    """The capacity one request consumed, by DynamoDB's rules (see the module docstring)."""
    pricing = _Pricing(table, call)
    operation, params, failed = call.operation, call.params, call.error_code
    if failed is not None and failed not in (CONDITION_FAILED, TRANSACTION_CANCELED):
        return Capacity()  # validation and other errors consume nothing
    if operation == "GetItem":
        return Capacity(
            rcu=read_units(item_size(pricing.image(0).before), consistent=bool(params.get("ConsistentRead")))
        )
    if operation in ("Query", "Scan"):
        return Capacity(
            rcu=query_read_units(_read_sizes(call, table), consistent=bool(params.get("ConsistentRead")))
        )
    if operation == "BatchGetItem":
        rcu, position = 0.0, 0
        for request in params["RequestItems"].values():
            for _ in request["Keys"]:
                size = item_size(pricing.image(position).before)
                rcu += read_units(size, consistent=bool(request.get("ConsistentRead")))
                position += 1
        return Capacity(rcu=rcu)
    if operation == "TransactGetItems":
        sizes = [
            item_size(pricing.image(position).before) for position in range(len(params["TransactItems"]))
        ]
        return Capacity(rcu=transactional_read_units(sizes))
    if operation == "PutItem":
        return _single_write(pricing, params["Item"])
    if operation == "UpdateItem":
        return _single_write(pricing, None if failed else _after_update(pricing, 0))
    if operation == "DeleteItem":
        return _single_write(pricing, None)
    if operation == "TransactWriteItems":
        return _transaction(pricing)
    if operation == "BatchWriteItem":
        return _batch_write(pricing)
    return Capacity()  # control-plane calls (DescribeTable...) consume no capacity units


def _single_write(pricing: _Pricing, after: Item | None) -> Capacity:
    before = pricing.image(0).before
    if pricing.call.error_code is not None:
        return Capacity(wcu=write_units(item_size(before)))
    if pricing.call.operation == "DeleteItem":
        after = None
    index = all_index_write_units(before, after, pricing.table)
    return Capacity(wcu=write_units(item_size(before), item_size(after)) + index, index_wcu=index)


def _transaction(pricing: _Pricing) -> Capacity:
    table_sizes: list[tuple[int, ...]] = []
    index = 0
    for position, action in enumerate(pricing.call.params["TransactItems"]):
        (kind, request), *_ = action.items()
        before = pricing.image(position).before
        after: Item | None = before
        if kind == "Put":
            after = request["Item"]
        elif kind == "Update":
            after = before if pricing.call.error_code else _after_update(pricing, position)
        elif kind == "Delete":
            after = None
        if pricing.call.error_code is not None:
            table_sizes.append((item_size(before),))
            continue
        table_sizes.append((item_size(before), item_size(after)))
        index += all_index_write_units(before, after, pricing.table)
    return Capacity(wcu=transactional_write_units(table_sizes) + index, index_wcu=index)


def _batch_write(pricing: _Pricing) -> Capacity:
    wcu, index, position = 0, 0, 0
    for requests in pricing.call.params["RequestItems"].values():
        for request in requests:
            before = pricing.image(position).before
            after = request["PutRequest"]["Item"] if "PutRequest" in request else None
            wcu += write_units(item_size(before), item_size(after))
            index += all_index_write_units(before, after, pricing.table)
            position += 1
    return Capacity(wcu=wcu + index, index_wcu=index)


def total_capacity(calls: Iterable[ObservedCall], table: TableSpec) -> Capacity:
    total = Capacity()
    for call in calls:
        total = total + capacity_of(call, table)
    return total


# --- the least a page of reads could cost -------------------------------------------------------


def returned_items(call: ObservedCall) -> list[Item]:
    """The items a read request returned (GetItem, BatchGetItem, Query, Scan); none for a write."""
    response = call.response or {}
    if call.operation == "GetItem":
        return [response["Item"]] if response.get("Item") else []
    if call.operation == "BatchGetItem":
        return [item for items in response.get("Responses", {}).values() for item in items]
    if call.operation in ("Query", "Scan"):
        return list(response.get("Items", ()))
    return []


def _read_consistently(call: ObservedCall) -> bool:
    if call.operation == "BatchGetItem":
        return any(request.get("ConsistentRead") for request in call.params.get("RequestItems", {}).values())
    return bool(call.params.get("ConsistentRead"))


def item_size_minimum_read_units(calls: Iterable[ObservedCall]) -> float:
    """The least the reads among `calls` could cost for what they returned: the sizes of all the
    items returned, summed and rounded up to 4 KB units once, as one eventually consistent read,
    plus (if any read was strongly consistent) the items those returned, as one consistent read.
    Whatever a page pays above this is the price of reading in several requests, of the 4 KB
    rounding of each, and of items read but not returned (filtered, or keys not found)."""
    eventual: list[int] = []
    consistent: list[int] = []
    for call in calls:
        sizes = consistent if _read_consistently(call) else eventual
        sizes.extend(item_size(item) for item in returned_items(call))
    total = 0.0
    if eventual:
        total += query_read_units(eventual, consistent=False)
    if consistent:
        total += query_read_units(consistent, consistent=True)
    return total
