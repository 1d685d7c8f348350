"""The table's stream consumer: dispatches domain events to reactors, keeping the records it cannot apply.

A record that cannot be applied (a malformed image, an organisation that does not exist, a reactor
failing on it for a reason other than passing AWS trouble) is a poison record: retrying it would
block its shard for nothing, so it is kept as a dead letter with the reason, whole, and the
consumer goes on (`kring replay-dead-letters` re-drives it through `consume_record` once fixed).
Passing trouble (throttling, a conflict, a dropped connection) is reported as a partial batch
failure instead: Lambda (and the local poller) retries from the first failed record, and every
reactor is idempotent, so records before it may safely be seen again. Only if keeping a dead
letter fails too is a poison record retried, and in the end sent to the event source mapping's
on-failure destination.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from enum import Enum
from typing import Any

from chalicelib.gamification.setup import forget, organisation_setup, read_organisation_setup
from chalicelib.observability import count_business_event, logger
from chalicelib.reactors.events.base import DomainEvent
from chalicelib.reactors.events.registry import domain_events
from chalicelib.store import keys
from chalicelib.store.conditions import is_transient_failure
from chalicelib.store.dead_letters import keep_stream_record

Reactor = Callable[[Any], None]


class NamedReactor:
    """The reactor `chalicelib.reactors.<module>.<function>`, its module imported when an event first
    needs it: a batch loads the reactors of the events it carries, not all of them (a batch of
    board entries or notifications reaches no awarding or badge code)."""

    __slots__ = ("function", "module")

    def __init__(self, module: str, function: str) -> None:
        self.module = module
        self.function = function

    def resolve(self) -> Reactor:
        resolved: Reactor = getattr(
            importlib.import_module(f"chalicelib.reactors.{self.module}"), self.function
        )
        return resolved

    def __call__(self, event: Any) -> None:
        self.resolve()(event)

    def __repr__(self) -> str:
        return f"NamedReactor({self.module!r}, {self.function!r})"


# Event class name -> its reactors (named, not imported: the event classes are loaded with the
# records that make them, chalicelib/reactors/events/__init__.py).
REACTORS: dict[str, list[Reactor]] = {
    "PostPublished": [
        NamedReactor("member_stats", "count_published_post"),
        NamedReactor("notifications", "follow_own_post"),
        NamedReactor("gamification", "award_post"),
    ],
    "PostRankChanged": [NamedReactor("popularity", "rank_post")],
    "Mentioned": [NamedReactor("notifications", "notify_mentioned")],
    "CommentAdded": [
        NamedReactor("notifications", "notify_comment"),
        NamedReactor("gamification", "award_comment"),
    ],
    "ReactionGiven": [
        NamedReactor("notifications", "notify_reaction"),
        NamedReactor("gamification", "award_reaction"),
    ],
    "PostSpotlighted": [
        NamedReactor("notifications", "notify_post_spotlighted"),
        NamedReactor("gamification", "award_post_spotlight"),
    ],
    "MemberSpotlighted": [
        NamedReactor("notifications", "notify_member_spotlighted"),
        NamedReactor("gamification", "award_member_spotlight"),
    ],
    "ContentWithdrawn": [NamedReactor("gamification", "withdraw_content_points")],
    "JoinApproved": [NamedReactor("notifications", "notify_join_approved")],
    "MembershipEnded": [NamedReactor("workshops", "release_places_of_leaver")],
    "MemberDeactivated": [NamedReactor("workshops", "release_places_of_deactivated")],
    "ContentModerated": [NamedReactor("notifications", "notify_content_moderated")],
    "NotificationRemoved": [NamedReactor("notifications", "uncount_removed_notification")],
    "BadgeAwarded": [
        NamedReactor("badges", "notify_badge_awarded"),
        NamedReactor("badges", "announce_badge_awarded"),
    ],
    # One reactor: the score, the statistics, the points and the refresher card, in that order, so
    # that a card reviewed by this answer says the rest was done (a redelivery stops at one read).
    "QuestionAnswered": [NamedReactor("quizzes", "apply_answer")],
    "ScoreChanged": [NamedReactor("boards", "place_score")],
    "LessonCardAnswered": [
        NamedReactor("learning", "award_lesson_card"),
        NamedReactor("feedback", "count_card_answer"),
    ],
    "QuestionAnsweredInLesson": [
        NamedReactor("refreshers", "meet_lesson_question"),
        NamedReactor("feedback", "count_right_answer"),
    ],
    "QuestionAnsweredAtVideoCue": [NamedReactor("refreshers", "meet_video_question")],
    "ContentReportedOutdated": [NamedReactor("feedback", "open_outdated_task")],
    "SearchableChanged": [NamedReactor("search", "index_searchable")],
    "QuestionAsked": [NamedReactor("qa", "route_question")],
    "AnswerPosted": [NamedReactor("qa", "notify_answer")],
    "AnswerAccepted": [NamedReactor("qa", "award_accepted_answer"), NamedReactor("qa", "notify_accepted")],
    "LearningCompleted": [
        NamedReactor("learning", "award_completion"),
        NamedReactor("feedback", "count_completion"),
        NamedReactor("for_you", "note_team_completion"),
    ],
    "WorkshopAttended": [NamedReactor("workshops", "award_attendance")],
    "WaitlistPromoted": [NamedReactor("workshops", "notify_promoted")],
    "WorkshopCancelled": [NamedReactor("workshops", "notify_cancelled")],
}


def dispatch(event: DomainEvent) -> None:
    for reactor in REACTORS.get(type(event).__name__, []):
        reactor(event)


class Outcome(Enum):
    APPLIED = "applied"  # every effect of the record is in place (or it has none)
    DEAD_LETTERED = "dead-lettered"  # kept with the reason, to be replayed once fixed
    RETRY = "retry"  # passing trouble: deliver it again


class PoisonRecord(Exception):
    """Applying this record again, unchanged, cannot succeed."""

    def __init__(self, reason: str, org_id: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.org_id = org_id


def consume_table_changes(records: list[dict[str, Any]]) -> dict[str, list[dict[str, str]]]:
    """Lambda's partial batch response: the first record to deliver again, if any."""
    for record in records:
        if consume_record(record) is Outcome.RETRY:
            return {"batchItemFailures": [{"itemIdentifier": _sequence_number(record)}]}
    return {"batchItemFailures": []}


