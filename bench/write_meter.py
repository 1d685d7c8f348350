"""Counts DynamoDB writes per partition key and (simulated) second, on the table and on GSI1.

DynamoDB takes at most 1,000 writes a second on one partition key, of the table or of an index.
The meter wraps botocore's client (like local.recorder, and below it when both are installed),
names the items each write request touches with `bench.probe.named_items`, and counts:

- a table write for every item a write request names (Put, Update, Delete, each item of a
  BatchWriteItem or TransactWriteItems; a ConditionCheck writes nothing), also when the request
  fails: a refused conditional write still spends a write on its partition;
- index writes from the item's GSI1 keys just before and just after a request that succeeded,
  read from the in-process emulator without a request (`local.in_process.stored_attributes`):
  an entry that stays under the same keys is rewritten (1 write to its `gsi1pk`); changed keys are
  a delete under the old `gsi1pk` and a put under the new one (2 writes when both are the same
  partition, as DynamoDB counts them); a sparse item without `gsi1pk` costs the index nothing.

Each write is counted at `clock()` (the simulation's second) under the current `source`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from botocore.client import BaseClient
from botocore.exceptions import ClientError

from bench.probe import named_items

WRITES = ("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems")
TABLE, INDEX = "table", "gsi1"
INDEX_KEYS = ("gsi1pk", "gsi1sk")


@dataclass(frozen=True)
class HotKey:
    scope: str  # table | gsi1
    key: str
    second: int
    writes: int

    def as_dict(self) -> dict[str, Any]:
        return {"scope": self.scope, "key": self.key, "second": self.second, "writes_per_s": self.writes}


def _string(value: dict[str, Any] | None) -> str | None:
    return None if not value else str(next(iter(value.values())))


def _acting_items(operation: str, params: dict[str, Any]) -> list[bool]:
    """For each named item, whether the request writes it (a transaction's ConditionCheck does not)."""
    if operation == "TransactWriteItems":
        return ["ConditionCheck" not in action for action in params["TransactItems"]]
    return [True] * len(named_items(operation, params, ("pk", "sk")))


class WriteMeter:
    def __init__(
        self,
        clock: Callable[[], float],
        stored: Callable[[str, dict[str, Any]], dict[str, Any] | None],
        key_attributes: tuple[str, ...] = ("pk", "sk"),
    ) -> None:
        self.clock = clock
        self.source = "setup"
        self.counted_sources: frozenset[str] | None = None  # None: every source
        self._stored = stored
        self._key_attributes = key_attributes
        self.writes: Counter[tuple[str, str, str, int]] = Counter()  # (source, scope, key, second)
        self.requests: Counter[tuple[str, str]] = Counter()  # (source, operation)
        self.item_writes: Counter[tuple[str, str]] = Counter()  # (source, operation)
        self.failed_requests: Counter[tuple[str, str]] = Counter()
        self._original: Any = None

    # Installing ---------------------------------------------------------------------------

    @contextmanager
    def installed(self) -> Iterator[WriteMeter]:
        original = BaseClient._make_api_call
        meter = self

        def metered_call(client: BaseClient, operation: str, params: dict[str, Any]) -> Any:
            if client.meta.service_model.service_name != "dynamodb" or not meter._counts():
                return original(client, operation, params)
            return meter._observe(original, client, operation, params)

        BaseClient._make_api_call = metered_call  # type: ignore[method-assign]
        try:
            yield self
        finally:
            BaseClient._make_api_call = original  # type: ignore[method-assign]

    def _counts(self) -> bool:
        return self.counted_sources is None or self.source in self.counted_sources

    # Observing ----------------------------------------------------------------------------

    def _index_keys(self, named: list[tuple[str, dict[str, Any]]]) -> list[tuple[str | None, str | None]]:
        found = []
        for table, key in named:
            item = self._stored(table, key) or {}
            found.append((_string(item.get("gsi1pk")), _string(item.get("gsi1sk"))))
        return found

    def _observe(self, send: Any, client: BaseClient, operation: str, params: dict[str, Any]) -> Any:
        source = self.source
        self.requests[(source, operation)] += 1
        if operation not in WRITES:
            return send(client, operation, params)
        named = named_items(operation, params, self._key_attributes)
        acting = _acting_items(operation, params)
        before = self._index_keys(named)
        second = int(self.clock())
        for (_, key), writes in zip(named, acting, strict=True):
            if writes:
                self.writes[(source, TABLE, _string(key.get("pk")) or "", second)] += 1
                self.item_writes[(source, operation)] += 1
        try:
            response = send(client, operation, params)
        except ClientError:
            self.failed_requests[(source, operation)] += 1
            raise
        after = self._index_keys(named)
        for (old_pk, old_sk), (new_pk, new_sk), writes in zip(before, after, acting, strict=True):
            if not writes:
                continue
            if (old_pk, old_sk) == (new_pk, new_sk):
                if new_pk is not None:
                    self.writes[(source, INDEX, new_pk, second)] += 1
                continue
            for pk in (old_pk, new_pk):
                if pk is not None:
                    self.writes[(source, INDEX, pk, second)] += 1
        return response

    # Figures ------------------------------------------------------------------------------

    def per_key_second(self, sources: set[str] | None = None) -> Counter[tuple[str, str, int]]:
        """(scope, key, second) -> writes, summed over `sources` (None: all)."""
        summed: Counter[tuple[str, str, int]] = Counter()
        for (source, scope, key, second), writes in self.writes.items():
            if sources is None or source in sources:
                summed[(scope, key, second)] += writes
        return summed

    def hottest(
        self, scope: str | None = None, sources: set[str] | None = None, top: int = 1
    ) -> list[HotKey]:
        """The keys written most in one second (each key once, at its worst second)."""
        worst: dict[tuple[str, str], tuple[int, int]] = {}
        for (key_scope, key, second), writes in self.per_key_second(sources).items():
            if scope is not None and key_scope != scope:
                continue
            seen = worst.get((key_scope, key))
            if seen is None or writes > seen[0] or (writes == seen[0] and second < seen[1]):
                worst[(key_scope, key)] = (writes, second)
        ranked = sorted(worst.items(), key=lambda entry: (-entry[1][0], entry[1][1], entry[0]))
        return [HotKey(s, k, second, writes) for (s, k), (writes, second) in ranked[:top]]

    def request_counts(self) -> dict[str, dict[str, int]]:
        by_source: dict[str, dict[str, int]] = {}
        for (source, operation), count in sorted(self.requests.items()):
            by_source.setdefault(source, {})[operation] = count
        return by_source

    def item_write_counts(self) -> dict[str, dict[str, int]]:
        by_source: dict[str, dict[str, int]] = {}
        for (source, operation), count in sorted(self.item_writes.items()):
            by_source.setdefault(source, {})[operation] = count
        return by_source
