"""Promoting an accepted answer into the knowledge base: a lesson of the community (the question
and the answer as its cards), published with a review date, through learning's content core (the
same checks of who may author, the same library, search index and review-date reminder)."""

from __future__ import annotations

from datetime import date

from chalicelib.errors import Conflict, NotFound
from chalicelib.learning import lessons
from chalicelib.observability import count_business_event
from chalicelib.principal import Principal
from chalicelib.qa import rules
from chalicelib.qa.questions import require_question
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
    head = lessons.create(principal, community_id, form)
    published, _ = lessons.publish(principal, head.content_id, major=False)
    count_business_event("AnswerPromoted")
    return published
