"""bench.capacity prices DynamoDB requests by DynamoDB's documented rules (no emulator involved)."""

from __future__ import annotations

from typing import Any

import pytest

from bench.capacity import (
    IndexSpec,
    ItemImages,
    ObservedCall,
    TableSpec,
    attribute_value_size,
    batch_read_units,
    capacity_of,
    index_write_units,
    item_size,
    item_size_minimum_read_units,
    number_size,
    query_read_units,
    read_units,
    transactional_read_units,
    transactional_write_units,
    write_units,
)

KB = 1024
TABLE = TableSpec(("pk", "sk"), (IndexSpec("gsi1", ("gsi1pk", "gsi1sk")),))


def item_of_size(size: int, sk: str = "S#1", **extra: Any) -> dict[str, Any]:
    """An item of exactly `size` bytes: pk, sk and a padding string `d`."""
    item: dict[str, Any] = {"pk": {"S": "P"}, "sk": {"S": sk}, **extra}
    padding = size - item_size(item) - len("d")
    assert padding >= 0
    item["d"] = {"S": "x" * padding}
    assert item_size(item) == size
    return item


# --- item sizes --------------------------------------------------------------------------------


def test_a_string_counts_the_utf8_bytes_of_its_name_and_value() -> None:
    assert item_size({"name": {"S": "Anna"}}) == 4 + 4
    assert item_size({"naïve": {"S": "café"}}) == 6 + 5


@pytest.mark.parametrize(
    ("number", "size"),
    [
        ("0", 1),
        ("7", 2),
        ("12", 2),
        ("123", 3),
        ("1000", 2),  # trailing zeroes are trimmed
        ("0.001", 2),  # so are leading ones
        ("1795459200", 5),  # 8 significant digits
        ("-1.5", 3),  # a negative number takes one more byte
        ("12345678901234567890123456789012345678", 20),  # 38 digits
    ],
)
def test_a_number_takes_one_byte_per_two_significant_digits_plus_one(number: str, size: int) -> None:
    assert number_size(number) == size


def test_binary_counts_raw_bytes_and_null_or_bool_one_byte() -> None:
    assert attribute_value_size({"B": b"\x00\x01\x02"}) == 3
    assert attribute_value_size({"BOOL": True}) == 1
    assert attribute_value_size({"NULL": True}) == 1


def test_lists_and_maps_take_three_bytes_plus_one_per_element() -> None:
    assert attribute_value_size({"L": []}) == 3
    assert attribute_value_size({"M": {}}) == 3
    assert attribute_value_size({"L": [{"S": "learner"}, {"S": "mentor"}]}) == 3 + (1 + 7) + (1 + 6)
    # a map element also counts its key name
    assert attribute_value_size({"M": {"a": {"N": "1"}, "bb": {"BOOL": False}}}) == 3 + (1 + 1 + 2) + (
        1 + 2 + 1
    )
    nested = {"L": [{"M": {"k": {"S": "v"}}}]}
    assert attribute_value_size(nested) == 3 + 1 + (3 + 1 + 1 + 1)


def test_sets_are_the_sum_of_their_elements() -> None:
    assert attribute_value_size({"SS": ["ab", "cde"]}) == 5
    assert attribute_value_size({"NS": ["1", "100"]}) == 2 + 2
    assert attribute_value_size({"BS": [b"ab", b"c"]}) == 3


def test_an_unknown_type_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown"):
        attribute_value_size({"X": "?"})


def test_a_missing_item_is_zero_bytes() -> None:
    assert item_size(None) == 0
    assert item_size({}) == 0


# --- units -------------------------------------------------------------------------------------


def test_a_3_5_kb_item_is_one_read_unit_strongly_consistent_and_half_eventually() -> None:
    assert read_units(3584, consistent=True) == 1
    assert read_units(3584, consistent=False) == 0.5


def test_reads_round_up_to_4_kb() -> None:
    assert read_units(4 * KB, consistent=True) == 1
    assert read_units(4 * KB + 1, consistent=True) == 2
    assert read_units(10 * KB, consistent=True) == 3  # AWS: a 10 KB item rounds up to 12 KB


def test_a_read_of_nothing_still_costs_the_minimum() -> None:
    assert read_units(0, consistent=True) == 1
    assert read_units(0, consistent=False) == 0.5


def test_a_query_of_ten_500_byte_items_is_rounded_once() -> None:
    assert query_read_units([500] * 10, consistent=True) == 2
    assert query_read_units([500] * 10, consistent=False) == 1
    assert query_read_units([], consistent=False) == 0.5


def test_batch_get_rounds_every_item_on_its_own() -> None:
    # AWS: 1.5 KB and 6.5 KB items are counted as 4 KB + 8 KB = 12 KB
    assert batch_read_units([1536, 6656], consistent=True) == 3


def test_a_1_5_kb_put_is_two_write_units() -> None:
    assert write_units(1536) == 2


