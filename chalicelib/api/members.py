"""Shapes of members shared by /v1/me and /v1/admin/users."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator

from chalicelib.identity.rules import is_valid_timezone
from chalicelib.ids import iso
from chalicelib.store.models import UserItem

Language = Literal["nl", "fr", "en"]
RoleName = Literal["learner", "mentor", "community_manager", "org_admin"]
MemberStatus = Literal["invited", "active", "deactivated"]


class Member(BaseModel):
    id: str
    email: str
    display_name: str
    language: Language
    timezone: str
    roles: list[RoleName]
    status: MemberStatus
    post_count: int
    team_id: str | None
    created_at: str
    updated_at: str
    announce_badges: bool = True  # false: my badges are not announced on community walls
    leaderboard_opt_out: bool = False  # true: hidden from others' leaderboards
    quiz_accessible: bool = False  # true: extra time and no speed points in quizzes

    @classmethod
    def of(cls, item: UserItem) -> Member:
        return cls(
            id=item.user_id,
            email=item.email,
            display_name=item.display_name,
            language=item.language,  # type: ignore[arg-type]
            timezone=item.timezone,
            roles=list(item.roles),  # type: ignore[arg-type]
            status=item.status,  # type: ignore[arg-type]
            post_count=int(item.post_count or 0),
            team_id=item.team_id,
            created_at=iso(item.created_at),
            updated_at=iso(item.updated_at),
            announce_badges=item.announce_badges is not False,
            leaderboard_opt_out=bool(item.leaderboard_opt_out),
            quiz_accessible=bool(item.quiz_accessible),
        )


class MemberPage(BaseModel):
    items: list[Member]
    next_cursor: str | None


def check_timezone(value: str | None) -> str | None:
    if value is not None and not is_valid_timezone(value):
        raise ValueError("must be an IANA time zone such as Europe/Brussels")
    return value


class TimezoneField(BaseModel):
    timezone: str | None = Field(None, max_length=64)

    @field_validator("timezone")
    @classmethod
    def _valid_timezone(cls, value: str | None) -> str | None:
        return check_timezone(value)
