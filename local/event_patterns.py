"""EventBridge event pattern matching, the subset Kring's rules use.

A pattern is a dict mirroring the event: a nested dict matches a nested object, a list lists
the accepted values of a field (any one matches; when the event's field is itself a list, any
common value matches). `{"prefix": "..."}` and `{"exists": true|false}` are understood too.
Every field the pattern names must match; fields it does not name are ignored.
"""

from __future__ import annotations

from typing import Any

_MISSING = object()


def _matches_value(accepted: list[Any], value: Any) -> bool:
    values = value if isinstance(value, list) else [value]
    for condition in accepted:
        if isinstance(condition, dict):
            if "exists" in condition:
                if bool(condition["exists"]) == (value is not _MISSING):
                    return True
                continue
            if value is _MISSING:
                continue
            if "prefix" in condition:
                if any(isinstance(v, str) and v.startswith(condition["prefix"]) for v in values):
                    return True
                continue
            raise ValueError(f"content filter {condition} is not supported locally")
        if value is not _MISSING and condition in values:
            return True
    return False


def matches(pattern: dict[str, Any], event: Any) -> bool:
    if not isinstance(event, dict):
        return False
    for field, expected in pattern.items():
        value = event.get(field, _MISSING)
        if isinstance(expected, dict):
            if not matches(expected, value if value is not _MISSING else {}):
                return False
        elif isinstance(expected, list):
            if not _matches_value(expected, value):
                return False
        else:
            raise ValueError(f"pattern field '{field}' must be a list or an object, not {expected!r}")
    return True
