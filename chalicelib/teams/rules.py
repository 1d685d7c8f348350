"""What a team's name and description may be (plain rules, no I/O)."""

from __future__ import annotations

from chalicelib.errors import ValidationFailed

NAME_MAX = 80
DESCRIPTION_MAX = 500


def team_name(value: str) -> str:
    """A name of 1-80 characters, inner runs of white space made one space."""
    name = " ".join(value.split())
    if not 1 <= len(name) <= NAME_MAX:
        raise ValidationFailed(
            f"A team's name has 1 to {NAME_MAX} characters.",
            [{"field": "name", "message": f"1 to {NAME_MAX} characters", "code": "string_length"}],
        )
    return name


def team_description(value: str) -> str:
    description = value.strip()
    if len(description) > DESCRIPTION_MAX:
        raise ValidationFailed(
            f"A team's description has at most {DESCRIPTION_MAX} characters.",
            [
                {
                    "field": "description",
                    "message": f"at most {DESCRIPTION_MAX} characters",
                    "code": "string_length",
                }
            ],
        )
    return description


def same_name(a: str, b: str) -> bool:
    """Names that differ only in case or spacing name the same team."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
