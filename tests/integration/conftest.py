from __future__ import annotations

from collections.abc import Iterator

import pytest
from chalice.test import Client

from chalicelib import bootstrap
from local.emulator import LocalResources
from local.in_process import direct_dynamodb
from tests.support.stack import ApiClient, api_client, start_test_stack
from tests.support.streams import StreamDrain
from tests.support.world import OrgWorld, build_org


@pytest.fixture(scope="session")
def resources() -> LocalResources:
    return start_test_stack()


@pytest.fixture(scope="module")
def direct_emulator(resources: LocalResources) -> Iterator[None]:
    """For modules of app behaviour (`pytestmark = pytest.mark.usefixtures("direct_emulator")`): this
    process's DynamoDB item and stream requests skip the HTTP hop to the in-process emulator.

    botocore still validates and serialises each request and moto's own handler answers it
    (local/in_process.py); the recorder, the permission guard and the Scan guard still see every
    call. What these modules prove is the app's behaviour, not the transport, which every other
    test still takes; the hop was up to two thirds of their CPU time."""
    # A module before this one in the worker may have pointed the store at a stack of its own, since
    # stopped (tests/integration/local): point it back, as every handler's first step does, or
    # this module's direct calls go to a port nothing listens on.
    start_test_stack()
    bootstrap.ready()
    with direct_dynamodb(resources.endpoint_url):
        yield


@pytest.fixture
def api(resources: LocalResources) -> Iterator[ApiClient]:
    with api_client() as client:
        yield client


@pytest.fixture(scope="session")
def org_a(resources: LocalResources) -> OrgWorld:
    start_test_stack()
    return build_org(resources, "a")


@pytest.fixture(scope="session")
def org_b(resources: LocalResources) -> OrgWorld:
    start_test_stack()
    return build_org(resources, "b")


@pytest.fixture(scope="session")
def drain_stream(resources: LocalResources, tmp_path_factory: pytest.TempPathFactory) -> StreamDrain:
    """Hands the table's stream to the app's consumer, like the local poller (and Lambda) do."""
    return StreamDrain(resources, tmp_path_factory.mktemp("stream"))


@pytest.fixture
def lambdas(resources: LocalResources) -> Iterator[Client]:
    """The app's non-HTTP handlers, invoked the way Lambda invokes them."""
    start_test_stack()
    import app as app_module

    with Client(app_module.app) as client:
        yield client
