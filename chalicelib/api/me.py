"""/v1/me: the signed-in member's own profile."""

from __future__ import annotations

from pydantic import Field

from chalicelib.api.framework import Api, ApiRequest
from chalicelib.api.members import Language, Member, TimezoneField
from chalicelib.api.relations import Relation
from chalicelib.api.schemas import request_model_config
from chalicelib.errors import ValidationFailed
from chalicelib.identity import use_cases

api = Api(__name__, tag="me")


class ProfileChange(TimezoneField):
    model_config = request_model_config({"display_name": "Anna Peeters", "language": "nl"})

    display_name: str | None = Field(None, min_length=1, max_length=80)
    language: Language | None = None
    announce_badges: bool | None = Field(None, description="false: my badges are not announced on walls.")
    leaderboard_opt_out: bool | None = Field(
        None, description="true: others do not see me on leaderboards (I still see my own place)."
    )
    quiz_accessible: bool | None = Field(
        None, description="true: quizzes give me extra time and no speed points (accessible mode)."
    )


@api.route(
    "/v1/me",
    "GET",
    operation_id="getMyProfile",
    relation=Relation.SELF,
    summary="My profile",
    response=Member,
)
def get_my_profile(request: ApiRequest) -> Member:
    return Member.of(use_cases.my_profile(request.principal))


@api.route(
    "/v1/me",
    "PATCH",
    operation_id="updateMyProfile",
    relation=Relation.SELF,
    summary="Change my display name, language or time zone",
    request=ProfileChange,
    response=Member,
)
def update_my_profile(request: ApiRequest) -> Member:
    changes = request.body.model_dump(exclude_none=True)
    if not changes:
        raise ValidationFailed(
            "Send at least one of display_name, language, timezone, announce_badges, leaderboard_opt_out "
            "or quiz_accessible."
        )
    return Member.of(use_cases.update_my_profile(request.principal, changes))
