"""Key formats of the single table. Every partition key starts with the organisation."""

from __future__ import annotations

import hashlib

ORGANISATIONS_INDEX_PK = "ORGANISATIONS"

# The item types that hold a score a leaderboard shows (a member's totals, a community score, a
# campaign score): the stream consumer mirrors their changes on the boards.
SCORE_TYPES = ("points_total", "community_score", "player_score")


def org_pk(org_id: str) -> str:
    return f"ORG#{org_id}"


ORGANISATION_SK = "ORGANISATION"


def user_sk(user_id: str) -> str:
    return f"USER#{user_id}"


USER_SK_PREFIX = "USER#"


def community_sk(community_id: str) -> str:
    return f"COMMUNITY#{community_id}"


COMMUNITY_SK_PREFIX = "COMMUNITY#"


def community_pk(org_id: str, community_id: str) -> str:
    return f"ORG#{org_id}#COMMUNITY#{community_id}"


def community_member_sk(user_id: str) -> str:
    return f"MEMBER#{user_id}"


COMMUNITY_MEMBER_SK_PREFIX = "MEMBER#"


def my_communities_pk(org_id: str, user_id: str) -> str:
    """GSI1 partition of a member's community memberships ("my communities")."""
    return f"ORG#{org_id}#USER#{user_id}#COMMUNITIES"


def post_sk(post_id: str) -> str:
    return f"POST#{post_id}"


POST_SK_PREFIX = "POST#"


def media_sk(media_id: str) -> str:
    return f"MEDIA#{media_id}"


def idempotency_pk(org_id: str, user_id: str) -> str:
    return f"ORG#{org_id}#IDEMPOTENCY#{user_id}"


def idempotency_sk(key: str) -> str:
    return f"KEY#{key}"


def effect_pk(org_id: str, source_event: str) -> str:
    return f"ORG#{org_id}#EFFECTS#{source_event}"


def thread_pk(org_id: str, post_id: str) -> str:
    """A post's own partition: its comments and replies, in thread order."""
    return f"ORG#{org_id}#POST#{post_id}"


COMMENT_SK_PREFIX = "COMMENT#"


def comment_sk(comment_id: str, parent_comment_id: str | None = None) -> str:
    if parent_comment_id:
        return f"COMMENT#{parent_comment_id}#REPLY#{comment_id}"
    return f"COMMENT#{comment_id}"


def reactions_pk(org_id: str, target_id: str) -> str:
    """Everyone's reaction to one post or comment; the sort key makes it one per person."""
    return f"ORG#{org_id}#REACTIONS#{target_id}"


def reaction_sk(user_id: str) -> str:
    return f"USER#{user_id}"


def my_reactions_pk(org_id: str, user_id: str) -> str:
    """GSI1 partition of one person's reactions, so a page's "my reactions" is one Query."""
    return f"ORG#{org_id}#USER#{user_id}#REACTIONS"


def my_reaction_to_post_sk(post_id: str) -> str:
    """Post ids are ULIDs: a wall or home feed page's reactions lie between its oldest and newest post."""
    return f"POST#{post_id}"


def my_reaction_to_comment_sk(post_id: str, comment_id: str) -> str:
    """By the comment's own ULID (a reply's too), under its post: a thread page's reactions lie
    between the smallest and largest comment id on the page."""
    return f"COMMENT#{post_id}#{comment_id}"


def popular_pk(org_id: str, iso_week: str) -> str:
    """GSI1 partition of an organisation's most engaging posts of one ISO week."""
    return f"ORG#{org_id}#POPULAR#{iso_week}"


POPULAR_ENTRY_SK = "POPULAR"  # a post's popular entry, in its thread partition


def follower_sk(user_id: str) -> str:
    """A follower of a post, in the post's own partition (next to its comments)."""
    return f"FOLLOWER#{user_id}"


FOLLOWER_SK_PREFIX = "FOLLOWER#"


def inbox_pk(org_id: str, user_id: str) -> str:
    """A member's notifications (and its unread counter); also their GSI1 partition, newest first."""
    return f"ORG#{org_id}#INBOX#{user_id}"


def notification_sk(notification_id: str) -> str:
    return f"NOTE#{notification_id}"


NOTIFICATION_SK_PREFIX = "NOTE#"
INBOX_COUNTER_SK = "UNREAD"


def moderation_pk(org_id: str, community_id: str) -> str:
    """A community's moderation: open cases (the queue) and the log of what moderators did."""
    return f"ORG#{org_id}#COMMUNITY#{community_id}#MODERATION"


