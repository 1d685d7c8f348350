"""The item types of Kring's single table.

Every key begins with the organisation id (see docs/data-model.md), so every repository
function takes the organisation as a required argument and cannot name another's item.
"""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    DiscriminatorAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.connection import Connection
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib import definitions
from chalicelib.config import Config


class Gsi1(GlobalSecondaryIndex["KringItem"]):
    class Meta:
        index_name = definitions.GSI1
        projection = AllProjection()

    gsi1pk = UnicodeAttribute(hash_key=True)
    gsi1sk = UnicodeAttribute(range_key=True)


# PynamoDB types a list of strings as list[UnicodeAttribute]; `ListAttribute[str]` is right at run time,
# hence the ignores on `of=` below.


class KringItem(Model):
    class Meta:
        table_name = "kring"
        region = "eu-west-1"
        host: str | None = None
        connect_timeout_seconds = 2
        read_timeout_seconds = 4
        max_retry_attempts = 2

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    item_type = DiscriminatorAttribute(attr_name="type")
    org_id = UnicodeAttribute()
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    expires_at = TTLAttribute(null=True)
    gsi1 = Gsi1()


class OrganisationItem(KringItem, discriminator="organisation"):
    name = UnicodeAttribute()
    timezone = UnicodeAttribute()
    default_language = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    active_members = NumberAttribute(default=0)
    invited_members = NumberAttribute(default=0)
    deactivated_members = NumberAttribute(default=0)
    stats_updated_at = UTCDateTimeAttribute(null=True)


class UserItem(KringItem, discriminator="user"):
    user_id = UnicodeAttribute()
    email = UnicodeAttribute()
    display_name = UnicodeAttribute()
    language = UnicodeAttribute()
    timezone = UnicodeAttribute()
    roles = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    status = UnicodeAttribute()
    post_count = NumberAttribute(default=0)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    team_id = UnicodeAttribute(null=True)  # at most one team; changed only with its membership
    leaderboard_opt_out = BooleanAttribute(default=False)  # hidden from others' leaderboards
    announce_badges = BooleanAttribute(default=True)  # false: badges are not announced on the wall
    quiz_accessible = BooleanAttribute(default=False)  # quizzes: no speed points, extra time


class TeamItem(KringItem, discriminator="team"):
    """A department or branch of an organisation; `member_count` moves with its memberships."""

    team_id = UnicodeAttribute()
    name = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    member_count = NumberAttribute(default=0)
    created_at = UTCDateTimeAttribute()
    created_by = UnicodeAttribute()
    updated_at = UTCDateTimeAttribute(null=True)


class TeamMemberItem(KringItem, discriminator="team_member"):
    """A person's place in a team (the profile's `team_id` says the same, written together)."""

    team_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    display_name = UnicodeAttribute(default="")
    since = UTCDateTimeAttribute()
    added_by = UnicodeAttribute()


class CommunityItem(KringItem, discriminator="community"):
    community_id = UnicodeAttribute()
    name = UnicodeAttribute()
    description = UnicodeAttribute()
    goal = UnicodeAttribute()
    skill_tags = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    visibility = UnicodeAttribute()
    post_count = NumberAttribute(default=0)
    member_count = NumberAttribute(default=0)
    pinned_post_ids = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    spotlight_user_id = UnicodeAttribute(null=True)
    spotlight_user_reason = UnicodeAttribute(null=True)
    spotlight_user_at = UTCDateTimeAttribute(null=True)
    spotlight_user_by = UnicodeAttribute(null=True)
    cover_media_id = UnicodeAttribute(null=True)
    created_by = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    archived_at = UTCDateTimeAttribute(null=True)


class CommunityMemberItem(KringItem, discriminator="community_member"):
    """A person's place in a community: role, and whether they are in, invited or asking to join."""

    community_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    display_name = UnicodeAttribute()
    role = UnicodeAttribute()
    status = UnicodeAttribute()
    muted = BooleanAttribute(default=False)
    since = UTCDateTimeAttribute()


