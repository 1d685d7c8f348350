"""Badges: the catalogue in my language and mine (/v1/badges, /v1/me/badges), the organisation's
catalogue (admins), and manual awards by a community's moderators."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.api.framework import Api, ApiRequest, Created
from chalicelib.api.relations import Relation
from chalicelib.api.schemas import request_model_config
from chalicelib.gamification import badges as rules
from chalicelib.gamification import catalogue
from chalicelib.ids import iso
from chalicelib.media import objects
from chalicelib.principal import Role
from chalicelib.store.models import BadgeAwardItem

api = Api(__name__, tag="badges")

ADMINS = frozenset({Role.ORG_ADMIN})
BADGE_ID = r"^[a-z0-9][a-z0-9-]{1,47}$"
MEDIA_ID = r"^[0-9A-Za-z]{10,40}$"


class Texts(BaseModel):
    """A text in Dutch, French and English."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    nl: str = Field(min_length=1, max_length=280)
    fr: str = Field(min_length=1, max_length=280)
    en: str = Field(min_length=1, max_length=280)


class Names(Texts):
    nl: str = Field(min_length=1, max_length=60)
    fr: str = Field(min_length=1, max_length=60)
    en: str = Field(min_length=1, max_length=60)


class CounterRule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: Literal["counter"]
    counter: str = Field(
        max_length=40, description=f"What is counted: one of {', '.join(rules.KNOWN_COUNTERS)}."
    )
    threshold: int = Field(ge=1, le=100_000, description="Earned at this many.")


class StreakRule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: Literal["streak"]
    length: int = Field(ge=1, le=3650, description="Earned when the longest streak reaches this many days.")


class EventRankRule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: Literal["event_rank"]
    event_kind: str = Field(pattern=r"^[a-z][a-z0-9_]{1,39}$", examples=[rules.SEASONAL_QUIZ])
    max_rank: int = Field(
        0, ge=0, le=1000, description="Earned at this rank or better; 0: by every participant."
    )


class ManualRule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: Literal["manual"]


RuleModel = Annotated[CounterRule | StreakRule | EventRankRule | ManualRule, Field(discriminator="type")]


def _rule_model(rule: rules.Rule) -> CounterRule | StreakRule | EventRankRule | ManualRule:
    if isinstance(rule, rules.CounterRule):
        return CounterRule(type="counter", counter=rule.counter, threshold=rule.threshold)
    if isinstance(rule, rules.StreakRule):
        return StreakRule(type="streak", length=rule.length)
    if isinstance(rule, rules.EventRankRule):
        return EventRankRule(type="event_rank", event_kind=rule.event_kind, max_rank=rule.max_rank)
    return ManualRule(type="manual")


def _rule(model: CounterRule | StreakRule | EventRankRule | ManualRule) -> rules.Rule:
    return rules.rule_of(model.model_dump())


def _image_url(badge: rules.Badge) -> str | None:
    return objects.signed_download(badge.image_key).url if badge.image_key else None


EXAMPLE_BADGE = {
    "names": {"nl": "Vriendelijke helper", "fr": "Aide bienveillante", "en": "Kind helper"},
    "descriptions": {
        "nl": "Hielp een collega op weg",
        "fr": "A aidé un collègue à démarrer",
        "en": "Helped a colleague get started",
    },
    "rule": {"type": "manual"},
    "enabled": True,
}


class BadgeChange(BaseModel):
    model_config = request_model_config(EXAMPLE_BADGE)

    names: Names
    descriptions: Texts
    rule: RuleModel
    image_media_id: str | None = Field(
        None, pattern=MEDIA_ID, description="A ready image (POST /v1/media/uploads)."
    )
    enabled: bool = True

    def badge(self, badge_id: str) -> rules.Badge:
        return rules.Badge(
            badge_id,
            self.names.model_dump(),
            self.descriptions.model_dump(),
            _rule(self.rule),
            self.image_media_id,
            enabled=self.enabled,
        )


class NewBadge(BadgeChange):
    model_config = request_model_config({"id": "kind-helper", **EXAMPLE_BADGE})

    id: str = Field(
        pattern=BADGE_ID, description="Lower-case letters, digits and dashes; fixed once created."
    )


class AdminBadge(BaseModel):
    id: str
    names: Names
    descriptions: Texts
    rule: RuleModel
    image_media_id: str | None
    image_url: str | None
    enabled: bool
    default: bool  # one of Kring's default badges (possibly edited)

    @classmethod
    def of(cls, badge: rules.Badge) -> AdminBadge:
        return cls(
            id=badge.id,
            names=Names(**{lang: badge.name(lang) for lang in rules.LANGUAGES}),
            descriptions=Texts(**{lang: badge.description(lang) or "-" for lang in rules.LANGUAGES}),
            rule=_rule_model(badge.rule),
            image_media_id=badge.image_media_id,
            image_url=_image_url(badge),
            enabled=badge.enabled,
            default=badge.default,
        )


class AdminBadgeList(BaseModel):
    items: list[AdminBadge]