MODERATION_CASE_SK_PREFIX = "OPEN#"
MODERATION_LOG_SK_PREFIX = "LOG#"


def moderation_case_sk(target_key: str) -> str:
    return f"{MODERATION_CASE_SK_PREFIX}{target_key}"


def moderation_log_sk(entry_id: str) -> str:
    return f"{MODERATION_LOG_SK_PREFIX}{entry_id}"


WORD_LIST_SK = "WORD_LIST"


def posting_rate_pk(org_id: str, user_id: str) -> str:
    """A member's posting counters, one item per fixed window (TTL)."""
    return f"ORG#{org_id}#POSTING_RATE#{user_id}"


def posting_rate_sk(window: str, start: str) -> str:
    return f"{window}#{start}"


def org_request_count_pk(org_id: str) -> str:
    """The organisation's request counters, one item per minute (TTL)."""
    return f"ORG#{org_id}#REQUESTS"


def org_request_count_sk(minute: str) -> str:
    return f"MINUTE#{minute}"


def points_pk(org_id: str, user_id: str) -> str:
    """A member's points: totals, per-day counters and ledger entries; also the ledger's GSI1 partition."""
    return f"ORG#{org_id}#POINTS#{user_id}"


POINTS_TOTAL_SK = "TOTAL"
POINTS_ENTRY_SK_PREFIX = "ENTRY#"
POINTS_LEDGER_PREFIX = "LEDGER#"
POINT_RULES_SK = "POINT_RULES"


def points_entry_sk(entry_key: str) -> str:
    return f"{POINTS_ENTRY_SK_PREFIX}{entry_key}"


def points_ledger_sk(occurred_at: str) -> str:
    """GSI1 sort key of a ledger entry: newest first is one descending Query. Entries of the same
    moment need no order among them (the table's key keeps them apart and pages them)."""
    return f"{POINTS_LEDGER_PREFIX}{occurred_at}"


# Teams ----------------------------------------------------------------------------------------

TEAM_SK_PREFIX = "TEAM#"


def team_sk(team_id: str) -> str:
    """A team, in the organisation's partition (next to its members' profiles)."""
    return f"{TEAM_SK_PREFIX}{team_id}"


def team_pk(org_id: str, team_id: str) -> str:
    """A team's own partition: its memberships."""
    return f"ORG#{org_id}#TEAM#{team_id}"


TEAM_MEMBER_SK_PREFIX = "MEMBER#"


def team_member_sk(user_id: str) -> str:
    return f"{TEAM_MEMBER_SK_PREFIX}{user_id}"


BADGE_CATALOGUE_SK = "BADGE_CATALOGUE"
BADGE_AWARD_SK_PREFIX = "BADGE#"


def badge_award_sk(badge_id: str) -> str:
    """A badge a member holds, in their points partition (next to `TOTAL`)."""
    return f"{BADGE_AWARD_SK_PREFIX}{badge_id}"


# Leaderboards ---------------------------------------------------------------------------------

BOARD_SHARDS = 8  # a burst of 1,667 scoring events a second keeps each shard near 400 writes/s


def board_shard(entrant_id: str) -> int:
    """A stable shard of an entrant, so a board's writes spread over BOARD_SHARDS partitions."""
    return int(hashlib.sha256(entrant_id.encode()).hexdigest()[:8], 16) % BOARD_SHARDS


COMMUNITY_SCORE_SK_PREFIX = "COMMUNITY#"


def community_score_sk(community_id: str) -> str:
    """A member's points earned in one community, next to their totals."""
    return f"{COMMUNITY_SCORE_SK_PREFIX}{community_id}"


def board_pk(org_id: str, scope: str, period: str, shard: int) -> str:
    """One shard of a leaderboard: scope `org`, `community:<id>` or `campaign:<id>`; period
    `week:<key>`, `quarter:<key>` or `all`."""
    return f"ORG#{org_id}#BOARD#{scope}#{period}#{shard}"


BOARD_ENTRY_SK_PREFIX = "MEMBER#"


def board_entry_sk(entrant_id: str) -> str:
    """An entrant's entry on a board: one per entrant, written over as their score changes."""
    return f"{BOARD_ENTRY_SK_PREFIX}{entrant_id}"


BOARD_HIDDEN_SK = "BOARD_HIDDEN"  # in the organisation's partition: who is not on others' boards


