"""docs/security.md lists every route with the relation it declares, as the code declares it."""

from __future__ import annotations

import app  # noqa: F401 - registers every route
from chalicelib.api.framework import OPERATIONS
from tests.support.security_doc import current_table, render_table


def test_the_route_table_of_the_security_page_is_the_routes_own_declarations() -> None:
    assert current_table() == render_table(OPERATIONS), "run: python -m tests.support.security_doc"
