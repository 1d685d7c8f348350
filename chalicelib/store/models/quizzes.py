"""The question bank, quizzes, and what is served and answered when playing them."""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)

from chalicelib.store.models.base import KringItem

# PynamoDB types a list of strings as list[UnicodeAttribute]; `ListAttribute[str]` is right at run time,
# hence the ignores on `of=`.


class QuestionItem(KringItem, discriminator="question"):
    """A question of the bank (`ORG#<org>#QUESTIONS` / `QUESTION#<id>`); gsi1 by status."""

    question_id = UnicodeAttribute()
    kind = UnicodeAttribute()  # single | multiple | true_false | numeric
    language = UnicodeAttribute()  # the author's: nl | fr | en
    prompt = UnicodeAttribute()
    options = UnicodeAttribute(default="[]")  # JSON [{"id", "text"}] (true_false: ids true/false, no text)
    correct_option_ids = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    correct_number = NumberAttribute(null=True)  # numeric
    tolerance = NumberAttribute(default=0)  # numeric: right within +/- this
    explanation = UnicodeAttribute(default="")
    skill_tags = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    image_media_id = UnicodeAttribute(null=True)
    image_key = UnicodeAttribute(null=True)  # the image's object key in the media bucket (to sign its URL)
    variants = UnicodeAttribute(default="{}")  # JSON: language -> {prompt, options: [text], explanation}
    status = UnicodeAttribute()  # draft | published
    created_by = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute(null=True)
    published_at = UTCDateTimeAttribute(null=True)
    version = NumberAttribute(default=0)


class QuizItem(KringItem, discriminator="quiz"):
    """An ordered set of questions (`ORG#<org>#QUIZZES` / `QUIZ#<id>`); gsi1 by status."""

    quiz_id = UnicodeAttribute()
    title = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    language = UnicodeAttribute()
    question_ids = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    seconds_per_question = NumberAttribute()
    points_per_question = NumberAttribute()
    speed_bonus = BooleanAttribute(default=False)
    speed_bonus_max = NumberAttribute(default=0)
    accessible = BooleanAttribute(default=False)  # no speed points, extra time for everyone
    practice = BooleanAttribute(default=False)  # open any time
    status = UnicodeAttribute()  # draft | published
    created_by = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute(null=True)
    published_at = UTCDateTimeAttribute(null=True)
    version = NumberAttribute(default=0)
    # The campaign that holds the quiz while it is scheduled or open, one at a time, so its answers
    # cannot be learnt by playing it elsewhere first. Set and removed by conditional writes only.
    reserved_by = UnicodeAttribute(null=True)


class ServedItem(KringItem, discriminator="quiz_served"):
    """A question served to a player (`ORG#<org>#PLAY#<context>#<user>` / `SERVED#<question>`), with
    the server's served_at and a snapshot of what scoring its answer needs."""

    context_id = UnicodeAttribute()  # a campaign id, or practice-<quiz id>
    campaign_id = UnicodeAttribute(null=True)
    quiz_id = UnicodeAttribute()
    question_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    position = NumberAttribute()
    served_at = UTCDateTimeAttribute()
    kind = UnicodeAttribute()
    option_ids = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]  # offered
    correct_option_ids = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    correct_number = NumberAttribute(null=True)
    tolerance = NumberAttribute(default=0)
    points = NumberAttribute()
    seconds_allowed = NumberAttribute()
    speed_bonus_max = NumberAttribute(default=0)
    accessible = BooleanAttribute(default=False)
    explanation = UnicodeAttribute(default="")
    community_id = UnicodeAttribute(null=True)  # the campaign's community (its points count there)


class AnswerItem(KringItem, discriminator="quiz_answer"):
    """A player's one answer to one question (`... / ANSWER#<question>`): put once, never changed."""

    context_id = UnicodeAttribute()
    campaign_id = UnicodeAttribute(null=True)
    quiz_id = UnicodeAttribute()
    question_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    community_id = UnicodeAttribute(null=True)
    option_ids = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    number = NumberAttribute(null=True)
    correct = BooleanAttribute()
    points = NumberAttribute()  # including speed points
    speed_points = NumberAttribute(default=0)
    late = BooleanAttribute(default=False)
    elapsed_ms = NumberAttribute()
    served_at = UTCDateTimeAttribute()
    answered_at = UTCDateTimeAttribute()


class QuestionStatsItem(KringItem, discriminator="question_stats"):
    """One of a question's QUESTION_STATS_SHARDS statistics items (`ORG#<org>#QSTATS#<q>` / `SHARD#n`).
    Besides these, counters `o_<option id>` (times chosen) and `s_<second>` (answers by elapsed
    seconds) are top-level numbers the consumer ADDs (chalicelib/store/question_stats.py)."""

    question_id = UnicodeAttribute()
    answers = NumberAttribute(default=0)
    correct = NumberAttribute(default=0)
