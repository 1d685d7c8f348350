"""Every item type talks to the table over one DynamoDB client (a cold function creates it once)."""

from __future__ import annotations

from chalicelib.store.models import (
    KringItem,
    PostItem,
    ReactionItem,
    UserItem,
    transaction_connection,
)


def test_every_item_type_and_the_transactions_share_one_connection() -> None:
    connections = {id(model._get_connection().connection) for model in (UserItem, PostItem, ReactionItem)}
    assert connections == {id(transaction_connection())}


def test_the_shared_connection_knows_the_tables_keys_and_index() -> None:
    table = PostItem._get_connection()
    meta = table.get_meta_table()
    assert (meta.hash_keyname, meta.range_keyname) == ("pk", "sk")
    assert UserItem._get_connection().get_meta_table() is meta
    assert KringItem.Meta.table_name == table.table_name