REACTION_TYPES = ("like", "insightful", "celebrate", "support")


class ContentItem(KringItem):
    """What posts and comments share: an author, a body, a state and reaction counters."""

    community_id = UnicodeAttribute()
    author_id = UnicodeAttribute()
    author_name = UnicodeAttribute(default="")
    body = UnicodeAttribute()
    mentions = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    created_at = UTCDateTimeAttribute()
    edited_at = UTCDateTimeAttribute(null=True)
    # published, held (for review: word list), hidden (by a moderator), deleted (by author or moderator)
    status = UnicodeAttribute(default="published")
    like_count = NumberAttribute(default=0)
    insightful_count = NumberAttribute(default=0)
    celebrate_count = NumberAttribute(default=0)
    support_count = NumberAttribute(default=0)


class AttachmentAttribute(MapAttribute[str, str]):
    """What a post shows of an attached media item, copied when it is published (no reads per post)."""

    id = UnicodeAttribute()
    kind = UnicodeAttribute()
    content_type = UnicodeAttribute()


class PostItem(ContentItem, discriminator="post"):
    post_id = UnicodeAttribute()
    community_visibility = UnicodeAttribute(default="organisation")
    skill_tags = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    media_ids = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    attachments = ListAttribute[AttachmentAttribute](of=AttachmentAttribute, default=list)
    comment_count = NumberAttribute(default=0)
    share_count = NumberAttribute(default=0)
    shared_post_id = UnicodeAttribute(null=True)
    shared_community_id = UnicodeAttribute(null=True)
    shared_author_id = UnicodeAttribute(null=True)  # the original's author (their share points)
    pinned_at = UTCDateTimeAttribute(null=True)
    spotlight_reason = UnicodeAttribute(null=True)
    spotlight_at = UTCDateTimeAttribute(null=True)
    spotlight_by = UnicodeAttribute(null=True)
    # A post the system wrote (author "kring"), e.g. a badge announcement: it earns nobody anything.
    system_kind = UnicodeAttribute(null=True)  # badge_awarded
    system_texts = UnicodeAttribute(null=True)  # JSON: language -> the announcement's text
    system_user_id = UnicodeAttribute(null=True)  # who it is about
    system_badge_id = UnicodeAttribute(null=True)
    system_campaign_id = UnicodeAttribute(null=True)  # campaign_opened | campaign_recap


class CommentItem(ContentItem, discriminator="comment"):
    comment_id = UnicodeAttribute()
    post_id = UnicodeAttribute()
    parent_comment_id = UnicodeAttribute(null=True)
    reply_count = NumberAttribute(default=0)


class ReactionItem(KringItem, discriminator="reaction"):
    """One person's reaction to one post or comment (the key makes it one per person)."""

    target_id = UnicodeAttribute()
    target_kind = UnicodeAttribute()
    post_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    reaction = UnicodeAttribute()
    target_author_id = UnicodeAttribute()
    reacted_at = UTCDateTimeAttribute()


class PopularEntryItem(KringItem, discriminator="popular_entry"):
    """A post's place in its week's "popular" index (GSI1), kept by the stream consumer."""

    post_id = UnicodeAttribute()
    community_id = UnicodeAttribute()


class FollowerItem(KringItem, discriminator="follower"):
    """Someone who follows a post (its author, a commenter, or by choice); `following` false: unfollowed."""

    post_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    following = BooleanAttribute(default=True)
    reason = UnicodeAttribute()  # author | commenter | chosen
    since_id = UnicodeAttribute()  # a ULID: only comments after it are notified


