"""Answering a question, accepting an answer (and changing one's mind), upvoting answers."""

from __future__ import annotations

from chalicelib.communities.membership import load_access
from chalicelib.errors import Conflict, Forbidden, NotFound, ValidationFailed
from chalicelib.ids import new_id, utc_now
from chalicelib.observability import count_business_event
from chalicelib.principal import Principal
from chalicelib.qa import rules
from chalicelib.qa.rules import require_question
from chalicelib.store import keys
from chalicelib.store import qa as store
from chalicelib.store.models import PostItem, QaAnswerItem
from chalicelib.wall import screening
from chalicelib.wall.content import check_body

ATTEMPTS = 3


def answer(principal: Principal, community_id: str, post: PostItem | None, body: str) -> QaAnswerItem:
    """An answer by a member who may post in the community; the question counts it."""
    access = load_access(principal, community_id, with_word_list=True).require_poster()
    text = check_body(body, rules.ANSWER_MAX_CHARS)
    if screening.status_for(access, text) != "published":
        # Answers are not queued for review: the author rewords (the question itself is screened).
        raise ValidationFailed(
            "This answer uses words this organisation reviews first; please reword it.",
            [{"field": "body", "message": "held words", "code": "word_list"}],
        )
    question = require_question(post)
    answer_id = new_id()
    item = QaAnswerItem(
        keys.qa_pk(principal.org_id, question.post_id),
        keys.qa_answer_sk(answer_id),
        org_id=principal.org_id,
        answer_id=answer_id,
        post_id=question.post_id,
        community_id=community_id,
        question_author_id=question.author_id,
        author_id=principal.user_id,
        author_name=access.membership.display_name if access.membership is not None else "",
        body=text,
        created_at=utc_now(),
    )
    for _ in range(ATTEMPTS):
        try:
            store.save_answer(question, item)
            count_business_event("AnswerPosted")
            return item
        except store.QuestionChanged:
            question = require_question(
                store.get_posts(principal.org_id, [(community_id, question.post_id)]).get(question.post_id)
            )
    raise Conflict("The question kept changing; try again.")


def _question_and_answer(
    principal: Principal, community_id: str, post_id: str, answer_id: str
) -> tuple[PostItem, QaAnswerItem]:
    question, item = store.question_and_answer(principal.org_id, community_id, post_id, answer_id)
    question = require_question(question)
    if item is None or item.status != "published":
        raise NotFound("This answer is not there (any more).")
    return question, item


def _require_may_judge(principal: Principal, community_id: str) -> None:
    """The relation let the asker in as the question's author: an asker who left (or was removed
    from) a community they may no longer read does not judge its answers (nor award their points)."""
    access = load_access(principal, community_id).require_open_for_changes()
    if not access.is_moderator:
        access.require_wall_reader()


def accept(principal: Principal, community_id: str, post_id: str, answer_id: str) -> PostItem:
    """The asker (or a moderator: the relation decided) accepts an answer: shown first, the
    question solved. Accepting another one later moves the mark; the points of the first stay."""
    _require_may_judge(principal, community_id)
    for _ in range(ATTEMPTS):
        question, item = _question_and_answer(principal, community_id, post_id, answer_id)
        if question.accepted_answer_id == answer_id:
            return question  # accepted already: a retry changes nothing
        try:
            store.accept(question, item, principal.user_id, utc_now())
        except store.QuestionChanged:
            continue
        count_business_event("AnswerAccepted")
        question.accepted_answer_id = answer_id
        return question
    raise Conflict("The question kept changing; try again.")


def unaccept(principal: Principal, community_id: str, post_id: str, answer_id: str) -> PostItem:
    """The question is open again (the answer's author keeps the points it earned)."""
    _require_may_judge(principal, community_id)
    question, _ = _question_and_answer(principal, community_id, post_id, answer_id)
    if question.accepted_answer_id != answer_id:
        return question  # not (or no longer) the accepted one: nothing to take back
    try:
        store.unaccept(question, answer_id)
    except store.QuestionChanged as changed:
        raise Conflict("The question changed meanwhile; look again.") from changed
    question.accepted_answer_id = None
    return question


def vote(principal: Principal, community_id: str, post_id: str, answer_id: str, up: bool) -> QaAnswerItem:
    """One upvote per member and answer: voting twice (or taking back twice) changes nothing.
    Nobody upvotes their own answer."""
    load_access(principal, community_id).require_poster()
    _, item = _question_and_answer(principal, community_id, post_id, answer_id)
    if item.author_id == principal.user_id:
        raise Forbidden("You cannot upvote your own answer.")
    try:
        changed = store.vote(item, principal.user_id, up)
    except store.QuestionChanged as gone:
        raise NotFound("This answer is not there (any more).") from gone
    if changed:
        item.vote_count = int(item.vote_count or 0) + (1 if up else -1)
        count_business_event("AnswerUpvoted" if up else "AnswerUpvoteWithdrawn")
    return item
