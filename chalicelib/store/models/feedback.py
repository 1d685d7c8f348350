"""Content feedback: learners' reactions to lessons and videos, the counts authors see, and the
authors' to-do list."""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute

from chalicelib.store.models.base import KringItem


class ContentReactionItem(KringItem, discriminator="content_reaction"):
    """A learner's reaction to a content item (`ORG#<org>#LEARN#<id>#REACTIONS` / `USER#<user>`),
    changed in one transaction with the counts; its stream record opens an "outdated" task."""

    content_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    reaction = UnicodeAttribute()  # useful | learned | outdated | question
    note = UnicodeAttribute(null=True)  # what is outdated, or the question, as written
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()


class ContentStatsItem(KringItem, discriminator="content_stats"):
    """A content item's counts (`ORG#<org>#LEARN#<id>#FEEDBACK` / `STATS`): reactions by kind (the
    reaction transaction ADDs them) and completions (the consumer, once per learner)."""

    content_id = UnicodeAttribute()
    useful = NumberAttribute(default=0)
    learned = NumberAttribute(default=0)
    outdated = NumberAttribute(default=0)
    question = NumberAttribute(default=0)
    completed = NumberAttribute(default=0)


class ContentCardStatsItem(KringItem, discriminator="content_card_stats"):
    """One card's (or cue's) counts (`... / CARD#<card>`): learners who answered it, and right answers
    to its question (the consumer, once per answer event)."""

    content_id = UnicodeAttribute()
    card_id = UnicodeAttribute()
    answered = NumberAttribute(default=0)
    correct = NumberAttribute(default=0)


class PollVotesItem(KringItem, discriminator="poll_votes"):
    """Votes for one option of a poll card (`... #FEEDBACK` / `POLL#<card>#<option>`), ADDed by the
    consumer once per answer: an item per option because DynamoDB ADDs only top-level numbers."""

    content_id = UnicodeAttribute()
    card_id = UnicodeAttribute()
    option_id = UnicodeAttribute()
    votes = NumberAttribute(default=0)


class AuthorTaskItem(KringItem, discriminator="author_task"):
    """An author's open task (`ORG#<org>#AUTHOR#<user>#TASKS` / `OUTDATED#<content>`): learners said
    the content is outdated; deleted when the author marks it done."""

    user_id = UnicodeAttribute()
    content_id = UnicodeAttribute()
    kind = UnicodeAttribute()  # outdated
    title = UnicodeAttribute(default="")
    reports = NumberAttribute(default=0)
    last_note = UnicodeAttribute(null=True)
    first_reported_at = UTCDateTimeAttribute()
    last_reported_at = UTCDateTimeAttribute()