class NotificationItem(KringItem, discriminator="notification"):
    """One entry of a member's inbox; written only by the stream consumer, texts rendered when read."""

    notification_id = UnicodeAttribute()
    recipient_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    language = UnicodeAttribute()
    unread = BooleanAttribute(default=True)
    actor_id = UnicodeAttribute(null=True)
    actor_name = UnicodeAttribute(null=True)
    actor_count = NumberAttribute(default=1)
    actor_ids = UnicodeSetAttribute(null=True)  # reaction digests: who reacted, each counted once
    community_id = UnicodeAttribute(null=True)
    community_name = UnicodeAttribute(null=True)
    post_id = UnicodeAttribute(null=True)
    comment_id = UnicodeAttribute(null=True)
    target_kind = UnicodeAttribute(null=True)  # post | comment
    level = NumberAttribute(null=True)  # level_up: the level reached
    badge_id = UnicodeAttribute(null=True)  # badge_awarded
    badge_name = UnicodeAttribute(null=True)  # badge_awarded: its name in the recipient's language
    campaign_id = UnicodeAttribute(null=True)  # campaign_opened / campaign_reminder
    campaign_title = UnicodeAttribute(null=True)  # its title in the recipient's language
    moderation_action = UnicodeAttribute(null=True)  # content_moderated: hide | remove
    reason = UnicodeAttribute(null=True)  # content_moderated: the moderator's reason, as written
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()


class InboxCounterItem(KringItem, discriminator="inbox_counter"):
    """How many of a member's notifications are unread; changed in the same transaction as they are."""

    unread_count = NumberAttribute(default=0)


class MediaItem(KringItem, discriminator="media"):
    """An upload: declared when the presigned POST is issued, checked when the object arrives."""

    media_id = UnicodeAttribute()
    object_key = UnicodeAttribute()
    owner_id = UnicodeAttribute(null=True)
    file_name = UnicodeAttribute(null=True)
    kind = UnicodeAttribute(null=True)  # image | video | document
    size_bytes = NumberAttribute()  # as declared; the object must match it
    content_type = UnicodeAttribute()  # as declared; the object must match it
    # pending -> ready | rejected; ready -> deleting (its post was deleted) -> deleted
    status = UnicodeAttribute()
    created_at = UTCDateTimeAttribute(null=True)
    etag = UnicodeAttribute(null=True)
    uploaded_at = UTCDateTimeAttribute(null=True)
    rejected_reason = UnicodeAttribute(null=True)
    post_id = UnicodeAttribute(null=True)  # the post it is attached to (one post at most)
    community_id = UnicodeAttribute(null=True)  # that post's community
    deleted_at = UTCDateTimeAttribute(null=True)


class IdempotencyItem(KringItem, discriminator="idempotency"):
    request_fingerprint = UnicodeAttribute()
    status = UnicodeAttribute()
    claimed_at = UTCDateTimeAttribute(null=True)
    response_status = NumberAttribute(null=True)
    response_body = UnicodeAttribute(null=True)
    response_location = UnicodeAttribute(null=True)


class StreamDeadLetterItem(KringItem, discriminator="stream_dead_letter"):
    """A stream record the consumer could not apply, kept so it can be replayed once fixed.

    `org_id` is the organisation the record names ("" if it names none)."""

    event_id = UnicodeAttribute()
    sequence_number = UnicodeAttribute()
    record = UnicodeAttribute()  # the record as Lambda delivered it, JSON
    reason = UnicodeAttribute()
    failures = NumberAttribute(default=0)
    first_failed_at = UTCDateTimeAttribute()
    last_failed_at = UTCDateTimeAttribute()


class EffectItem(KringItem, discriminator="effect"):
    """Marks that an effect of a source event was applied, so a replay applies nothing."""

    source_event = UnicodeAttribute()
    effect = UnicodeAttribute()


