"""A pair and its private space: messages only the two members read (not even admins), check-in
prompts with a short guide, ending with mutual feedback, and a rematch on request."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from chalicelib import observability
from chalicelib.errors import Conflict, Forbidden, NotFound, ValidationFailed
from chalicelib.ids import new_id, utc_now
from chalicelib.principal import Principal
from chalicelib.programmes.texts import check_in_guide
from chalicelib.store import keys, users
from chalicelib.store import programmes as store
from chalicelib.store.models import MyPairItem, PairItem, PairMessageItem, ProgrammeSignupItem
from chalicelib.store.pages import Page

MAX_MESSAGE = 2_000
CHECK_IN_EARLY = timedelta(minutes=5)  # a schedule may fire a little before the pair's own moment


def require_pair(principal: Principal, pair_id: str) -> PairItem:
    """The caller's own active pair: anyone else, an admin included, learns nothing of it."""
    pair = store.get_pair(principal.org_id, pair_id)
    if pair is None or principal.user_id not in pair.member_ids:
        raise NotFound("No such pair of yours.")
    if pair.status != "active":
        raise Forbidden("This pair has ended; its space is closed.")
    return pair


def my_pairs(principal: Principal) -> list[MyPairItem]:
    return store.my_pairs(principal.org_id, principal.user_id)


def messages(
    principal: Principal, pair: PairItem, limit: int, after: dict[str, Any] | None
) -> Page[PairMessageItem]:
    return store.messages(pair, principal.user_id, limit, after)


def post_message(principal: Principal, pair: PairItem, body: str, kind: str = "message") -> PairMessageItem:
    text = body.strip()
    if not text or len(text) > MAX_MESSAGE:
        raise ValidationFailed(f"A message has 1 to {MAX_MESSAGE} characters.")
    profile = users.get_member(principal.org_id, principal.user_id)
    message_id = new_id()
    item = PairMessageItem(
        "",
        keys.pair_message_sk(message_id),
        org_id=principal.org_id,
        pair_id=pair.pair_id,
        message_id=message_id,
        author_id=principal.user_id,
        author_name=profile.display_name if profile else "",
        kind=kind,
        body=text,
        created_at=utc_now(),
    )
    store.add_message(pair, principal.user_id, item)
    observability.count_business_event("PairMessage")
    return item


def end_with_feedback(principal: Principal, pair: PairItem, feedback: str) -> PairItem:
    """Each member leaves feedback for the other; the pair ends when both have."""
    if principal.user_id in (pair.feedback_from or []):
        raise Conflict("You gave your feedback already.")
    post_message(principal, pair, feedback, kind="feedback")
    store.record_feedback(pair, principal.user_id)
    if set(pair.feedback_from or []) | {principal.user_id} >= set(pair.member_ids):
        store.end_pair(principal.org_id, pair, utc_now())
    return pair


def request_rematch(principal: Principal, pair: PairItem) -> None:
    """The pair ends and both members wait for the organiser's next matching; they will not be
    paired together again (their pair is an earlier pair now)."""
    store.end_pair(principal.org_id, pair, utc_now())
    for user_id in pair.member_ids:
        signup = store.get_signup(principal.org_id, pair.programme_id, user_id)
        if signup is not None:
            signup.update(actions=[ProgrammeSignupItem.status.set("waiting")])
    observability.count_business_event("PairRematchRequested")


def run_check_in(org_id: str, programme_id: str, session: int) -> dict[str, int]:
    """The job: the session's guide is posted in every active pair's space, and both are told.
    Each pair's session is marked once, so a replay posts nothing twice."""
    from chalicelib.programmes.notices import notify_check_in

    programme = store.get_programme(org_id, programme_id)
    days = list(programme.check_in_days or []) if programme is not None else []
    if not 1 <= session <= len(days):
        return {"sent": 0}
    # Every round of matching schedules its own check-ins, and this job sees the pairs of every
    # round: a pair is prompted only once the session is due for it (its own round's job comes).
    due_after = timedelta(days=int(days[session - 1])) - CHECK_IN_EARLY
    sent = 0
    for pair in store.programme_pairs(org_id, programme_id):
        if pair.status != "active" or utc_now() < pair.started_at + due_after:
            continue
        if not store.count_check_in(pair, session):
            continue
        profile = users.get_member(org_id, pair.member_ids[0])
        language = profile.language if profile else "en"
        message_id = f"checkin-{session:02d}"
        store.add_message(
            pair,
            None,
            PairMessageItem(
                "",
                keys.pair_message_sk(message_id),
                org_id=org_id,
                pair_id=pair.pair_id,
                message_id=message_id,
                kind="check_in",
                body=check_in_guide(session, language),
                session=session,
                created_at=utc_now(),
            ),
        )
        notify_check_in(org_id, pair, session)
        sent += 1
    return {"sent": sent}
