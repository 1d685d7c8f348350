"""Shared request and response shapes."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


def request_model_config(example: dict[str, Any]) -> ConfigDict:
    """Request bodies refuse unknown fields and carry an example (the OpenAPI doc and tests use it)."""
    return ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [example]})


class PageQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    limit: int = Field(20, ge=1, le=100, description="How many items to return (1-100).")
    cursor: str | None = Field(None, max_length=2048, description="The next_cursor of the previous page.")


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[dict[str, Any]] | None = None