def consume_record(record: dict[str, Any]) -> Outcome:
    org_id: str | None = None
    try:
        events = _events_of(record)
        org_id = events[0].org_id if events else None
        for event in events:
            dispatch(event)
        return Outcome.APPLIED
    except PoisonRecord as poison:
        return _dead_letter(record, poison.reason, poison.org_id)
    except Exception as error:
        if is_transient_failure(error):
            logger.warning(
                "Stream record met passing trouble; it will be retried",
                extra={"sequence_number": _sequence_number(record), "error": repr(error)},
            )
            return Outcome.RETRY
        logger.exception(
            "A reactor failed on a stream record", extra={"sequence_number": _sequence_number(record)}
        )
        return _dead_letter(record, f"a reactor failed: {type(error).__name__}: {error}", org_id)


def _events_of(record: dict[str, Any]) -> list[DomainEvent]:
    try:
        events = domain_events(record)
    except Exception as error:
        if is_transient_failure(error):
            raise
        raise PoisonRecord(f"malformed image: {type(error).__name__}: {error}") from error
    key = record.get("dynamodb", {}).get("Keys", {}).get("pk", {}).get("S")
    for org_id in sorted({event.org_id for event in events}):
        if not isinstance(org_id, str) or not org_id:
            raise PoisonRecord("malformed image: its events name no organisation")
        org_pk = keys.org_pk(org_id)
        if not isinstance(key, str) or not (key == org_pk or key.startswith(org_pk + "#")):
            raise PoisonRecord(
                f"malformed image: it names organisation '{org_id}' but its key is {key!r}", org_id
            )
        if not _organisation_exists(org_id):
            raise PoisonRecord(f"unknown organisation '{org_id}'", org_id)
    return events


def _organisation_exists(org_id: str) -> bool:
    if organisation_setup(org_id).organisation is not None:  # cached for a minute: no extra read
        return True
    # A cached absence may be stale (the organisation was created since): read again before giving up.
    if read_organisation_setup(org_id).organisation is None:
        return False
    forget(org_id)  # so the reactors do not score with the stale setup either
    return True


def _dead_letter(record: dict[str, Any], reason: str, org_id: str | None) -> Outcome:
    sequence_number = _sequence_number(record)
    try:
        keep_stream_record(record, reason, org_id)
    except Exception:
        logger.exception(
            "Could not keep a poison stream record; it will be retried",
            extra={"sequence_number": sequence_number},
        )
        return Outcome.RETRY
    logger.error(
        "Stream record dead-lettered",
        extra={"sequence_number": sequence_number, "org_id": org_id, "reason": reason},
    )
    count_business_event("StreamRecordDeadLettered")
    return Outcome.DEAD_LETTERED


def _sequence_number(record: dict[str, Any]) -> str:
    return str(record.get("dynamodb", {}).get("SequenceNumber", ""))