# Campaigns and quizzes (issue #6) -------------------------------------------------------------


def campaigns_pk(org_id: str) -> str:
    """An organisation's campaigns (quiz events, challenges, nudges)."""
    return f"ORG#{org_id}#CAMPAIGNS"


def campaign_sk(campaign_id: str) -> str:
    return f"CAMPAIGN#{campaign_id}"


CAMPAIGN_SK_PREFIX = "CAMPAIGN#"
CAMPAIGNS_DUE_PK = "CAMPAIGNS_DUE"  # GSI1: campaigns of every organisation by their next transition


def campaign_due_sk(next_at: str, org_id: str, campaign_id: str) -> str:
    return f"{next_at}#{org_id}#{campaign_id}"


def player_pk(org_id: str, context_id: str, user_id: str) -> str:
    """One member's play of one campaign (or practice quiz): served questions, answers, score."""
    return f"ORG#{org_id}#PLAY#{context_id}#{user_id}"


PLAYER_SCORE_SK = "SCORE"


# Quizzes: the question bank, quizzes, play and per-question statistics (issue #6) ----------------


def questions_pk(org_id: str) -> str:
    """An organisation's question bank."""
    return f"ORG#{org_id}#QUESTIONS"


QUESTION_SK_PREFIX = "QUESTION#"


def question_sk(question_id: str) -> str:
    return f"{QUESTION_SK_PREFIX}{question_id}"


def questions_by_status_pk(org_id: str, status: str) -> str:
    """GSI1 partition of the organisation's questions in one status (draft | published)."""
    return f"ORG#{org_id}#QUESTIONS#{status}"


def quizzes_pk(org_id: str) -> str:
    """An organisation's quizzes."""
    return f"ORG#{org_id}#QUIZZES"


QUIZ_SK_PREFIX = "QUIZ#"


def quiz_sk(quiz_id: str) -> str:
    return f"{QUIZ_SK_PREFIX}{quiz_id}"


def quizzes_by_status_pk(org_id: str, status: str) -> str:
    """GSI1 partition of the organisation's quizzes in one status (draft | published)."""
    return f"ORG#{org_id}#QUIZZES#{status}"


def practice_context(quiz_id: str) -> str:
    """The play context of a practice quiz (a campaign's is the campaign id)."""
    return f"practice-{quiz_id}"


def practice_quiz_id(context_id: str) -> str | None:
    """The quiz of a practice play context (None: not one)."""
    prefix = "practice-"
    return context_id[len(prefix) :] if context_id.startswith(prefix) else None


SERVED_SK_PREFIX = "SERVED#"
ANSWER_SK_PREFIX = "ANSWER#"


def served_sk(question_id: str) -> str:
    return f"{SERVED_SK_PREFIX}{question_id}"


def answer_sk(question_id: str) -> str:
    return f"{ANSWER_SK_PREFIX}{question_id}"


QUESTION_STATS_SHARDS = 8


def question_stats_shard(user_id: str) -> int:
    """A stable shard of a player, so a question's statistics spread over QUESTION_STATS_SHARDS items."""
    return int(hashlib.sha256(user_id.encode()).hexdigest()[8:16], 16) % QUESTION_STATS_SHARDS


def question_stats_pk(org_id: str, question_id: str) -> str:
    """One question's answer statistics, in QUESTION_STATS_SHARDS items."""
    return f"ORG#{org_id}#QSTATS#{question_id}"


def question_stats_sk(shard: int) -> str:
    return f"SHARD#{shard}"


# Dead letters ---------------------------------------------------------------------------------

# Stream records the consumer could not apply. Operator data, never read on a request path, and
# not under an organisation: a record may name no organisation, or one that does not exist.
# Sharded so that a consumer failing on every record of a burst does not heat one partition.
STREAM_DEAD_LETTER_SHARDS = 8
STREAM_DEAD_LETTER_SK_PREFIX = "RECORD#"


def stream_dead_letter_shard(event_id: str) -> int:
    return int(hashlib.sha256(event_id.encode()).hexdigest()[:8], 16) % STREAM_DEAD_LETTER_SHARDS


def stream_dead_letters_pk(shard: int) -> str:
    return f"DEAD_LETTERS#STREAM#{shard}"


def stream_dead_letter_sk(event_id: str) -> str:
    """One item per stream record (its eventID), however often it failed."""
    return f"{STREAM_DEAD_LETTER_SK_PREFIX}{event_id}"


