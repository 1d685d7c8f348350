from __future__ import annotations

from collections.abc import Iterator

import pytest

from local.emulator import LocalResources
from tests.support.stack import ApiClient, api_client, test_resources
from tests.support.world import OrgWorld, build_org


@pytest.fixture(scope="session")
def resources() -> LocalResources:
    return test_resources()


@pytest.fixture
def api(resources: LocalResources) -> Iterator[ApiClient]:
    with api_client() as client:
        yield client


@pytest.fixture(scope="session")
def org_a(resources: LocalResources) -> OrgWorld:
    test_resources()
    return build_org(resources, "a")


@pytest.fixture(scope="session")
def org_b(resources: LocalResources) -> OrgWorld:
    test_resources()
    return build_org(resources, "b")
