"""Promoting an accepted answer into the knowledge base: a lesson of the community (the question
and the answer as its cards), published with a review date, through learning's content core (the
same checks of who may author, the same library, search index and review-date reminder).

Exactly once per answer: the lesson's id is claimed on the answer (a conditional write) before the
lesson is written, so a retry, a double click or a second expert finishes and returns that lesson."""

from __future__ import annotations

from datetime import date

from chalicelib.errors import Conflict, NotFound
from chalicelib.ids import new_id
from chalicelib.learning import lessons
from chalicelib.learning.rules import PUBLISHED
from chalicelib.observability import count_business_event
from chalicelib.principal import Principal
from chalicelib.qa import rules
from chalicelib.qa.rules import require_question
from chalicelib.store import learning as learning_store
from chalicelib.store import qa as store
from chalicelib.store.models import LearningHeadItem

CREDIT = {
    "nl": "Antwoord van {name}",
    "fr": "Réponse de {name}",
    "en": "Answer by {name}",
}


def promote(
    principal: Principal, community_id: str, post_id: str, answer_id: str, language: str, review_on: date
) -> LearningHeadItem:
    question, answer = store.question_and_answer(principal.org_id, community_id, post_id, answer_id)
    question = require_question(question)
    if answer is None or answer.status != "published":
        raise NotFound("This answer is not there (any more).")
    if answer.promoted_content_id:
        promoted = learning_store.get_head(principal.org_id, answer.promoted_content_id, consistent=True)
        if promoted is not None and promoted.state == PUBLISHED:
            return promoted  # promoted before: the same lesson
    if question.accepted_answer_id != answer_id:
        raise Conflict("Only the accepted answer goes into the knowledge base.")
    credit = CREDIT.get(language, CREDIT["en"]).format(name=answer.author_name or "—")
    form = lessons.LessonForm(
        language=language,
        variants={language: {"title": rules.title_of(question.body), "summary": credit, "body": ""}},
        cards=[
            {"id": "question", "type": "content", "texts": {language: {"text": question.body}}},
            {"id": "answer", "type": "content", "texts": {language: {"text": answer.body}}},
        ],
        skill_tags=list(question.skill_tags or []),
        review_on=review_on,
    )
    content_id = answer.promoted_content_id or store.claim_promotion(answer, new_id())
    head = learning_store.get_head(principal.org_id, content_id, consistent=True)
    if head is None:
        try:
            head = lessons.create(principal, community_id, form, content_id)
        except learning_store.ChangedMeanwhile:  # the other click wrote it first
            head = _read(principal, content_id)
    if head.state == PUBLISHED:
        return head
    try:
        published, _ = lessons.publish(principal, content_id, major=False)
    except Conflict:
        published = _read(principal, content_id)  # the other click published it first
        if published.state != PUBLISHED:
            raise
        return published
    count_business_event("AnswerPromoted")
    return published


def _read(principal: Principal, content_id: str) -> LearningHeadItem:
    head = learning_store.get_head(principal.org_id, content_id, consistent=True)
    if head is None:
        raise Conflict("The answer is being promoted; try again in a moment.")
    return head