def test_writes_take_the_larger_image_rounded_up_to_1_kb_at_least_one() -> None:
    assert write_units(0) == 1
    assert write_units(1 * KB) == 1
    assert write_units(600, 1500) == 2
    assert write_units(2100, 300) == 3


def test_a_transaction_of_two_half_kb_writes_is_four_write_units() -> None:
    assert transactional_write_units([(0, 512), (512, 512)]) == 4


def test_a_transactional_read_is_two_strongly_consistent_reads() -> None:
    assert transactional_read_units([100, 5000]) == 2 * 1 + 2 * 2


# --- pricing observed requests ------------------------------------------------------------------


def test_get_item_costs_the_whole_item_even_with_a_projection() -> None:
    stored = item_of_size(9000)
    call = ObservedCall(
        "GetItem",
        {"TableName": "t", "Key": {}, "ProjectionExpression": "pk", "ConsistentRead": True},
        {"Item": {"pk": {"S": "P"}}},
        images=(ItemImages(stored, None),),
    )
    assert capacity_of(call, TABLE).rcu == 3


def test_get_item_of_a_missing_item_costs_the_minimum() -> None:
    call = ObservedCall("GetItem", {"TableName": "t", "Key": {}}, {}, images=(ItemImages(None, None),))
    assert capacity_of(call, TABLE).rcu == 0.5


def test_a_query_is_priced_on_its_items_or_on_the_items_it_evaluated() -> None:
    items = [item_of_size(500, f"S#{n}") for n in range(10)]
    plain = ObservedCall("Query", {"TableName": "t"}, {"Items": items})
    assert capacity_of(plain, TABLE).rcu == 1
    projected = ObservedCall(
        "Query",
        {"TableName": "t", "ProjectionExpression": "pk", "ConsistentRead": True},
        {"Items": [{"pk": {"S": "P"}}] * 10},
        evaluated_items=tuple(items),
    )
    assert capacity_of(projected, TABLE).rcu == 2


def test_a_put_costs_the_larger_of_the_replaced_and_the_new_item() -> None:
    new = item_of_size(1536)
    fresh = ObservedCall("PutItem", {"TableName": "t", "Item": new}, {}, images=(ItemImages(None, new),))
    assert capacity_of(fresh, TABLE).wcu == 2
    replacing = ObservedCall(
        "PutItem", {"TableName": "t", "Item": new}, {}, images=(ItemImages(item_of_size(3000), new),)
    )
    assert capacity_of(replacing, TABLE).wcu == 3


def test_an_update_costs_the_larger_of_before_and_after() -> None:
    call = ObservedCall(
        "UpdateItem",
        {"TableName": "t", "Key": {}},
        {},
        images=(ItemImages(item_of_size(900), item_of_size(1100)),),
    )
    assert capacity_of(call, TABLE).wcu == 2


def test_an_update_can_take_its_after_image_from_all_new() -> None:
    after = item_of_size(2500)
    call = ObservedCall(
        "UpdateItem",
        {"TableName": "t", "Key": {}, "ReturnValues": "ALL_NEW"},
        {"Attributes": after},
        images=(ItemImages(item_of_size(100), None),),
    )
    assert capacity_of(call, TABLE).wcu == 3


def test_a_delete_costs_the_deleted_item() -> None:
    call = ObservedCall(
        "DeleteItem", {"TableName": "t", "Key": {}}, {}, images=(ItemImages(item_of_size(2048), None),)
    )
    assert capacity_of(call, TABLE).wcu == 2


def test_a_failed_conditional_write_still_costs_the_existing_item_at_least_one_unit() -> None:
    new = item_of_size(5000)
    in_the_way = ObservedCall(
        "PutItem",
        {"TableName": "t", "Item": new},
        None,
        error_code="ConditionalCheckFailedException",
        images=(ItemImages(item_of_size(2000), item_of_size(2000)),),
    )
    assert capacity_of(in_the_way, TABLE).wcu == 2
    absent = ObservedCall(
        "UpdateItem",
        {"TableName": "t", "Key": {}},
        None,
        error_code="ConditionalCheckFailedException",
        images=(ItemImages(None, None),),
    )
    assert capacity_of(absent, TABLE).wcu == 1


def test_other_errors_cost_nothing() -> None:
    call = ObservedCall("PutItem", {"TableName": "t", "Item": {}}, None, error_code="ValidationException")
    assert capacity_of(call, TABLE).wcu == 0


def test_a_transaction_costs_double_per_item() -> None:
    post, community = item_of_size(512, "POST#1"), item_of_size(512, "COMMUNITY#1")
    call = ObservedCall(
        "TransactWriteItems",
        {
            "TransactItems": [
                {"Put": {"TableName": "t", "Item": post}},
                {"Update": {"TableName": "t", "Key": {}}},
            ]
        },
        {},
        images=(ItemImages(None, post), ItemImages(community, community)),
    )
    assert capacity_of(call, TABLE).wcu == 4