# Learning content: lessons and videos, their releases, reviews and learners' progress (issue #14) --


def learning_pk(org_id: str, content_id: str) -> str:
    """One content item's partition: the author's working copy, the published release, the review."""
    return f"ORG#{org_id}#LEARN#{content_id}"


LEARNING_HEAD_SK = "HEAD"  # the working copy and its lifecycle (authors and reviewers read it)
LEARNING_RELEASE_SK = "RELEASE"  # what learners read: the published version
LEARNING_REVIEW_SK = "REVIEW"  # an open review request (in the reviewer's queue on GSI1)


def library_pk(org_id: str, community_id: str | None) -> str:
    """GSI1 partition of published content of a community, or of the organisation (no community)."""
    scope = f"COMMUNITY#{community_id}" if community_id else "ORG"
    return f"ORG#{org_id}#LIBRARY#{scope}"


LIBRARY_SK_PREFIX = "PUBLISHED#"


def library_sk(published_at: str, content_id: str) -> str:
    return f"{LIBRARY_SK_PREFIX}{published_at}#{content_id}"


def authored_pk(org_id: str, user_id: str) -> str:
    """GSI1 partition of the content a person created (their workbench), newest change first."""
    return f"ORG#{org_id}#AUTHOR#{user_id}#LEARNING"


AUTHORED_SK_PREFIX = "CHANGED#"


def authored_sk(changed_at: str, content_id: str) -> str:
    return f"{AUTHORED_SK_PREFIX}{changed_at}#{content_id}"


def reviews_pk(org_id: str, reviewer_id: str) -> str:
    """GSI1 partition of the review requests waiting for one reviewer."""
    return f"ORG#{org_id}#REVIEWER#{reviewer_id}#LEARNING"


REVIEW_REQUEST_SK_PREFIX = "ASKED#"


def review_request_sk(asked_at: str, content_id: str) -> str:
    return f"{REVIEW_REQUEST_SK_PREFIX}{asked_at}#{content_id}"


def learner_pk(org_id: str, user_id: str) -> str:
    """A learner's progress through content, one item per content item (resume on any device)."""
    return f"ORG#{org_id}#LEARNER#{user_id}"


PROGRESS_SK_PREFIX = "PROGRESS#"


def progress_sk(content_id: str) -> str:
    return f"{PROGRESS_SK_PREFIX}{content_id}"


# Refreshers ---------------------------------------------------------------------------------


def refreshers_pk(org_id: str, user_id: str) -> str:
    """A learner's refresher cards and their deck (one partition per learner)."""
    return f"ORG#{org_id}#REFRESHERS#{user_id}"


REFRESHER_SK_PREFIX = "CARD#"
REFRESHER_DECK_SK = "DECK"


def refresher_sk(question_id: str) -> str:
    return f"CARD#{question_id}"


def refreshers_due_pk(org_id: str, user_id: str) -> str:
    """GSI1: a learner's refresher cards by the day they are due."""
    return f"ORG#{org_id}#USER#{user_id}#REFRESHERS_DUE"


def refresher_due_sk(due_on: str, question_id: str) -> str:
    return f"{due_on}#{question_id}"


def refresher_decks_pk(org_id: str) -> str:
    """GSI1: the learners of an organisation who have refreshers (the daily reminder walks them)."""
    return f"ORG#{org_id}#REFRESHER_DECKS"


def refresher_settings_pk(org_id: str) -> str:
    return f"ORG#{org_id}#REFRESHERS"


REFRESHER_SETTINGS_SK = "SETTINGS"


# Content feedback -------------------------------------------------------------------------------


def content_reactions_pk(org_id: str, content_id: str) -> str:
    """Learners' reactions to one content item, one item each (`USER#<user>`)."""
    return f"ORG#{org_id}#LEARN#{content_id}#REACTIONS"


def content_feedback_pk(org_id: str, content_id: str) -> str:
    """What authors see of one content item: its counts (`STATS`) and each card's (`CARD#<card>`)."""
    return f"ORG#{org_id}#LEARN#{content_id}#FEEDBACK"


CONTENT_STATS_SK = "STATS"
CONTENT_CARD_SK_PREFIX = "CARD#"


def content_card_sk(card_id: str) -> str:
    return f"{CONTENT_CARD_SK_PREFIX}{card_id}"


def lesson_card_answered_event(content_id: str, user_id: str, card_id: str) -> str:
    """The source id of a learner's answer to a lesson card: what its effects are keyed by."""
    return f"lesson-card#{content_id}#{user_id}#{card_id}"