class ModerationCaseItem(KringItem, discriminator="moderation_case"):
    """Open business for a community's moderators about one post or comment: its reports, or its
    hold by the word list. Deleted when a moderator settles it (the log keeps what happened)."""

    community_id = UnicodeAttribute()
    target_kind = UnicodeAttribute()  # post | comment
    post_id = UnicodeAttribute()
    comment_id = UnicodeAttribute(null=True)  # public id ("<comment>-<reply>" for replies)
    author_id = UnicodeAttribute()
    author_name = UnicodeAttribute(default="")
    body = UnicodeAttribute(default="")  # as it was when the case opened
    held = BooleanAttribute(default=False)
    held_words = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    report_count = NumberAttribute(default=0)
    spam_count = NumberAttribute(default=0)
    harassment_count = NumberAttribute(default=0)
    misinformation_count = NumberAttribute(default=0)
    off_topic_count = NumberAttribute(default=0)
    other_count = NumberAttribute(default=0)
    reporter_ids = UnicodeSetAttribute(null=True)
    # the first reports' {"reason", "note", "at"} as JSON (capped), without who reported
    report_notes = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    opened_at = UTCDateTimeAttribute()
    last_reported_at = UTCDateTimeAttribute(null=True)


class ModerationLogItem(KringItem, discriminator="moderation_log"):
    """What a moderator did, to what, why and when."""

    community_id = UnicodeAttribute()
    entry_id = UnicodeAttribute()
    action = UnicodeAttribute()
    target_kind = UnicodeAttribute()  # post | comment | member
    target_id = UnicodeAttribute()
    post_id = UnicodeAttribute(null=True)
    previous_status = UnicodeAttribute(null=True)
    report_count = NumberAttribute(default=0)
    moderator_id = UnicodeAttribute()
    moderator_name = UnicodeAttribute(default="")
    reason = UnicodeAttribute()
    at = UTCDateTimeAttribute()
    author_id = UnicodeAttribute(null=True)  # post or comment: its author, who is told what and why


class WordListItem(KringItem, discriminator="word_list"):
    """The organisation's words that hold a post or comment for review instead of publishing it."""

    words = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    updated_by = UnicodeAttribute()
    updated_at = UTCDateTimeAttribute()


class PostingRateItem(KringItem, discriminator="posting_rate"):
    """How many posts and comments a member wrote in one fixed window; expires after it."""

    user_id = UnicodeAttribute()
    written = NumberAttribute(default=0)


class OrgRequestCountItem(KringItem, discriminator="org_request_count"):
    """How many API requests one organisation made in one minute; expires after it."""

    requests = NumberAttribute(default=0)


class PointsTotalItem(KringItem, discriminator="points_total"):
    """A member's points, level and streak; every change is guarded by `version` (optimistic lock)."""

    user_id = UnicodeAttribute()
    points = NumberAttribute(default=0)
    level = NumberAttribute(default=1)
    notified_level = NumberAttribute(default=1)  # the highest level a level-up was notified for
    streak_current = NumberAttribute(default=0)
    streak_longest = NumberAttribute(default=0)
    streak_last_day = UnicodeAttribute(null=True)  # yyyy-mm-dd, organisation's time zone
    freeze_week = UnicodeAttribute(null=True)  # ISO week whose streak freeze was used last
    version = NumberAttribute(default=0)
    # Leaderboard periods (organisation's time zone): the current and the previous week and quarter.
    week_key = UnicodeAttribute(null=True)
    week_points = NumberAttribute(default=0)
    prev_week_key = UnicodeAttribute(null=True)
    prev_week_points = NumberAttribute(default=0)
    quarter_key = UnicodeAttribute(null=True)
    quarter_points = NumberAttribute(default=0)
    prev_quarter_key = UnicodeAttribute(null=True)
    prev_quarter_points = NumberAttribute(default=0)
    last_scored_at = UnicodeAttribute(null=True)  # ISO: when the points last changed (ties: first there wins)
    counters = UnicodeAttribute(default="{}")  # JSON: action -> times awarded (badge rules count these)
    # The daily caps: points earned per action (JSON) on the last two days the member scored on.
    earned_day = UnicodeAttribute(null=True)  # yyyy-mm-dd, organisation's time zone
    earned = UnicodeAttribute(default="{}")
    prev_earned_day = UnicodeAttribute(null=True)
    prev_earned = UnicodeAttribute(default="{}")
    badges = UnicodeSetAttribute(null=True)  # ids of the badges the member holds


