"""What every item type of Kring's single table shares: its keys, the `type` discriminator, GSI1,
and the table and connection they are bound to.

Every key begins with the organisation id (see docs/data-model.md), so every repository
function takes the organisation as a required argument and cannot name another's item.
"""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import DiscriminatorAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.connection import Connection, TableConnection
from pynamodb.exceptions import TableError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib import definitions
from chalicelib.config import Config
from chalicelib.store.connection import SharedConnection


class ItemTypeAttribute(DiscriminatorAttribute):  # type: ignore[misc]  # PynamoDB's is untyped here
    """The `type` discriminator. Item types register as their modules load, which the models
    package does on first use: a read that meets a type not registered yet, and a query on
    KringItem itself (which PynamoDB filters by the registered types), load them all first."""

    def deserialize(self, value: Any) -> type:
        if value not in self._discriminator_map:
            _load_every_item_type()
        cls: type = super().deserialize(value)
        return cls

    def get_registered_subclasses(self, cls: type[Any]) -> list[type[Any]]:
        # Only KringItem's (or Model's, for the table's schema) subclasses span the package's
        # modules; an item type's own subclasses are declared beside it (wall.ContentItem).
        if cls is KringItem or not issubclass(cls, KringItem):
            _load_every_item_type()
        found: list[type[Any]] = super().get_registered_subclasses(cls)
        return found


def _load_every_item_type() -> None:
    from chalicelib.store import models

    models.load_all()


class Gsi1(GlobalSecondaryIndex["KringItem"]):
    class Meta:
        index_name = definitions.GSI1
        projection = AllProjection()

    gsi1pk = UnicodeAttribute(hash_key=True)
    gsi1sk = UnicodeAttribute(range_key=True)


class KringItem(Model):
    class Meta:
        table_name = "kring"
        region = "eu-west-1"
        host: str | None = None
        connect_timeout_seconds = 2
        read_timeout_seconds = 4
        max_retry_attempts = 2

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    item_type = ItemTypeAttribute(attr_name="type")
    org_id = UnicodeAttribute()
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    expires_at = TTLAttribute(null=True)
    gsi1 = Gsi1()

    @classmethod
    def _get_connection(cls) -> TableConnection:
        """The item type's connection, over the one DynamoDB client every item type shares.

        PynamoDB gives each model class a connection of its own, each with its own botocore
        session and client: each first use of another item type created a client again, loading
        DynamoDB's service model and scanning botocore's data directory once more (a cold stream
        consumer's first reaction created three). Every item type lives in one table with one
        schema, so they share the transactions' connection (botocore clients are thread-safe).
        """
        if cls._connection is None or cls._connection.table_name != cls.Meta.table_name:
            table = super()._get_connection()
            shared = transaction_connection()
            try:
                shared.get_meta_table(table.table_name)
            except TableError:
                shared.add_meta_table(table.connection.get_meta_table(table.table_name))
            table.connection = shared
        return cls._connection  # type: ignore[return-value]  # set by PynamoDB above


def _all_models(cls: type[Model]) -> list[type[Model]]:
    found = [cls]
    for sub in cls.__subclasses__():
        found.extend(_all_models(sub))
    return found


def bind(config: Config) -> None:
    """Point every item type at the configured table (and the emulator, locally)."""
    KringItem.Meta.table_name = config.table_name
    KringItem.Meta.region = config.region
    KringItem.Meta.host = config.aws_endpoint_url
    KringItem.Meta.read_timeout_seconds = config.dynamodb_timeout_seconds  # type: ignore[assignment]
    for model in _all_models(KringItem):
        model._connection = None
    global _transaction_connection
    _transaction_connection = None


_transaction_connection: Connection | None = None


def transaction_connection() -> Connection:
    """The one connection (and botocore client) of the table: transactions and every item type."""
    global _transaction_connection
    if _transaction_connection is None:
        meta = KringItem.Meta
        _transaction_connection = SharedConnection(
            region=meta.region,
            host=meta.host,
            connect_timeout_seconds=meta.connect_timeout_seconds,
            read_timeout_seconds=meta.read_timeout_seconds,
            max_retry_attempts=meta.max_retry_attempts,
        )
    return _transaction_connection
