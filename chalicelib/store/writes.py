"""Two ways of writing that every repository shares: versioned saves and named transaction steps.

A versioned save replaces an item whole only if nobody wrote it since it was read: the item's
`version` attribute goes up by one and the Put is conditioned on the version read (or, for an item
read as absent, on there being none yet). `versioned(item, read_version)` prepares the item and
returns that condition, for a transaction; `save_versioned` writes it on its own.

A transaction's steps have names. DynamoDB reports why a cancelled transaction failed per item, in
the order of the request, and PynamoDB orders the request by kind (condition checks, deletes,
puts, updates), not in the order the code adds them; so `Steps` keeps the names in request order
and a refused transaction raises `StepsRefused` naming the steps whose condition failed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from pynamodb.exceptions import PutError, TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from chalicelib.store.conditions import is_condition_failure
from chalicelib.store.models import transaction_connection

CONDITION_FAILED = "ConditionalCheckFailed"


class Versioned(Protocol):
    """An item with a `version` number attribute (the models that are saved this way)."""

    version: Any


def versioned(item: Versioned, read_version: int | None) -> Condition:
    """Set the item's next version and return the condition its write needs: still at
    `read_version` (None: read as absent, so it must not exist)."""
    model = type(item)
    item.version = (read_version or 0) + 1
    if read_version is None:
        return model.pk.does_not_exist()  # type: ignore[attr-defined,no-any-return]
    return model.version == read_version  # type: ignore[no-any-return]


def save_versioned(item: Versioned, read_version: int | None, also: Condition | None = None) -> bool:
    """Put the item whole if it is still at `read_version` (and `also` holds); False if it is not."""
    condition = versioned(item, read_version)
    if also is not None:
        condition &= also
    try:
        item.save(condition=condition)  # type: ignore[attr-defined]
    except PutError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


class StepsRefused(Exception):
    """A condition of the transaction failed; `steps` names the steps whose condition did."""

    def __init__(self, steps: frozenset[str]) -> None:
        super().__init__(f"transaction refused by: {', '.join(sorted(steps))}")
        self.steps = steps

    def __contains__(self, step: object) -> bool:
        return step in self.steps


# PynamoDB sends a transaction's items in this order (pynamodb.connection.base.transact_write_items).
_REQUEST_ORDER = ("check", "delete", "put", "update")


@dataclass
class Steps:
    """A TransactWriteItems whose steps are named. Several items may share a name (a step that
    writes several items failed if any of them did). `write()` sends it."""

    _steps: list[tuple[str, str, Callable[[TransactWrite], None]]] = field(default_factory=list)

    def put(self, name: str, item: Model, condition: Condition | None = None) -> None:
        self._steps.append(("put", name, lambda t: t.save(item, condition=condition)))

    def update(
        self, name: str, item: Model, actions: list[Action], condition: Condition | None = None
    ) -> None:
        self._steps.append(("update", name, lambda t: t.update(item, actions=actions, condition=condition)))

    def delete(self, name: str, item: Model, condition: Condition | None = None) -> None:
        self._steps.append(("delete", name, lambda t: t.delete(item, condition=condition)))

    def check(self, name: str, model: type[Model], pk: str, sk: str, condition: Condition) -> None:
        self._steps.append(("check", name, lambda t: t.condition_check(model, pk, sk, condition=condition)))

    def __len__(self) -> int:
        return len(self._steps)

    def names_in_request_order(self) -> list[str]:
        return [name for kind in _REQUEST_ORDER for (k, name, _) in self._steps if k == kind]

    def write(self) -> None:
        """Send the steps as one transaction. StepsRefused when conditions failed; any other
        trouble (throttling, a conflicting transaction) is raised as it came."""
        names = self.names_in_request_order()
        try:
            with TransactWrite(connection=transaction_connection()) as transaction:
                for _, _, add in self._steps:
                    add(transaction)
        except TransactWriteError as exc:
            reasons = exc.cancellation_reasons or []
            refused = frozenset(
                name
                for name, reason in zip(names, reasons, strict=False)
                if reason is not None and reason.code == CONDITION_FAILED
            )
            if refused:
                raise StepsRefused(refused) from exc
            raise
