"""The request and response bodies of the campaign routes (chalicelib/api/campaigns.py), and how
a request body becomes the use case's draft or change."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from chalicelib.api.schemas import request_model_config
from chalicelib.campaigns import rules, use_cases
from chalicelib.errors import ValidationFailed
from chalicelib.ids import iso
from chalicelib.store.models import CampaignItem

Kind = Literal["quiz", "challenge", "nudge"]
Preset = Literal["easter", "christmas", "new_year", "quarterly"]
Audience = Literal["organisation", "community", "teams"]
Status = Literal["scheduled", "open", "closed", "cancelled"]


class Texts(BaseModel):
    nl: str | None = Field(None, max_length=200)
    fr: str | None = Field(None, max_length=200)
    en: str | None = Field(None, max_length=200)

    def values(self) -> dict[str, str]:
        return {k: v for k, v in self.model_dump().items() if v}


class LongTexts(BaseModel):
    nl: str | None = Field(None, max_length=2000)
    fr: str | None = Field(None, max_length=2000)
    en: str | None = Field(None, max_length=2000)

    def values(self) -> dict[str, str]:
        return {k: v for k, v in self.model_dump().items() if v}


_ID = Field(None, pattern=r"^[A-Za-z0-9_-]{1,64}$")
_LOCAL = "A wall-clock time in the organisation's time zone, without an offset: 2026-12-15T09:00:00."


class CampaignDraft(BaseModel):
    model_config = request_model_config(
        {
            "kind": "quiz",
            "preset": "christmas",
            "year": 2030,
            "titles": {"nl": "Kerstquiz", "fr": "Quiz de Noël", "en": "Christmas quiz"},
            "audience": "organisation",
            "repeat_yearly": True,
        }
    )

    kind: Kind = "quiz"
    preset: Preset | None = Field(None, description="Seasonal times and titles; times given override them.")
    year: int | None = Field(None, ge=2000, le=2100, description="The preset's year (default: this year).")
    quarter: int | None = Field(None, ge=1, le=4, description="The quarterly preset's quarter.")
    titles: Texts | None = Field(None, description="By language; a preset gives defaults.")
    descriptions: LongTexts | None = None
    quiz_id: str | None = _ID
    audience: Audience = "organisation"
    community_id: str | None = Field(
        None, pattern=r"^[A-Za-z0-9_-]{1,64}$", description="Audience community; also where it is announced."
    )
    team_ids: list[str] = Field(default_factory=list, max_length=50)
    opens_local: datetime | None = Field(None, description=_LOCAL)
    closes_local: datetime | None = Field(None, description=_LOCAL)
    reminders_local: list[datetime] | None = Field(None, max_length=rules.MAX_REMINDERS, description=_LOCAL)
    repeat_yearly: bool = False
    accessible: bool = Field(False, description="No speed points and extra time for everyone.")


class CommunityCampaignDraft(BaseModel):
    model_config = request_model_config(
        {
            "kind": "challenge",
            "titles": {"en": "Share one tip a day"},
            "opens_local": "2030-03-02T09:00:00",
            "closes_local": "2030-03-13T17:00:00",
            "reminders_local": ["2030-03-09T09:00:00"],
        }
    )

    kind: Kind = "quiz"
    preset: Preset | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    quarter: int | None = Field(None, ge=1, le=4)
    titles: Texts | None = Field(None)
    descriptions: LongTexts | None = None
    quiz_id: str | None = _ID
    opens_local: datetime | None = Field(None, description=_LOCAL)
    closes_local: datetime | None = Field(None, description=_LOCAL)
    reminders_local: list[datetime] | None = Field(None, max_length=rules.MAX_REMINDERS, description=_LOCAL)
    repeat_yearly: bool = False
    accessible: bool = False


class CampaignChange(BaseModel):
    model_config = request_model_config({"closes_local": "2030-12-23T18:00:00", "version": 1})

    titles: Texts | None = None
    descriptions: LongTexts | None = None
    quiz_id: str | None = _ID
    opens_local: datetime | None = Field(None, description=_LOCAL)
    closes_local: datetime | None = Field(None, description=_LOCAL)
    reminders_local: list[datetime] | None = Field(None, max_length=rules.MAX_REMINDERS, description=_LOCAL)
    repeat_yearly: bool | None = None
    accessible: bool | None = None
    version: int | None = Field(None, ge=0, description="The version you read; a newer one is 409.")


class Campaign(BaseModel):
    id: str
    kind: Kind
    preset: Preset | None
    title: str = Field(description="In my language.")
    titles: dict[str, str]
    descriptions: dict[str, str]
    quiz_id: str | None
    audience: Audience
    community_id: str | None
    team_ids: list[str]
    timezone: str
    opens_at: str
    closes_at: str
    opens_local: str
    closes_local: str
    reminders: list[str]
    reminders_local: list[str]
    reminders_sent: int
    status: Status
    opened_at: str | None
    closed_at: str | None
    repeat_yearly: bool
    accessible: bool
    next_campaign_id: str | None = Field(None, description="A yearly campaign's next one, made at close.")
    created_by: str
    created_at: str
    version: int

    @classmethod
    def of(cls, item: CampaignItem, language: str = "en") -> Campaign:
        tz = item.timezone
        titles = rules.texts_of(item.titles)
        try:
            descriptions = {str(k): str(v) for k, v in json.loads(item.descriptions or "{}").items()}
        except ValueError:
            descriptions = {}
        reminders = [str(r) for r in item.reminders or []]

        def local(moment: datetime) -> str:
            return rules.to_local(moment, tz).isoformat(timespec="seconds")

        return cls(
            id=item.campaign_id,
            kind=item.kind,  # type: ignore[arg-type]
            preset=item.preset,  # type: ignore[arg-type]
            title=rules.pick_text(titles, language),
            titles=titles,
            descriptions=descriptions,
            quiz_id=item.quiz_id,
            audience=item.audience,  # type: ignore[arg-type]
            community_id=item.community_id,
            team_ids=list(item.team_ids or []),
            timezone=tz,
            opens_at=iso(item.opens_at),
            closes_at=iso(item.closes_at),
            opens_local=local(item.opens_at),
            closes_local=local(item.closes_at),
            reminders=reminders,
            reminders_local=[local(rules.parse_iso(r)) for r in reminders],
            reminders_sent=len(item.reminded or []),
            status=item.status,  # type: ignore[arg-type]
            opened_at=iso(item.opened_at) if item.opened_at else None,
            closed_at=iso(item.closed_at) if item.closed_at else None,
            repeat_yearly=bool(item.repeat_yearly),
            accessible=bool(item.accessible),
            next_campaign_id=item.next_campaign_id,
            created_by=item.created_by,
            created_at=iso(item.created_at),
            version=int(item.version or 0),
        )


class CampaignPage(BaseModel):
    items: list[Campaign]
    next_cursor: str | None


class Progress(BaseModel):
    campaign_id: str
    status: Status
    points: int
    answered: int
    correct: int
    rank: int | None = Field(description="My place on the campaign's board (null: not on it yet).")
    visible: bool | None = Field(description="False: I opted out of leaderboards, others do not see me.")
    last_scored_at: str | None


def draft_of(
    body: CampaignDraft | CommunityCampaignDraft, community_id: str | None
) -> use_cases.CampaignDraft:
    if isinstance(body, CampaignDraft):
        audience, community, teams = body.audience, body.community_id, tuple(body.team_ids)
    else:
        audience, community, teams = "community", community_id, ()
    return use_cases.CampaignDraft(
        kind=body.kind,
        preset=body.preset,
        year=body.year,
        quarter=body.quarter,
        titles=body.titles.values() if body.titles else {},
        descriptions=body.descriptions.values() if body.descriptions else {},
        quiz_id=body.quiz_id,
        audience=audience,
        community_id=community,
        team_ids=teams,
        opens_local=body.opens_local,
        closes_local=body.closes_local,
        reminders_local=tuple(body.reminders_local) if body.reminders_local is not None else None,
        repeat_yearly=body.repeat_yearly,
        accessible=body.accessible,
    )


def change_of(body: CampaignChange) -> use_cases.CampaignChange:
    fields = body.model_dump(exclude_unset=True)
    if not fields or set(fields) == {"version"}:
        raise ValidationFailed("Send at least one thing to change.")
    return use_cases.CampaignChange(
        titles=body.titles.values() if body.titles is not None else None,
        descriptions=body.descriptions.values() if body.descriptions is not None else None,
        quiz_id=body.quiz_id,
        opens_local=body.opens_local,
        closes_local=body.closes_local,
        reminders_local=tuple(body.reminders_local) if body.reminders_local is not None else None,
        repeat_yearly=body.repeat_yearly,
        accessible=body.accessible,
        version=body.version,
    )
