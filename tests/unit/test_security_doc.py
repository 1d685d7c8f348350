"""docs/security.md lists every route with the relation it declares, as the code declares it."""

from __future__ import annotations

from chalicelib.api.routing import all_operations
from tests.support.security_doc import current_table, render_table


def test_the_route_table_of_the_security_page_is_the_routes_own_declarations() -> None:
    assert current_table() == render_table(all_operations()), "run: python -m tests.support.security_doc"