def poll_option_prefix(card_id: str) -> str:
    """A poll card's votes, one item per option (`POLL#<card>#<option>`), in the feedback partition."""
    return f"POLL#{card_id}#"


def poll_option_sk(card_id: str, option_id: str) -> str:
    return f"{poll_option_prefix(card_id)}{option_id}"


def author_tasks_pk(org_id: str, user_id: str) -> str:
    """An author's to-do list: content learners said is outdated (`OUTDATED#<content>`)."""
    return f"ORG#{org_id}#AUTHOR#{user_id}#TASKS"


def outdated_task_sk(content_id: str) -> str:
    return f"OUTDATED#{content_id}"


# The knowledge base's search index (issue #14) --------------------------------------------------


def search_pk(org_id: str) -> str:
    """The organisation's search index: one item per document (chalicelib/search)."""
    return f"ORG#{org_id}#SEARCH"


SEARCH_DOC_SK_PREFIX = "DOC#"


def search_source_prefix(kind: str, source_id: str) -> str:
    """Every language variant of one source (a lesson, a post) in the index."""
    return f"{SEARCH_DOC_SK_PREFIX}{kind}#{source_id}#"


def search_doc_sk(kind: str, source_id: str, language: str) -> str:
    return f"{search_source_prefix(kind, source_id)}{language}"


def search_changes_pk(org_id: str) -> str:
    """GSI1 partition of the index's change feed, in the order documents changed."""
    return f"ORG#{org_id}#SEARCH#CHANGES"


def search_change_sk(changed_at: str, doc_sk: str) -> str:
    return f"{changed_at}#{doc_sk}"


# For you: people I follow, and what my team completed ---------------------------------------

FOLLOWING_SK_PREFIX = "FOLLOWING#"


def following_sk(user_id: str) -> str:
    """A person the learner follows, in the learner's partition (`learner_pk`) beside their progress."""
    return f"{FOLLOWING_SK_PREFIX}{user_id}"


TEAM_DONE_SK_PREFIX = "DONE#"


def team_done_sk(completed_at: str, content_id: str, user_id: str) -> str:
    """A member's completion of a content item, in the team's partition (`team_pk`), newest last."""
    return f"{TEAM_DONE_SK_PREFIX}{completed_at}#{content_id}#{user_id}"


# Questions and answers (chalicelib/qa) -----------------------------------------------------------


def qa_pk(org_id: str, post_id: str) -> str:
    """A question's answers and its voters (the question itself is a post of its community)."""
    return f"{org_pk(org_id)}#QA#{post_id}"


QA_ANSWER_SK_PREFIX = "ANSWER#"
QA_VOTER_SK_PREFIX = "VOTER#"


def qa_answer_sk(answer_id: str) -> str:
    return f"{QA_ANSWER_SK_PREFIX}{answer_id}"


def qa_voter_sk(user_id: str) -> str:
    return f"{QA_VOTER_SK_PREFIX}{user_id}"


def community_questions_pk(org_id: str, community_id: str, state: str) -> str:
    """GSI1: a community's questions in one state (unanswered | answered | solved), newest first."""
    return f"{community_pk(org_id, community_id)}#QUESTIONS#{state}"


def expertise_pk(org_id: str, user_id: str) -> str:
    return f"{org_pk(org_id)}#EXPERTISE#{user_id}"


EXPERT_SKILL_SK_PREFIX = "SKILL#"


def expert_skill_sk(skill: str) -> str:
    return f"{EXPERT_SKILL_SK_PREFIX}{skill}"


def experts_pk(org_id: str, skill: str) -> str:
    """GSI1: the organisation's experts of a skill."""
    return f"{org_pk(org_id)}#EXPERTS#{skill}"


def routed_pk(org_id: str, user_id: str) -> str:
    """The questions sent to an expert."""
    return f"{org_pk(org_id)}#ROUTED#{user_id}"


def content_requests_pk(org_id: str) -> str:
    return f"{org_pk(org_id)}#CONTENT_REQUESTS"


CONTENT_REQUEST_SK_PREFIX = "REQUEST#"


def content_request_sk(post_id: str) -> str:
    return f"{CONTENT_REQUEST_SK_PREFIX}{post_id}"


QA_SETTINGS_SK = "QA_SETTINGS"  # in the community's partition
# Workshops and meetups: an occurrence, its RSVPs and its waitlist in one partition ------------------


