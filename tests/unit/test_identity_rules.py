from __future__ import annotations

import pytest

from chalicelib.errors import ValidationFailed
from chalicelib.identity.rules import check_org_id, is_valid_timezone, normalise_roles, org_id_from_name


def test_everyone_keeps_the_learner_role() -> None:
    assert normalise_roles(["mentor"]) == ["learner", "mentor"]
    assert normalise_roles([]) == ["learner"]


def test_unknown_roles_are_refused() -> None:
    with pytest.raises(ValidationFailed):
        normalise_roles(["superuser"])


@pytest.mark.parametrize(
    ("name", "org_id"), [("Acme Corporation", "acme-corporation"), ("Démo  BV!", "demo-bv")]
)
def test_an_organisation_id_is_derived_from_its_name(name: str, org_id: str) -> None:
    assert org_id_from_name(name) == org_id


@pytest.mark.parametrize("org_id", ["", "Demo", "-demo", "demo-", "a" * 41, "de mo", "ORG#x"])
def test_organisation_ids_are_short_lowercase_slugs(org_id: str) -> None:
    with pytest.raises(ValidationFailed):
        check_org_id(org_id)


def test_time_zones_are_iana_names() -> None:
    assert is_valid_timezone("Europe/Brussels")
    assert not is_valid_timezone("Mars/Olympus")
    assert not is_valid_timezone("../etc/passwd")
