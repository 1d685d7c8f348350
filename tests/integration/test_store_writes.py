"""The store's two shared ways of writing: versioned saves and transactions with named steps.

A refused transaction must say which step's condition failed whatever order the steps were added
in (PynamoDB sends condition checks first, then deletes, puts and updates); a versioned save must
never overwrite a change it did not read.
"""

from __future__ import annotations

import pytest

from chalicelib import bootstrap
from chalicelib.ids import utc_now
from chalicelib.store import keys
from chalicelib.store.models import BadgeCatalogueItem
from chalicelib.store.writes import Steps, StepsRefused, save_versioned
from local.emulator import LocalResources
from tests.support.stack import unique


@pytest.fixture(autouse=True)
def store_bound(resources: LocalResources) -> None:
    bootstrap.ready()  # as every handler does: the models talk to the local table


def catalogue(org_id: str, document: str = "{}") -> BadgeCatalogueItem:
    return BadgeCatalogueItem(
        keys.org_pk(org_id),
        keys.BADGE_CATALOGUE_SK,
        org_id=org_id,
        catalogue=document,
        updated_by="admin",
        updated_at=utc_now(),
    )


def stored(org_id: str) -> BadgeCatalogueItem:
    return BadgeCatalogueItem.get(keys.org_pk(org_id), keys.BADGE_CATALOGUE_SK, consistent_read=True)


def test_a_refused_transaction_names_the_step_whose_condition_failed(resources: LocalResources) -> None:
    existing, other, fresh = unique("steps-a"), unique("steps-b"), unique("steps-c")
    assert save_versioned(catalogue(existing), None)

    def create_and_check(created: str) -> Steps:
        """The put is added first and the check second; PynamoDB sends the check first."""
        steps = Steps()
        steps.put("create", catalogue(created, '{"new": true}'), BadgeCatalogueItem.pk.does_not_exist())
        steps.check(
            "other exists",
            BadgeCatalogueItem,
            keys.org_pk(other),
            keys.BADGE_CATALOGUE_SK,
            BadgeCatalogueItem.pk.exists(),
        )
        return steps

    with pytest.raises(StepsRefused) as refused:
        create_and_check(fresh).write()  # only the check fails: `other` has no catalogue yet
    assert refused.value.steps == frozenset({"other exists"})
    assert BadgeCatalogueItem.count(keys.org_pk(fresh)) == 0  # nothing of a refused transaction

    assert save_versioned(catalogue(other), None)
    with pytest.raises(StepsRefused) as refused:
        create_and_check(existing).write()  # only the put fails: `existing` has one
    assert refused.value.steps == frozenset({"create"})
    assert stored(existing).catalogue == "{}"


def test_a_transaction_whose_conditions_hold_writes_every_step(resources: LocalResources) -> None:
    first, second = unique("steps-d"), unique("steps-e")
    steps = Steps()
    steps.put("first", catalogue(first), BadgeCatalogueItem.pk.does_not_exist())
    steps.put("second", catalogue(second), BadgeCatalogueItem.pk.does_not_exist())
    steps.write()
    assert stored(first).org_id == first and stored(second).org_id == second


def test_a_versioned_save_never_overwrites_a_change_it_did_not_read(resources: LocalResources) -> None:
    org_id = unique("versioned")
    mine = catalogue(org_id)
    assert save_versioned(mine, None)
    assert int(stored(org_id).version) == 1
    assert not save_versioned(catalogue(org_id, '{"second": true}'), None)  # created once only

    theirs = stored(org_id)
    theirs.catalogue = '{"theirs": true}'
    assert save_versioned(theirs, 1)

    mine.catalogue = '{"mine": true}'
    assert not save_versioned(mine, 1)  # read at version 1; they wrote version 2 meanwhile
    assert stored(org_id).catalogue == '{"theirs": true}'
    assert int(stored(org_id).version) == 2
