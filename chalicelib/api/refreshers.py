"""Refreshers: my daily session (/v1/me/refreshers), answering one, my reminder preferences, and the
organisation's refresher settings for admins (/v1/admin/refreshers/settings)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.api.framework import Api, ApiRequest
from chalicelib.api.relations import Relation
from chalicelib.api.schemas import request_model_config
from chalicelib.principal import Role
from chalicelib.quizzes import bank
from chalicelib.quizzes import rules as quiz_rules
from chalicelib.refreshers import rules, session, settings
from chalicelib.store.models import RefresherCardItem, RefresherDeckItem

api = Api(__name__, tag="refreshers")

NUMBER = Field(None, allow_inf_nan=False, ge=-quiz_rules.NUMBER_LIMIT, le=quiz_rules.NUMBER_LIMIT)
Language = Literal["nl", "fr", "en"]
Confidence = Literal["hard", "good", "easy"]
CLOCK_TIME = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"


class RefresherOption(BaseModel):
    id: str
    text: str


class RefresherCardState(BaseModel):
    due_on: str  # the organisation's calendar day from which it is due
    reviews: int
    lapses: int
    last_met_in: str

    @classmethod
    def of(cls, card: RefresherCardItem) -> RefresherCardState:
        return cls(
            due_on=card.due_on,
            reviews=int(card.reviews or 0),
            lapses=int(card.lapses or 0),
            last_met_in=card.last_met_in,
        )


class RefresherCard(BaseModel):
    question_id: str
    kind: str
    language: str
    prompt: str
    options: list[RefresherOption]
    image_url: str | None
    card: RefresherCardState


class RefresherSession(BaseModel):
    today: str
    daily_size: int
    items: list[RefresherCard]
    more_due: bool  # more refreshers are due than today's session holds


class RefresherSessionQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    language: Language = Field("en", description="The language to show the questions in, when they have it.")


@api.route(
    "/v1/me/refreshers",
    "GET",
    operation_id="getMyRefresherSession",
    summary="Today's refresher session: my due refreshers, a few a day",
    relation=Relation.SELF,
    query=RefresherSessionQuery,
    response=RefresherSession,
)
def get_session(request: ApiRequest) -> RefresherSession:
    found = session.todays_session(request.principal, request.query.language)
    return RefresherSession(
        today=found.today.isoformat(),
        daily_size=found.daily_size,
        more_due=found.more,
        items=[
            RefresherCard(
                question_id=c.card.question_id,
                kind=c.question.kind,
                language=c.shown.language,
                prompt=c.shown.prompt,
                options=[RefresherOption(id=o.id, text=o.text) for o in c.shown.options],
                image_url=bank.image_url(c.question),
                card=RefresherCardState.of(c.card),
            )
            for c in found.cards
        ],
    )


class RefresherCount(BaseModel):
    today: str
    due: int


@api.route(
    "/v1/me/refreshers/due",
    "GET",
    operation_id="countMyDueRefreshers",
    summary="How many refreshers are due for me today",
    relation=Relation.SELF,
    response=RefresherCount,
)
def count_due(request: ApiRequest) -> RefresherCount:
    today, due = session.count_due_today(request.principal)
    return RefresherCount(today=today.isoformat(), due=due)


class RefresherAnswer(BaseModel):
    model_config = request_model_config({"option_ids": ["b"], "confidence": "good"})

    option_ids: list[str] | None = Field(None, max_length=quiz_rules.MAX_OPTIONS)
    number: float | None = NUMBER
    confidence: Confidence | None = Field(
        None,
        description="How it felt when right: hard, good (the default) or easy. A wrong answer is "
        "rated Again whatever this says.",
    )


class RefresherOutcome(BaseModel):
    question_id: str
    correct: bool
    rating: Literal["again", "hard", "good", "easy"]
    correct_option_ids: list[str]
    correct_number: float | None
    explanation: str
    card: RefresherCardState
    replayed: bool  # answered earlier today: this is that answer's outcome, nothing changed


RATINGS: dict[int, Literal["again", "hard", "good", "easy"]] = {1: "again", 2: "hard", 3: "good", 4: "easy"}


@api.route(
    "/v1/me/refreshers/{question_id}/answer",
    "POST",
    operation_id="answerRefresher",
    summary="Answer a due refresher: the server grades it, and the grade rates the card",
    relation=Relation.SELF,
    request=RefresherAnswer,
    response=RefresherOutcome,
)
def answer(request: ApiRequest) -> RefresherOutcome:
    question_id = request.path_params["question_id"]
    body: RefresherAnswer = request.body
    outcome = session.answer(request.principal, question_id, body.option_ids, body.number, body.confidence)
    content = outcome.content
    return RefresherOutcome(
        question_id=question_id,
        correct=outcome.correct,
        rating=RATINGS.get(int(outcome.card.last_rating or 1), "again"),
        correct_option_ids=list(content.correct_option_ids),
        correct_number=content.correct_number,
        explanation=quiz_rules.explanation_in(content, content.language),
        card=RefresherCardState.of(outcome.card),
        replayed=outcome.replayed,
    )


# My reminder preferences ----------------------------------------------------------------------


class ReminderPreferences(BaseModel):
    reminders: bool
    quiet_from: str | None
    quiet_until: str | None

    @classmethod
    def of(cls, deck: RefresherDeckItem | None) -> ReminderPreferences:
        if deck is None:
            return cls(reminders=True, quiet_from=None, quiet_until=None)
        return cls(reminders=bool(deck.reminders), quiet_from=deck.quiet_from, quiet_until=deck.quiet_until)


class ReminderPreferencesChange(BaseModel):
    model_config = request_model_config({"reminders": True, "quiet_from": "21:00", "quiet_until": "08:00"})

    reminders: bool
    quiet_from: str | None = Field(None, pattern=CLOCK_TIME, description="HH:MM, my time zone")
    quiet_until: str | None = Field(None, pattern=CLOCK_TIME, description="HH:MM, my time zone")


@api.route(
    "/v1/me/refreshers/preferences",
    "GET",
    operation_id="getMyRefresherPreferences",
    summary="My daily refresher reminder: on or off, and my quiet hours",
    relation=Relation.SELF,
    response=ReminderPreferences,
)
def get_preferences(request: ApiRequest) -> ReminderPreferences:
    from chalicelib.refreshers import reminders  # the preferences' routes (and the reminder's schedule)

    return ReminderPreferences.of(reminders.preferences(request.principal))


@api.route(
    "/v1/me/refreshers/preferences",
    "PUT",
    operation_id="setMyRefresherPreferences",
    summary="Turn my daily refresher reminder on or off, and set my quiet hours (my time zone)",
    relation=Relation.SELF,
    request=ReminderPreferencesChange,
    response=ReminderPreferences,
)
def set_preferences(request: ApiRequest) -> ReminderPreferences:
    from chalicelib.refreshers import reminders  # the preferences' routes (and the reminder's schedule)

    body: ReminderPreferencesChange = request.body
    deck = reminders.save_preferences(request.principal, body.reminders, body.quiet_from, body.quiet_until)
    return ReminderPreferences.of(deck)


# The organisation's settings (admins) ---------------------------------------------------------


class RefresherSettings(BaseModel):
    desired_retention: float
    daily_size: int
    remind_at: str
    timezone: str
    version: int
    reminder_scheduled: bool


class RefresherSettingsChange(BaseModel):
    model_config = request_model_config(
        {"desired_retention": 0.9, "daily_size": 5, "remind_at": "08:00", "version": 0}
    )

    desired_retention: float = Field(
        ge=rules.MIN_RETENTION,
        le=rules.MAX_RETENTION,
        allow_inf_nan=False,
        description="The share of refreshers a learner should still know when they come back "
        f"({rules.MIN_RETENTION}-{rules.MAX_RETENTION}): higher means more, shorter-spaced refreshers.",
    )
    daily_size: int = Field(ge=rules.MIN_DAILY, le=rules.MAX_DAILY)
    remind_at: str = Field(pattern=CLOCK_TIME, description="HH:MM, the organisation's time zone")
    version: int = Field(ge=0, description="The version read (0 for never saved): a stale one is a 409.")


def _settings_view(found: settings.Settings) -> RefresherSettings:
    return RefresherSettings(
        desired_retention=found.desired_retention,
        daily_size=found.daily_size,
        remind_at=found.remind_at,
        timezone=found.timezone,
        version=found.version or 0,
        reminder_scheduled=found.reminder_scheduled is not None,
    )


@api.route(
    "/v1/admin/refreshers/settings",
    "GET",
    operation_id="getRefresherSettings",
    summary="The organisation's refresher settings",
    relation=Relation.ORG_ADMIN,
    roles=frozenset({Role.ORG_ADMIN}),
    response=RefresherSettings,
)
def get_settings(request: ApiRequest) -> RefresherSettings:
    return _settings_view(settings.read_settings(request.principal.org_id))


@api.route(
    "/v1/admin/refreshers/settings",
    "PUT",
    operation_id="setRefresherSettings",
    summary="Set the desired retention, the daily session's size and the reminder's local time",
    relation=Relation.ORG_ADMIN,
    roles=frozenset({Role.ORG_ADMIN}),
    request=RefresherSettingsChange,
    response=RefresherSettings,
)
def set_settings(request: ApiRequest) -> RefresherSettings:
    from chalicelib.refreshers import administration  # the administrators' settings route only

    body: RefresherSettingsChange = request.body
    changed = administration.change_settings(
        request.principal, body.desired_retention, body.daily_size, body.remind_at, body.version
    )
    return _settings_view(changed)