def workshop_pk(org_id: str, workshop_id: str) -> str:
    return f"ORG#{org_id}#WORKSHOP#{workshop_id}"


WORKSHOP_SK = "WORKSHOP"
RSVP_SK_PREFIX = "RSVP#"
WAIT_SK_PREFIX = "WAIT#"


def rsvp_sk(user_id: str) -> str:
    return f"{RSVP_SK_PREFIX}{user_id}"


def wait_sk(ticket: int) -> str:
    """A place on the waitlist: tickets are numbered in the order people asked, zero-padded to sort."""
    return f"{WAIT_SK_PREFIX}{ticket:08d}"


def community_workshops_pk(org_id: str, community_id: str) -> str:
    """GSI1 partition of a community's workshops, sorted by `<starts_at>#<workshop>`."""
    return f"ORG#{org_id}#COMMUNITY#{community_id}#WORKSHOPS"


# Buddy and mentor programmes (issue #15).
def programmes_pk(org_id: str) -> str:
    return f"ORG#{org_id}#PROGRAMMES"


def programme_sk(programme_id: str) -> str:
    return f"PROGRAMME#{programme_id}"


def programme_pk(org_id: str, programme_id: str) -> str:
    return f"ORG#{org_id}#PROGRAMME#{programme_id}"


def signup_sk(user_id: str) -> str:
    return f"SIGNUP#{user_id}"


SIGNUP_SK_PREFIX = "SIGNUP#"
PROPOSED_SK_PREFIX = "PROPOSED#"


def proposed_sk(first_id: str, second_id: str) -> str:
    return f"{PROPOSED_SK_PREFIX}{first_id}#{second_id}"


def pair_pk(org_id: str, pair_id: str) -> str:
    return f"ORG#{org_id}#PAIR#{pair_id}"


PAIR_SK = "PAIR"


def programme_pairs_gsi1pk(org_id: str, programme_id: str) -> str:
    return f"ORG#{org_id}#PROGRAMME#{programme_id}#PAIRS"


def pair_sk(pair_id: str) -> str:
    return f"PAIR#{pair_id}"


def my_pairs_pk(org_id: str, user_id: str) -> str:
    return f"ORG#{org_id}#USER#{user_id}#PAIRS"


def pair_space_pk(org_id: str, pair_id: str, member_ids: list[str]) -> str:
    """A pair's private space: its key names both members, so only code that holds the pair (and
    has checked the reader is one of them) can form it."""
    first, second = sorted(member_ids)
    return f"ORG#{org_id}#PAIRSPACE#{pair_id}#{first}#{second}"


def pair_message_sk(message_id: str) -> str:
    return f"MSG#{message_id}"


# Intervision groups: metadata in the group's partition, what is said in the session's -----------


def intervision_group_pk(org_id: str, group_id: str) -> str:
    """A group's partition: the group, its memberships and its sessions (times, roles, attendance)."""
    return f"ORG#{org_id}#IVG#{group_id}"


INTERVISION_GROUP_SK = "GROUP"
INTERVISION_MEMBER_SK_PREFIX = "MEMBER#"
INTERVISION_SESSION_SK_PREFIX = "SESSION#"


def intervision_member_sk(user_id: str) -> str:
    return f"{INTERVISION_MEMBER_SK_PREFIX}{user_id}"


def intervision_session_sk(session_id: str) -> str:
    return f"{INTERVISION_SESSION_SK_PREFIX}{session_id}"


def intervision_groups_pk(org_id: str) -> str:
    """GSI1 partition of the organisation's intervision groups (the organiser's list)."""
    return f"ORG#{org_id}#IVGROUPS"


def my_intervision_groups_pk(org_id: str, user_id: str) -> str:
    """GSI1 partition of a person's intervision memberships ("my groups")."""
    return f"ORG#{org_id}#USER#{user_id}#IVGROUPS"


def intervision_content_pk(org_id: str, group_id: str, session_id: str) -> str:
    """What is said in one session (cases, votes, notes, actions). The group is part of the key, so
    a session can only be read under the group it belongs to, by that group's current members."""
    return f"ORG#{org_id}#IVG#{group_id}#SES#{session_id}"


def intervision_actions_pk(org_id: str, group_id: str) -> str:
    """GSI1 partition of a group's actions, oldest first (they come back at the next session)."""
    return f"ORG#{org_id}#IVG#{group_id}#ACTIONS"