def test_a_canceled_transaction_costs_double_the_existing_items() -> None:
    marker, member = item_of_size(200, "M"), item_of_size(1500, "U")
    call = ObservedCall(
        "TransactWriteItems",
        {
            "TransactItems": [
                {"Put": {"TableName": "t", "Item": marker}},
                {"Update": {"TableName": "t", "Key": {}}},
            ]
        },
        None,
        error_code="TransactionCanceledException",
        images=(ItemImages(marker, marker), ItemImages(member, member)),
    )
    assert capacity_of(call, TABLE).wcu == 2 * 1 + 2 * 2


def test_requests_without_data_cost_nothing() -> None:
    assert capacity_of(ObservedCall("DescribeTable", {"TableName": "t"}, {}), TABLE) == capacity_of(
        ObservedCall("ListTables", {}, {}), TABLE
    )
    assert capacity_of(ObservedCall("DescribeTable", {"TableName": "t"}, {}), TABLE).rcu == 0


# --- global secondary indexes ---------------------------------------------------------------------


def test_an_item_outside_a_sparse_index_costs_no_index_write() -> None:
    index = TABLE.indexes[0]
    assert index_write_units(item_of_size(300), item_of_size(400), index, TABLE.key_attributes) == 0


def test_index_writes_follow_the_item_into_within_and_out_of_the_index() -> None:
    index = TABLE.indexes[0]
    indexed = item_of_size(1500, gsi1pk={"S": "ORGANISATIONS"}, gsi1sk={"S": "acme"})
    changed = item_of_size(1600, gsi1pk={"S": "ORGANISATIONS"}, gsi1sk={"S": "acme"})
    moved = item_of_size(1500, gsi1pk={"S": "ORGANISATIONS"}, gsi1sk={"S": "other"})
    assert index_write_units(None, indexed, index, TABLE.key_attributes) == 2  # put
    assert index_write_units(indexed, changed, index, TABLE.key_attributes) == 2  # update in place
    assert index_write_units(indexed, indexed, index, TABLE.key_attributes) == 0  # nothing changed
    assert index_write_units(indexed, moved, index, TABLE.key_attributes) == 4  # delete + put
    assert index_write_units(indexed, None, index, TABLE.key_attributes) == 2  # delete


def test_a_put_into_an_index_pays_the_index_write_too() -> None:
    new = item_of_size(500, gsi1pk={"S": "ORGANISATIONS"}, gsi1sk={"S": "acme"})
    call = ObservedCall("PutItem", {"TableName": "t", "Item": new}, {}, images=(ItemImages(None, new),))
    capacity = capacity_of(call, TABLE)
    assert (capacity.wcu, capacity.index_wcu) == (2, 1)


def test_keys_only_index_entries_hold_the_keys() -> None:
    index = IndexSpec("byType", ("type",), projection="KEYS_ONLY")
    table = TableSpec(("pk", "sk"), (index,))
    item = item_of_size(3000, type={"S": "post"})
    query = ObservedCall("Query", {"TableName": "t", "IndexName": "byType"}, {"Items": [item] * 3})
    assert capacity_of(query, table).rcu == 0.5  # three small key entries, not 9 KB


def test_the_table_spec_comes_from_the_shared_definition() -> None:
    from chalicelib import definitions

    table = TableSpec.from_definition(definitions.TABLE)
    assert table.key_attributes == ("pk", "sk")
    assert [index.name for index in table.indexes] == ["gsi1"]
    assert table.index("gsi1").projection == "ALL"


# --- the item-size minimum of a page ------------------------------------------------------------


def test_a_pages_minimum_sums_what_its_reads_returned_and_rounds_once() -> None:
    posts = ObservedCall(
        "Query", {"TableName": "t"}, {"Items": [item_of_size(500, f"S#{n}") for n in range(7)]}
    )
    reactions = ObservedCall("Query", {"TableName": "t", "IndexName": "gsi1"}, {"Items": [item_of_size(500)]})
    # 8 items of 500 bytes: 4,000 bytes, one 4 KB unit read eventually consistently
    assert item_size_minimum_read_units([posts, reactions]) == 0.5
    assert capacity_of(posts, TABLE).rcu + capacity_of(reactions, TABLE).rcu == 1


def test_a_pages_minimum_prices_strongly_consistent_reads_on_their_own() -> None:
    profile = ObservedCall(
        "GetItem", {"TableName": "t", "Key": {}, "ConsistentRead": True}, {"Item": item_of_size(300)}
    )
    batch = ObservedCall(
        "BatchGetItem",
        {"RequestItems": {"t": {"Keys": [{}, {}, {}]}}},
        {"Responses": {"t": [item_of_size(300), item_of_size(5000)]}},
    )
    assert item_size_minimum_read_units([profile, batch]) == 1 + 1  # 5,300 bytes: two 4 KB units, halved


def test_a_page_that_returned_nothing_has_no_minimum_and_writes_do_not_count() -> None:
    empty = ObservedCall("Query", {"TableName": "t"}, {"Items": []})
    write = ObservedCall("PutItem", {"TableName": "t", "Item": item_of_size(900)}, {})
    assert item_size_minimum_read_units([empty, write]) == 0
