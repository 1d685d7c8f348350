"""My points, level and streak (/v1/me/points), and the organisation's point rules (admins)."""

from __future__ import annotations

import json

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.api.framework import Api, ApiRequest
from chalicelib.api.relations import Relation
from chalicelib.api.schemas import PageQuery, request_model_config
from chalicelib.gamification import my_points, rules, setup
from chalicelib.identity import use_cases as identity
from chalicelib.ids import iso, utc_now
from chalicelib.principal import Role
from chalicelib.store import keys
from chalicelib.store import points as store
from chalicelib.store.models import PointRulesItem, PointsEntryItem

api = Api(__name__, tag="points")

ADMINS = frozenset({Role.ORG_ADMIN})


class LevelView(BaseModel):
    number: int
    name: str
    threshold: int
    next_level_at: int | None


class StreakView(BaseModel):
    current: int
    longest: int
    last_active_day: str | None


class MyPoints(BaseModel):
    points: int
    level: LevelView
    streak: StreakView


class LedgerEntry(BaseModel):
    points: int
    action: str
    reason: str
    source_id: str
    content_id: str | None
    day: str
    at: str

    @classmethod
    def of(cls, item: PointsEntryItem, language: str) -> LedgerEntry:
        return cls(
            points=int(item.points),
            action=item.action,
            reason=rules.reason(item.action, language),
            source_id=item.source(),
            content_id=item.content_id,
            day=item.day,
            at=iso(item.moment()),
        )


class LedgerPage(BaseModel):
    items: list[LedgerEntry]
    next_cursor: str | None


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    points: int = Field(ge=0, le=rules.MAX_POINTS)
    daily_cap: int = Field(ge=0, le=rules.MAX_DAILY_CAP)


class PointRulesChange(BaseModel):
    model_config = request_model_config({"rules": {"reaction_given": {"points": 1, "daily_cap": 5}}})

    rules: dict[str, Rule] = Field(
        description="Point values and daily caps per action; actions left out keep the defaults. "
        f"Actions: {', '.join(rules.ACTIONS)}.",
        max_length=len(rules.ACTIONS),
    )


class PointRules(BaseModel):
    rules: dict[str, Rule]
    customised: bool
    updated_at: str | None

    @classmethod
    def of(cls, item: PointRulesItem | None) -> PointRules:
        return cls(
            rules={a: Rule(**r) for a, r in my_points.rules_document(item).items()},
            customised=item is not None,
            updated_at=iso(item.updated_at) if item is not None else None,
        )


@api.route(
    "/v1/me/points",
    "GET",
    operation_id="getMyPoints",
    relation=Relation.SELF,
    summary="My points, level and streak",
    response=MyPoints,
)
def get_my_points(request: ApiRequest) -> MyPoints:
    principal = request.principal
    language = identity.my_profile(principal).language
    mine = my_points.summary(principal.org_id, principal.user_id)
    following = rules.next_level(mine.level)
    return MyPoints(
        points=mine.points,
        level=LevelView(
            number=mine.level.number,
            name=rules.level_name(mine.level.number, language),
            threshold=mine.level.threshold,
            next_level_at=following.threshold if following else None,
        ),
        streak=StreakView(
            current=mine.current_streak, longest=mine.longest_streak, last_active_day=mine.last_active_day
        ),
    )


@api.route(
    "/v1/me/points/ledger",
    "GET",
    operation_id="listMyPointsLedger",
    relation=Relation.SELF,
    summary="Why I have my points: every change, newest first",
    query=PageQuery,
    response=LedgerPage,
)
def list_my_points_ledger(request: ApiRequest) -> LedgerPage:
    principal = request.principal
    language = identity.my_profile(principal).language
    page = store.list_ledger(
        principal.org_id, principal.user_id, request.query.limit, request.cursor_in(request.query.cursor)
    )
    return LedgerPage(
        items=[LedgerEntry.of(item, language) for item in page.items],
        next_cursor=request.cursor_out(page.last_key),
    )


@api.route(
    "/v1/admin/point-rules",
    "GET",
    operation_id="getPointRules",
    relation=Relation.ORG_ADMIN,
    summary="Points per action and daily caps (the defaults where not customised)",
    response=PointRules,
    roles=ADMINS,
)
def get_point_rules(request: ApiRequest) -> PointRules:
    return PointRules.of(store.get_rules(request.principal.org_id))


@api.route(
    "/v1/admin/point-rules",
    "PUT",
    operation_id="replacePointRules",
    relation=Relation.ORG_ADMIN,
    summary="Set the organisation's points per action and daily caps",
    request=PointRulesChange,
    response=PointRules,
    roles=ADMINS,
)
def replace_point_rules(request: ApiRequest) -> PointRules:
    from chalicelib.errors import ValidationFailed

    principal = request.principal
    changes: dict[str, Rule] = request.body.rules
    unknown = sorted(set(changes) - set(rules.ACTIONS))
    if unknown:
        raise ValidationFailed(f"Unknown actions: {', '.join(unknown)}. Known: {', '.join(rules.ACTIONS)}.")
    item = PointRulesItem(
        keys.org_pk(principal.org_id),
        keys.POINT_RULES_SK,
        org_id=principal.org_id,
        rules=json.dumps({a: r.model_dump() for a, r in changes.items()}, sort_keys=True),
        updated_by=principal.user_id,
        updated_at=utc_now(),
    )
    store.save_rules(item)
    setup.forget(principal.org_id)  # this container scores with the new rules at once; others within a minute
    return PointRules.of(item)