class PointsDayItem(KringItem, discriminator="points_day"):
    """Points a member earned on one day per action: no longer written (the totals keep the caps);
    kept so that the items written before read until their TTL removes them."""

    user_id = UnicodeAttribute()
    day = UnicodeAttribute()
    earned = UnicodeAttribute(default="{}")  # JSON: action -> points earned that day


class PointsEntryItem(KringItem, discriminator="points_entry"):
    """One change of a member's points, keyed by its source event (so a replay adds nothing)."""

    user_id = UnicodeAttribute()
    entry_key = UnicodeAttribute()  # <action>#<source event id>, or withdrawn#<that of the award>
    action = UnicodeAttribute()
    points = NumberAttribute()
    requested_points = NumberAttribute(default=0)  # before the daily cap
    source_id = UnicodeAttribute()
    content_id = UnicodeAttribute(null=True)  # the post or comment behind it
    community_id = UnicodeAttribute(null=True)  # where it was earned (community leaderboards)
    day = UnicodeAttribute()
    occurred_at = UTCDateTimeAttribute()


class CommunityScoreItem(KringItem, discriminator="community_score"):
    """A member's points earned in one community, per period; written with their totals."""

    user_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    points = NumberAttribute(default=0)
    version = NumberAttribute(default=0)  # the totals' version it was written with (board entries)
    week_key = UnicodeAttribute(null=True)
    week_points = NumberAttribute(default=0)
    prev_week_key = UnicodeAttribute(null=True)
    prev_week_points = NumberAttribute(default=0)
    quarter_key = UnicodeAttribute(null=True)
    quarter_points = NumberAttribute(default=0)
    prev_quarter_key = UnicodeAttribute(null=True)
    prev_quarter_points = NumberAttribute(default=0)
    last_scored_at = UnicodeAttribute(null=True)


class BoardEntryItem(KringItem, discriminator="board_entry"):
    """One member's score on one leaderboard (`ORG#<org>#BOARD#<scope>#<period>#<shard>` /
    `MEMBER#<user>`), written by the stream consumer from the score it mirrors, only over an older
    `version` of it (a redelivered or late record changes nothing)."""

    user_id = UnicodeAttribute()
    score = NumberAttribute(default=0)
    reached_at = UnicodeAttribute(default="")  # ISO: when the score was reached (ties: first there wins)
    version = NumberAttribute(default=0)  # of the score item it mirrors
    on_board = BooleanAttribute(default=True)  # False: the member's points in the period went back to 0
    updated_at = UnicodeAttribute()


class BoardHiddenItem(KringItem, discriminator="board_hidden"):
    """Who is not on others' boards (`ORG#<org>` / `BOARD_HIDDEN`): opted out (they still see their own
    place) or deactivated (on no board at all). Read with every board."""

    opted_out = UnicodeSetAttribute(null=True)
    deactivated = UnicodeSetAttribute(null=True)


class CampaignItem(KringItem, discriminator="campaign"):
    """A scheduled campaign: a quiz event, a themed challenge or a nudge (`ORG#<org>#CAMPAIGNS`)."""

    campaign_id = UnicodeAttribute()
    kind = UnicodeAttribute()  # quiz | challenge | nudge
    preset = UnicodeAttribute(null=True)  # easter | christmas | new_year | quarterly (repeatable yearly)
    titles = UnicodeAttribute()  # JSON nl/fr/en
    descriptions = UnicodeAttribute(default="{}")  # JSON nl/fr/en
    quiz_id = UnicodeAttribute(null=True)  # kind quiz
    audience = UnicodeAttribute()  # organisation | community | teams
    community_id = UnicodeAttribute(null=True)  # audience community; also where it is announced
    team_ids = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    timezone = UnicodeAttribute()  # the organisation's, when it was scheduled
    opens_at = UTCDateTimeAttribute()  # stored in UTC, chosen in local time
    closes_at = UTCDateTimeAttribute()
    reminders = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]  # ISO UTC
    status = UnicodeAttribute()  # scheduled -> open -> closed (or cancelled)
    opened_at = UTCDateTimeAttribute(null=True)
    closed_at = UTCDateTimeAttribute(null=True)
    reminded = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    repeat_yearly = BooleanAttribute(default=False)
    accessible = BooleanAttribute(default=False)  # no speed points, extra time for everyone
    created_by = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    version = NumberAttribute(default=0)
    # Set by chalicelib/campaigns: the step whose effects are not all applied yet (open, remind#<iso>,
    # close), since when, and how far its notifications got (JSON cursor of the audience walk).
    pending = UnicodeAttribute(null=True)
    pending_since = UTCDateTimeAttribute(null=True)
    fanout_cursor = UnicodeAttribute(null=True)
    quarter = NumberAttribute(null=True)  # preset quarterly: which quarter
    next_campaign_id = UnicodeAttribute(null=True)  # repeat_yearly: next year's, made at close
    updated_at = UTCDateTimeAttribute(null=True)
    updated_by = UnicodeAttribute(null=True)


