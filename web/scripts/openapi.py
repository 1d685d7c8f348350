"""Write the API's OpenAPI document (what GET /v1/openapi.json answers) to a file, without a server.

The web build generates its API types from it and fails when the committed ones have drifted.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import app  # noqa: F401  (importing the app declares every route)
from chalicelib.api.openapi import openapi_document


def main() -> None:
    target = Path(sys.argv[1])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(openapi_document(), indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
