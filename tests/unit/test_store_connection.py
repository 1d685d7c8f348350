"""Every item type talks to the table over one DynamoDB client (a cold function creates it once)."""

from __future__ import annotations

import pytest

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


def test_the_shared_clients_loader_reads_dynamodbs_model_without_listing_every_service() -> None:
    from botocore.exceptions import DataNotFoundError
    from botocore.loaders import Loader

    from chalicelib.store.connection import ServiceLoader

    loader, botocores = ServiceLoader(), Loader()
    assert loader.load_service_model("dynamodb", "service-2") == botocores.load_service_model(
        "dynamodb", "service-2"
    )
    assert loader.load_service_model("dynamodb", "endpoint-rule-set-1") == botocores.load_service_model(
        "dynamodb", "endpoint-rule-set-1"
    )
    with pytest.raises(DataNotFoundError):
        loader.load_service_model("no-such-service", "service-2")


def test_the_shared_connection_creates_its_client_with_that_loader() -> None:
    from chalicelib.store.connection import ServiceLoader

    client = transaction_connection().client
    assert client.meta.service_model.service_name == "dynamodb"
    assert isinstance(transaction_connection().session.get_component("data_loader"), ServiceLoader)
