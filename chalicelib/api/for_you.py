""" "For you" (/v1/me/for-you): what to learn next, each with its reason; and following people
(/v1/members/{user_id}/follow, /v1/me/following), whose new content is recommended."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.api.framework import Api, ApiRequest
from chalicelib.api.relations import Relation
from chalicelib.api.schemas import PageQuery
from chalicelib.for_you import following
from chalicelib.store.models import FollowedPersonItem

if TYPE_CHECKING:
    from chalicelib.for_you import recommend
    from chalicelib.for_you.rules import Reason

api = Api(__name__, tag="for you")

ReasonKind = Literal["team_completed", "followed_author", "community_skill"]


class ForYouReason(BaseModel):
    kind: ReasonKind
    people: list[str]  # colleagues who completed it, or the people I follow who wrote it
    skills: list[str]  # skills it shares with my communities
    communities: list[str]  # names of my communities with those skills

    @classmethod
    def of(cls, reason: Reason) -> ForYouReason:
        return cls(
            kind=reason.kind,  # type: ignore[arg-type]
            people=list(reason.people),
            skills=list(reason.skills),
            communities=list(reason.communities),
        )


class ForYouContent(BaseModel):
    content_id: str
    kind: str  # lesson | video
    community_id: str | None
    language: str  # the variant shown
    title: str
    summary: str
    estimated_minutes: int
    skill_tags: list[str]
    published_at: datetime


class ForYouItem(BaseModel):
    content: ForYouContent
    reasons: list[ForYouReason]  # strongest first

    @classmethod
    def of(cls, item: recommend.Recommendation) -> ForYouItem:
        release = item.release
        return cls(
            content=ForYouContent(
                content_id=release.content_id,
                kind=release.kind,
                community_id=release.community_id,
                language=item.language,
                title=item.title,
                summary=item.summary,
                estimated_minutes=int(release.estimated_minutes),
                skill_tags=list(release.skill_tags or []),
                published_at=release.published_at,
            ),
            reasons=[ForYouReason.of(reason) for reason in item.reasons],
        )


class ForYou(BaseModel):
    refreshers_due: int  # refreshers due today: the session is /v1/me/refreshers
    items: list[ForYouItem]  # strongest reason first, in a stable order


class ForYouQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    language: Literal["nl", "fr", "en"] | None = Field(
        None, description="The language to show titles in, when the content has it."
    )


class FollowedPerson(BaseModel):
    user_id: str
    display_name: str
    since: datetime

    @classmethod
    def of(cls, item: FollowedPersonItem) -> FollowedPerson:
        return cls(user_id=item.followed_id, display_name=item.followed_name, since=item.since)


class FollowedPeople(BaseModel):
    items: list[FollowedPerson]
    next_cursor: str | None


FOLLOW = "/v1/members/{user_id}/follow"


@api.route(
    "/v1/me/for-you",
    "GET",
    operation_id="getForYou",
    summary="For you: content to learn next, each with its reason, and my refreshers due",
    relation=Relation.SELF,
    query=ForYouQuery,
    response=ForYou,
)
def get_for_you(request: ApiRequest) -> ForYou:
    # Only this route recommends: the recommender (refreshers, quizzes, learning) loads on its first call.
    from chalicelib.for_you import recommend

    query: ForYouQuery = request.query
    found = recommend.for_you(request.principal, query.language)
    return ForYou(refreshers_due=found.refreshers_due, items=[ForYouItem.of(item) for item in found.items])


@api.route(
    FOLLOW,
    "PUT",
    operation_id="followPerson",
    summary="Follow a person of my organisation: their new content is recommended to me",
    relation=Relation.ORG_MEMBER,
    response=FollowedPerson,
)
def follow_person(request: ApiRequest) -> FollowedPerson:
    return FollowedPerson.of(following.follow(request.principal, request.path_params["user_id"]))


@api.route(
    FOLLOW,
    "DELETE",
    operation_id="unfollowPerson",
    summary="Stop following a person",
    relation=Relation.ORG_MEMBER,
)
def unfollow_person(request: ApiRequest) -> None:
    following.unfollow(request.principal, request.path_params["user_id"])


@api.route(
    "/v1/me/following",
    "GET",
    operation_id="listPeopleIFollow",
    summary="The people I follow",
    relation=Relation.SELF,
    query=PageQuery,
    response=FollowedPeople,
)
def list_following(request: ApiRequest) -> FollowedPeople:
    query: PageQuery = request.query
    page = following.following(request.principal, query.limit, request.cursor_in(query.cursor))
    return FollowedPeople(
        items=[FollowedPerson.of(item) for item in page.items], next_cursor=request.cursor_out(page.last_key)
    )
