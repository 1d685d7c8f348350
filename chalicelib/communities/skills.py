"""Skill tags: what a community is about, and what a post on its wall is tagged with."""

from __future__ import annotations

import re

from chalicelib.errors import ValidationFailed


def normalise_tags(tags: list[str]) -> list[str]:
    cleaned = sorted({tag.strip().lower().lstrip("#") for tag in tags if tag.strip()})
    if any(len(tag) > 40 or not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", tag) for tag in cleaned):
        raise ValidationFailed("Skill tags are short words: letters, digits, - and _.")
    return cleaned
