"""Questions and answers: routing a new question to experts, telling the asker of an answer and the
answerer of its acceptance, and the points of an accepted answer (once per answer)."""

from __future__ import annotations

from chalicelib.communities.audience import readers
from chalicelib.gamification import ledger
from chalicelib.gamification import rules as points
from chalicelib.notifications import texts
from chalicelib.observability import count_business_event
from chalicelib.qa import rules
from chalicelib.qa.routing import route_new_question
from chalicelib.reactors.events import AnswerAccepted, AnswerPosted, QuestionAsked
from chalicelib.store import notifications as inbox
from chalicelib.store import qa as store


def route_question(event: QuestionAsked) -> None:
    post = store.get_posts(event.org_id, [(event.community_id, event.post_id)]).get(event.post_id)
    if rules.is_question(post) and post is not None and post.status == "published":
        route_new_question(post)


def _tell(
    event: AnswerPosted | AnswerAccepted, recipient_id: str, kind: str, actor: tuple[str, str] | None
) -> None:
    found = readers(event.org_id, event.community_id, [recipient_id])
    profile = found.profiles.get(recipient_id)
    if profile is None:
        return
    post = store.get_posts(event.org_id, [(event.community_id, event.post_id)]).get(event.post_id)
    note = inbox.new_note(
        event.org_id,
        recipient_id,
        f"qa-{kind}-{event.answer_id}",
        kind=kind,
        language=profile.language,
        actor_id=actor[0] if actor else None,
        actor_name=actor[1] if actor else None,
        community_id=event.community_id,
        community_name=found.community.name if found.community is not None else "",
        post_id=event.post_id,
        content_title=rules.title_of(post.body) if post is not None else "",
    )
    if inbox.deliver(note):
        count_business_event("NotificationDelivered")


def notify_answer(event: AnswerPosted) -> None:
    if event.author_id != event.question_author_id:
        _tell(
            event,
            event.question_author_id,
            texts.ANSWER_TO_YOUR_QUESTION,
            (event.author_id, event.author_name),
        )


def notify_accepted(event: AnswerAccepted) -> None:
    if event.author_id != event.accepted_by:
        _tell(event, event.author_id, texts.ANSWER_ACCEPTED, None)


def award_accepted_answer(event: AnswerAccepted) -> None:
    """Points for the answer's author, once per answer (see docs/decisions.md): kept when the asker
    later accepts another answer, and not given twice when this one is accepted again."""
    if not rules.earns_accept_points(event.author_id, event.question_author_id, event.accepted_by):
        return
    ledger.award(
        event.org_id,
        event.author_id,
        points.ANSWER_ACCEPTED,
        event.source_id,
        event.accepted_at,
        event.answer_id,
        event.community_id,
    )
