"""Refreshers: a learner's spaced-repetition card per question they met, their deck, and the
organisation's refresher settings."""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
)

from chalicelib.store.models.base import KringItem


class RefresherCardItem(KringItem, discriminator="refresher_card"):
    """A question a learner met, with its FSRS memory state (`ORG#<org>#REFRESHERS#<user>` /
    `CARD#<question>`); gsi1 `ORG#<org>#USER#<user>#REFRESHERS_DUE` / `<due_on>#<question>`."""

    user_id = UnicodeAttribute()
    question_id = UnicodeAttribute()
    due_on = UnicodeAttribute()  # yyyy-mm-dd, the organisation's calendar: due from that day's start
    state = NumberAttribute()  # fsrs.State: 1 learning, 2 review, 3 relearning
    stability = NumberAttribute(null=True)  # days
    difficulty = NumberAttribute(null=True)  # 1..10
    last_review = UTCDateTimeAttribute(null=True)
    reviews = NumberAttribute(default=0)
    lapses = NumberAttribute(default=0)  # reviews rated Again
    last_rating = NumberAttribute(null=True)  # fsrs.Rating: 1 again, 2 hard, 3 good, 4 easy
    last_met_in = UnicodeAttribute()  # quiz | lesson | video | refresher
    last_source = UnicodeAttribute()  # the event of the last review: a replay of it changes nothing
    # yyyy-mm-dd (the organisation's calendar): the last day the learner answered it as a refresher,
    # which they may do once a day; kept by every later write, so a retry of that day's answer is
    # recognised from the card alone (no effect marker needed). Absent on cards answered before.
    refreshed_on = UnicodeAttribute(null=True)
    first_met_at = UTCDateTimeAttribute()
    version = NumberAttribute(default=0)
    # The events that reviewed it (a quiz, a lesson, a video) and were written in the last
    # MARKER_LIFETIME, each `<written at, epoch seconds> <digest of the event id>`: a redelivered
    # event finds itself here, so the review is one versioned Put, with no effect marker beside it.
    recent_sources = UnicodeSetAttribute(null=True)
    # A card reviewed before it kept `recent_sources`: events met before this moment were reviewed
    # with an effect marker (docs/decisions.md, "A quiz answer's consumer work").
    markers_before = UTCDateTimeAttribute(null=True)


class RefresherDeckItem(KringItem, discriminator="refresher_deck"):
    """A learner's refresher deck (`ORG#<org>#REFRESHERS#<user>` / `DECK`): their reminder
    preferences; gsi1 `ORG#<org>#REFRESHER_DECKS` / `<user>`."""

    user_id = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    reminders = BooleanAttribute(default=True)
    quiet_from = UnicodeAttribute(null=True)  # HH:MM in the learner's time zone
    quiet_until = UnicodeAttribute(null=True)
    # yyyy-mm-dd: no longer written (the reminder's notification id names its day); older decks hold it.
    reminded_on = UnicodeAttribute(null=True)


class RefresherSettingsItem(KringItem, discriminator="refresher_settings"):
    """The organisation's refresher settings (`ORG#<org>#REFRESHERS` / `SETTINGS`)."""

    desired_retention = NumberAttribute()
    daily_size = NumberAttribute()
    remind_at = UnicodeAttribute()  # HH:MM in the organisation's time zone
    reminder_scheduled = UnicodeAttribute(null=True)  # "<remind_at>@<timezone>" of the schedule made
    updated_at = UTCDateTimeAttribute()
    version = NumberAttribute(default=0)
