"""Asking questions, listing them, the question page, similar questions, a community's timing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from chalicelib.communities.membership import load_access
from chalicelib.errors import ValidationFailed
from chalicelib.ids import utc_now
from chalicelib.observability import count_business_event
from chalicelib.principal import Principal
from chalicelib.qa import escalation, rules
from chalicelib.store import keys
from chalicelib.store import qa as store
from chalicelib.store.models import PostItem, QaAnswerItem, QaSettingsItem
from chalicelib.store.pages import Page
from chalicelib.wall import posts
from chalicelib.wall.posts import PostDraft

if TYPE_CHECKING:
    from chalicelib.search.ranking import Hit

SUGGESTIONS = 5


def ask(principal: Principal, community_id: str, body: str, skill_tags: list[str]) -> PostItem:
    """A question on the community's wall, listed as unanswered; its escalation is scheduled."""
    if not rules.title_of(body):
        raise ValidationFailed(
            "Write your question.", [{"field": "body", "message": "empty", "code": "empty"}]
        )

    def as_question(post: PostItem) -> None:
        post.post_kind = rules.QUESTION
        post.gsi1pk = keys.community_questions_pk(principal.org_id, community_id, rules.UNANSWERED)
        post.gsi1sk = post.post_id

    post = posts.publish_post(principal, community_id, PostDraft(body, skill_tags, []), amend=as_question)
    escalation.schedule(post, timing_of(principal.org_id, community_id))
    count_business_event("QuestionAsked")
    return post


@dataclass(frozen=True)
class QuestionView:
    question: PostItem
    answers: list[QaAnswerItem]  # accepted first, then by votes
    my_votes: set[str]


def question_page(principal: Principal, community_id: str, post: PostItem | None) -> QuestionView:
    """`post`: the question as the relation read it (no second read). One Query more: the
    answers and the caller's votes."""
    question = rules.require_question(post)
    load_access(principal, community_id).require_wall_reader()
    page = store.question_page(principal.org_id, question.post_id, principal.user_id)
    ordered = rules.answers_in_order(page.answers, question.accepted_answer_id)
    return QuestionView(question, ordered, page.my_votes & {a.answer_id for a in ordered})


def list_questions(
    principal: Principal, community_id: str, state: str, limit: int, after: dict[str, Any] | None
) -> Page[PostItem]:
    load_access(principal, community_id).require_wall_reader()
    page = store.questions_in_state(principal.org_id, community_id, state, limit, after)
    return Page([p for p in page.items if p.status == "published"], page.last_key)


def similar_questions(
    principal: Principal, community_id: str, words: str, refresh_seconds: float, readers_cache_seconds: float
) -> list[Hit]:
    """Questions of the community like the one being typed (the search index, questions only)."""
    load_access(principal, community_id).require_wall_reader()
    # The search index's code loads for the suggestions, not to ask, list or answer questions.
    from chalicelib.search import library
    from chalicelib.search.ranking import Filters

    page = library.search(
        principal,
        words,
        Filters(kinds=frozenset({"question"}), community_id=community_id),
        typing=True,
        limit=SUGGESTIONS,
        offset=0,
        refresh_seconds=refresh_seconds,
        readers_cache_seconds=readers_cache_seconds,
        any_word=True,
    )
    return page.hits


def timing_of(org_id: str, community_id: str) -> rules.Timing:
    item = store.get_settings(org_id, community_id)
    if item is None:
        return rules.Timing()
    return rules.Timing(int(item.escalate_after_hours), int(item.request_after_days))


def set_timing(
    principal: Principal, community_id: str, escalate_after_hours: int, request_after_days: int
) -> QaSettingsItem:
    load_access(principal, community_id).require_moderator()
    problems = rules.check_timing(escalate_after_hours, request_after_days)
    if problems:
        raise ValidationFailed("These times do not work.", problems)
    item = store.settings_item(
        principal.org_id,
        community_id,
        escalate_after_hours=escalate_after_hours,
        request_after_days=request_after_days,
        changed_by=principal.user_id,
        changed_at=utc_now(),
    )
    store.save_settings(item)
    return item