class PlayerScoreItem(KringItem, discriminator="player_score"):
    """A member's score in one campaign (`ORG#<org>#PLAY#<campaign>#<user>` / `SCORE`); the stream
    consumer mirrors it on the campaign's board."""

    context_id = UnicodeAttribute()  # the campaign id
    user_id = UnicodeAttribute()
    points = NumberAttribute(default=0)
    answered = NumberAttribute(default=0)
    correct = NumberAttribute(default=0)
    last_scored_at = UnicodeAttribute(null=True)  # ISO (ties: first there wins)
    version = NumberAttribute(default=0)


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


class PointRulesItem(KringItem, discriminator="point_rules"):
    """An organisation's own point values and daily caps (JSON: action -> {points, daily_cap})."""

    rules = UnicodeAttribute()
    updated_by = UnicodeAttribute()
    updated_at = UTCDateTimeAttribute()


class BadgeCatalogueItem(KringItem, discriminator="badge_catalogue"):
    """An organisation's own badges and its edits of the default ones, as one JSON document."""

    catalogue = UnicodeAttribute(default="{}")  # JSON: badge id -> definition (gamification/badges.py)
    version = NumberAttribute(default=0)  # optimistic lock: every replace expects the version it read
    updated_by = UnicodeAttribute(null=True)
    updated_at = UTCDateTimeAttribute(null=True)


class BadgeAwardItem(KringItem, discriminator="badge_award"):
    """A badge a member holds; the key makes it at most one per badge and member."""

    badge_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    awarded_at = UTCDateTimeAttribute()
    source_id = UnicodeAttribute()  # the event that earned it, or `manual#<moderator>` for a manual award
    community_id = UnicodeAttribute(null=True)  # where it is announced (none: not announced)
    reason = UnicodeAttribute(null=True)  # a manual award's reason, shown to the member
    awarded_by = UnicodeAttribute(null=True)  # the moderator of a manual award; none: earned


def _all_models(cls: type[Model]) -> list[type[Model]]:
    found = [cls]
    for sub in cls.__subclasses__():
        found.extend(_all_models(sub))
    return found


def bind(config: Config) -> None:
    """Point every item type at the configured table (and the emulator, locally)."""
    KringItem.Meta.table_name = config.table_name
    KringItem.Meta.region = config.region
    KringItem.Meta.host = config.aws_endpoint_url
    KringItem.Meta.read_timeout_seconds = config.dynamodb_timeout_seconds  # type: ignore[assignment]
    for model in _all_models(KringItem):
        model._connection = None
    global _transaction_connection
    _transaction_connection = None


_transaction_connection: Connection | None = None


def transaction_connection() -> Connection:
    """The connection transactions use, bound to the same endpoint as the models."""
    global _transaction_connection
    if _transaction_connection is None:
        meta = KringItem.Meta
        _transaction_connection = Connection(
            region=meta.region,
            host=meta.host,
            connect_timeout_seconds=meta.connect_timeout_seconds,
            read_timeout_seconds=meta.read_timeout_seconds,
            max_retry_attempts=meta.max_retry_attempts,
        )
    return _transaction_connection
