"""A page of query results and its continuation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Page[T]:
    items: list[T]
    last_key: dict[str, Any] | None
