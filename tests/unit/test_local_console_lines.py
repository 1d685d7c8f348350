"""The `kring run` console: one readable line per request, even for a request it could not parse."""

from __future__ import annotations

from local.console import request_line


def test_a_served_request_is_one_line_with_method_path_status_and_time() -> None:
    assert request_line("GET", "/v1/me", 200, 12.4) == "GET    /v1/me 200 12 ms"


def test_a_request_line_the_server_could_not_parse_still_gets_its_line() -> None:
    # http.server answers a malformed request line before it knows a method or a path.
    assert request_line(None, None, 400, 0.3) == "-      - 400 0 ms"
