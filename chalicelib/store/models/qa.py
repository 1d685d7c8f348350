"""Questions and answers: answers and votes in a question's own partition, experts by skill,
questions routed to experts, content requests and a community's Q&A settings.

A question itself is a wall post (PostItem with post_kind "question"): see docs/decisions.md.
"""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
)

from chalicelib.store.models.base import KringItem


class QaAnswerItem(KringItem, discriminator="qa_answer"):
    """One answer to a question, in the question's partition (pk QA#<post_id>, sk ANSWER#<id>)."""

    answer_id = UnicodeAttribute()
    post_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    question_author_id = UnicodeAttribute()  # the asker: accepting one's own answer earns nothing
    author_id = UnicodeAttribute()
    author_name = UnicodeAttribute(default="")
    body = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    status = UnicodeAttribute(default="published")  # published | deleted
    vote_count = NumberAttribute(default=0)
    accepted = BooleanAttribute(default=False)
    accepted_at = UTCDateTimeAttribute(null=True)
    accepted_by = UnicodeAttribute(null=True)
    # The lesson this answer was promoted into: set once, before the lesson is written, so a retry
    # (or a second expert's click) finishes that lesson instead of making another.
    promoted_content_id = UnicodeAttribute(null=True)


class QaVoterItem(KringItem, discriminator="qa_voter"):
    """The answers of one question a member upvoted (pk QA#<post_id>, sk VOTER#<user>): one item per
    voter, so the question page reads the answers and the caller's votes in one Query."""

    post_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    answer_ids = UnicodeSetAttribute(null=True)


class ExpertSkillItem(KringItem, discriminator="expert_skill"):
    """A skill someone declared they can help with; GSI1: the organisation's experts of the skill."""

    user_id = UnicodeAttribute()
    skill = UnicodeAttribute()
    display_name = UnicodeAttribute(default="")
    declared_at = UTCDateTimeAttribute()


class RoutedQuestionItem(KringItem, discriminator="routed_question"):
    """A question sent to an expert ("questions for me"): pk ROUTED#<user>, sk <post_id>."""

    user_id = UnicodeAttribute()
    post_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    reason = UnicodeAttribute()  # skill | escalated
    skill = UnicodeAttribute(null=True)
    routed_at = UTCDateTimeAttribute()


class ContentRequestItem(KringItem, discriminator="content_request"):
    """A question nobody answered in time, for mentors and experts to take and write content for."""

    request_id = UnicodeAttribute()  # the question's post id
    post_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    title = UnicodeAttribute()
    skill_tags = UnicodeSetAttribute(null=True)
    state = UnicodeAttribute(default="open")  # open | taken | closed
    created_at = UTCDateTimeAttribute()
    taken_by = UnicodeAttribute(null=True)
    taken_by_name = UnicodeAttribute(null=True)
    closed_by = UnicodeAttribute(null=True)
    content_id = UnicodeAttribute(null=True)  # what was written for it, if said


class QaSettingsItem(KringItem, discriminator="qa_settings"):
    """When a community's unanswered questions are escalated and become content requests."""

    escalate_after_hours = NumberAttribute()
    request_after_days = NumberAttribute()
    changed_by = UnicodeAttribute()
    changed_at = UTCDateTimeAttribute()