class Badge(BaseModel):
    id: str
    name: str
    description: str
    rule: RuleModel
    image_media_id: str | None
    image_url: str | None
    held: bool
    awarded_at: str | None

    @classmethod
    def of(cls, badge: rules.Badge, language: str, award: BadgeAwardItem | None) -> Badge:
        return cls(
            id=badge.id,
            name=badge.name(language),
            description=badge.description(language),
            rule=_rule_model(badge.rule),
            image_media_id=badge.image_media_id,
            image_url=_image_url(badge),
            held=award is not None,
            awarded_at=iso(award.awarded_at) if award is not None else None,
        )


class BadgeList(BaseModel):
    items: list[Badge]


class MyBadge(BaseModel):
    id: str
    name: str
    description: str
    image_url: str | None
    awarded_at: str
    reason: str | None
    awarded_by: str | None  # the moderator of a manual award; null: earned
    community_id: str | None


class MyBadgeList(BaseModel):
    items: list[MyBadge]


class AwardRequest(BaseModel):
    model_config = request_model_config(
        {"user_id": "0b6a2f4e-3c1d-4e5f-8a9b-1c2d3e4f5a6b", "reason": "Welcomed every newcomer this month"}
    )

    user_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    reason: str = Field(min_length=1, max_length=280)


class BadgeAward(BaseModel):
    badge_id: str
    user_id: str
    community_id: str | None
    reason: str | None
    awarded_by: str | None
    awarded_at: str

    @classmethod
    def of(cls, item: BadgeAwardItem) -> BadgeAward:
        return cls(
            badge_id=item.badge_id,
            user_id=item.user_id,
            community_id=item.community_id,
            reason=item.reason,
            awarded_by=item.awarded_by,
            awarded_at=iso(item.awarded_at),
        )


@api.route(
    "/v1/badges",
    "GET",
    operation_id="listBadges",
    relation=Relation.ORG_MEMBER,
    summary="The organisation's badges in my language, and which I hold",
    response=BadgeList,
)
def list_badges(request: ApiRequest) -> BadgeList:
    mine = catalogue.my_catalogue(request.principal)
    held = {award.badge_id: award for award in catalogue.my_awards(request.principal)}
    return BadgeList(
        items=[
            Badge.of(badge, mine.language, held.get(badge.id))
            for badge in mine.catalogue
            if badge.enabled or badge.id in held
        ]
    )


@api.route(
    "/v1/me/badges",
    "GET",
    operation_id="listMyBadges",
    relation=Relation.SELF,
    summary="The badges I hold, in my language",
    response=MyBadgeList,
)
def list_my_badges(request: ApiRequest) -> MyBadgeList:
    mine = catalogue.my_catalogue(request.principal)
    items = []
    for award in sorted(catalogue.my_awards(request.principal), key=lambda a: a.awarded_at, reverse=True):
        badge = rules.find(mine.catalogue, award.badge_id)
        if badge is None:
            continue  # no longer in the catalogue
        items.append(
            MyBadge(
                id=badge.id,
                name=badge.name(mine.language),
                description=badge.description(mine.language),
                image_url=_image_url(badge),
                awarded_at=iso(award.awarded_at),
                reason=award.reason,
                awarded_by=award.awarded_by,
                community_id=award.community_id,
            )
        )
    return MyBadgeList(items=items)


@api.route(
    "/v1/admin/badges",
    "GET",
    operation_id="listBadgeCatalogue",
    relation=Relation.ORG_ADMIN,
    summary="The organisation's badge catalogue: the defaults (as edited) and its own badges",
    response=AdminBadgeList,
    roles=ADMINS,
)
def list_badge_catalogue(request: ApiRequest) -> AdminBadgeList:
    return AdminBadgeList(
        items=[AdminBadge.of(badge) for badge in catalogue.organisation_catalogue(request.principal.org_id)]
    )


@api.route(
    "/v1/admin/badges",
    "POST",
    operation_id="createBadge",
    relation=Relation.ORG_ADMIN,
    summary="Add a badge to the organisation's catalogue",
    request=NewBadge,
    response=AdminBadge,
    status=201,
    roles=ADMINS,
)
def create_badge(request: ApiRequest) -> Created:
    body: NewBadge = request.body
    badge = catalogue.create_badge(request.principal, body.badge(body.id))
    return Created(AdminBadge.of(badge), f"/v1/admin/badges/{badge.id}")


@api.route(
    "/v1/admin/badges/{badge_id}",
    "PUT",
    operation_id="replaceBadge",
    relation=Relation.ORG_ADMIN,
    summary="Change a badge (also a default one): names, descriptions, image, rule, enabled",
    request=BadgeChange,
    response=AdminBadge,
    roles=ADMINS,
)
def replace_badge(request: ApiRequest) -> AdminBadge:
    body: BadgeChange = request.body
    badge = catalogue.replace_badge(request.principal, body.badge(request.path_params["badge_id"]))
    return AdminBadge.of(badge)


@api.route(
    "/v1/communities/{community_id}/badges/{badge_id}/awards",
    "POST",
    operation_id="awardBadge",
    relation=Relation.COMMUNITY_MODERATOR,
    summary="Award a manual badge to a member of the community, with the reason (moderators; once)",
    request=AwardRequest,
    response=BadgeAward,
    status=201,
)
def award_badge(request: ApiRequest) -> BadgeAward:
    body: AwardRequest = request.body
    award = catalogue.award_badge(
        request.principal,
        request.path_params["community_id"],
        request.path_params["badge_id"],
        body.user_id,
        body.reason,
    )
    return BadgeAward.of(award)
